import io
import json
from datetime import date

import pytest

from claimtrack.documents import expand_paths, load, load_documents
from claimtrack.errors import UsageError


def only(results):
    (result,) = list(results)
    return result


def test_txt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Line one.\r\nLine two.\r\n")
    doc = only(load(str(path))).document
    assert doc.text == "Line one.\nLine two.\n" and doc.source == str(path)


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: A title\nurl: https://example.org/a\npublished: 2023-03-24\n"
        "---\nBody text here.\n"
    )
    doc = only(load(str(path))).document
    assert (doc.title, doc.url, doc.published) == (
        "A title",
        "https://example.org/a",
        date(2023, 3, 24),
    )
    assert doc.text == "Body text here.\n"


def test_jsonl_documents_and_bad_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"id": "x1", "text": "First.", "published": "2023-01-02"})
        + "\n"
        + "not json\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps({"text": "Second."})
        + "\n"
    )
    results = list(load(str(path)))
    assert [r.document.text if r.document else None for r in results] == [
        "First.",
        None,
        None,
        "Second.",
    ]
    assert results[0].document.source.endswith("#x1")
    assert results[0].document.published == date(2023, 1, 2)
    assert "docs.jsonl:2: not valid JSON" in str(results[1].error)
    assert "docs.jsonl:3: no 'text' field" in str(results[2].error)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty document"),
        (b"  \n\t\n", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 3"),
    ],
)
def test_bad_files_are_errors_not_exceptions(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = only(load(str(path))).error
    assert message in str(error) and str(path) in str(error)


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    assert "too large (2,000 bytes; the limit is 1,000" in str(
        only(load(str(path), max_bytes=1000)).error
    )


def test_stdin():
    doc = only(load("-", stdin=io.BytesIO(b"From stdin."))).document
    assert doc.text == "From stdin." and doc.source == "<stdin>"


def test_folders_globs_and_missing_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("B.")
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "skip.pdf").write_text("no")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("C.")
    assert expand_paths([str(tmp_path)]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "sub" / "b.md"),
    ]
    assert expand_paths([str(tmp_path / "*.txt")]) == [str(tmp_path / "a.txt")]
    with pytest.raises(UsageError, match="no such file"):
        expand_paths([str(tmp_path / "missing.txt")])
    with pytest.raises(UsageError, match="no file matches"):
        expand_paths([str(tmp_path / "*.csv")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="no documents in this folder"):
        expand_paths([str(empty)])


def test_default_published_date_applies_only_where_missing(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 2020-01-01\n---\nA.")
    (tmp_path / "b.txt").write_text("B.")
    docs = [r.document for r in load_documents([str(tmp_path)], published=date(2023, 3, 24))]
    assert [d.published for d in docs] == [date(2020, 1, 1), date(2023, 3, 24)]
