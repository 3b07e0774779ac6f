"""Read TimeML (.tml) files: the plain text of <TEXT>, its TIMEX3 spans, and the document date.

TimeML corpora (TimeBank, TempEval-3) are not ours to redistribute, so the benchmarks read them from
a folder the user points at and nothing of them is committed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimemlDocument:
    name: str
    text: str
    dct: date | None
    timexes: list[Timex]


def read_timeml(path: Path) -> TimemlDocument:
    raw = path.read_text(encoding="utf-8")
    dct = None
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.DOTALL)
    if dct_match:
        dct = date.fromisoformat(dct_match.group(1))
    body_match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    body = body_match.group(1) if body_match else ""
    out: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[position : tag.start()])
        out.append(piece)
        length += len(piece)
        position = tag.end()
        closing, name, attrs = tag.group(1), tag.group(2), tag.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, attributes = open_timex
            text = "".join(out)[start:length]
            timexes.append(
                Timex(start, length, text, attributes.get("type", ""), attributes.get("value", ""))
            )
            open_timex = None
    out.append(html.unescape(body[position:]))
    return TimemlDocument(path.stem, "".join(out), dct, timexes)


def read_folder(folder: Path) -> list[TimemlDocument]:
    return [read_timeml(p) for p in sorted(folder.glob("*.tml"))]
