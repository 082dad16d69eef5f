from kehoach.documents.parsing import read_bytes
from kehoach.documents.parsing.encodings import encode_tcvn3
from kehoach.documents.parsing.types import Paragraph, Table

PORTAL_PAGE = """<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="utf-8"><title>Kế hoạch 310/KH-UBND - Cổng thông tin</title>
<style>body { font-family: Arial }</style>
<script>var tracking = "Cộng hòa giả";</script>
</head><body>
<nav><ul><li>Trang chủ</li><li>Văn bản</li></ul></nav>
<header><div class="logo">CỔNG THÔNG TIN ĐIỆN TỬ</div></header>
<div class="layout">
<aside>Tin mới nhất</aside>
<article>
<table class="header">
<tr><td><p>ỦY BAN NHÂN DÂN<br>THÀNH PHỐ HÀ NỘI</p></td>
<td><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>
<p>Độc lập - Tự do - Hạnh phúc</p></td></tr>
<tr><td>Số: 310/KH-UBND</td><td><i>Hà Nội, ngày 24 tháng 11 năm 2025</i></td></tr>
</table>
<p align="center"><b>KẾ HOẠCH</b></p>
<p>Phát triển   hạ tầng 5G,
IoT trong các khu công nghiệp</p>
<div><p>I. MỤC ĐÍCH, YÊU CẦU</p><p>1. Mục <span>đích</span></p></div>
<table border="1">
<tr><th>TT</th><th>Nội dung</th><th>Cơ quan chủ trì</th></tr>
<tr><td>1</td><td>Khảo sát hạ tầng</td><td>Sở Khoa học và Công nghệ</td></tr>
</table>
<noscript>Bật JavaScript</noscript>
</article>
</div>
<footer>Bản quyền thuộc UBND</footer>
<script>document.write("rác")</script>
</body></html>
"""


def test_saved_portal_page_keeps_the_document_only():
    raw = read_bytes(PORTAL_PAGE.encode(), filename="310.html")

    assert raw.format == "html"
    assert raw.blocks == (
        Paragraph("ỦY BAN NHÂN DÂN"),
        Paragraph("THÀNH PHỐ HÀ NỘI"),
        Paragraph(""),
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Paragraph("Độc lập - Tự do - Hạnh phúc"),
        Paragraph(""),
        Paragraph("Số: 310/KH-UBND"),
        Paragraph(""),
        Paragraph("Hà Nội, ngày 24 tháng 11 năm 2025"),
        Paragraph(""),
        Paragraph("KẾ HOẠCH"),
        Paragraph("Phát triển hạ tầng 5G, IoT trong các khu công nghiệp"),
        Paragraph("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph("1. Mục đích"),
        Table(
            (
                ("TT", "Nội dung", "Cơ quan chủ trì"),
                ("1", "Khảo sát hạ tầng", "Sở Khoa học và Công nghệ"),
            )
        ),
    )


def test_html_charset_from_meta():
    page = (
        '<html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=windows-1258">'
        "</head><body><p>Kế hoạch năm</p></body></html>"
    )
    from kehoach.documents.parsing.encodings import encode_cp1258

    raw = read_bytes(encode_cp1258(page))

    assert raw.encoding == "cp1258"
    assert raw.blocks == (Paragraph("Kế hoạch năm"),)


def test_html_in_tcvn3_without_charset_is_detected():
    body = "<p>Céng hoµ</p>".encode("latin-1")
    page = (
        b"<html><body>"
        + body
        + encode_tcvn3(
            "<p>Độc lập - Tự do - Hạnh phúc</p><p>Kế hoạch tổ chức các hoạt động</p>"
        )
        + b"</body></html>"
    )

    raw = read_bytes(page)

    assert raw.encoding == "tcvn3"
    assert raw.blocks[1] == Paragraph("Độc lập - Tự do - Hạnh phúc")
