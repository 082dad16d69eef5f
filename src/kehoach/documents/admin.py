from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kehoach.documents.models import Document, ImportJob, Recipient, Reference


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
