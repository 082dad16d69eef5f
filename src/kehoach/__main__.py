"""The ``kehoach`` command: Django management commands, plus ``parse``.

``kehoach parse`` reads documents without touching settings or a database,
so it works on a machine with nothing configured.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "parse":
        # The parser is pure Python: no Django import, no database.
        from kehoach.documents.parsing.cli import main as parse_main  # noqa: PLC0415 -- keep Django out of `parse`

        return parse_main(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 -- only after the parse shortcut

    args[0] = "kehoach"
    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
