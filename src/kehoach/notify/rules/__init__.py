"""Reminder rules. Importing this package registers every rule."""

from kehoach.notify.rules import digest, pending, tasks, weekly
from kehoach.notify.rules.base import RULES, Candidate, Message, Rule, RuleContext

__all__ = [
    "RULES",
    "Candidate",
    "Message",
    "Rule",
    "RuleContext",
    "digest",
    "pending",
    "tasks",
    "weekly",
]
