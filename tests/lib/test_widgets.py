"""CompactSelect renders what Django's template-rendered Select does."""

import re

import pytest
from django import forms

from kehoach.lib.widgets import CompactSelect

CHOICES = [
    ("", "Tất cả"),
    (1, "Kế hoạch <số 1> & “ngày 28/8”"),
    ("Nhóm", [(2, "Hai"), (3, "Ba")]),
]


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", 1, "3"])
def test_same_markup_as_django_select(value):
    attrs = {"id": "id_plan"}
    expected = forms.Select(choices=CHOICES).render("plan", value, attrs)
    got = CompactSelect(choices=CHOICES).render("plan", value, attrs)
    assert _normal(got) == _normal(expected)
    assert "&lt;số 1&gt; &amp;" in got


def test_selected_option_is_marked():
    html = CompactSelect(choices=CHOICES).render("plan", 2)
    assert '<option value="2" selected>Hai</option>' in html
    assert html.count("selected") == 1
