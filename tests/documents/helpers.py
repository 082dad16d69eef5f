"""Documents at each step of the issuance workflow, for tests."""

from __future__ import annotations

from typing import Any

from kehoach.documents import workflow
from kehoach.documents.enums import DocumentStatus
from kehoach.documents.models import Document
from kehoach.orgs.demo import DemoDirectory
from tests.plans.helpers import make_plan, parsed_copy

ORDER = [
    DocumentStatus.DRAFT,
    DocumentStatus.REVIEW,
    DocumentStatus.LEADERSHIP,
    DocumentStatus.APPROVED,
    DocumentStatus.SIGNED,
    DocumentStatus.ISSUED,
]


def user(demo: DemoDirectory, username: str) -> Any:
    return demo.people[username].user


def draft_plan(demo: DemoDirectory, **changes: Any) -> Document:
    """The worked example as a draft plan of the demo department, drafted
    by the clerk."""
    parsed = parsed_copy(**changes)
    plan = make_plan(
        demo.department, user(demo, "vanthu"), parsed=parsed, status="draft"
    )
    return plan.document


def advance(demo: DemoDirectory, document: Document, to: str) -> Document:
    """Take a draft through the workflow up to status ``to`` as the cast
    would: clerk submits, Office reviews, director approves and signs,
    clerk issues."""
    steps = [
        (workflow.submit_document, "vanthu"),
        (workflow.review_document, "vanphong"),
        (workflow.approve_document, "giamdoc"),
        (workflow.sign_document, "giamdoc"),
        (workflow.issue_document, "vanthu"),
    ]
    target = ORDER.index(to)
    for index, (service, who) in enumerate(steps, start=1):
        if index > target:
            break
        if ORDER.index(document.status) >= index:
            continue
        document = service(document, actor=user(demo, who))
    return document
