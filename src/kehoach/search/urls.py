from django.urls import path

from kehoach.search import views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.results, name="results"),
]
