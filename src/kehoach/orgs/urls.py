from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kehoach import views

app_name = "orgs"
urlpatterns = [
    path("danh-ba/", views.placeholder, name="directory"),
    path(
        "danh-ba/dat-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="orgs/password_set.html",
            success_url=reverse_lazy("login"),
        ),
        name="password-set",
    ),
]
