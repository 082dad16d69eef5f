from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kehoach.orgs import views

app_name = "orgs"
urlpatterns = [
    path("danh-ba/", views.directory, name="directory"),
    path("danh-ba/co-quan/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("danh-ba/don-vi/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("danh-ba/nhap/", views.directory_import, name="directory-import"),
    path(
        "danh-ba/nhap/xac-nhan/",
        views.directory_import_confirm,
        name="directory-import-confirm",
    ),
    path(
        "danh-ba/nhap/mau-danh-ba.xlsx",
        views.directory_import_template,
        name="directory-import-template",
    ),
    path("danh-ba/ma-truy-cap/", views.token_list, name="token-list"),
    path(
        "danh-ba/ma-truy-cap/<int:pk>/thu-hoi/",
        views.token_revoke,
        name="token-revoke",
    ),
    path(
        "danh-ba/dat-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="orgs/password_set.html",
            success_url=reverse_lazy("login"),
        ),
        name="password-set",
    ),
]
