from django.urls import path

from kehoach import views

app_name = "documents"
urlpatterns = [
    path("van-ban/", views.placeholder, name="document-list"),
]
