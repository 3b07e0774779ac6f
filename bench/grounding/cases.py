"""Benchmark cases for grounding: excerpts of public-domain texts, distorted the ways models do.

Deterministic for a seed. Each case has the document, the excerpt, its kind, and for faithful
kinds the gold span (the passage the excerpt copies). Kinds:

- faithful, harmless: ``whitespace``, ``quotes``, ``dashes``, ``case``, ``punctuation``,
  ``elided``, ``combined`` (several of those at once)
- faithful with slips: ``slips`` (one or two letters changed in long lower-case words)
- ``fabricated``: not in the document (another document's sentence, two half-sentences spliced,
  words shuffled, a plausible sentence made of the document's own names and numbers)
- ``altered``: a faithful copy with one number, year, month or name changed
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimtrack.segment import sentences

CORPUS = Path(__file__).resolve().parent / "corpus"
FAITHFUL = ("whitespace", "quotes", "dashes", "case", "punctuation", "elided", "combined", "slips")
KINDS = (*FAITHFUL, "fabricated", "altered")
MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Case:
    kind: str
    document: str
    excerpt: str
    start: int = -1
    end: int = -1


def load_corpus() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def _passages(text: str, rng: random.Random) -> list[tuple[int, int]]:
    """Sentences of 8 to 60 words, and word-aligned pieces of longer ones."""
    out: list[tuple[int, int]] = []
    for sentence in sentences(text):
        body = sentence.text(text)
        words = list(re.finditer(r"\S+", body))
        if len(words) < 8:
            continue
        if len(words) <= 60:
            out.append((sentence.start, sentence.end))
        else:
            first = rng.randrange(0, len(words) - 40)
            out.append(
                (sentence.start + words[first].start(), sentence.start + words[first + 39].end())
            )
    return out


def _whitespace(s: str, rng: random.Random) -> str:
    pieces = s.split()
    return "".join(p + rng.choice([" ", "  ", "\n", " \n "]) for p in pieces).strip()


def _quotes(s: str, rng: random.Random) -> str:
    table = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    if any(c in s for c in table):
        return "".join(table.get(c, c) for c in s)
    return re.sub(r"(\w)'(\w)", "\\1’\\2", s).replace('"', "“")


def _dashes(s: str, rng: random.Random) -> str:
    if "—" in s or "–" in s:
        return s.replace("—", rng.choice(["-", " - ", "--"])).replace("–", "-")
    return s.replace(" - ", " — ")


def _case(s: str, rng: random.Random) -> str:
    return s[0].swapcase() + s[1:]


def _punctuation(s: str, rng: random.Random) -> str:
    stripped = s.rstrip(".!?;:,”\"’' ")
    return stripped if stripped != s else s + "."


def _elided(s: str, rng: random.Random) -> str:
    words = s.split()
    cut = rng.randrange(3, len(words) - 5)
    length = rng.randrange(1, max(2, len(words) - cut - 3))
    mark = rng.choice([" ... ", "...", " … ", " [...] ", " […] "])
    return " ".join(words[:cut]) + mark + " ".join(words[cut + length :])


def _combined(s: str, rng: random.Random) -> str:
    for step in (_whitespace, _quotes, _dashes, _case, _punctuation):
        s = step(s, rng)
    return s


def _slips(s: str, rng: random.Random) -> str:
    words = s.split(" ")
    candidates = [i for i, w in enumerate(words) if re.fullmatch(r"[a-z]{6,}", w)]
    for index in rng.sample(candidates, min(len(candidates), rng.choice([1, 2]))):
        w = list(words[index])
        at = rng.randrange(1, len(w) - 2)
        operation = rng.choice(["swap", "drop", "double", "replace"])
        if operation == "swap":
            w[at], w[at + 1] = w[at + 1], w[at]
        elif operation == "drop":
            del w[at]
        elif operation == "double":
            w.insert(at, w[at])
        else:
            w[at] = rng.choice("aeiourst".replace(w[at], ""))
        words[index] = "".join(w)
    return " ".join(words)


DISTORTIONS: dict[str, Callable[[str, random.Random], str]] = {
    "whitespace": _whitespace,
    "quotes": _quotes,
    "dashes": _dashes,
    "case": _case,
    "punctuation": _punctuation,
    "elided": _elided,
    "combined": _combined,
    "slips": _slips,
}


def _applies(kind: str, s: str) -> bool:
    if kind == "quotes":
        return bool(re.search(r"[’‘“”\"]|\w'\w", s))
    if kind == "dashes":
        return "—" in s or "–" in s or " - " in s
    if kind == "slips":
        return len(s) >= 40 and bool(re.search(r"\b[a-z]{6,}\b", s))
    if kind == "elided":
        return len(s.split()) >= 12
    return True


def _alter(s: str, rng: random.Random, names: list[str]) -> str | None:
    """One number, year, month or name changed; None when the passage has none."""
    options: list[Callable[[], str | None]] = []
    numbers = list(re.finditer(r"\b\d[\d,.]*\b", s))
    months = [m for m in re.finditer(r"\b(" + "|".join(MONTHS) + r")\b", s)]
    capitalised = [
        m for m in re.finditer(r"(?<=\w )[A-Z][a-z]{2,}\b", s) if m.group(0) not in MONTHS
    ]
    if numbers:

        def change_number() -> str:
            m = rng.choice(numbers)
            digits = [i for i, c in enumerate(m.group(0)) if c.isdigit()]
            i = rng.choice(digits)
            old = m.group(0)
            new = old[:i] + str((int(old[i]) + rng.randrange(1, 9)) % 10) + old[i + 1 :]
            return s[: m.start()] + new + s[m.end() :]

        options.append(change_number)
    if months:

        def change_month() -> str:
            m = rng.choice(months)
            new = rng.choice([x for x in MONTHS if x != m.group(0)])
            return s[: m.start()] + new + s[m.end() :]

        options.append(change_month)
    if capitalised and names:

        def change_name() -> str | None:
            m = rng.choice(capitalised)
            others = [n for n in names if n != m.group(0)]
            return s[: m.start()] + rng.choice(others) + s[m.end() :] if others else None

        options.append(change_name)
    if not options:
        return None
    return rng.choice(options)()


def _fabricate(
    text: str,
    others: list[str],
    passages: list[tuple[int, int]],
    names: list[str],
    rng: random.Random,
) -> str:
    strategy = rng.choice(["other_document", "splice", "shuffle", "plausible"])
    if strategy == "other_document":
        other = rng.choice(others)
        picked = rng.choice(sentences(other))
        return picked.text(other)
    if strategy == "splice":
        (a_start, a_end), (b_start, b_end) = rng.sample(passages, 2)
        a, b = text[a_start:a_end].split(), text[b_start:b_end].split()
        return " ".join(a[: len(a) // 2] + b[len(b) // 2 :])
    if strategy == "shuffle":
        # At least eight words moved: two swapped words are a slip, not a fabrication.
        start, end = rng.choice([p for p in passages if len(text[p[0] : p[1]].split()) >= 14])
        words = text[start:end].split()
        middle = words[2:-2]
        while sum(a != b for a, b in zip(middle, words[2:-2], strict=True)) < 8:
            rng.shuffle(middle)
        return " ".join(words[:2] + middle + words[-2:])
    name = rng.choice(names)
    year = rng.randrange(1990, 2030)
    number = rng.choice(["two", "14", "300", "5 million", "half"])
    verb = rng.choice(["signed an agreement", "announced a plan", "cut taxes", "opened talks"])
    return f"In {year}, {name} {verb} with {rng.choice(names)} covering {number} workers."


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def make_cases(per_kind: int = 250, seed: int = 20261128) -> list[Case]:
    rng = random.Random(seed)
    corpus = load_corpus()
    all_passages = {name: _passages(text, rng) for name, text in corpus.items()}
    all_names = {
        name: sorted(set(re.findall(r"(?<=\w )[A-Z][a-z]{2,}\b", text)) - set(MONTHS))
        for name, text in corpus.items()
    }
    plain = {name: _plain(text) for name, text in corpus.items()}
    cases: list[Case] = []
    for kind in KINDS:
        made = 0
        attempts = 0
        while made < per_kind and attempts < per_kind * 50:
            attempts += 1
            name = rng.choice(sorted(corpus))
            text = corpus[name]
            passages = all_passages[name]
            names = all_names[name]
            if kind == "fabricated":
                others = [t for n, t in corpus.items() if n != name]
                excerpt = _fabricate(text, others, passages, names, rng)
                # Only what is really not there: six words or more, absent even once case,
                # punctuation and spacing are set aside ("(Applause.)" is in every address).
                if len(excerpt.split()) >= 6 and _plain(excerpt) not in plain[name]:
                    cases.append(Case(kind, name, excerpt))
                    made += 1
                continue
            start, end = rng.choice(passages)
            passage = text[start:end]
            if kind == "altered":
                excerpt = _alter(passage, rng, names)
                if excerpt and excerpt != passage and excerpt not in text:
                    cases.append(Case(kind, name, excerpt, start, end))
                    made += 1
                continue
            if not _applies(kind, passage):
                continue
            excerpt = DISTORTIONS[kind](passage, rng)
            if excerpt != passage or kind in ("whitespace", "case"):
                cases.append(Case(kind, name, excerpt, start, end))
                made += 1
    return cases
