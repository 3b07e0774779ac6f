"""Dated events and numeric statements: the sentence-level claims.

A dated event is a sentence with a date expression that points at a time (not "now" or
"recently"); its event is the clause around the date. A statement is a sentence that carries a
number, a share, an amount or an ordinal ("the first visit... since World War II") that someone
could check, and that no other claim of the same sentence already covers.
"""

from __future__ import annotations

import re

from claimtrack.dates import DateMention
from claimtrack.offline.context import DocumentContext, short_name
from claimtrack.records import DateClaim, Span, StatementClaim
from claimtrack.segment import Segment

_CLAUSE_BREAK = re.compile(r"\s+[—–]\s+|;\s+|,\s+(?=(?:and|but|while|which|where|who)\b)")
_QUANTITY = re.compile(
    r"(?:[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m))?"
    r"|\b\d[\d,.]*\s?(?:%|percent|per\s+cent)"
    r"|\b\d[\d,.]*(?:\s+(?:million|billion|trillion|thousand|hundred))?"
    r"(?:\s+(?!have|has|had|are|were|was|is|and|or|to|in|of)[a-z]+)?"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?"
    r"|multiple|several)\s+(?:of\s+)?[a-z]+(?:\s+(?!have|has|had|are|were|was|is|why|that|who)[a-z]+)?"
    r"|\b(?:first|second|third|last|only)\s+(?:[a-z]+\s+){0,3}(?:since|in|to|of)\b)"
)
_GENERIC_DATES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def _clause(body: str, date_start: int, date_end: int) -> tuple[int, int]:
    """``[start, end)`` in ``body`` of the clause that holds the date."""
    start, end = 0, len(body)
    for match in _CLAUSE_BREAK.finditer(body):
        if match.end() <= date_start:
            start = match.end()
        elif match.start() >= date_end:
            end = match.start()
            break
    return start, end


def _is_dated(mention: DateMention) -> bool:
    return mention.value not in _GENERIC_DATES and mention.type in ("DATE", "TIME")


def date_claims(context: DocumentContext) -> list[DateClaim]:
    text = context.text
    claims: list[DateClaim] = []
    for sentence in context.sentences:
        if not context.is_prose(sentence):
            continue
        body = sentence.text(text)
        claim_text = context.standalone(sentence)
        for mention in context.dates_in(sentence.start, sentence.end):
            if not _is_dated(mention):
                continue
            c_start, c_end = _clause(
                body, mention.start - sentence.start, mention.end - sentence.start
            )
            event = body[c_start:c_end].strip(" ,.")
            spans: dict[str, Span] = {
                "evidence": context.span(sentence.start, sentence.end),
                "date": context.span(mention.start, mention.end),
            }
            participants: list[str] = []
            for name in context.names_in(sentence.start, sentence.end):
                value = short_name(name)
                if value not in participants and name.kind != "other":
                    spans[f"participant:{len(participants)}"] = context.span(name.start, name.end)
                    participants.append(value)
            claims.append(
                DateClaim(
                    claim=claim_text,
                    confidence=0.85 if mention.resolved else 0.65,
                    spans=spans,
                    event=event,
                    participants=participants,
                    date_text=mention.text,
                    date_value=mention.value,
                    date_resolved=mention.resolved,
                    date_relative=mention.relative,
                )
            )
    return claims


def statement_claims(context: DocumentContext, covered: set[int]) -> list[StatementClaim]:
    """Sentences with checkable quantities; ``covered`` holds sentence starts already claimed."""
    text = context.text
    claims: list[StatementClaim] = []
    for sentence in context.sentences:
        if sentence.start in covered or not context.is_prose(sentence):
            continue
        body = sentence.text(text)
        date_spans = [
            (d.start - sentence.start, d.end - sentence.start)
            for d in context.dates_in(sentence.start, sentence.end)
        ]
        quantities = [
            m
            for m in _QUANTITY.finditer(body)
            if not any(s < m.end() and m.start() < e for s, e in date_spans)
        ]
        if not quantities:
            continue
        spans: dict[str, Span] = {"evidence": context.span(sentence.start, sentence.end)}
        values: list[str] = []
        for match in quantities:
            spans[f"quantity:{len(values)}"] = context.span(
                sentence.start + match.start(), sentence.start + match.end()
            )
            values.append(match.group(0))
        subject = _subject(context, sentence)
        if subject is not None:
            spans["subject"] = context.span(subject[1], subject[2])
        claims.append(
            StatementClaim(
                claim=context.standalone(sentence),
                confidence=0.6,
                spans=spans,
                subject=subject[0] if subject else None,
                quantities=values,
            )
        )
    return claims


def _subject(context: DocumentContext, sentence: Segment) -> tuple[str, int, int] | None:
    names = [n for n in context.names_in(sentence.start, sentence.end) if n.kind != "other"]
    if not names:
        return None
    first = names[0]
    return short_name(first), first.start, first.end
