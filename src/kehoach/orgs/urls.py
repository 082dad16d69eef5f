from django.urls import path

from kehoach import views

app_name = "orgs"
urlpatterns = [
    path("danh-ba/", views.placeholder, name="directory"),
]
