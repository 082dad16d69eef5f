"""URLs of the plan editor, included in the ``plans`` namespace."""

from django.urls import path

from kehoach.plans.editor import views

urlpatterns = [
    path("ke-hoach/soan/", views.editor_new, name="editor-new"),
    path("ke-hoach/soan/tu-tep/", views.editor_upload, name="editor-upload"),
    path("ke-hoach/soan/tu-nam-truoc/", views.editor_copy, name="editor-copy"),
    path("ke-hoach/<int:pk>/soan/", views.editor, name="editor"),
    path(
        "ke-hoach/<int:pk>/soan/dau-van-ban/", views.editor_header, name="editor-header"
    ),
    path(
        "ke-hoach/<int:pk>/soan/can-cu/", views.editor_base_add, name="editor-base-add"
    ),
    path(
        "ke-hoach/<int:pk>/soan/can-cu/<int:ref_pk>/xoa/",
        views.editor_base_delete,
        name="editor-base-delete",
    ),
    path("ke-hoach/<int:pk>/soan/muc/", views.editor_section, name="editor-section"),
    path(
        "ke-hoach/<int:pk>/soan/hoat-dong/",
        views.editor_activity,
        name="editor-activity-add",
    ),
    path(
        "ke-hoach/<int:pk>/soan/hoat-dong/<int:activity_pk>/",
        views.editor_activity,
        name="editor-activity",
    ),
    path("ke-hoach/<int:pk>/soan/nguoi-ky/", views.editor_signer, name="editor-signer"),
    path("ke-hoach/<int:pk>/soan/luu/", views.editor_archive, name="editor-archive"),
]
