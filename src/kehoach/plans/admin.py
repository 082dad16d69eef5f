from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kehoach.plans.models import Activity, Evidence, Plan, ProgressUpdate, Task


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["kind", "order", "label", "title", "due_date", "due_kind", "funding"]
    show_change_link = True


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["unit", "role", "status", "percent"]
    raw_id_fields = ["unit"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agency", "year", "status", "parent"]
    list_filter = ["status", "year", "agency"]
    search_fields = ["document__title", "document__symbol"]
    raw_id_fields = ["document", "parent", "parent_activity", "created_by"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "kind", "due_date", "due_kind"]
    list_filter = ["kind", "due_kind"]
    search_fields = ["title", "label"]
    raw_id_fields = ["plan"]
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "role", "status", "percent", "updated_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["activity", "unit"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "name", "file", "url", "size", "content_type", "uploaded_by"]
    readonly_fields = ["size", "content_type"]
    raw_id_fields = ["uploaded_by"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = [
        "task",
        "kind",
        "actor",
        "old_status",
        "new_status",
        "new_percent",
        "created_at",
    ]
    list_filter = ["kind", "new_status"]
    search_fields = ["note", "task__activity__title"]
    raw_id_fields = ["task", "actor", "actor_unit", "old_unit", "new_unit"]
    date_hierarchy = "created_at"
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "task", "size", "content_type", "uploaded_by"]
    list_filter = ["kind", "content_type"]
    search_fields = ["name", "url", "sha256"]
    raw_id_fields = ["task", "update", "uploaded_by"]
