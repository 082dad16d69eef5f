from django.urls import path

from kehoach.plans import views
from kehoach.plans.editor.urls import urlpatterns as editor_urlpatterns

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("viec-cua-don-vi/", views.my_tasks, name="my-tasks"),
    path("nhap/", views.import_upload, name="import-upload"),
    path("nhap/<int:pk>/", views.import_review, name="import-review"),
    path("nhap/<int:pk>/huy/", views.import_cancel, name="import-cancel"),
]
urlpatterns += editor_urlpatterns
