from django.urls import path

from kehoach.notify import views

app_name = "notify"
urlpatterns = [
    path("thong-bao/", views.center, name="center"),
    path("thong-bao/chuong/", views.bell, name="bell"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification-open"),
    path(
        "thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification-read"
    ),
    path(
        "thong-bao/da-doc-het/",
        views.notification_read_all,
        name="notification-read-all",
    ),
    path("thong-bao/tuy-chon/", views.preferences, name="preferences"),
    path("thong-bao/cau-hinh/", views.agency_settings, name="settings"),
    path("thong-bao/webhook/", views.webhook_list, name="webhook-list"),
    path(
        "thong-bao/webhook/<int:pk>/bat-tat/",
        views.webhook_toggle,
        name="webhook-toggle",
    ),
    path("thong-bao/gui-loi/", views.failed_list, name="failed-list"),
    path(
        "thong-bao/gui-loi/<int:pk>/gui-lai/",
        views.delivery_retry,
        name="delivery-retry",
    ),
]
