from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kehoach.documents.models import (
    Consultation,
    Delegation,
    Distribution,
    DistributionRecipient,
    Document,
    DocumentTransition,
    ImportJob,
    Recipient,
    Reference,
    RegisterCounter,
)


class ReferenceInline(admin.TabularInline):
    model = Reference
    fk_name = "document"
    extra = 0
    fields = [
        "order",
        "text",
        "doc_type",
        "number",
        "symbol",
        "issued",
        "issuer",
        "target",
    ]
    raw_id_fields = ["target"]


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    fields = ["order", "name", "purpose", "units"]
    filter_horizontal = ["units"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "doc_type", "direction", "status", "issued_on", "agency"]
    list_filter = ["direction", "status", "doc_type", "agency"]
    search_fields = ["number", "symbol", "title", "issuer_name"]
    raw_id_fields = ["issuer_agency", "created_by"]
    inlines = [ReferenceInline, RecipientInline]
    date_hierarchy = "created_at"


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["text", "cite_key", "document", "target"]
    search_fields = ["text", "cite_key"]
    raw_id_fields = ["document", "target"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "purpose", "document"]
    search_fields = ["name"]
    raw_id_fields = ["document"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "agency", "status", "created_by", "created_at"]
    list_filter = ["status", "agency"]
    raw_id_fields = ["document", "created_by"]
    readonly_fields = ["content_hash", "parsed"]


# --- issuance workflow (issue 5) ---------------------------------------------


@admin.register(DocumentTransition)
class DocumentTransitionAdmin(admin.ModelAdmin):
    list_display = ["document", "action", "actor_name", "on_behalf_name", "created_at"]
    list_filter = ["action"]
    raw_id_fields = ["document", "actor", "on_behalf_of"]


@admin.register(RegisterCounter)
class RegisterCounterAdmin(admin.ModelAdmin):
    list_display = ["agency", "register", "year", "last"]
    list_filter = ["register", "year"]
    # Numbers are taken only by the registering services.
    readonly_fields = ["agency", "register", "year", "last"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = [
        "delegator",
        "delegate",
        "kind",
        "starts_on",
        "ends_on",
        "revoked_at",
    ]
    raw_id_fields = ["delegator", "delegate", "created_by"]


class DistributionRecipientInline(admin.TabularInline):
    model = DistributionRecipient
    extra = 0
    fields = ["name", "channel", "email", "mail_status", "sent_at", "acknowledged_at"]
    readonly_fields = fields


@admin.register(Distribution)
class DistributionAdmin(admin.ModelAdmin):
    list_display = ["document", "created_at", "sent_at"]
    raw_id_fields = ["document", "created_by"]
    inlines = [DistributionRecipientInline]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["document", "deadline", "created_at", "closed_at"]
    raw_id_fields = ["document", "created_by"]
