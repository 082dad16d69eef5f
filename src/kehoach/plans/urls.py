from django.urls import path

from kehoach import views

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.placeholder, name="plan-list"),
    path("viec-cua-don-vi/", views.placeholder, name="my-tasks"),
    path("nhap/", views.placeholder, name="import-upload"),
]
