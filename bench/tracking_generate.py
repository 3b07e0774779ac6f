"""Multi-source re-reports of a seed set of articles, with the truth recorded, for measuring
fact tracking (``bench/tracking_eval.py``).

From each seed article (any folder of ``.txt`` news articles; a date in the file name, as in
``breitbart_2015-11-16_slug.txt``, is its publication date)::

    python bench/tracking_generate.py SEEDS_DIR... OUT_DIR [--seeds 150] [--rereports 3]
        [--planted 1] [--rng 7]

writes ``OUT_DIR/docs.jsonl`` (one document a line: id, text, title, url, published) and
``OUT_DIR/truth.json``:

- the seed itself;
- re-reports: new short articles (a headline, a dateline, sentences taken from other seeds)
  quoting one to three of the seed's quotes, each in full, in part, re-punctuated or in the
  other quote-mark style, with the speaker named in full or by surname;
- exact copies (the same text from another source) and syndicated copies (the same text with
  another outlet's footer);
- copies with one planted change (and nothing else): a date, a number, the speaker of a
  quote, or a word inside a quote.

``truth.json`` holds, for every document, where each direct quote is (``[start, end,
quote_id]``, offsets into the text; one id for one quote wherever it appears, in full or in
part, across seeds too), the family of each document (which seed it copies), and each planted
change (document, original, kind, offsets, before and after). The seed texts are read, never
copied into the repository: write OUT_DIR outside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import Document, QuoteClaim

_QUOTE = re.compile(r"“([^”\n]{3,600})”|\"([^\"\n]{3,600})\"")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DATE = re.compile(rf"\b({'|'.join(_MONTHS)})\s+(\d{{1,2}})\b")
_NUMBER = re.compile(
    r"(?<![\w.,$])(\$?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?=\s*(?:percent|%|million|billion|"
    r"thousand|people|votes|points|delegates|dollars|years|days|times|members|seats|jobs))"
)
_WORD = re.compile(r"\b[a-z]{4,}\b")
_SUBSTITUTES = (
    "major serious clear strong simple real huge terrible great weak small dangerous "
    "wrong proper total"
).split()
_OUTLETS = ("Daily Ledger", "Morning Wire", "Capitol Courier", "Evening Standard", "Metro Post")
_TITLE_WORDS = frozenset(
    "president senator sen rep gov governor mr mrs ms dr secretary spokesman spokeswoman "
    "candidate former democratic republican presidential chairman director minister prime "
    "house speaker leader majority minority white press the".split()
)


@dataclass
class Out:
    id: str
    text: str
    title: str
    published: str | None
    family: str  # the seed whose text it copies (re-reports: its own id)
    role: str  # seed, rereport, exact, syndicated, planted
    quotes: list[list[Any]] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "title": self.title,
            "url": f"https://example.test/{self.id}",
            "published": self.published,
        }


def _published(name: str) -> date | None:
    found = re.search(r"(\d{4}-\d{2}-\d{2})", name)
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower().replace("’", "'")))


def _quotes(text: str) -> list[tuple[int, int, str]]:
    """Direct quotes of five words or more: ``(start, end, words)`` inside the marks."""
    found = []
    for m in _QUOTE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        words = m.group(group)
        if len(words.split()) >= 5:
            found.append((m.start(group), m.end(group), words))
    return found


def _names(speaker: str) -> tuple[str, str] | None:
    """A speaker's full name and surname, without titles; ``None`` for a one-word name."""
    words = [w for w in speaker.replace(",", " ").split() if w[:1].isupper()]
    while words and words[0].lower().strip(".") in _TITLE_WORDS:
        words.pop(0)
    if len(words) < 2:
        return None
    return " ".join(words[-2:]), words[-1]


@dataclass
class SeedQuote:
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None


def _seed_quotes(document: Document) -> list[SeedQuote]:
    """The seed's quotes with the speaker the extractor gives them, when it is named next to
    the quote."""
    found = []
    for claim in OfflineExtractor().extract(document):
        if not isinstance(claim, QuoteClaim) or "quote" not in claim.spans:
            continue
        quote = claim.spans["quote"]
        span = claim.spans.get("speaker")
        explicit = (
            span is not None
            and span.text[:1].isupper()
            and claim.evidence.start <= span.start < span.end <= claim.evidence.end
        )
        found.append(
            SeedQuote(
                quote.start,
                quote.end,
                quote.text,
                claim.speaker if explicit else None,
                (span.start, span.end) if explicit and span else None,
            )
        )
    return found


class QuoteIds:
    """One id per quote: the same words, or words held in a longer quote, are one quote."""

    def __init__(self) -> None:
        self.texts: dict[str, tuple[str, ...]] = {}
        self.parent: dict[str, str] = {}

    def find(self, q: str) -> str:
        while self.parent[q] != q:
            q = self.parent[q]
        return q

    def add(self, text: str) -> str:
        words = _words(text)
        q = "q" + hashlib.sha1(" ".join(words).encode()).hexdigest()[:10]
        if q not in self.parent:
            self.parent[q] = q
            self.texts[q] = words
        return q

    def unify(self) -> dict[str, str]:
        """Join quotes held in one another (five words or more); every id's final id."""
        joined = " \x00 ".join(" ".join(w) for w in self.texts.values())
        items = sorted(self.texts.items(), key=lambda item: -len(item[1]))
        for q, words in items:
            if len(words) < 5:
                continue
            needle = " ".join(words)
            if joined.count(needle) <= 1:
                continue
            for other, other_words in items:
                inside = f" {needle} " in f" {' '.join(other_words)} "
                if other != q and len(other_words) > len(words) and inside:
                    a, b = self.find(q), self.find(other)
                    if a != b:
                        self.parent[max(a, b)] = min(a, b)
        return {q: self.find(q) for q in self.parent}


def _repunctuate(text: str) -> str:
    changed = text.replace(",", "").replace(";", ",").replace("—", ", ").replace(" - ", ", ")
    changed = changed.rstrip(".!?") + ("." if not text.endswith(".") else "")
    return changed if _words(changed) == _words(text) else text


def _part(text: str, rng: random.Random) -> str:
    words = text.split()
    size = rng.randint(5, max(5, len(words) - 2))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size]).strip(",;:")


def _fillers(pool: list[str], rng: random.Random, n: int) -> list[str]:
    return [rng.choice(pool) for _ in range(n)]


def _id(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]


def generate(
    seeds_dirs: list[Path], out: Path, n_seeds: int, rereports: int, planted: int, rng_seed: int
) -> None:
    rng = random.Random(rng_seed)
    files = sorted(f for folder in seeds_dirs for f in folder.glob("*.txt"))
    files = files[:: max(1, len(files) // n_seeds)][:n_seeds]
    seeds = []
    for path in files:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        published = _published(path.name)
        seeds.append((path.stem, text, published))
    # filler sentences: no quotation marks, from any seed
    pool = [
        s.strip()
        for _, text, _ in seeds
        for s in re.split(r"(?<=[.!?])\s+", text)
        if 60 < len(s) < 260 and not re.search(r"[“”\"‘’']", s) and s[:1].isupper()
    ]
    ids = QuoteIds()
    outs: list[Out] = []
    plants: list[dict[str, Any]] = []
    speakers = sorted(
        {
            names[0]
            for name, text, pub in seeds
            for q in _seed_quotes(Document(text=text, source=name, published=pub))
            if q.speaker and (names := _names(q.speaker))
        }
    )
    kinds = ["date", "number", "speaker", "wording"]
    for index, (name, text, published) in enumerate(seeds):
        pub = published.isoformat() if published else None
        title = text.strip().split("\n", 1)[0][:120]
        seed = Out(_id(name, "seed"), text, title, pub, name, "seed")
        for start, end, words in _quotes(text):
            seed.quotes.append([start, end, ids.add(words)])
        outs.append(seed)
        quotes = _seed_quotes(Document(text=text, source=name, published=published))
        usable = [q for q in quotes if q.speaker and _names(q.speaker) and len(q.text.split()) >= 6]
        # re-reports
        for r in range(rereports if usable else 0):
            chosen = rng.sample(usable, min(len(usable), rng.randint(1, 3)))
            outlet = rng.choice(_OUTLETS)
            day = published + timedelta(days=rng.randint(0, 2)) if published else None
            headline = re.sub(r"[“”‘’\"']", "", title).strip()
            body = f"{headline}, and more\n\n"
            spans = []
            for q in chosen:
                full, surname = _names(q.speaker or "") or ("", "")
                who = rng.choice([full, surname])
                variant = rng.choice(["full", "part", "repunct", "marks"])
                words = q.text.strip()
                if variant == "part" and len(words.split()) >= 8:
                    words = _part(words, rng)
                elif variant == "repunct":
                    words = _repunctuate(words)
                opening, closing = ('"', '"') if variant == "marks" else ("“", "”")
                body += " ".join(_fillers(pool, rng, rng.randint(1, 2))) + "\n\n"
                if rng.random() < 0.5:
                    lead = f"{who} said: {opening}"
                    start = len(body) + len(lead)
                    body += f"{lead}{words}{closing}\n\n"
                else:
                    start = len(body) + 1
                    body += f"{opening}{words}{closing} {who} said.\n\n"
                spans.append([start, start + len(words), ids.add(q.text)])
            body += " ".join(_fillers(pool, rng, rng.randint(2, 4))) + "\n"
            rid = _id(name, "rereport", str(r))
            body += f"\nThis roundup was written by {outlet} staff.\n"
            when = day.isoformat() if day else None
            report = Out(rid, body, f"{outlet}: {headline}", when, rid, "rereport")
            report.quotes = spans
            outs.append(report)
        # exact and syndicated copies
        if index % 4 == 0:
            outs.append(Out(_id(name, "exact"), text, title, pub, name, "exact", list(seed.quotes)))
        if index % 4 == 1:
            footer = (
                f"\n\nThis story was distributed by {rng.choice(_OUTLETS)}. "
                "Copyright The Associated Press. All rights reserved.\n"
            )
            syndicated = Out(
                _id(name, "syndicated"), text.rstrip() + footer, title, pub, name, "syndicated"
            )
            syndicated.quotes = list(seed.quotes)
            outs.append(syndicated)
        # a copy with one planted change
        used: set[tuple[int, int, str]] = set()
        for copy_number in range(planted):
            kind = kinds[(index + copy_number) % len(kinds)]
            plant = _plant(kind, text, quotes, speakers, rng)
            if plant is None:
                for other in kinds:
                    plant = _plant(other, text, quotes, speakers, rng)
                    if plant is not None:
                        kind = other
                        break
            if plant is None:
                continue
            start, end, after = plant
            if text[start:end] == after or (start, end, after) in used:
                continue
            used.add((start, end, after))
            changed = text[:start] + after + text[end:]
            pid = _id(name, "planted", kind, str(copy_number))
            copy = Out(pid, changed, title, pub, name, "planted")
            delta = len(after) - (end - start)
            for s, e, q in seed.quotes:
                copy.quotes.append(
                    [s + (delta if s >= end else 0), e + (delta if e >= end else 0), q]
                )
            outs.append(copy)
            plants.append(
                {
                    "document": pid,
                    "original": seed.id,
                    "kind": kind,
                    "start": start,
                    "end": start + len(after),
                    "before": text[start:end],
                    "after": after,
                }
            )
    final = ids.unify()
    for o in outs:
        o.quotes = [[s, e, final[q]] for s, e, q in o.quotes]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "docs.jsonl").open("w", encoding="utf-8") as handle:
        for o in outs:
            handle.write(json.dumps(o.record(), ensure_ascii=False) + "\n")
    truth = {
        "documents": {o.id: {"family": o.family, "role": o.role, "quotes": o.quotes} for o in outs},
        "plants": plants,
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    roles: dict[str, int] = {}
    for o in outs:
        roles[o.role] = roles.get(o.role, 0) + 1
    by_kind: dict[str, int] = {}
    for p in plants:
        by_kind[p["kind"]] = by_kind.get(p["kind"], 0) + 1
    print(f"{len(outs)} documents {roles}; {len(plants)} planted changes {by_kind}")


def _person(name: str) -> bool:
    """A name that reads as a person's ("Kasich", "Bernie Sanders"), not "The complaint" or
    "GOP"."""
    words = name.split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() and w[1:2].islower() for w in words)
        and not {w.lower() for w in words} & (_TITLE_WORDS | {"of", "a", "an", "for"})
    )


def _plant(
    kind: str,
    text: str,
    quotes: list[SeedQuote],
    speakers: list[str],
    rng: random.Random,
) -> tuple[int, int, str] | None:
    """Where to change the text and with what: ``(start, end, replacement)``."""
    if kind == "date":
        found = list(_DATE.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        day = int(m.group(2))
        new = day + rng.choice([-3, -2, 2, 3]) if 4 <= day <= 25 else (day % 20) + 5
        return m.start(2), m.end(2), str(new)
    if kind == "number":
        found = [m for m in _NUMBER.finditer(text) if not re.fullmatch(r"(19|20)\d\d", m.group(2))]
        if not found:
            return None
        m = rng.choice(found)
        digits = m.group(2)
        value = float(digits.replace(",", ""))
        new = value + max(1, round(value * 0.3)) if value >= 1 else value + 0.5
        if "," in digits:
            shown = f"{int(new):,}"
        elif "." in digits:
            shown = f"{new:.{len(digits.split('.')[1])}f}"
        else:
            shown = str(int(new))
        return m.start(2), m.end(2), shown
    if kind == "speaker":
        named = [
            q
            for q in quotes
            if q.speaker and q.speaker_span and _person(text[q.speaker_span[0] : q.speaker_span[1]])
        ]
        if not named:
            return None
        q = rng.choice(named)
        assert q.speaker_span is not None
        start, end = q.speaker_span
        current = text[start:end]
        others = [s for s in speakers if _person(s) and not set(s.split()) & set(current.split())]
        if not others:
            return None
        return start, end, rng.choice(others)
    if kind == "wording":
        long = [q for q in quotes if len(q.text.split()) >= 6]
        if not long:
            return None
        q = rng.choice(long)
        words = [m for m in _WORD.finditer(q.text)]
        if not words:
            return None
        m = rng.choice(words)
        new = rng.choice([w for w in _SUBSTITUTES if w != m.group(0)])
        return q.start + m.start(), q.start + m.end(), new
    raise ValueError(kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path, nargs="+", help="folders of .txt articles")
    parser.add_argument("out", type=Path, help="where to write docs.jsonl and truth.json")
    parser.add_argument("--seeds", dest="n_seeds", type=int, default=150)
    parser.add_argument("--rereports", type=int, default=3, help="re-reports per seed")
    parser.add_argument("--planted", type=int, default=1, help="copies with a change per seed")
    parser.add_argument("--rng", type=int, default=7, help="random seed")
    args = parser.parse_args()
    generate(args.seeds, args.out, args.n_seeds, args.rereports, args.planted, args.rng)


if __name__ == "__main__":
    main()
