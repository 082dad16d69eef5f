"""Django admin for the directory. Everyday edits go through the pages and
the import; the admin is for administrators fixing records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kehoach.orgs.models import (
    Agency,
    ApiToken,
    Membership,
    Person,
    RoleAssignment,
    Unit,
    UnitAlias,
    User,
)


@admin.register(User)
class KehoachUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Tùy chọn"), {"fields": ("language",)}),
    )


class UnitInline(admin.TabularInline):
    model = Unit
    fields = (
        "name",
        "short_name",
        "abbreviation",
        "kind",
        "parent",
        "order",
        "is_active",
    )
    extra = 0
    show_change_link = True


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "abbreviation", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "abbreviation", "search_text")
    autocomplete_fields = ("parent",)
    inlines = (UnitInline,)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "abbreviation",
        "kind",
        "agency",
        "parent",
        "order",
        "is_active",
    )
    list_filter = ("kind", "is_active", "agency")
    search_fields = ("name", "short_name", "abbreviation", "search_text")
    autocomplete_fields = ("agency", "parent")
    list_select_related = ("agency", "parent")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "position",
        "agency",
        "email",
        "phone",
        "can_sign",
        "is_active",
    )
    list_filter = ("agency", "can_sign", "is_active")
    search_fields = ("full_name", "email", "search_text", "user__username")
    autocomplete_fields = ("agency", "user")
    list_select_related = ("agency",)
    inlines = (MembershipInline, RoleAssignmentInline)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "role")
    list_filter = ("role", "unit__agency")
    search_fields = ("person__full_name", "unit__name")
    autocomplete_fields = ("person", "unit")
    list_select_related = ("person", "unit")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "role")
    list_filter = ("role", "person__agency")
    search_fields = ("person__full_name",)
    autocomplete_fields = ("person",)
    list_select_related = ("person",)


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ("phrase", "key", "agency", "created_by", "created_at")
    list_filter = ("agency",)
    search_fields = ("phrase", "key")
    filter_horizontal = ("units",)
    readonly_fields = ("key", "created_by", "created_at")

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        # The key must be what resolution looks up; compute it like the service.
        from kehoach.orgs.resolution import phrase_key  # noqa: PLC0415 -- keeps admin import light

        obj.key = phrase_key(obj.agency, obj.phrase)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owner on the token page (the key is shown
    once there); here they can only be inspected and revoked."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "last_used_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
