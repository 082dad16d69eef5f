from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kehoach import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("kehoach.orgs.urls")),
    path("", include("kehoach.documents.urls")),
    path("", include("kehoach.plans.urls")),
    path("", include("kehoach.notify.urls")),
    path("", include("kehoach.reports.urls")),
    path("", include("kehoach.search.urls")),
    path("api/", include("kehoach.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
