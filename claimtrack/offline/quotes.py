"""Direct quotes and who said them.

A quote is text between matching quotation marks (“…”, "…", and ‘…’ where the marks cannot be
apostrophes), possibly running across sentences. The speaker is found the way a reader finds
it: a reporting verb next to the quote ("…,” said Kishida; Kishida said: “…”), else a reporting
verb earlier in the same sentence ("where he declared he was “outraged…”"), with pronouns
resolved to the most salient person. Short quotes with no reporting verb nearby are scare
quotes ("a “military-political alliance”") and are not claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.offline.context import DocumentContext, sentence_at, short_name
from claimtrack.offline.names import Name
from claimtrack.records import QuoteClaim, Span

CUES = (
    r"(?:said|says|say|told|tells|tell|declared|declares|added|adds|stated|states|asked|asks"
    r"|explained|explains|noted|notes|wrote|writes|warned|warns|insisted|insists|argued|argues"
    r"|claimed|claims|announced|announces|replied|replies|responded|continued|recalled"
    r"|acknowledged|admitted|conceded|urged|stressed|emphasized|emphasised|observed|remarked"
    r"|complained|predicted|vowed|promised|tweeted|posted|commented|suggested|described"
    r"|called|cautioned|concluded|confirmed|denied|estimated|reported|testified|shouted"
    r"|yelled|whispered|joked|boasted|pointed\s+out|went\s+on|saying|adding|noting|arguing"
    r"|insisting|warning|explaining|calling|apologi[sz]ed|paid\s+tribute\s+to|praised|pledged"
    r"|quipped|demanded|recalling|telling)"
)
_PARTICIPLE = re.compile(
    r"^(?:saying|adding|noting|arguing|insisting|warning|explaining|calling"
    r"|recalling|telling)$"
)
_PRONOUN = r"(?:he|she|they|we|I|He|She|They|We|it|It)"
_NAME = r"(?:[A-Z][\w’'.\-]*(?:[ \t]+(?:of[ \t]+|the[ \t]+|and[ \t]+)?[A-Z][\w’'.\-]*)*)"
# A speaker as people write one: a name, a pronoun, or a description ("a spokesman for the
# ministry", "the company's chief executive, Jane Doe").
_WORDS = r"[\w’'\-]+(?:[ \t]+[\w’'\-]+){0,6}?"
_DESCRIPTION = rf"(?:(?:a|an|the|one|The|A|An)[ \t]+{_WORDS}(?=[ \t]*(?:[,.;:!?]|$|[ \t]{CUES})))"
_POSSESSED = rf"(?:{_NAME}[’']s[ \t]+[a-z][\w\-]*(?:[ \t]+[a-z][\w\-]*)?)"
_APPOSED = rf"{_NAME}(?:,[ \t]+[\w’'\- ]{{2,60}}?,)?"
_SPEAKER = rf"(?P<speaker>(?<![\w’'\-])(?:{_POSSESSED}|{_APPOSED}|{_PRONOUN}|{_DESCRIPTION}))"

_AFTER_VERB_FIRST = re.compile(rf"^[\s,.;:!?—–-]*(?P<cue>{CUES})[ \t]+{_SPEAKER}(?=[\s,.;:!?]|$)")
_AFTER_SPEAKER_FIRST = re.compile(rf"^[\s,.;:!?—–-]*{_SPEAKER}[ \t]+(?P<cue>{CUES})\b")
_BEFORE = re.compile(
    rf"{_SPEAKER}[ \t]+(?:(?:also|then|later|once|has|had|have|previously)[ \t]+)?"
    rf"(?P<cue>{CUES})(?:[ \t]+(?:that|reporters|journalists|him|her|them|us|me|the[ \t]+\w+))?"
    rf"[ \t]*[,:]?[ \t]*$"
)
_ACCORDING = re.compile(rf"(?P<cue>according[ \t]+to)[ \t]+{_SPEAKER}(?=[ \t]*(?:[,.;:!?]|$))")
_ANY_CUE = re.compile(rf"(?<![\w’']){CUES}(?![\w’'])")

_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "«": "»"}


@dataclass(frozen=True)
class QuoteMention:
    """The words inside one pair of quotation marks, ``[start, end)`` without the marks."""

    start: int
    end: int
    open_at: int
    close_at: int


def find_quotes(text: str) -> list[QuoteMention]:
    """Every quoted stretch of ``text``; an unclosed quote runs to the end of its paragraph."""
    quotes: list[QuoteMention] = []
    position = 0
    opener = re.compile(r"[“\"«]|(?<![\w’'])‘")
    while True:
        match = opener.search(text, position)
        if match is None:
            break
        mark = match.group(0)
        closing = _OPEN_CLOSE[mark]
        paragraph_end = text.find("\n\n", match.end())
        paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
        if closing == "’":
            close = re.compile(r"’(?![\w])").search(text, match.end(), paragraph_end)
            close_at = close.start() if close else -1
        else:
            close_at = text.find(closing, match.end(), paragraph_end)
        if close_at == -1:
            # Newswire style: a quote that runs on into the next paragraph has no closing mark
            # in this one. The quote is what this paragraph holds.
            close_at = paragraph_end
        start, end = match.end(), close_at
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            quotes.append(QuoteMention(start, end, match.start(), close_at))
        position = close_at + 1
    return quotes


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    how: str  # "adjacent", "sentence", "resolved", "none"


def _resolve(
    context: DocumentContext, start: int, end: int, cue: re.Match[str], how: str, offset: int
) -> Attribution:
    speaker = context.text[start:end].strip().rstrip(",")
    cue_span = (offset + cue.start("cue"), offset + cue.end("cue"))
    cue_text = context.text[cue_span[0] : cue_span[1]]
    if re.fullmatch(_PRONOUN + "|it|It", speaker):
        referent: Name | None = None
        if speaker.lower() in ("he", "she"):
            referent = context.person_for(start)
        elif speaker.lower() == "it":
            referent = context.thing_for(start)
        if referent is not None:
            return Attribution(
                short_name(referent), (referent.start, referent.end), cue_text, cue_span, "resolved"
            )
        return Attribution(speaker, (start, end), cue_text, cue_span, how)
    # "said Kishida, who..." / "the minister, Jane Doe," — keep the name part.
    return Attribution(speaker, (start, start + len(speaker)), cue_text, cue_span, how)


def attribute(context: DocumentContext, quote: QuoteMention) -> Attribution:
    """Who said the quote, with the spans of the speaker and the reporting verb."""
    text = context.text
    line_end = text.find("\n", quote.close_at)
    line_end = len(text) if line_end == -1 else line_end
    after_at = min(len(text), quote.close_at + 1)
    after = text[after_at : min(line_end, after_at + 120)]
    line_start = text.rfind("\n", 0, quote.open_at) + 1
    before_from = max(line_start, quote.open_at - 160)
    before = text[before_from : quote.open_at]
    # A reporting verb right after the quote, either way round, then right before it.
    for found, offset in (
        (_AFTER_VERB_FIRST.match(after), after_at),
        (_AFTER_SPEAKER_FIRST.match(after), after_at),
        (_BEFORE.search(before), before_from),
    ):
        if found:
            start, end = offset + found.start("speaker"), offset + found.end("speaker")
            return _resolve(context, start, end, found, "adjacent", offset)
    sentence = sentence_at(context, quote.start)
    if sentence is not None:
        according = _ACCORDING.search(text, sentence.start, sentence.end)
        if according:
            return _resolve(
                context,
                according.start("speaker"),
                according.end("speaker"),
                according,
                "sentence",
                0,
            )
        lead = text[sentence.start : quote.open_at]
        cues = list(_ANY_CUE.finditer(lead))
        if cues:
            cue = cues[-1]
            cue_match = re.match(rf"(?P<cue>{CUES})", lead[cue.start() :])
            assert cue_match is not None
            head = lead[: cue.start()]
            candidate = re.search(rf"{_SPEAKER}[ \t]+(?:\w+[ \t]+)?$", head)
            if candidate and not _PARTICIPLE.match(cue.group(0)):
                return _resolve(
                    context,
                    sentence.start + candidate.start("speaker"),
                    sentence.start + candidate.end("speaker"),
                    cue_match,
                    "sentence",
                    sentence.start + cue.start(),
                )
            subject = _sentence_subject(context, sentence.start, quote.open_at)
            if subject is not None:
                cue_span = (sentence.start + cue.start(), sentence.start + cue.end())
                return Attribution(
                    short_name(subject),
                    (subject.start, subject.end),
                    cue.group(0),
                    cue_span,
                    "sentence",
                )
    return Attribution(None, None, None, None, "none")


def _sentence_subject(context: DocumentContext, start: int, end: int) -> Name | None:
    """Who a sentence is about: its first person or organisation that is not a possessor, or
    the person its opening pronoun refers to."""
    for name in context.names_in(start, end):
        if name.kind in ("person", "organization") and not name.possessive:
            return name
    opening = re.match(r"\W*(?:\w+\W+){0,3}?(he|she|He|She)\b", context.text[start:end])
    if opening:
        return context.person_for(start + opening.start(1))
    return None


def quote_claims(context: DocumentContext) -> list[QuoteClaim]:
    """A claim for every quote that is more than a scare quote."""
    text = context.text
    claims: list[QuoteClaim] = []
    previous: tuple[QuoteMention, Attribution] | None = None
    for quote in find_quotes(text):
        words = text[quote.start : quote.end].split()
        attribution = attribute(context, quote)
        if (
            attribution.how == "none"
            and previous is not None
            and _continues(text, previous[0], quote)
        ):
            # A quote that runs on after its attribution ("…,” Davis said. “He's admitted it
            # now.”) is the same speaker's.
            attribution = Attribution(
                previous[1].speaker,
                previous[1].speaker_span,
                previous[1].cue,
                previous[1].cue_span,
                "continued",
            )
        if attribution.speaker is not None:
            previous = (quote, attribution)
        if attribution.cue is None and len(words) < 6:
            continue
        if len(words) < 2 and attribution.how != "adjacent":
            continue
        evidence = _evidence(context, quote, attribution)
        spans: dict[str, Span] = {
            "evidence": context.span(*evidence),
            "quote": context.span(quote.start, quote.end),
        }
        if attribution.speaker_span:
            spans["speaker"] = context.span(*attribution.speaker_span)
        if attribution.cue_span:
            spans["cue"] = context.span(*attribution.cue_span)
        words_quoted = text[quote.start : quote.end]
        if attribution.speaker:
            claim = f"{attribution.speaker} {attribution.cue or 'said'}: “{words_quoted}”"
        else:
            claim = f"Unattributed quote: “{words_quoted}”"
        confidence = {
            "adjacent": 0.9,
            "resolved": 0.75,
            "sentence": 0.7,
            "continued": 0.7,
            "none": 0.4,
        }
        claims.append(
            QuoteClaim(
                claim=claim,
                confidence=confidence[attribution.how],
                spans=spans,
                speaker=attribution.speaker,
                quote=words_quoted,
                cue=attribution.cue,
                direct=True,
            )
        )
    return claims


def _continues(text: str, earlier: QuoteMention, later: QuoteMention) -> bool:
    """Whether ``later`` carries on ``earlier``: close after it, with no other voice between."""
    gap = text[earlier.close_at + 1 : later.open_at]
    if len(gap) > 250 or gap.count("\n\n") > 1:
        return False
    return not re.search(r"\b(?:[A-Z][a-z]+\s+){1,3}(?:said|says|told)\b", gap.split(".")[-1])


def _evidence(
    context: DocumentContext, quote: QuoteMention, attribution: Attribution
) -> tuple[int, int]:
    """The sentences that hold the quote and, when close by, its attribution."""
    start = quote.open_at
    end = min(len(context.text), quote.close_at + 1)
    for sentence in context.sentences:
        if sentence.start <= start < sentence.end:
            start = sentence.start
        if sentence.start < end <= sentence.end:
            end = sentence.end
    for position in (attribution.cue_span, attribution.speaker_span):
        if position and abs(position[0] - quote.close_at) < 200 and position[1] > end:
            end = position[1]
    return start, end
