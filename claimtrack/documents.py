"""Reading documents: files, folders, globs and stdin; .txt, .md with front matter, and .jsonl.

Documents are untrusted input. Each one is checked before anything reads it — not empty, not
binary, valid UTF-8, under a size limit — and a document that fails a check becomes a
``DocumentError`` naming the file (and line, for JSONL) and the reason in one line, while the
others go on: documents and errors come in one stream, in the order of the sources.
Line endings are normalised to ``\\n`` so that offsets mean the same on every platform; the
stored text is exactly the text that offsets point into.
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from claimtrack.errors import DocumentError, UsageError
from claimtrack.records import Document

SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files named, found in folders (recursively) or matched by globs; ``-`` is stdin.

    A path that names nothing, or a folder with no readable document in it, is an error: the
    user asked for something that is not there.
    """
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise UsageError(
                    f"{raw}: no documents in this folder (looked for {', '.join(SUFFIXES)})"
                )
            out.extend(found)
        elif path.exists():
            out.append(str(path))
        elif glob.has_magic(raw):
            matches = sorted(p for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if not matches:
                raise UsageError(f"{raw}: no file matches this pattern")
            out.extend(matches)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return list(dict.fromkeys(out))


def _decode(source: str, data: bytes, max_bytes: int, size: int | None = None) -> str:
    """Checked text of a document whose first ``max_bytes + 1`` bytes are ``data``."""
    if len(data) > max_bytes:
        told = f"{size:,} bytes" if size is not None else f"over {max_bytes:,} bytes"
        raise DocumentError(
            source, f"too large ({told}; the limit is {max_bytes:,}, see --max-bytes)"
        )
    if not data.strip():
        raise DocumentError(source, "empty document")
    if b"\x00" in data[:8192]:
        raise DocumentError(source, "binary file (contains NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            source,
            f"not valid UTF-8 (byte {error.start}: {data[error.start : error.start + 1]!r})"
            "; convert it to UTF-8 first",
        ) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError(source, "empty document")
    return text


def _parse_date(source: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError as error:
        raise DocumentError(source, f"published date {value!r} is not an ISO date") from error


def _yaml_problem(error: yaml.YAMLError) -> str:
    """PyYAML's several-line report (with the offending line drawn) as one clause, its line
    counted in the document (the front matter starts on line 2, after ``---``)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        told = f"line {mark.line + 2}, column {mark.column + 1}: {error.problem or error.context}"
        if error.problem and error.context and error.context_mark is not None:
            told += f", {error.context} that starts on line {error.context_mark.line + 2}"
        return _one_line(told)
    return _one_line(str(error).split("\n", 1)[0])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _front_matter(source: str, text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end == -1:
        return {}, text
    close = text.find("\n", end + 4)
    body = text[close + 1 :] if close != -1 else ""
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as error:
        raise DocumentError(
            source, f"front matter is not valid YAML ({_yaml_problem(error)})"
        ) from error
    if not isinstance(meta, dict):
        raise DocumentError(source, "front matter is not a mapping of fields")
    return meta, body


def _document(
    source: str, text: str, meta: dict[str, Any], default_published: date | None
) -> Document:
    if not text.strip():
        raise DocumentError(source, "empty document (no text after the front matter)")
    published = _parse_date(source, meta.get("published") or meta.get("date"))
    title = meta.get("title")
    url = meta.get("url")
    return Document(
        text=text,
        source=source,
        title=str(title) if title is not None else None,
        url=str(url) if url is not None else None,
        published=published or default_published,
    )


def _jsonl(
    source: str, text: str, default_published: date | None
) -> Iterator[Document | DocumentError]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise DocumentError(where, "a JSONL line must be an object with a 'text' field")
            body = record.get("text")
            if not isinstance(body, str) or not body.strip():
                raise DocumentError(where, "no 'text' field, or it is empty")
            body = body.replace("\r\n", "\n").replace("\r", "\n")
            name = f"{source}#{record['id']}" if record.get("id") is not None else where
            yield _document(name, body, record, default_published)
        except json.JSONDecodeError as error:
            yield DocumentError(where, f"not valid JSON (column {error.colno}: {error.msg})")
        except DocumentError as error:
            # named by its line, which the user can find, whatever its id says
            yield DocumentError(where, error.reason)


def _read(source: str, stream: BinaryIO | None, max_bytes: int) -> bytes:
    try:
        if stream is not None:
            return stream.read(max_bytes + 1)
        with open(source, "rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as error:
        reason = _one_line(error.strerror or str(error))
        raise DocumentError(source, f"cannot read: {reason}") from error


def _size(source: str) -> int | None:
    """The file's size in bytes, to tell the user how far over the limit it is."""
    try:
        return Path(source).stat().st_size
    except OSError:
        return None


def load(
    source: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    published: date | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | DocumentError]:
    """The documents in one source (a file, or ``-`` for stdin), and an error for each document
    it cannot give (one for the whole source, or one per bad JSONL line); never raises."""
    try:
        if source == "-":
            data = _read("<stdin>", stdin or sys.stdin.buffer, max_bytes)
            name = "<stdin>"
        else:
            data = _read(source, None, max_bytes)
            name = source
        text = _decode(name, data, max_bytes, _size(source) if source != "-" else None)
        suffix = Path(source).suffix.lower()
        if suffix == ".jsonl":
            yield from _jsonl(name, text, published)
            return
        meta, body = _front_matter(name, text) if suffix in (".md", ".markdown") else ({}, text)
        yield _document(name, body, meta, published)
    except DocumentError as error:
        yield error


def load_documents(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, published: date | None = None
) -> Iterator[Document | DocumentError]:
    """Every document under ``paths``, in order, each one a ``Document`` or, where it cannot
    be read, the ``DocumentError`` that says why (yielded, never raised).

    A path that names nothing raises ``UsageError`` (see ``expand_paths``) before the first
    item, since the user asked for something that is not there.
    """
    for source in expand_paths(paths):
        yield from load(source, max_bytes=max_bytes, published=published)
