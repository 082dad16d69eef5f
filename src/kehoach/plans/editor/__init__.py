"""The plan editor: drafting a Kế hoạch on the web (issue 5)."""
