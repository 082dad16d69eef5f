from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")
    INTERNAL = "internal", _("Văn bản nội bộ")


class DocumentStatus(models.TextChoices):
    """Where a document stands. Outgoing: draft → review (the Office) →
    leadership → approved → signed → issued (→ recalled). Incoming:
    registered (or returned to its sender)."""

    DRAFT = "draft", pgettext_lazy("trạng thái văn bản", "Dự thảo")
    REVIEW = "review", pgettext_lazy("trạng thái văn bản", "Chờ Văn phòng kiểm tra")
    LEADERSHIP = "leadership", pgettext_lazy("trạng thái văn bản", "Chờ lãnh đạo duyệt")
    APPROVED = "approved", pgettext_lazy("trạng thái văn bản", "Đã duyệt")
    SIGNED = "signed", pgettext_lazy("trạng thái văn bản", "Đã ký")
    REGISTERED = "registered", pgettext_lazy("trạng thái văn bản", "Đã vào sổ")
    ISSUED = "issued", pgettext_lazy("trạng thái văn bản", "Đã ban hành")
    RECALLED = "recalled", pgettext_lazy("trạng thái văn bản", "Đã thu hồi")
    RETURNED = "returned", pgettext_lazy("trạng thái văn bản", "Đã trả lại nơi gửi")


# Statuses in which the text of a document may still change.
EDITABLE_STATUSES = frozenset({DocumentStatus.DRAFT, DocumentStatus.REVIEW})


class TransitionAction(models.TextChoices):
    """Each step of a document's life, as recorded on its timeline."""

    CREATE = "create", _("Tạo dự thảo")
    SUBMIT = "submit", _("Trình Văn phòng")
    REVIEW = "review", _("Văn phòng trình lãnh đạo")
    APPROVE = "approve", _("Lãnh đạo duyệt")
    RETURN = "return", _("Trả lại để sửa")
    SIGN = "sign", _("Ký ban hành")
    ISSUE = "issue", _("Phát hành")
    RECALL = "recall", _("Thu hồi")
    REGISTER = "register", _("Vào sổ văn bản đến")
    DIRECT = "direct", _("Cho ý kiến chỉ đạo")
    RETURN_TO_SENDER = "return_sender", _("Trả lại nơi gửi")
    ACK_SENDER = "ack_sender", _("Báo đã nhận cho nơi gửi")


class DelegationKind(models.TextChoices):
    """How a delegate signs (Decree 30, App. I §II.7b)."""

    KT = "KT", _("Ký thay (KT.)")
    TUQ = "TUQ", _("Thừa ủy quyền (TUQ.)")


class RegisterKind(models.TextChoices):
    OUTGOING = "outgoing", _("Sổ văn bản đi")
    INCOMING = "incoming", _("Sổ văn bản đến")


class DeliveryChannel(models.TextChoices):
    UNIT = "unit", _("Đơn vị trong cơ quan")
    PERSON = "person", _("Cá nhân")
    EXTERNAL = "external", _("Cơ quan, tổ chức bên ngoài")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Chưa gửi")
    ACCEPTED = "accepted", _("Máy chủ thư đã nhận")
    REFUSED = "refused", _("Máy chủ thư từ chối")
    FAILED = "failed", _("Lỗi gửi thư")
    NO_ADDRESS = "no_address", _("Không có địa chỉ thư")


class ConsultationAnswer(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    OTHER = "other", _("Ý kiến khác")


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
    TB = "TB", pgettext_lazy("loại văn bản", "Thông báo")
    HD = "HD", _("Hướng dẫn")
    CTR = "CTr", _("Chương trình")
    KH = "KH", pgettext_lazy("loại văn bản", "Kế hoạch")
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
