"""The gold format: documents with the claims a reader found in them, one document a line.

A gold file is JSON Lines; each line is one document::

    {"id": "AP_20130322", "text": "...", "published": "2013-03-22", "kinds": ["date", "quote"],
     "claims": [
       {"kind": "quote", "spans": {"quote": [1651, 1706]}, "speaker": ["Jhung", "Tom Jhung"]},
       {"kind": "date", "spans": {"date": [120, 128]}, "date_value": "2013-03-21"},
       {"kind": "agreement", "spans": {"evidence": [300, 410]}, "parties": [["Israel",
        "Netanyahu"], "Turkey"]},
       {"kind": "statement", "spans": {"evidence": [500, 580]}, "quantities": ["3 percent"]},
       {"kind": "quote", "spans": {"quote": [900, 912]}, "optional": true}]}

``text`` is required; ``id`` (a name for messages) and ``published`` (ISO date, the date the
extractor resolves "last week" against) are optional, as for ``claimtrack extract``'s JSONL, so
a gold file is also a document file. ``kinds`` says which kinds were annotated in the document
(default: all four): predictions of other kinds are not scored there. A claim has a ``kind``,
``spans`` (``[start, end)`` offsets into ``text``, at least ``evidence`` or the kind's key span)
and any of the fields its kind has; ``optional: true`` marks a claim that counts neither for nor
against (a scare quote, a vague date): a prediction that matches it is not scored.

Every problem is one line naming the file and line, so a user can fix a file of thousands of
documents one error at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.errors import UsageError
from claimtrack.records import content_id
from claimtrack.vocabulary import CLAIM_KINDS

# The span a claim is matched on, by kind; kinds not listed are matched on their evidence.
KEY_SPANS = {"quote": "quote", "date": "date"}

# The fields a gold claim may give, and the kinds that have them.
FIELD_KINDS = {
    "date_value": ("date", "agreement"),
    "speaker": ("quote",),
    "parties": ("agreement",),
    "quantities": ("statement",),
}
_FREE_KEYS = frozenset({"note", "id"})  # kept for people, never read
_CLAIM_KEYS = frozenset({"kind", "spans", "optional", *FIELD_KINDS, *_FREE_KEYS})
_DOCUMENT_KEYS = frozenset({"id", "text", "published", "kinds", "claims", "title", "url", "note"})


class GoldFormatError(UsageError):
    """A gold file that cannot be read as gold: one line naming the file, line and problem."""


def key_span_name(kind: str) -> str:
    """The span a claim of ``kind`` is matched on."""
    return KEY_SPANS.get(kind, "evidence")


@dataclass(frozen=True)
class GoldClaim:
    """One claim a reader found: where it is, and the fields the extractor should get right.

    A field left ``None`` was not annotated and is not scored. ``speaker`` lists the names that
    count as right; each party of ``parties`` is a tuple of the names that count for it.
    """

    kind: str
    spans: dict[str, tuple[int, int]]
    date_value: str | None = None
    speaker: tuple[str, ...] | None = None
    parties: tuple[tuple[str, ...], ...] | None = None
    quantities: tuple[str, ...] | None = None
    optional: bool = False

    @property
    def key_span(self) -> tuple[int, int]:
        """The span this claim is matched on: its kind's key span, else its evidence."""
        return self.spans.get(key_span_name(self.kind)) or self.spans["evidence"]


@dataclass(frozen=True)
class GoldDocument:
    """One line of a gold file: a document's text and the claims annotated in it."""

    name: str  # the line's ``id``, else ``file:line``
    line: int
    text: str
    published: date | None
    kinds: frozenset[str]
    claims: tuple[GoldClaim, ...]
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


def read_gold(path: str | Path) -> list[GoldDocument]:
    """Every document of the gold file at ``path``; ``GoldFormatError`` at the first bad line."""
    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise GoldFormatError(f"{source}: cannot read: {error.strerror or error}") from error
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GoldFormatError(f"{source}: not UTF-8 (byte {error.start})") from error
    documents = list(parse_gold(content, str(source)))
    if not documents:
        raise GoldFormatError(f"{source}: no gold documents in this file")
    return documents


def parse_gold(content: str, source: str = "<gold>") -> Iterator[GoldDocument]:
    """The documents of gold JSON Lines ``content``; ``source`` names it in errors."""
    seen: dict[str, int] = {}
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldFormatError(
                f"{where}: not valid JSON (column {error.colno}: {error.msg})"
            ) from error
        document = _document(record, where, number)
        if document.id in seen:
            raise GoldFormatError(f"{where}: the same text as line {seen[document.id]}")
        seen[document.id] = number
        yield document


def _document(record: Any, where: str, number: int) -> GoldDocument:
    if not isinstance(record, dict):
        raise GoldFormatError(f"{where}: a gold line must be a JSON object with a 'text' field")
    unknown = sorted(set(record) - _DOCUMENT_KEYS)
    if unknown:
        raise GoldFormatError(
            f"{where}: unknown field {unknown[0]!r} (a gold line has: "
            f"{', '.join(sorted(_DOCUMENT_KEYS))})"
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise GoldFormatError(f"{where}: no 'text' field, or it is empty")
    if "\r" in text:
        raise GoldFormatError(
            f"{where}: the text has carriage returns; claimtrack reads line endings as \\n, so "
            "offsets would not hold: normalise the text and its offsets"
        )
    name = str(record["id"]) if record.get("id") is not None else where
    if record.get("id") is not None:
        where = f"{where} ({name})"
    kinds = record.get("kinds", list(CLAIM_KINDS))
    if not isinstance(kinds, list) or not all(k in CLAIM_KINDS for k in kinds):
        raise GoldFormatError(
            f"{where}: 'kinds' must be a list of claim kinds ({', '.join(CLAIM_KINDS)})"
        )
    claims = record.get("claims", [])
    if not isinstance(claims, list):
        raise GoldFormatError(f"{where}: 'claims' must be a list")
    return GoldDocument(
        name=name,
        line=number,
        text=text,
        published=_published(record.get("published"), where),
        kinds=frozenset(kinds),
        claims=tuple(
            _claim(item, f"{where}: claim {index}", len(text), frozenset(kinds))
            for index, item in enumerate(claims, start=1)
        ),
    )


def _published(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise GoldFormatError(f"{where}: published date {value!r} is not an ISO date") from error


def _claim(item: Any, where: str, length: int, kinds: frozenset[str]) -> GoldClaim:
    if not isinstance(item, dict):
        raise GoldFormatError(f"{where}: a claim must be a JSON object")
    kind = item.get("kind")
    if kind not in CLAIM_KINDS:
        raise GoldFormatError(f"{where}: kind {kind!r} is not one of {', '.join(CLAIM_KINDS)}")
    if kind not in kinds:
        raise GoldFormatError(f"{where}: a {kind} claim, but the line's 'kinds' leave {kind} out")
    unknown = sorted(set(item) - _CLAIM_KEYS)
    if unknown:
        raise GoldFormatError(f"{where}: unknown field {unknown[0]!r}")
    for name in FIELD_KINDS:
        if name in item and kind not in FIELD_KINDS[name]:
            raise GoldFormatError(f"{where}: a {kind} claim has no {name!r}")
    spans = _spans(item.get("spans"), where, length)
    key = key_span_name(kind)
    if key not in spans and "evidence" not in spans:
        wanted = "an 'evidence' span" + (f" or a {key!r} span" if key != "evidence" else "")
        raise GoldFormatError(f"{where}: a {kind} claim needs {wanted}")
    optional = item.get("optional", False)
    if not isinstance(optional, bool):
        raise GoldFormatError(f"{where}: 'optional' must be true or false")
    return GoldClaim(
        kind=kind,
        spans=spans,
        date_value=_text(item, "date_value", where),
        speaker=_names(item, "speaker", where),
        parties=_parties(item.get("parties"), where),
        quantities=_names(item, "quantities", where),
        optional=optional,
    )


def _spans(value: Any, where: str, length: int) -> dict[str, tuple[int, int]]:
    if not isinstance(value, dict) or not value:
        raise GoldFormatError(f"{where}: 'spans' must map span names to [start, end]")
    spans: dict[str, tuple[int, int]] = {}
    for name, pair in value.items():
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
        ):
            raise GoldFormatError(f"{where}: span {name!r} must be [start, end] (two integers)")
        start, end = pair
        if not 0 <= start < end <= length:
            raise GoldFormatError(
                f"{where}: span {name!r} [{start}, {end}] is not inside the text "
                f"(0 <= start < end <= {length})"
            )
        spans[str(name)] = (start, end)
    return spans


def _text(item: dict[str, Any], name: str, where: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise GoldFormatError(f"{where}: {name!r} must be a non-empty string")
    return value


def _names(item: dict[str, Any], name: str, where: str) -> tuple[str, ...] | None:
    """A string or a list of strings (the names that count, or the quantities)."""
    value = item.get(name)
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise GoldFormatError(f"{where}: {name!r} must be a string or a list of strings")
    return tuple(values)


def _parties(value: Any, where: str) -> tuple[tuple[str, ...], ...] | None:
    """A list of parties, each a name or a list of the names that count for it."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise GoldFormatError(f"{where}: 'parties' must be a list")
    parties: list[tuple[str, ...]] = []
    for party in value:
        names = [party] if isinstance(party, str) else party
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise GoldFormatError(
                f"{where}: each party must be a name or a non-empty list of names"
            )
        parties.append(tuple(names))
    return tuple(parties)
