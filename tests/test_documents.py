import io
import json
from datetime import date
from pathlib import Path

import pytest

from claimtrack.documents import expand_paths, find_sources, load, load_documents
from claimtrack.errors import DocumentError, UsageError
from claimtrack.records import Document


def only(results):
    (result,) = list(results)
    return result


def only_document(results):
    document = only(results)
    assert isinstance(document, Document), document
    return document


def only_error(results):
    error = only(results)
    assert isinstance(error, DocumentError), error
    return error


def test_txt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Line one.\r\nLine two.\r\n")
    doc = only_document(load(str(path)))
    assert doc.text == "Line one.\nLine two.\n" and doc.source == str(path)


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: A title\nurl: https://example.org/a\npublished: 2023-03-24\n"
        "author: Ana Reporter\n---\nBody text here.\n"
    )
    doc = only_document(load(str(path)))
    assert doc.author == "Ana Reporter" and doc.format is None and doc.raw_sha256 is None
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
    first, not_json, no_text, second = load(str(path))
    assert (first.text, second.text) == ("First.", "Second.")
    assert first.source.endswith("#x1") and first.published == date(2023, 1, 2)
    assert isinstance(not_json, DocumentError) and isinstance(no_text, DocumentError)
    assert str(not_json) == f"{path}:2: not valid JSON (column 1: Expecting value)"
    assert "docs.jsonl:3: no 'text' field" in str(no_text)


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
    error = only_error(load(str(path)))
    assert message in str(error) and str(path) in str(error)


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    assert "too large (2,000 bytes; the limit is 1,000" in str(
        only_error(load(str(path), max_bytes=1000))
    )


def test_stdin():
    doc = only_document(load("-", stdin=io.BytesIO(b"From stdin.")))
    assert doc.text == "From stdin." and doc.source == "<stdin>"


def test_folders_globs_and_missing_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("B.")
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "skip.csv").write_text("no")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("C.")
    assert expand_paths([str(tmp_path)]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "sub" / "b.md"),
    ]
    found = find_sources([str(tmp_path)])
    assert [str(s) for s in found.skipped] == [
        f"{tmp_path / 'skip.csv'}: claimtrack does not read .csv files (it reads .txt, .md, "
        ".markdown, .jsonl, .html, .htm, .xhtml, .pdf, .docx)"
    ]
    assert expand_paths([str(tmp_path / "*.txt")]) == [str(tmp_path / "a.txt")]
    with pytest.raises(UsageError, match="no such file"):
        expand_paths([str(tmp_path / "missing.txt")])
    with pytest.raises(UsageError, match="no file matches"):
        expand_paths([str(tmp_path / "*.rtf")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="no documents in this folder"):
        expand_paths([str(empty)])


def test_default_published_date_applies_only_where_missing(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 2020-01-01\n---\nA.")
    (tmp_path / "b.txt").write_text("B.")
    docs = list(load_documents([str(tmp_path)], published=date(2023, 3, 24)))
    assert [d.published for d in docs] == [date(2020, 1, 1), date(2023, 3, 24)]


def test_documents_and_errors_come_in_one_stream_in_source_order(tmp_path):
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_text('{"text": "C1."}\n{oops\n{"text": "C3."}\n')
    (tmp_path / "d.md").write_text("---\ntitle: [x\n---\nD.")
    (tmp_path / "e.txt").write_text("E.")
    items = list(load_documents([str(tmp_path)]))
    assert [type(item).__name__ for item in items] == [
        "Document",
        "DocumentError",
        "Document",
        "DocumentError",
        "Document",
        "DocumentError",
        "Document",
    ]
    assert [item.text for item in items if isinstance(item, Document)] == [
        "A.",
        "C1.",
        "C3.",
        "E.",
    ]
    assert [Path(error.source).name for error in items if isinstance(error, DocumentError)] == [
        "b.txt",
        "c.jsonl:2",
        "d.md",
    ]


def test_broken_front_matter_is_one_line_naming_the_line_in_the_file(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("---\ntitle: A title\nurl: https://example.org/a: b\n---\nBody.\n")
    error = only_error(load(str(path)))
    assert str(error) == (
        f"{path}: front matter is not valid YAML "
        "(line 3, column 27: mapping values are not allowed here)"
    )
    assert error.source == str(path)


def test_broken_front_matter_with_a_context_says_where_it_started(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text('---\ntitle: "unclosed\nurl: x\n---\nBody.\n')
    assert str(only_error(load(str(path)))) == (
        f"{path}: front matter is not valid YAML (line 3, column 7: found unexpected end of "
        "stream, while scanning a quoted scalar that starts on line 2)"
    )


class _BrokenStream(io.BytesIO):
    def read(self, size=-1):
        raise OSError("the pipe broke\nwhile reading")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.md", b"---\ntitle: a: b\n---\nBody.", "front matter is not valid YAML (line 2"),
        ("b.md", b"---\n- a\nb: c\n---\nBody.", "expected <block end>"),
        ("c.md", b"---\ntitle: [a, b\nurl: c\n---\nBody.", "while parsing a flow sequence"),
        ("d.md", b"---\ntitle: \x01\n---\nBody.", "unacceptable character #x0001"),
        ("e.md", b"---\n- a list\n---\nBody.", "not a mapping"),
        ("f.md", b"---\npublished: soon\n---\nBody.", "is not an ISO date"),
        ("g.md", b"---\ntitle: T\n---\n\n", "no text after the front matter"),
        ("h.jsonl", b'{"text": "ok"\n', "not valid JSON (column 14: Expecting ','"),
        ("i.jsonl", b'{"id": "x\\ny", "text": "T", "published": "no"}\n', "i.jsonl:1: pub"),
        ("j.jsonl", b"[1, 2]\n", "must be an object"),
        ("k.txt", b"\xff\xfe\n\nbad", "not valid UTF-8"),
        ("l.txt", b"x" * 2000, "too large"),
    ],
)
def test_every_document_error_is_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(load(str(path), max_bytes=1000))
    assert message in str(error)
    assert "\n" not in str(error) and "\r" not in str(error)


def test_unreadable_sources_are_one_line_errors(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert str(only_error(load(str(folder)))) == f"{folder}: cannot read: Is a directory"
    broken = only_error(load("-", stdin=_BrokenStream()))
    assert str(broken) == "<stdin>: cannot read: the pipe broke while reading"
