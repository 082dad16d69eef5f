from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")
    INTERNAL = "internal", _("Văn bản nội bộ")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("trạng thái văn bản", "Dự thảo")
    REGISTERED = "registered", pgettext_lazy("trạng thái văn bản", "Đã vào sổ")
    ISSUED = "issued", pgettext_lazy("trạng thái văn bản", "Đã ban hành")
    RECALLED = "recalled", pgettext_lazy("trạng thái văn bản", "Đã thu hồi")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Ngày")
    MONTH = "month", _("Tháng")
    YEAR = "year", _("Năm")


class DocType(models.TextChoices):
    """Type codes of Decree 30/2020/NĐ-CP Appendix III; CV for công văn."""

    NQ = "NQ", _("Nghị quyết")
    QD = "QĐ", _("Quyết định")
    CT = "CT", _("Chỉ thị")
    QC = "QC", _("Quy chế")
    QYD = "QyĐ", _("Quy định")
    TC = "TC", _("Thông cáo")
    TB = "TB", _("Thông báo")
    HD = "HD", _("Hướng dẫn")
    CTR = "CTr", _("Chương trình")
    KH = "KH", _("Kế hoạch")
    PA = "PA", _("Phương án")
    DA = "ĐA", _("Đề án")
    DUAN = "DA", _("Dự án")
    BC = "BC", _("Báo cáo")
    BB = "BB", _("Biên bản")
    TTR = "TTr", _("Tờ trình")
    HDONG = "HĐ", _("Hợp đồng")
    CV = "CV", _("Công văn")
    CD = "CĐ", _("Công điện")
    BGN = "BGN", _("Bản ghi nhớ")
    BTT = "BTT", _("Bản thỏa thuận")
    GUQ = "GUQ", _("Giấy ủy quyền")
    GM = "GM", _("Giấy mời")
    GGT = "GGT", _("Giấy giới thiệu")
    GNP = "GNP", _("Giấy nghỉ phép")
    PG = "PG", _("Phiếu gửi")
    PC = "PC", _("Phiếu chuyển")
    PB = "PB", _("Phiếu báo")
    TT = "TT", _("Thông tư")
    ND = "NĐ", _("Nghị định")
    KL = "KL", _("Kết luận")
    OTHER = "", _("Khác")
