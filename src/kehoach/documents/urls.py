from django.urls import path

from kehoach.documents import views, views_flow, views_registers, views_rendering

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
    # issuance workflow
    path(
        "van-ban/<int:pk>/chuyen/",
        views_flow.document_transition,
        name="document-transition",
    ),
    path(
        "van-ban/<int:pk>/tao-tiep/",
        views_flow.document_follow_up,
        name="document-follow-up",
    ),
    path(
        "van-ban/<int:pk>/tai/<str:fmt>/",
        views_rendering.document_download,
        name="document-download",
    ),
    path(
        "van-ban/<int:pk>/phat-hanh/",
        views_flow.distribution_detail,
        name="distribution",
    ),
    path(
        "van-ban/<int:pk>/phat-hanh/noi-nhan/",
        views_flow.recipient_add,
        name="recipient-add",
    ),
    path(
        "van-ban/<int:pk>/phat-hanh/noi-nhan/<int:line_pk>/",
        views_flow.recipient_update,
        name="recipient-update",
    ),
    path(
        "van-ban/<int:pk>/phat-hanh/gui-lai/",
        views_flow.distribution_resend,
        name="distribution-resend",
    ),
    path("van-ban-nhan/", views_flow.received_list, name="received"),
    path(
        "van-ban-nhan/<int:row_pk>/xac-nhan/",
        views_flow.received_acknowledge,
        name="received-acknowledge",
    ),
    path("xac-nhan/<str:token>/", views_flow.acknowledge, name="acknowledge"),
    # incoming handling
    path(
        "van-ban/<int:pk>/chi-dao/", views_flow.incoming_direct, name="incoming-direct"
    ),
    path(
        "van-ban/<int:pk>/tra-lai/", views_flow.incoming_return, name="incoming-return"
    ),
    path(
        "van-ban/<int:pk>/noi-gui/", views_flow.incoming_sender, name="incoming-sender"
    ),
    # registers, delegations, consultations
    path("so-van-ban/<str:kind>/", views_registers.register_list, name="register"),
    path(
        "so-van-ban/<str:kind>/xlsx/",
        views_registers.register_export,
        name="register-export",
    ),
    path("uy-quyen/", views_registers.delegation_list, name="delegation-list"),
    path(
        "uy-quyen/<int:pk>/thu-hoi/",
        views_registers.delegation_revoke,
        name="delegation-revoke",
    ),
    path(
        "van-ban/<int:pk>/lay-y-kien/",
        views_registers.consultation_create,
        name="consultation-create",
    ),
    path(
        "lay-y-kien/<int:pk>/",
        views_registers.consultation_detail,
        name="consultation-detail",
    ),
    path(
        "lay-y-kien/<int:pk>/xlsx/",
        views_registers.consultation_export,
        name="consultation-export",
    ),
    path(
        "lay-y-kien/<int:pk>/ket-thuc/",
        views_registers.consultation_close,
        name="consultation-close",
    ),
    path(
        "gop-y/<int:pk>/",
        views_registers.consultation_answer,
        name="consultation-answer",
    ),
    path(
        "gop-y/lien-ket/<str:token>/",
        views_registers.consultation_answer_link,
        name="consultation-answer-link",
    ),
]
