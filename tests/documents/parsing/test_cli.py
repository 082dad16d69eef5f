import json
import os
import subprocess
import sys

import pytest

from tests.documents.parsing import helpers


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "kehoach", "parse", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def files(tmp_path):
    good_txt = tmp_path / "a-000.txt"
    good_txt.write_text(helpers.corpus_text("000.txt"), encoding="utf-8")
    garbage = tmp_path / "b-garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 64)
    docx = tmp_path / "c-plan.docx"
    docx.write_bytes(helpers.build_docx())
    html = tmp_path / "d-page.html"
    html.write_text("<html><body><p>Kế hoạch số 1</p></body></html>", encoding="utf-8")
    return good_txt, garbage, docx, html


def test_jsonl_one_line_per_good_file_in_order_and_one_error_line(files):
    good_txt, garbage, docx, html = files
    args = [str(good_txt), str(garbage), str(docx), str(html)]

    result = run("--jsonl", *args)

    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["source"] for o in objects] == [str(good_txt), str(docx), str(html)]
    assert [o["source_format"] for o in objects] == ["txt", "docx", "html"]
    assert all(o["schema"] == "kehoach.document/1" for o in objects)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"{garbage}: [not_document] Tệp không phải là văn bản")
    assert "/ not a document" in errors[0]
    assert result.returncode == 1


def test_source_is_the_path_exactly_as_given(files):
    good_txt = files[0]

    result = run("--jsonl", good_txt.name, cwd=good_txt.parent)

    assert json.loads(result.stdout)["source"] == good_txt.name
    assert result.returncode == 0


def test_directory_is_walked_sorted_documents_only(files, tmp_path):
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Ẩn", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "e.txt").write_text("Công văn số 2", encoding="utf-8")

    result = run("--jsonl", str(tmp_path))

    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [
        str(tmp_path / "a-000.txt"),
        str(tmp_path / "c-plan.docx"),
        str(tmp_path / "d-page.html"),
        str(sub / "e.txt"),
    ]
    assert result.stderr == ""  # the .bin file is not a document name
    assert result.returncode == 0


def test_json_prints_one_pretty_document(files):
    result = run("--json", str(files[0]))

    data = json.loads(result.stdout)
    assert data["schema"] == "kehoach.document/1"
    assert "source" not in data
    assert result.stdout.startswith("{\n  ")
    assert result.returncode == 0


def test_json_refuses_several_files(files):
    result = run("--json", str(files[0]), str(files[2]))

    assert result.returncode == 2
    assert "--jsonl" in result.stderr


def test_summary_mode_is_vietnamese(files):
    result = run(str(files[0]), str(files[2]))

    assert result.returncode == 0
    assert result.stdout.count("== ") == 2
    labels = ("Loại văn bản:", "Số, ký hiệu:", "Cơ quan ban hành:", "Ngày ban hành:",
              "Trích yếu:", "Văn bản viện dẫn:", "Hoạt động:", "Nhiệm vụ đơn vị:",
              "Người ký:")  # fmt: skip
    for label in labels:
        assert label in result.stdout


def test_max_size_refuses_larger_files(files):
    result = run("--jsonl", "--max-size", "1k", str(files[0]))

    assert result.stdout == ""
    assert "[too_large]" in result.stderr
    assert result.returncode == 1


def test_corpus_through_the_scorer_interface():
    texts = sorted(str(p) for p in (helpers.shared_dir() / "corpus").glob("*.txt"))

    result = run("--jsonl", *texts)

    assert [json.loads(x)["source"] for x in result.stdout.splitlines()] == texts
    assert result.returncode == 0
