"""The offline judge: compares a claim's typed fields with reference passages, and says only
what it can show.

- A quote is ``supported`` when its words stand in a reference (an evidence source) — exactly,
  up to harmless differences, or around ellipses — spoken by the same speaker: the speaker
  label of a transcript line ("KISHIDA: …") or the speaker's name in the same paragraph. It is
  ``refuted`` when the reference gives those words to someone else (a transcript's label), or
  has the same speaker saying them with a number or name changed.
- A dated event is ``supported`` when a reference sentence reports the same event (most of
  the event's words, and a participant when the claim names any) on the same date, and
  ``refuted`` when such a sentence names one date only and it differs from the claim's at the
  precision both give.
- Both, from different passages: ``conflicting``. Anything else, and every other kind of
  claim: ``not_enough_info``.

Only evidence sources are references: another news report saying the same is not a check.
Every excerpt is grounded in its source (``cite``), so its characters are the source's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from claimtrack.dates import find_dates
from claimtrack.grounding import Grounding, ground
from claimtrack.records import DateClaim, QuoteClaim, StoredClaim
from claimtrack.verify.cite import exact
from claimtrack.verify.retrieve import STOPWORDS
from claimtrack.verify.types import Cited, JudgeIdentity, Judgement, Passage, Sources

__all__ = ["OFFLINE_JUDGE", "OfflineJudge"]

VERSION = "1"
OFFLINE_JUDGE = JudgeIdentity(
    "offline", f"claimtrack-offline-judge-{VERSION}", "offline-rules", f"judge-rules-v{VERSION}"
)

# A quote shorter than this many words ("yes", "we will") is not distinctive enough to be
# recognised in a reference: anyone may have said it.
MIN_QUOTE_WORDS = 4
# A reference sentence reports the same event when it shares this share of the words of the
# shorter of the two (the event as extracted may be a whole sentence, the reference a short
# one, or the other way round), and at least this many words; dates' own words not counted.
EVENT_SHARE = 0.6
EVENT_MIN_WORDS = 3
_DATE_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday today yesterday tomorrow week month year last next""".split()
)
# How far back from a quote a transcript's speaker label may stand.
LABEL_REACH = 4_000
_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][A-Za-z.'\u2019\- ]{1,60}?)[ \t]*:[ \t]")
# A speaker label names someone: one to six words, each capitalised ("PRIME MINISTER KISHIDA",
# "Prime Minister Kishida"; "of", "the", "de" and the like may stay lower case). A sentence
# with a colon ("We know where to start: …") is not a label.
MAX_LABEL_WORDS = 6
_LABEL_JOINERS = frozenset({"of", "the", "de", "van", "von", "der", "la", "al", "bin", "and"})


def _is_label(words: str) -> bool:
    tokens = words.split()
    return 0 < len(tokens) <= MAX_LABEL_WORDS and all(
        t[0].isupper() or t in _LABEL_JOINERS for t in tokens
    )


_TITLES = frozenset(
    """mr mrs ms dr prof president vice prime minister secretary senator sen rep governor gov
    chancellor king queen prince general gen the of foreign chairman chair speaker mayor
    ambassador deputy leader""".split()
)
_WORD = re.compile(r"\w+")


def _names(text: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "") if len(w) > 1} - _TITLES


def same_person(claimed: str | None, found: str | None) -> bool:
    """Whether two ways of naming a speaker share a name (titles aside): "Kishida Fumio" and
    "PRIME MINISTER KISHIDA" do; "Kishida" and "Yoon" do not."""
    a, b = _names(claimed), _names(found)
    return bool(a and b and a & b)


def label_before(text: str, position: int, floor: int = 0) -> tuple[str, int, int] | None:
    """The transcript speaker label governing ``position`` (the last one at a line start before
    it, after ``floor`` and not too far back), as ``(name, start, end)``."""
    window_start = max(floor, position - LABEL_REACH)
    found = None
    for match in _LABEL.finditer(text, window_start, position):
        if _is_label(match.group(1)):
            found = match
    if found is None:
        return None
    return found.group(1).strip(), found.start(1), found.start(1) + len(found.group(1).strip())


def _paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left == -1 else left + 2), (len(text) if right == -1 else right)


class OfflineJudge:
    """The rule-based judge (no model, no cost)."""

    identity = OFFLINE_JUDGE

    def judge(self, stored: StoredClaim, passages: Sequence[Passage], texts: Sources) -> Judgement:
        reference = [p for p in passages if p.reference]
        claim = stored.claim
        if not reference:
            return _nei("no reference passage (evidence source) matched the claim")
        if isinstance(claim, QuoteClaim):
            return _quote(claim, reference, texts)
        if isinstance(claim, DateClaim):
            return _date(claim, reference, texts)
        return _nei(f"the offline judge compares quotes and dates only, not {claim.kind} claims")


def _nei(why: str, evidence: Sequence[Cited] = ()) -> Judgement:
    return Judgement("not_enough_info", why, tuple(evidence))


def _decide(
    support: list[tuple[str, list[Cited]]], refute: list[tuple[str, list[Cited]]], none: str
) -> Judgement:
    if support and refute:
        why = f"{support[0][0]}; but {refute[0][0]}"
        return Judgement("conflicting", why, tuple(support[0][1] + refute[0][1]))
    if support:
        return Judgement("supported", support[0][0], tuple(support[0][1]))
    if refute:
        return Judgement("refuted", refute[0][0], tuple(refute[0][1]))
    return _nei(none)


def _quote(claim: QuoteClaim, reference: list[Passage], texts: Sources) -> Judgement:
    words = _WORD.findall(claim.quote)
    if len(words) < MIN_QUOTE_WORDS:
        return _nei(f"the quote is too short to recognise ({len(words)} words)")
    if not claim.speaker:
        return _nei("the claim names no speaker to compare")
    support: list[tuple[str, list[Cited]]] = []
    refute: list[tuple[str, list[Cited]]] = []
    seen: set[tuple[str, int]] = set()
    for passage in reference:
        local = ground(passage.text, claim.quote)
        if local is None:
            continue
        text = texts.text(passage.origin, passage.source_id)
        start, end = passage.start + local.start, passage.start + local.end
        if (passage.source_id, start) in seen:
            continue
        seen.add((passage.source_id, start))
        span = exact(passage.origin, passage.source_id, text, start, end)
        name = texts.meta(passage.origin, passage.source_id).get("label") or "the reference"
        # Only a label in the quote's own paragraph speaks it: a line such as "Read more:"
        # paragraphs earlier names no speaker.
        p_start, p_end = _paragraph_around(text, start, end)
        label = label_before(text, start, p_start)
        faithful = local.method in ("exact", "normalized", "elided") and not local.discrepancies
        if faithful and _inside_quotation(text, p_start, start):
            continue  # the words quoted by someone else ("you said ..."), not said by them
        if faithful:
            if label is not None:
                spoken_by, l_start, l_end = label
                said = exact(passage.origin, passage.source_id, text, l_start, l_end)
                if same_person(claim.speaker, spoken_by):
                    support.append((f"{name} has these words from {spoken_by}", [said, span]))
                else:
                    refute.append(
                        (
                            f"{name} gives these words to {spoken_by}, not {claim.speaker}",
                            [said, span],
                        )
                    )
                continue
            mention = _name_in(text, p_start, p_end, claim.speaker)
            if mention is not None:
                said = exact(passage.origin, passage.source_id, text, *mention)
                support.append(
                    (f"{name} has these words with {claim.speaker}'s name", [said, span])
                )
            continue
        if _changed(local) and label is not None and same_person(claim.speaker, label[0]):
            said = exact(passage.origin, passage.source_id, text, label[1], label[2])
            changed = ", ".join(local.discrepancies)
            refute.append(
                (
                    f"{name} has {label[0]} saying this with other words where the claim has "
                    f"{changed}",
                    [said, span],
                )
            )
    return _decide(
        support,
        refute,
        "the quote's words were not found, as spoken by its speaker, in a reference",
    )


# Typographic double quotes only: a closing single quote is also an apostrophe ("Xi’s").
_OPENING = "\u201c\u00ab"
_CLOSING = "\u201d\u00bb"


def _inside_quotation(text: str, paragraph_start: int, start: int) -> bool:
    """Whether ``start`` stands inside quotation marks opened earlier in its paragraph."""
    before = text[paragraph_start:start]
    typographic = sum(before.count(c) for c in _OPENING) - sum(before.count(c) for c in _CLOSING)
    return typographic > 0 or before.count('"') % 2 == 1


def _changed(found: Grounding) -> bool:
    """A close copy whose numbers or names differ: a misquote, not a paraphrase."""
    return found.method == "fuzzy" and bool(found.discrepancies)


def _name_in(text: str, start: int, end: int, speaker: str) -> tuple[int, int] | None:
    """Where a name of the speaker stands in ``text[start:end]``."""
    for name in sorted(_names(speaker), key=lambda n: (-len(n), n)):
        if len(name) < 3:
            continue
        match = re.search(rf"\b{re.escape(name)}\b", text[start:end], re.IGNORECASE)
        if match:
            return start + match.start(), start + match.end()
    return None


def _content(text: str) -> set[str]:
    return {
        _stem(w.lower())
        for w in _WORD.findall(text)
        if len(w) > 2 and w.lower() not in STOPWORDS and w.lower() not in _DATE_WORDS
    }


def _stem(word: str) -> str:
    return word[:6]


def date_relation(a: str | None, b: str | None) -> str | None:
    """``same`` when two normalised dates name the same day (month, year) at the same
    precision, ``differs`` when they disagree where both are known (an unknown year, XXXX, is
    skipped), else ``None``: one is vaguer, or there is nothing to compare."""
    if not a or not b:
        return None
    compared = 0
    for x, y in zip(a, b, strict=False):
        if x == "X" or y == "X" or not (x.isdigit() and y.isdigit()):
            continue
        compared += 1
        if x != y:
            return "differs"
    if compared < 2:
        return None
    return "same" if len(a) == len(b) else None


def _published(texts: Sources, passage: Passage) -> date | None:
    value = texts.meta(passage.origin, passage.source_id).get("published")
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _date(claim: DateClaim, reference: list[Passage], texts: Sources) -> Judgement:
    if not claim.date_value or not any(ch.isdigit() for ch in claim.date_value):
        return _nei("the claim's date has no value to compare")
    event = _content(claim.event)
    if not event:
        return _nei("the claim's event has no words to look for")
    people = [_names(p) for p in claim.participants]
    support: list[tuple[str, list[Cited]]] = []
    refute: list[tuple[str, list[Cited]]] = []
    for passage in reference:
        if passage.unit != "sentence":
            continue
        words = _content(passage.text)
        held = event & words
        if len(held) < max(EVENT_MIN_WORDS, EVENT_SHARE * min(len(event), len(words))):
            continue
        lowered = {w.lower() for w in _WORD.findall(passage.text)}
        if people and not any(p & lowered for p in people if p):
            continue
        mentions = [
            m for m in find_dates(passage.text, _published(texts, passage)) if m.type == "DATE"
        ]
        text = texts.text(passage.origin, passage.source_id)
        name = texts.meta(passage.origin, passage.source_id).get("label") or "the reference"
        sentence = exact(passage.origin, passage.source_id, text, passage.start, passage.end)
        relations = [date_relation(m.value, claim.date_value) for m in mentions]
        agreeing = [m for m, r in zip(mentions, relations, strict=True) if r == "same"]
        if agreeing and "differs" not in relations:  # another date in it: which is the event's?
            support.append((f"{name} reports the same event on {agreeing[0].text}", [sentence]))
            continue
        single = mentions[0] if len(mentions) == 1 else None
        if single is not None and date_relation(single.value, claim.date_value) == "differs":
            refute.append(
                (
                    f"{name} reports the same event on {single.text} "
                    f"({single.value}), not {claim.date_value}",
                    [sentence],
                )
            )
    return _decide(
        support, refute, "no reference sentence reports this event with a date to compare"
    )
