from django.urls import path

from kehoach.plans import views, views_subplans
from kehoach.plans.editor.urls import urlpatterns as editor_urlpatterns

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("viec-cua-don-vi/", views.task_inbox, name="my-tasks"),
    path("viec-cua-don-vi/bang/", views.task_board, name="task-board"),
    path("viec-cua-don-vi/hang-loat/", views.task_bulk, name="task-bulk"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task-detail"),
    path("nhiem-vu/<int:pk>/cap-nhat/", views.task_update, name="task-update"),
    path("nhiem-vu/<int:pk>/dong-gop/", views.task_contribute, name="task-contribute"),
    path("nhiem-vu/<int:pk>/mo-lai/", views.task_reopen, name="task-reopen"),
    path("nhiem-vu/<int:pk>/giao-lai/", views.task_reassign, name="task-reassign"),
    path("nhiem-vu/<int:pk>/trang-thai/", views.task_status, name="task-status"),
    path("nhiem-vu/<int:pk>/da-xem/", views.task_acknowledge, name="task-acknowledge"),
    path(
        "nhiem-vu/<int:pk>/minh-chung/<int:eid>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path("nhap/", views.import_upload, name="import-upload"),
    path("nhap/<int:pk>/", views.import_review, name="import-review"),
    path("nhap/<int:pk>/huy/", views.import_cancel, name="import-cancel"),
    path("ke-hoach/<int:pk>/cay/", views_subplans.plan_tree, name="plan-tree"),
    path(
        "ke-hoach/<int:pk>/nam-sau/",
        views_subplans.plan_rollover,
        name="plan-rollover",
    ),
    path(
        "hoat-dong/<int:pk>/ke-hoach-chi-tiet/",
        views_subplans.sub_plan_create,
        name="subplan-create",
    ),
]
urlpatterns += editor_urlpatterns
