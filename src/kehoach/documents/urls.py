from django.urls import path

from kehoach.documents import views, views_rendering

app_name = "documents"
urlpatterns = [
    path("van-ban/", views.document_list, name="document-list"),
    path("van-ban/<int:pk>/", views.document_detail, name="document-detail"),
    path("van-ban/<int:pk>/tep-goc/", views.document_source, name="document-source"),
    path(
        "van-ban/<int:pk>/tai-ve.<str:fmt>",
        views_rendering.document_render,
        name="document-render",
    ),
    path("kiem-tra-chu-ky/", views_rendering.signature_verify, name="signature-verify"),
]
