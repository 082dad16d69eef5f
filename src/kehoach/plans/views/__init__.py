"""Pages of plans and tasks, one module per area."""

from kehoach.plans.views.inbox import task_board, task_bulk, task_inbox
from kehoach.plans.views.plans import (
    import_cancel,
    import_review,
    import_upload,
    plan_detail,
    plan_list,
)
from kehoach.plans.views.tasks import (
    evidence_download,
    task_acknowledge,
    task_contribute,
    task_detail,
    task_reassign,
    task_reopen,
    task_status,
    task_update,
)

__all__ = [
    "evidence_download",
    "import_cancel",
    "import_review",
    "import_upload",
    "plan_detail",
    "plan_list",
    "task_acknowledge",
    "task_board",
    "task_bulk",
    "task_contribute",
    "task_detail",
    "task_inbox",
    "task_reassign",
    "task_reopen",
    "task_status",
    "task_update",
]
