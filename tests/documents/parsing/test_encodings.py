import unicodedata

import pytest

from kehoach.documents.parsing import encodings as enc
from tests.documents.parsing.helpers import corpus_text

# §4.2, typed again here from the reference table (not from the module):
# bytes of each vowel with huyền, hỏi, ngã, sắc, nặng.
TCVN3_ROWS = {
    "àảãáạ": "B5 B6 B7 B8 B9",
    "ằẳẵắặ": "BB BC BD BE C6",
    "ầẩẫấậ": "C7 C8 C9 CA CB",
    "èẻẽéẹ": "CC CE CF D0 D1",
    "ềểễếệ": "D2 D3 D4 D5 D6",
    "ìỉĩíị": "D7 D8 DC DD DE",
    "òỏõóọ": "DF E1 E2 E3 E4",
    "ồổỗốộ": "E5 E6 E7 E8 E9",
    "ờởỡớợ": "EA EB EC ED EE",
    "ùủũúụ": "EF F1 F2 F3 F4",
    "ừửữứự": "F5 F6 F7 F8 F9",
    "ỳỷỹýỵ": "FA FB FC FD FE",
    "ăâêôơưđ": "A8 A9 AA AB AC AD AE",
    "ĂÂÊÔƠƯĐ": "A1 A2 A3 A4 A5 A6 A7",
}
# §4.3: VNI spellings of every kind of letter, lower and upper case.
VNI_SAMPLES = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "ê": "eâ", "ệ": "eä", "ô": "oâ", "ộ": "oä", "ơ": "ô", "ớ": "ôù",
    "ư": "ö", "ự": "öï", "đ": "ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó",
    "ị": "ò", "ý": "yù", "ỵ": "î",
    "Á": "AÙ", "Ấ": "AÁ", "Ẳ": "AÚ", "Ệ": "EÄ", "Ơ": "Ô", "Ớ": "ÔÙ",
    "Ư": "Ö", "Ự": "ÖÏ", "Đ": "Ñ", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò", "Ỵ": "Î",
}  # fmt: skip
SPANISH = (
    "El niño pequeño está en el jardín con su mamá. ¿Qué día es hoy? "
    "Mañana será sábado y después iremos a la playa; también habrá música. "
    "La canción más famosa del año fue escrita en Cádiz por un señor muy viejo."
)
GERMAN = (
    "Die Größe der Straße überrascht jeden Fußgänger. Für schöne Bäume "
    "müssen wir früh aufstehen, während die Mädchen über die Brücke gehen."
)
FRENCH = (
    "L'été dernier, nous sommes allés à la côte où la mer était très "
    "agréable; les enfants ont joué près du château médiéval."
)


def test_vietnamese_letters_are_134():
    letters = enc.vietnamese_letters()

    assert len(letters) == 134
    assert len(set(letters)) == 134


def test_tcvn3_table_letter_by_letter():
    for letters, codes in TCVN3_ROWS.items():
        for letter, code in zip(letters, codes.split(), strict=True):
            view = chr(int(code, 16))
            assert enc.decode_legacy(view, "tcvn3") == letter, (letter, code)
            assert enc.encode_tcvn3(letter) == bytes([int(code, 16)])


def test_tcvn3_all_lower_case_letters_round_trip():
    lower = enc.vietnamese_letters()[:67]

    for letter in lower:
        view = enc.byte_view(enc.encode_tcvn3(letter))
        assert len(view) == 1
        assert enc.decode_legacy(view, "tcvn3") == letter


def test_tcvn3_capitals_come_from_the_h_font():
    upper = enc.vietnamese_letters()[67:]

    for letter in upper:
        view = enc.byte_view(enc.encode_tcvn3(letter.lower()))
        assert enc.decode_legacy(view, "tcvn3", upper=True) == letter


def test_vni_all_134_letters_round_trip():
    for letter in enc.vietnamese_letters():
        view = enc.byte_view(enc.encode_vni(letter))
        assert enc.decode_legacy(view, "vni") == letter, letter


def test_vni_table_letter_by_letter():
    for letter, spelling in VNI_SAMPLES.items():
        assert enc.decode_legacy(spelling, "vni") == letter, (letter, spelling)
        assert enc.byte_view(enc.encode_vni(letter)) == spelling, letter


def test_vni_accepts_non_standard_y_dot():
    assert enc.decode_legacy("Kyï", "vni") == "Kỵ"


def test_signature_phrases_decode():
    assert enc.decode_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3") == (
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )
    assert enc.decode_legacy("§éc lËp - Tù do - H¹nh phóc", "tcvn3") == (
        "Độc lập - Tự do - Hạnh phúc"
    )
    assert enc.decode_legacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni") == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )
    assert enc.decode_legacy("Ñoäc laäp - Töï do - Haïnh phuùc", "vni") == (
        "Độc lập - Tự do - Hạnh phúc"
    )


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (enc.encode_tcvn3, "tcvn3"),
        (enc.encode_vni, "vni"),
        (enc.encode_cp1258, "cp1258"),
    ],
)
def test_corpus_000_round_trips_through_legacy_encodings(encode, name):
    text = corpus_text("000.txt")

    decoded = enc.decode_bytes(encode(text))

    assert decoded.encoding == name
    assert decoded.text == text


def test_tcvn3_heading_in_capitals_is_restored_but_not_sentences():
    raw = enc.encode_tcvn3(
        "UBND TỈNH ĐẮK NÔNG\nBộ Thông tin và Truyền thông\nSố: /KH-STTTT"
    )

    assert enc.decode_legacy(enc.byte_view(raw), "tcvn3").splitlines() == [
        "UBND TỈNH ĐẮK NÔNG",
        "Bộ Thông tin và Truyền thông",
        "Số: /KH-STTTT",
    ]


@pytest.mark.parametrize("bom_codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_with_and_without_bom(bom_codec):
    text = corpus_text("000.txt")
    data = text.encode(bom_codec)
    if bom_codec == "utf-16-le":
        data = b"\xff\xfe" + data
    elif bom_codec == "utf-16-be":
        data = b"\xfe\xff" + data

    assert enc.decode_bytes(data).text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec):
    text = corpus_text("000.txt")

    decoded = enc.decode_bytes(text.encode(codec))

    assert decoded.encoding == codec
    assert decoded.text == text


def test_nfd_and_partly_decomposed_text_come_out_nfc():
    text = corpus_text("000.txt")
    nfd = unicodedata.normalize("NFD", text)
    partial = enc.encode_cp1258(text).decode("cp1258")  # shape precomposed, tones not

    assert enc.decode_bytes(nfd.encode()).text == text
    assert enc.decode_bytes(partial.encode()).text == text


@pytest.mark.parametrize("text", [SPANISH, GERMAN, FRENCH])
def test_western_latin1_text_is_not_taken_for_legacy_vietnamese(text):
    decoded = enc.decode_bytes(text.encode("latin-1"))

    assert decoded.encoding == "cp1252"
    assert decoded.text == text


@pytest.mark.parametrize("text", [SPANISH, GERMAN, FRENCH])
def test_western_utf8_text_is_left_alone(text):
    assert enc.decode_bytes(text.encode()).text == text
    assert enc.detect_legacy(text) is None


def test_legacy_text_stored_as_utf8_is_converted():
    mojibake = enc.byte_view(enc.encode_tcvn3(corpus_text("000.txt")))

    fixed, found = enc.fix_legacy_text(mojibake)

    assert found == "tcvn3"
    assert fixed == corpus_text("000.txt")


def test_real_vietnamese_utf8_is_not_converted():
    assert enc.detect_legacy(corpus_text("103.txt")) is None


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        ("ABCDEF+.VnArialH,Bold", ("tcvn3", True)),
        ("BCDEEE+.VnTime-Bold", ("tcvn3", False)),
        ("MPDFAA+.VnTimeHBook", ("tcvn3", True)),
        (".VnTime-BoldItalic", ("tcvn3", False)),
        ("VNI-Times", ("vni", False)),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_legacy_font_names(font, expected):
    assert enc.legacy_font(font) == expected


def test_tone_placement_key_unifies_old_and_new_styles():
    key = enc.normalize_tone_placement

    assert key("CỘNG HOÀ") == key("CỘNG HÒA")
    assert key("Uỷ ban") == key("Ủy ban")
    assert key("khoẻ") == key("khỏe")
    assert key("hoàn thành") == "hoàn thành"
