from django.urls import path

from kehoach.plans import views, views_subplans
from kehoach.plans.editor.urls import urlpatterns as editor_urlpatterns

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("viec-cua-don-vi/", views.my_tasks, name="my-tasks"),
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
