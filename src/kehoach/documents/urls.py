from django.urls import path

from kehoach.documents import views

app_name = "documents"
urlpatterns = [
    path("van-ban/", views.document_list, name="document-list"),
    path("van-ban/<int:pk>/", views.document_detail, name="document-detail"),
    path("van-ban/<int:pk>/tep-goc/", views.document_source, name="document-source"),
]
