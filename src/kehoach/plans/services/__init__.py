"""Every write to plans and tasks. Each service runs in a transaction and
checks permission first; views, the API and the CLI call these.

- :mod:`.plans` — creating a plan from a document, the import flow, adding
  an activity with its tasks;
- :mod:`.tasks` — progress, notes and evidence (contributions);
- :mod:`.workflow` — reopening, reassigning, acknowledging;
- :mod:`.concurrency` — versions and conflicts;
- :mod:`.evidence_store` — storing evidence files;
- :mod:`.bulk` — the same task services on many tasks, all or nothing.
"""

from kehoach.plans.services.bulk import (
    BulkAction,
    BulkError,
    BulkItem,
    BulkRefused,
    bulk_update_tasks,
)
from kehoach.plans.services.concurrency import TaskConflict, describe_update
from kehoach.plans.services.plans import (
    UnitMap,
    add_activity,
    attach_plan_parents,
    cancel_import,
    confirm_import,
    create_plan_from_document,
    is_plan_document,
)
from kehoach.plans.services.tasks import add_contribution, record_progress
from kehoach.plans.services.workflow import (
    acknowledge_task,
    reassign_task,
    reopen_task,
)

__all__ = [
    "BulkAction",
    "BulkError",
    "BulkItem",
    "BulkRefused",
    "TaskConflict",
    "UnitMap",
    "acknowledge_task",
    "add_activity",
    "add_contribution",
    "attach_plan_parents",
    "bulk_update_tasks",
    "cancel_import",
    "confirm_import",
    "create_plan_from_document",
    "describe_update",
    "is_plan_document",
    "reassign_task",
    "record_progress",
    "reopen_task",
]
