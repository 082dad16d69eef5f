from django.urls import path

from kehoach.api.api import api

urlpatterns = [
    path("", api.urls),
]
