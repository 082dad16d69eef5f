from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    CENTRAL_AGENCY = "central", _("Cơ quan trung ương")
    PEOPLES_COMMITTEE = "committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PRESS = "press", _("Cơ quan báo chí")
    ASSOCIATION = "association", _("Hội, đoàn thể")
    OTHER = "other", _("Khác")


class UnitKind(models.TextChoices):
    """Kinds of units inside an agency. ``AGENCY`` is the root unit that
    stands for the whole agency (used when a task goes to an outside
    organisation as a whole)."""

    AGENCY = "agency", _("Toàn cơ quan")
    LEADERSHIP = "leadership", _("Ban lãnh đạo")
    OFFICE = "office", _("Văn phòng")
    DIVISION = "division", _("Phòng")
    CENTER = "center", _("Trung tâm")
    UNION = "union", _("Công đoàn")
    BOARD = "board", _("Ban")
    PARTY = "party", _("Tổ chức đảng")
    OTHER = "other", _("Khác")


class MembershipRole(models.TextChoices):
    HEAD = "head", pgettext_lazy("vai trò trong đơn vị", "Trưởng")
    DEPUTY = "deputy", pgettext_lazy("vai trò trong đơn vị", "Phó")
    MEMBER = "member", pgettext_lazy("vai trò trong đơn vị", "Thành viên")
    CLERK = "clerk", pgettext_lazy("vai trò trong đơn vị", "Văn thư")


class Role(models.TextChoices):
    """What a person may do in the system, across the agency."""

    LEADERSHIP = "leadership", _("Lãnh đạo")
    OFFICE = "office", _("Văn phòng")
    CLERK = "clerk", _("Văn thư")
    UNIT_MEMBER = "unit_member", _("Cán bộ đơn vị")
    EXTERNAL = "external", _("Tổ chức bên ngoài")
    ADMIN = "admin", _("Quản trị")
