"""Reading documents: files, folders, globs, URLs and stdin; .txt, .md with front matter, .jsonl,
and through ``claimtrack.readers`` HTML pages, PDFs and Word files.

Documents are untrusted input. Each one is checked before anything reads it — not empty, not
binary, valid UTF-8, under a size limit — and a document that fails a check becomes a
``DocumentError`` naming the file (and line, for JSONL) and the reason in one line, while the
others go on: documents and errors come in one stream, in the order of the sources.
Line endings are normalised to ``\\n`` so that offsets mean the same on every platform; the
stored text is exactly the text that offsets point into. For HTML, PDF and DOCX that text is
the extracted text, and the raw file's SHA-256 is kept beside it. A folder's files that no
reader takes are not read but named, with the reason (``find_sources``).
"""

from __future__ import annotations

import glob
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from claimtrack.errors import DocumentError, UsageError
from claimtrack.fetch import DEFAULT_FETCH_TIMEOUT, Fetched, fetch, is_url
from claimtrack.plain_records import Document
from claimtrack.readers import (
    EXTRACTED_FORMATS,
    FORMAT_OF_MEDIA_TYPE,
    FORMAT_OF_SUFFIX,
    read_format,
)

if TYPE_CHECKING:
    import yaml

SUFFIXES = tuple(FORMAT_OF_SUFFIX)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_UTF8 = ("utf-8", "utf8", "us-ascii", "ascii")


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that no reader takes, and why it was not read."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Sources:
    """What a list of paths names: the sources to read, in order, and the files skipped."""

    paths: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def find_sources(paths: Iterable[str]) -> Sources:
    """Files named, found in folders (recursively) or matched by globs; URLs; ``-`` is stdin.

    A file in a folder whose type no reader takes is not read but listed in ``skipped`` with
    the reason (hidden files and folders, such as ``.git``, are not looked at). A file named
    on its own, or matched by a glob, is read whatever its suffix (as text when no reader
    claims it). A path that names nothing, or a folder with no readable document in it, is an
    error: the user asked for something that is not there.
    """
    out: list[str] = []
    skipped: list[Skipped] = []
    for raw in paths:
        if raw == "-" or is_url(raw):
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found: list[str] = []
            for p in sorted(path.rglob("*")):
                if not p.is_file() or any(
                    part.startswith(".") for part in p.relative_to(path).parts
                ):
                    continue
                if p.suffix.lower() in SUFFIXES:
                    found.append(str(p))
                else:
                    skipped.append(Skipped(str(p), _unsupported(p.suffix)))
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
    return Sources(list(dict.fromkeys(out)), list(dict.fromkeys(skipped)))


def _unsupported(suffix: str) -> str:
    told = f"{suffix.lower()} files" if suffix else "files without a suffix"
    return f"claimtrack does not read {told} (it reads {', '.join(SUFFIXES)})"


def expand_paths(paths: Iterable[str]) -> list[str]:
    """The sources that ``paths`` name (see ``find_sources``), without the skipped files."""
    return find_sources(paths).paths


def count_documents(sources: Iterable[str]) -> int | None:
    """How many documents (or errors) loading ``sources`` gives, when that is known without
    reading them: one a source, one a non-blank line of a JSONL file; None with stdin, or a
    JSONL URL or file that cannot be counted."""
    total = 0
    for source in sources:
        if source == "-":
            return None
        if is_url(source):
            if source.lower().split("?")[0].endswith(".jsonl"):
                return None
            total += 1
        elif Path(source).suffix.lower() == ".jsonl":
            try:
                with open(source, "rb") as handle:
                    total += max(1, sum(1 for line in handle if line.strip()))
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _check_size(source: str, data: bytes, max_bytes: int, size: int | None = None) -> None:
    """Refuse a document whose first ``max_bytes + 1`` bytes are ``data`` when it is too large
    or empty."""
    if len(data) > max_bytes:
        told = f"{size:,} bytes" if size is not None else f"over {max_bytes:,} bytes"
        raise DocumentError(
            source, f"too large ({told}; the limit is {max_bytes:,}, see --max-bytes)"
        )
    if not data.strip():
        raise DocumentError(source, "empty document")


def _decode(source: str, data: bytes, max_bytes: int, size: int | None = None) -> str:
    """Checked text of a document whose first ``max_bytes + 1`` bytes are ``data``."""
    _check_size(source, data, max_bytes, size)
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
    import yaml

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
    import yaml  # only for a document with front matter

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
    author = meta.get("author")
    return Document(
        text=text,
        source=source,
        title=str(title) if title is not None else None,
        url=str(url) if url is not None else None,
        published=published or default_published,
        author=str(author) if author is not None else None,
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
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> Iterator[Document | DocumentError]:
    """The documents in one source (a file, a URL, or ``-`` for stdin), and an error for each
    document it cannot give (one for the whole source, or one per bad JSONL line); never
    raises. A file's suffix, or a URL's media type, decides how it is read."""
    try:
        if source == "-":
            data = _read("<stdin>", stdin or sys.stdin.buffer, max_bytes)
            yield from _from_bytes("<stdin>", data, "text", max_bytes, published)
        elif is_url(source):
            fetched = fetch(source, max_bytes=max_bytes, timeout=fetch_timeout)
            yield from _from_response(fetched, max_bytes, published)
        else:
            data = _read(source, None, max_bytes)
            fmt = FORMAT_OF_SUFFIX.get(Path(source).suffix.lower(), "text")
            yield from _from_bytes(source, data, fmt, max_bytes, published, size=_size(source))
    except DocumentError as error:
        yield error


def _from_bytes(
    name: str,
    data: bytes,
    fmt: str,
    max_bytes: int,
    published: date | None,
    *,
    size: int | None = None,
) -> Iterator[Document | DocumentError]:
    """The documents of one file's bytes read as ``fmt``."""
    if fmt in EXTRACTED_FORMATS.values():
        _check_size(name, data, max_bytes, size)
        found = read_format(fmt, name, data, max_bytes)
        yield Document(
            text=found.text,
            source=name,
            title=found.title,
            url=found.url,
            published=found.published or published,
            author=found.author,
            format=fmt,
            raw_sha256=hashlib.sha256(data).hexdigest(),
            pages=found.pages,
        )
        return
    text = _decode(name, data, max_bytes, size)
    if fmt == "jsonl":
        yield from _jsonl(name, text, published)
        return
    meta, body = _front_matter(name, text) if fmt == "markdown" else ({}, text)
    yield _document(name, body, meta, published)


def _from_response(
    fetched: Fetched, max_bytes: int, published: date | None
) -> Iterator[Document | DocumentError]:
    """The documents of a fetched URL: read as its media type says (or, for a generic one, as
    the suffix of the URL it ended at says), each recorded with that final URL and the hash of
    the response."""
    name = fetched.url
    fmt = FORMAT_OF_MEDIA_TYPE.get(fetched.media_type)
    if fmt is None:
        suffix = Path(fetched.final_url.split("?")[0].split("#")[0]).suffix.lower()
        fmt = FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None and fetched.media_type.startswith("text/"):
        fmt = "text"
    if fmt is None:
        told = fetched.media_type or "none"
        raise DocumentError(
            name,
            f"unsupported content type ({told}); claimtrack reads HTML, PDF, DOCX, "
            "plain text, Markdown and JSON Lines",
        )
    data = fetched.data
    if fmt not in EXTRACTED_FORMATS.values() and fetched.charset not in (None, *_UTF8):
        try:
            data = data.decode(fetched.charset or "utf-8").encode("utf-8")
        except (LookupError, UnicodeDecodeError) as error:
            raise DocumentError(
                name, f"cannot decode the response as its charset {fetched.charset!r} says"
            ) from error
    raw_sha256 = hashlib.sha256(fetched.data).hexdigest()
    for item in _from_bytes(name, data, fmt, max_bytes, published):
        if isinstance(item, Document):
            url = item.url if fmt == "jsonl" and item.url else fetched.final_url
            item = replace(item, url=url, format=item.format or fmt, raw_sha256=raw_sha256)
        yield item


def load_documents(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    published: date | None = None,
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> Iterator[Document | DocumentError]:
    """Every document under ``paths``, in order, each one a ``Document`` or, where it cannot
    be read, the ``DocumentError`` that says why (yielded, never raised).

    A path that names nothing raises ``UsageError`` (see ``expand_paths``) before the first
    item, since the user asked for something that is not there.
    """
    for source in expand_paths(paths):
        yield from load(
            source, max_bytes=max_bytes, published=published, fetch_timeout=fetch_timeout
        )
