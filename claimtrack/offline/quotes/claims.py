"""Quote claims of one document: its quotes with their speakers, titles and scare quotes left
out, continued quotes given the speaker of the quote they continue."""

from __future__ import annotations

import re

from claimtrack.offline.context import DocumentContext, sentence_at
from claimtrack.offline.quotes.attribution import Attributor
from claimtrack.offline.quotes.spans import (
    _CONTINUED_MIN_WORDS,
    _UNATTRIBUTED_MIN_WORDS,
    QuoteMention,
    find_quotes,
)
from claimtrack.offline.quotes.speakers import Attribution
from claimtrack.records import QuoteClaim, Span

_TITLE_WORD = re.compile(r"[A-Za-z][\w’'\-]*")
# What introduces a title: "on “Meet the Press”", "ABC’s “This Week”", "the film “Trainwreck”".
_TITLE_BEFORE = re.compile(
    r"(?:(?<![\w’'])(?:on|in|at|with|to|from|of|for|by|about|titled|entitled|called|named|dubbed"
    r"|show|program|programme|series|film|movie|book|novel|memoir|song|album|magazine|column"
    r"|podcast|documentary|play|musical|episode|segment|newspaper"
    # "identified only as “P Doe”", "his event, “Storm the Castle”": a name, not words said.
    r"|(?:identified|known|listed)(?:\s+only)?\s+as|event\s*,)"
    r"|[’']s?|[”\"]\s*(?:,|and|or))\s*$"
)
# One word with digits in it: a code or a name ("COVID-19", "2019-nCoV"), not words said.
_CODE = re.compile(r"(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[\w\-]+[.,]?")


def _is_title(text: str, quote: QuoteMention, attributed: bool, sentence: str) -> bool:
    """A title ("Meet the Press", "Saturday Night Live") rather than words someone said: a few
    words, every word of four letters or more capitalised, in a sentence that is not itself
    written in title case (a headline quotes in title case too), and either introduced as a
    title ("on", "ABC’s", "the film", or right after another title) or with no one said to have
    said them and no punctuation of speech (“Go back to Univision,” he said)."""
    words = text[quote.start : quote.end]
    tokens = _TITLE_WORD.findall(words)
    long_words = [t for t in tokens if len(t) >= 4]
    if not tokens or len(tokens) > 8 or not long_words or not tokens[0][:1].isupper():
        return False
    if not all(t[:1].isupper() for t in long_words):
        return False
    outside = [t for t in _TITLE_WORD.findall(sentence.replace(words, " ")) if len(t) >= 4]
    if outside and sum(t[:1].isupper() for t in outside) >= 0.6 * len(outside):
        return False
    if _TITLE_BEFORE.search(text, max(0, quote.open_at - 40), quote.open_at):
        return True
    spoken = words.rstrip("”\"’' ").endswith((",", ".", "!", "?"))
    return not attributed and not spoken


def quote_claims(context: DocumentContext) -> list[QuoteClaim]:
    """A claim for every quote that is more than a scare quote or a title."""
    text = context.text
    quotes = find_quotes(text)
    attributor = Attributor(context, quotes)
    attributions = [attributor.attribute(quote) for quote in quotes]
    _carry_over(text, quotes, attributions)
    claims: list[QuoteClaim] = []
    seen: set[str] = set()
    for quote, attribution in zip(quotes, attributions, strict=True):
        words_quoted = text[quote.start : quote.end]
        words = words_quoted.split()
        sentence = sentence_at(context, quote.start)
        sentence_text = sentence.text(text) if sentence is not None else words_quoted
        if attribution.speaker is None and len(words) < _UNATTRIBUTED_MIN_WORDS:
            continue
        if _is_title(text, quote, attribution.speaker is not None, sentence_text):
            continue
        if _CODE.fullmatch(words_quoted.strip()):
            continue
        if attribution.speaker:
            claim = f"{attribution.speaker} {attribution.cue or 'said'}: “{words_quoted}”"
        else:
            claim = f"Unattributed quote: “{words_quoted}”"
        if claim in seen:
            continue  # the same words from the same speaker again: one claim, not two alike
        seen.add(claim)
        spans: dict[str, Span] = {
            "evidence": context.span(*_evidence(context, quote, attribution)),
            "quote": context.span(quote.start, quote.end),
        }
        if attribution.speaker_span:
            spans["speaker"] = context.span(*attribution.speaker_span)
        if attribution.cue_span:
            spans["cue"] = context.span(*attribution.cue_span)
        claims.append(
            QuoteClaim(
                claim=claim,
                confidence=_CONFIDENCE[attribution.how],
                spans=spans,
                speaker=attribution.speaker,
                quote=words_quoted,
                cue=attribution.cue,
                direct=True,
            )
        )
    return claims


_CONFIDENCE = {
    "adjacent": 0.9,
    "resolved": 0.75,
    "sentence": 0.7,
    "colon": 0.7,
    "continued": 0.7,
    "none": 0.4,
}


def _carry_over(text: str, quotes: list[QuoteMention], found: list[Attribution]) -> None:
    """Give unattributed quotes the speaker of the quote they continue (in place).

    The paragraphs of one quote share a speaker, wherever its attribution stands; a quote that
    opens a sentence right after an attributed one, with no other voice between, is the same
    speaker's ("…,” Davis said. “He has admitted it now.”).
    """
    # The paragraphs of a quote of several paragraphs: an unclosed quote and the quotes that
    # open the paragraphs after it.
    chains: list[list[int]] = []
    for index, quote in enumerate(quotes):
        if (
            chains
            and index > 0
            and not quotes[index - 1].closed
            and chains[-1][-1] == index - 1
            and not text[quotes[index - 1].close_at : quote.open_at].strip()
        ):
            chains[-1].append(index)
        else:
            chains.append([index])
    for chain in chains:
        known = next((found[i] for i in chain if found[i].speaker is not None), None)
        if known is None:
            continue
        for i in chain:
            if found[i].speaker is None and _speech_length(text, quotes[i]):
                found[i] = _continued(known)
    for index in range(1, len(quotes)):
        if found[index].speaker is not None or found[index - 1].speaker is None:
            continue
        if not _speech_length(text, quotes[index]):
            continue
        if _continues(text, quotes[index - 1], quotes[index]) or _split(
            text, quotes[index - 1], quotes[index], found[index - 1]
        ):
            found[index] = _continued(found[index - 1])


def _speech_length(text: str, quote: QuoteMention) -> bool:
    """Long enough to carry on someone's speech: not a one- or two-word label ("Related:")."""
    return len(text[quote.start : quote.end].split()) >= _CONTINUED_MIN_WORDS


def _continued(attribution: Attribution) -> Attribution:
    return Attribution(
        attribution.speaker,
        attribution.speaker_span,
        attribution.cue,
        attribution.cue_span,
        "continued",
    )


def _split(text: str, earlier: QuoteMention, later: QuoteMention, said: Attribution) -> bool:
    """Whether ``later`` is the second half of a quote split by its attribution: nothing but
    the earlier quote's speaker and verb stands between them ("“We stand ready” tweeted Doe
    “to help”")."""
    low, high = earlier.close_at + 1, later.open_at
    if said.speaker_span is None or said.cue_span is None:
        return False
    spans = sorted((said.speaker_span, said.cue_span))
    if spans[0][0] < low or spans[1][1] > high or high - low > 120:
        return False
    rest = text[low : spans[0][0]] + text[spans[0][1] : spans[1][0]] + text[spans[1][1] : high]
    # What is left may be the speaker's title ("tweeted Mayor Doe").
    return re.fullmatch(r"[\s,:;—–-]*(?:[A-Z][\w.’'\-]*\s*)*[\s,:;—–-]*", rest) is not None


def _continues(text: str, earlier: QuoteMention, later: QuoteMention) -> bool:
    """Whether ``later`` carries on ``earlier``: it opens a sentence close after it, with no
    other voice between (another name before a reporting verb, another quote)."""
    gap = text[earlier.close_at + 1 : later.open_at]
    if len(gap) > 250 or gap.count("\n\n") > 1 or gap.count("\n") > 2:
        return False
    if not re.search(r"(?:^|[.!?,:;]\s*|\n\s*)$", gap.rstrip(" ")) and gap.strip():
        return False  # a quote inside a sentence of its own ("the label “foreign agents”")
    return not re.search(r"\b(?:[A-Z][a-z]+\s+){1,3}(?:said|says|told)\b", gap.split(".")[-1])


def _evidence(
    context: DocumentContext, quote: QuoteMention, attribution: Attribution
) -> tuple[int, int]:
    """The sentences that hold the quote and, when close by, its attribution."""
    start = quote.open_at
    end = min(len(context.text), quote.close_at + 1)
    first = sentence_at(context, start)
    if first is not None:
        start = first.start
    last = sentence_at(context, end - 1)
    if last is not None and last.end > end:
        end = last.end
    for position in (attribution.cue_span, attribution.speaker_span):
        if position and abs(position[0] - quote.close_at) < 200 and position[1] > end:
            end = position[1]
    return start, end
