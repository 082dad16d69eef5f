"""The organisation directory: agencies, their units, people and roles."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.lib.text import fold
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind


class User(AbstractUser):
    """A login. The directory entry (agency, units, roles) is its ``Person``."""

    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")


class Agency(models.Model):
    """An organisation: ministry, department, committee, enterprise, press…

    ``parent`` is the body that directs it: the Ministry for a provincial
    Department, the Department for the sector's enterprises in the province.
    """

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    abbreviation = models.CharField(
        _("ký hiệu"),
        max_length=30,
        blank=True,
        help_text=_("Chữ viết tắt dùng trong ký hiệu văn bản, ví dụ STTTT."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    place = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Dùng ở dòng ngày tháng."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(
            " ".join([self.name, self.short_name, self.abbreviation])
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_external_kind(self) -> bool:
        return self.kind in {
            AgencyKind.ENTERPRISE,
            AgencyKind.PRESS,
            AgencyKind.ASSOCIATION,
        }


class Unit(models.Model):
    """A unit of an agency (phòng, trung tâm, văn phòng, công đoàn, ban).

    Each agency has one root unit of kind ``AGENCY`` that stands for the whole
    agency; its other units hang under it as a tree.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    abbreviation = models.CharField(
        _("ký hiệu"), max_length=30, blank=True, help_text=_("Ví dụ VP, CĐCS.")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    email = models.EmailField(_("thư điện tử"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering: ClassVar = ["agency_id", "order", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(kind="agency"),
                name="orgs_unit_one_root_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(
            " ".join([self.name, self.short_name, self.abbreviation])
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_root(self) -> bool:
        return self.kind == UnitKind.AGENCY


class Person(models.Model):
    """Someone in the directory, with or without a login."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(
        _("chức vụ"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ Giám đốc, Chánh Văn phòng."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    can_sign = models.BooleanField(_("có thẩm quyền ký"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering: ClassVar = ["agency_id", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(" ".join([self.full_name, self.position, self.email]))
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Membership(models.Model):
    person = models.ForeignKey(
        Person,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("vai trò"),
        max_length=10,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["person", "unit"], name="orgs_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit} ({self.get_role_display()})"


class RoleAssignment(models.Model):
    """A system role held by a person in their agency."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò hệ thống")
        verbose_name_plural = _("vai trò hệ thống")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["person", "role"], name="orgs_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class UnitAlias(models.Model):
    """A way of writing a unit (or a group of units) that the Office mapped.

    ``key`` is the folded phrase (no diacritics, lower case, abbreviations
    normalised), unique per agency, so the next import resolves it alone.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="unit_aliases",
    )
    phrase = models.CharField(_("cách viết"), max_length=255)
    key = models.CharField(max_length=255, editable=False)
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị"), related_name="aliases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tên gọi khác của đơn vị")
        verbose_name_plural = _("tên gọi khác của đơn vị")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency", "key"], name="orgs_alias_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.phrase


class ApiToken(models.Model):
    """A token for scripts calling the API. Only a hash of the key is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=128, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
