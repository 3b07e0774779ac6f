"""Dated events and checkable statements: the sentence-level claims.

A dated event is a sentence (or a headline) with a date expression that points at a time (not
"now" or "recently"); its event is the clause around the date. When a sentence holds several
dates, each claim says its own: the sentence up to the end of the clause that holds the date
("Vigo County has only miscalculated twice since 1888"), and when two dates share one clause
("between Oct. 30 and Nov. 9"), the claim is led by its date ("Nov. 9: The poll was conducted
between Oct. 30 and Nov. 9."). One day named twice in a clause ("Thursday ... Thursday's
meeting") is one claim. An event a sentence dates by another one ("just hours after Xi raised a
glass") is a dated event of its own, on the other event's date.

A statement is a sentence that someone could check: it carries a number, a share, an amount
or a ranking ("the first visit by a Japanese prime minister ... since World War II"), or it
says something measurable about named countries or organisations (trade, imports, prices,
sanctions...), and no other claim of the same sentence already covers it. Opinions are not
statements: a sentence whose words judge ("a remarkable series of events", "a big deal",
"several reasons why"), speculate or speak for the writer ("we must", "seems") is left out, and
so is one that judges in any words and holds no hard anchor, no figure and no reported source
("their collective performance in Iowa was dismal at best": `claimtrack.offline.opinions`).
And whatever its words, a statement needs a hard anchor of its own in its main clause — a
figure, a reported source, a named actor's act, a named party's status ("The win is a boost
for anti-Trump forces as they try to stop him from reaching the 1,237 delegates" has none:
`claimtrack.offline.anchors`). Last, a small learned model weighs many weak signs of a verdict
in what the gate keeps ("Mr. Trump has paid no political price":
`claimtrack.offline.opinion_model`).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, timedelta

from claimtrack.dates import DateMention
from claimtrack.offline.anchors import anchor_strength
from claimtrack.offline.context import DocumentContext, sentence_at, short_name
from claimtrack.offline.names import Name, is_country
from claimtrack.offline.opinion_model import is_likely_opinion
from claimtrack.offline.opinions import is_unanchored_judgement
from claimtrack.records import DateClaim, Span, StatementClaim
from claimtrack.regex_shape import quick
from claimtrack.segment import Segment

_CLAUSE_BREAK = re.compile(
    r"\s+[—–]\s+|;\s+|,\s+(?=(?:and|but|while|which|where|who)\b)"
    r"|\s+(?=(?:and|but)\s+(?:had|has|have|was|were|is|are|will|would|did|then|also|later)\b)"
)
# A word that makes a clause a statement: the prefix of a sentence cut at a clause end must
# hold one ("Following Polk's victory in 1844" is no claim).
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|did|does|do|will|would|could|can|said|says|told"
    r"|[a-z]{2,}(?:ed|es)|[a-z]{3,}s(?<!ss))\b"
)
_GENERIC_DATES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")

# --- statements --------------------------------------------------------------------------

_SCALE = r"(?:million|billion|trillion|thousand|hundred|bn|m|k)\b"
_UNIT_WORDS = (
    r"(?:percent|per\s+cent|percentage\s+points?|points?|degrees?|miles?|kilometers?|km|meters?"
    r"|feet|tons?|tonnes?|barrels?|votes?|delegates?|seats?|people|persons|men|women|children"
    r"|troops|soldiers|deaths|dead|killed|victims|workers|jobs|employees|members|states"
    r"|countries|cities|years?|months?|weeks?|days?|hours?|minutes?|times|cents?|dollars?"
    r"|euros?|pounds?|yen|yuan|rubles?|shares?|acres?|units|cases|patients|students"
    r"|households|homes|visits?|missiles?|rockets?|weapons|warheads|aircraft|planes|ships"
    r"|vessels|cars|vehicles|companies|firms|banks|facilities|plants|stores|schools|hospitals"
    r"|counties|districts|nations|leaders|candidates|voters|residents|citizens|immigrants"
    r"|refugees|migrants)"
)
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|hundreds|thousands|millions|billions|dozens|a\s+dozen"
    r"|a\s+hundred|a\s+thousand|a\s+million|a\s+billion)"
)
# Superlatives of size and rank, which a record can confirm ("worst", "best" and "most ..."
# judge more often than they measure).
_SUPERLATIVE = (
    r"(?:largest|biggest|highest|lowest|smallest|richest|poorest|oldest|youngest|longest"
    r"|deadliest|fastest|slowest|tallest)"
)
# A quantity is a number with what it counts: "$6 billion", "16.9 percent", "2,383 delegates",
# "five states", "a third of", "the world's two biggest polluters", "the first visit ... since
# World War II". A bare number counts when nothing it could count follows ("killing 10,000").
_QUANTITY = re.compile(
    rf"(?:(?:\b[A-Z]{{1,2}})?[$€£¥]\s?{_NUMBER}(?:\s?{_SCALE})?"
    rf"|\b{_NUMBER}\s?(?:%|(?:{_SCALE}\s*)?{_UNIT_WORDS}\b|{_SCALE})"
    rf"|\b{_NUMBER}(?![\d,.]*-year-old)(?:\s+(?!(?:a|an|the|to|of|in|on|and|or|at|by|for|from"
    rf"|with|is|are|was|were|has|have|had|said|says|that|which|who|percent|as|than|but|while"
    rf"|after|before|when|since|until|during|into|over|under|per)\b)[a-z][a-z-]*\b(?<!ly))?"
    rf"|\b{_NUMBER_WORD}\s+(?:of\s+)?(?:[a-z]+\s+)?(?:{_UNIT_WORDS}|[a-z]{{3,}}s)\b"
    rf"|\b(?:a|one|two)[ -](?:third|quarter|half|fifth|tenth)s?\s+of\b|\bhalf\s+of\b"
    rf"|\b(?:two|three)-(?:thirds|quarters)\b|\bthe\s+majority\s+of\b"
    rf"|(?:\bthe\s+|['’]s\s+)(?:(?:two|three|four|five)\s+)?{_SUPERLATIVE}\s+[a-z][a-z-]+"
    rf"|\b(?:first|second|third|last|only)\s+(?:[\w’'-]+\s+){{0,12}}?(?:since(?:\s+(?!(?:and"
    rf"|but|when|while|because|then)\b)[\w’'-]+){{1,4}}|ever\b|in\s+(?:history|decades"
    rf"|a\s+generation|\d{{4}})\b)|\bthe\s+first\s+of\s+its\s+(?:kind|nature))",
    re.IGNORECASE,
)
# A measurable relation between named parties, with no number: "oil imports at a significant
# discount", "sanctions on Russia", "trade with Russia", "the Senate passed the bill".
_MEASURABLE = re.compile(
    r"(?<![\w-])(?:imports?|exports?|imported|exported|trade|traded|trading|discount(?:ed)?"
    r"|tariffs?|sanctions?|sanctioned|prices?|budget|deficit|surplus|debt|loans?|aid"
    r"|invest(?:ed|ment)|sales|sold|bought|purchases?|production|output|growth|inflation"
    r"|unemployment|gdp|invaded|invasion|annexed|occupied|launched|fired|tested|deployed"
    r"|arrested|convicted|sentenced|charged|indicted|elected|appointed|resigned|killed|died"
    r"|won|lost|banned|approved|ratified|vetoed|passed|forecast|predicted|imposed|slash\w*"
    r"|rais(?:ed|es)|cut)(?![\w-])",
    re.IGNORECASE,
)
# Words that judge, hedge or speak for the writer. One of the strong ones, or two of the
# others, make a sentence an opinion; a sentence with a sum or a share needs a strong one.
# Both lists below open with a look for a letter: every word in them starts with one, and with
# it the regex engine skips the spaces and digits before trying each of the words (about a third
# less time on news); what they match is the same.
_OPINION_STRONG = re.compile(
    r"(?=[^\W\d_])"
    r"\b(?:remarkable|striking|big\s+deal|reasons?\s+why|we\s+must|we\s+don[’']t\s+know"
    r"|should\s+(?!be\s+(?:in\s+place|completed|paid|made)\b)\w+|would\s+(?:certainly|indeed|surely)"
    r"|(?:viewed|seen|perceived|regarded)\s+as|too\s+(?:many|much|few|little)|no\s+one\s+expected"
    r"|potentially|needs\s+to|stunning|fraudulent|racist|excellent|infamous|existential\s+threat"
    r"|would\s+do\s+well|can\s+easily|(?:will|would)\s+(?:almost\s+)?(?:certainly|likely|probably)"
    r"|sheds\s+light|possibilities\s+and\s+risks|mark(?:ed|s)?\s+a\s+\w+\s+(?:series|turning)"
    r"|seems?\s+to|it\s+is\s+a\s+sign|i\s+think|in\s+my\s+view|should\s+be|needs?\s+to\s+be"
    r"|ought\s+to|shameful|disgrace\w*|outrageous|absurd|ridiculous|a\s+sign\s+that"
    r"|(?:loves?|hates?|enjoys?)\s+(?:the|his|her|their|its|a)\b"
    # The writer's explanation, hope or characterisation.
    r"|that['’]s\s+why|this\s+is\s+why|the\s+implication|hopefully|crystall?i[sz]\w*"
    r"|(?:present|portray|cast)(?:s|ed|ing)?\s+(?:himself|herself|themselves|itself)\s+as"
    r"|it['’]s\s+always|holds?\s+(?:obvious|broad|wide|little)\s+appeal)",
    re.IGNORECASE,
)
_OPINION_WEAK = re.compile(
    r"(?=[^\W\d_])"
    r"\b(?:important(?:ly)?|significant(?:ly)?(?!\s+discount)|bold|badly|ambitious|belligerent"
    r"|desperate|embattled|appears?\s+to|might|may|could|perhaps|probably|likely|arguably"
    r"|surely|clearly|obviously|must|should|deserves?|wonderful|terrible|great|brilliant"
    r"|stupid|failed|successful|highlight\w*|very|extremely|incredibly|simply|merely"
    r"|portray\w*|characteriz\w*|seen\s+as|considered|believe[sd]?|thinks?|feels?|hopes?"
    r"|truly|me|my|we|us|our"
    # Generalisations and the writer's reading of events.
    r"|always|often|obvious|reflects?|argues?|the\s+kind\s+of|bearish|bullish|vicious\w*"
    r")\b|\bI\b",
    re.IGNORECASE,
)
# A generalisation ("Opposition parties typically have a better hand after eight years")
# states no particular fact, unless it carries a sum or a share or someone is reported.
_GENERALISATION = re.compile(
    r"\b(?:typically|generally|usually|tends?\s+to|in\s+general|plenty\s+of|as\s+a\s+rule)\b",
    re.IGNORECASE,
)
# A sentence told in the first person (an op-ed's "I know", "We got married") is the writer's
# own account, and one that opens with a command ("Check out the trailer") addresses the
# reader: neither is a statement a reader could check.
_FIRST_PERSON = re.compile(
    r"^\W*(?:(?:I|We|My|Our|Lest\s+you|Let['’]s|Don['’]t)\b|(?:Check|Watch|See|Read|Click|Look|Consider"
    r"|Imagine|Remember|Note|Save|Pay|Take|Draw|Keep|Make|Get|Try|Use|Ask|Call|Find|Give|Put"
    r"|Start|Stop|Think|Tell|Avoid|Buy|Sell|Borrow|Spend|Invest|Choose|Pick|Join|Visit|Follow"
    r"|Sign|Share|Learn)\s+(?:out\b|up\b|on\b|at\b|a\b|an\b|the\b|your\b|another\b|this\b"
    r"|that\b|it\b|more\b|[a-z]+\s+of\b))"
)
# A sentence addressed to the reader ("you'd need to put aside $115 a month") gives advice.
_SECOND_PERSON = re.compile(r"\b(?:you|your|you['’](?:d|ll|re|ve))\b", re.IGNORECASE)
# A question, an exclamation, a sentence that opens a quotation (a quote claim's business) or
# carries markup is no statement.
_NOT_A_STATEMENT = re.compile(r"[?!][\"”’']*\s*$|^\s*(?:[“\"‘]|'')|<\w+[^>]*>")
# Speculation and prescription: a sentence that says what could, may or should happen states
# no fact yet (unless it reports a sum or a share: "could take $5 billion" is a forecast's
# figure someone published).
_SPECULATIVE = re.compile(
    r"\b(?:(?:could|might|may)\s+(?:not\s+)?(?:have\s+)?[a-z]+|should|won[’']t"
    r"|would\s+(?:certainly|indeed|surely|likely|probably))\b"
)
# "if ... would" that no one is reported to have said is the writer's conjecture ("even if
# Trump lost every other swing state, turning the Rust Belt red would be enough").
_CONDITIONAL = re.compile(r"(?i:\bif\b.*\bwould\b|\bwould\b.*\bif\b)", re.DOTALL)
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|according|announced|promised|pledged|vowed|warned"
    r"|predicted|argued|claimed|insisted|added|noted|wrote|asked|stated|declared|indicated"
    r"|estimated|projected|expects?|expected|agreed|decided|ruled|reported|confirmed)\b"
)
_LIST_MARKER = re.compile(r"\W*(\d{1,2})[).]\s")
_MONEY_OR_SHARE = re.compile(r"[$€£¥%]|\bper\s*cent|\bpercent")
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
_HARD_FIGURE = re.compile(r"[$€£¥%]|\b\d[\d,.]*\s*(?:percent|million|billion|trillion)\b")


_NAME_WORDS_BETWEEN = re.compile(r"[ \t]+(?:[A-Z][\w.]*[ \t]+){1,2}")


class _Clauses:
    """The clauses of one sentence, found once; the clause around any stretch of it by
    bisection (a long run-on "sentence" with many dates stays linear)."""

    def __init__(self, body: str) -> None:
        self.length = len(body)
        breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(body)]
        self.starts = [start for start, _ in breaks]
        self.ends = [end for _, end in breaks]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of the clause that holds ``[start, end)``."""
        before = bisect_right(self.ends, start)
        after = bisect_left(self.starts, end)
        return (
            self.ends[before - 1] if before else 0,
            self.starts[after] if after < len(self.starts) else self.length,
        )


def _is_dated(mention: DateMention) -> bool:
    return mention.value not in _GENERIC_DATES and mention.type in ("DATE", "TIME")


_PRONOUN_SENTENCE = re.compile(r"(?:He|She|They|We|It|I)\s+[a-z]{3,}\s+[^\n]*\w[^\n]*[.!]")


def _can_hold_dates(context: DocumentContext, sentence: Segment) -> bool:
    """A sentence, or a headline or a short line that says something beside its dates
    ("Cruz channeling strategy he used in 2012;"): not a bare dateline or a navigation line."""
    if context.is_prose(sentence):
        return True
    body = sentence.text(context.text)
    if _PRONOUN_SENTENCE.fullmatch(body):
        return True  # "He retired in 2016.": short, but a sentence with its subject and verb
    words = _WORD.findall(body)
    if len(words) < 3:
        return False
    pieces, position = [], 0
    for mention in context.dates_in(sentence.start, sentence.end):
        pieces.append(body[position : mention.start - sentence.start])
        position = mention.end - sentence.start
    pieces.append(body[position:])
    return len([w for w in _WORD.findall(" ".join(pieces)) if len(w) > 2]) >= 2


def _distinct(
    clauses: _Clauses, offset: int, mentions: list[DateMention], body: str
) -> list[DateMention]:
    """One mention a day in a clause: "Thursday ... Thursday's meeting", "in 1988 ... that
    year" are one date; the more explicit expression of the two is kept. The same day in two
    clauses is two events, and a day written as two expressions side by side ("Friday,
    March 22", or with only a name's capitalised words between: "the Nov. 23 U.S.
    Thanksgiving holiday") is two expressions, as TimeML counts them."""
    kept: list[DateMention] = []
    where: dict[tuple[tuple[int, int], str], int] = {}
    for mention in mentions:
        key = (clauses.around(mention.start - offset, mention.end - offset), mention.value or "")
        same = where.get(key) if mention.value else None
        if same is not None and (
            kept[same].end + 2 >= mention.start
            or _NAME_WORDS_BETWEEN.fullmatch(body, kept[same].end - offset, mention.start - offset)
        ):
            same = None  # "Friday, March 22": one day written twice, as two expressions
        if same is None:
            where[key] = len(kept)
            kept.append(mention)
        elif kept[same].relative and not mention.relative:
            kept[same] = mention
    return kept


def _dates_starting_in(context: DocumentContext, sentence: Segment) -> list[DateMention]:
    """The date mentions that begin in the sentence, including one the sentence splitter cut
    in two ("at 10 p.m. | Wednesday")."""
    first = bisect_left(context.dates, sentence.start, key=lambda d: d.start)
    last = bisect_left(context.dates, sentence.end, key=lambda d: d.start)
    return context.dates[first:last]


def claim_text(context: DocumentContext, sentence: Segment, end: int | None = None) -> str:
    """The sentence (up to ``end``) made to stand alone: pronouns replaced by who they are."""
    if end is not None and end < sentence.end:
        piece = Segment(sentence.start, end, sentence.paragraph)
        text = context.standalone(piece).rstrip(" ,;:—–-")
        if text and text[-1] not in '.!?”"’':
            text += "."
        return resolve_they(context, sentence, text)
    return resolve_they(context, sentence, context.standalone(sentence))


_THEY = re.compile(r"(?<![\w’'])(they|They)(?![\w’'])")
_QUOTE_CHARS = re.compile(r"[“”\"]")


def resolve_they(
    context: DocumentContext,
    sentence: Segment,
    text: str,
    parties: list[str] | None = None,
) -> str:
    """Replace the first "they" of a claim by the two parties it stands for, when the text
    says who: the parties of an agreement, or the two people (or countries) the sentence
    before names or coordinates ("Xi and Putin").

    A "they" inside a quotation is left as written.
    """
    match = _THEY.search(text)
    if match is None or len(_QUOTE_CHARS.findall(text[: match.start()])) % 2:
        return text
    who = parties if parties and len(parties) == 2 else _pair_before(context, sentence)
    if not who or any(name in text[: match.start()] for name in who):
        return text
    replacement = " and ".join(who)
    return text[: match.start()] + replacement + text[match.end() :]


def _pair_before(context: DocumentContext, sentence: Segment) -> list[str] | None:
    """The two people — or else two countries — named in the sentence before (same paragraph),
    or coordinated in it ("Xi and Putin")."""
    index = context.index_of(sentence)
    if index == 0:
        return None
    previous = context.sentences[index - 1]
    if previous.paragraph != sentence.paragraph:
        return None
    for kind in ("person", "place"):
        found: list[str] = []
        for name in context.names_in(previous.start, previous.end):
            if name.kind != kind or (kind == "place" and not is_country(name.text)):
                continue
            value = short_name(name) if kind == "person" else name.text
            if value not in found:
                found.append(value)
        if len(found) == 2:
            return found
    return None


def _date_texts(
    context: DocumentContext, sentence: Segment, clauses: _Clauses, mentions: list[DateMention]
) -> list[str]:
    """Each dated mention's claim: the whole sentence when it has one date; with several,
    the sentence up to the end of the date's clause, led by the date when that is still
    shared."""
    whole = claim_text(context, sentence)
    if len(mentions) == 1:
        return [whole]
    body = sentence.text(context.text)
    content_end = len(body.rstrip(' .!?"”’'))
    cut_texts: dict[int, str] = {}
    texts = []
    for mention in mentions:
        _, c_end = clauses.around(mention.start - sentence.start, mention.end - sentence.start)
        if c_end < content_end and len(body) <= _LONGEST_CUT and _FINITE.search(body, 0, c_end):
            if c_end not in cut_texts:
                cut_texts[c_end] = claim_text(context, sentence, sentence.start + c_end)
            texts.append(cut_texts[c_end])
        else:
            texts.append(whole)
    counts = Counter(texts)
    return [
        lead(_label(mention), text) if counts[text] > 1 else text
        for mention, text in zip(mentions, texts, strict=True)
    ]


def _label(mention: DateMention) -> str:
    """What a claim led by its date is led by: the date as written, or for the bare second
    day of "July 8 and 9", the month with it ("July 9")."""
    day = re.fullmatch(r"\d{4}-(\d\d)-(\d\d)", mention.value or "")
    if day is None or not mention.text.strip().rstrip("dhnrst").isdigit():
        return mention.text
    return f"{calendar.month_name[int(day.group(1))]} {int(day.group(2))}"


_LONGEST_CUT = 3000  # a "sentence" longer than this is no sentence: it is not cut in clauses


def lead(label: str, text: str) -> str:
    """``text`` led by what it is about: "Nov. 9: The poll was conducted..."."""
    label = label.strip()
    return f"{label[:1].upper()}{label[1:]}: {text}"


def date_claims(context: DocumentContext) -> list[DateClaim]:
    text = context.text
    claims: list[DateClaim] = []
    for sentence in context.sentences:
        # (its dates first: most sentences have none, and they are found by bisection)
        mentions = [m for m in _dates_starting_in(context, sentence) if _is_dated(m)]
        if not mentions or not _can_hold_dates(context, sentence):
            continue
        if mentions[-1].end > sentence.end:  # a sentence cut inside a date: take the rest
            following = sentence_at(context, mentions[-1].end - 1)
            end = following.end if following is not None else mentions[-1].end
            sentence = Segment(sentence.start, max(end, sentence.end), sentence.paragraph)
        body = sentence.text(text)
        clauses = _Clauses(body)
        mentions = _distinct(clauses, sentence.start, mentions, body)
        names = [n for n in context.names_in(sentence.start, sentence.end) if n.kind != "other"]
        texts = _date_texts(context, sentence, clauses, mentions)
        for mention, claim in zip(mentions, texts, strict=True):
            c_start, c_end = clauses.around(
                mention.start - sentence.start, mention.end - sentence.start
            )
            event = body[c_start:c_end].strip(" ,.;:") or body.strip()
            spans: dict[str, Span] = {
                "evidence": context.span(sentence.start, sentence.end),
                "date": context.span(mention.start, mention.end),
            }
            participants: list[str] = []
            for name in names:
                value = short_name(name)
                if value not in participants:
                    spans[f"participant:{len(participants)}"] = context.span(name.start, name.end)
                    participants.append(value)
            claims.append(
                DateClaim(
                    claim=claim,
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


# "just hours after Xi raised a glass ...", "hours before the launch": an event dated by
# another one.
_ANCHOR = re.compile(
    r"\b(?P<phrase>(?:(?:just|only|mere|barely|some|a\s+few|several)\s+)?(?:(?:two|three|\d+)\s+)?"
    r"(?:hours|minutes|moments|days)\s+(?P<direction>after|before))\s+(?P<event>[^,.;:—–()“”\"]{12,300})"
)
_STEM_STOP = frozenset(
    """about after again against another before being between could during every first
    from have having into itself little might other over their there these they this those
    through under until where which while would years months weeks hours increasingly
    ongoing""".split()
)
_ANCHOR_REACH = 8  # sentences looked back for the event an anchor refers to
# "in the first days after", "the final days before": a stretch of time, not an anchor.
_ANCHOR_NOT_AFTER = re.compile(r"\b(?:the|first|final|last|early|in|of|for|within)\s+$", re.I)
# The anchoring event must be a clause with its subject and a verb in the past: "Xi raised a
# glass", "the DPRK launched a missile", "voters went to the polls".
_EVENT_CLAUSE = re.compile(
    r"^(?!(?:it|he|she|they|we|i)\b)(?:[\w’'.-]+\s+){0,6}?(?:[a-z]{3,}ed|was|were|had|made|took"
    r"|went|came|met|won|lost|told|said|gave|held|left|ran|began|fell|rose|struck|sent|shot"
    r"|fired|broke|became|fled|flew|drove|wrote|spoke|sold|bought|paid|led|hit|cut|set|put)\b",
    re.IGNORECASE,
)
_DAYS_NUMBER = {"two": 2, "three": 3, "four": 4, "five": 5}


def _shifted(value: str, phrase: str) -> str:
    """The anchored event's date: the same day for hours or minutes, that many days earlier
    or later for "two days after", and the month for "days after" with no number."""
    if not re.search(r"\bdays\b", phrase):
        return value
    number = re.search(r"\b(\d+|two|three|four|five)\s+days", phrase)
    day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value)
    if number is None or day is None:
        return value[:7] if re.match(r"\d{4}-\d\d", value) else value
    count = int(number.group(1)) if number.group(1).isdigit() else _DAYS_NUMBER[number.group(1)]
    step = -count if phrase.endswith("after") else count
    moved = date(int(day.group(1)), int(day.group(2)), int(day.group(3))) + timedelta(days=step)
    return moved.isoformat()


def _stems(text: str) -> set[str]:
    return {w[:6].lower() for w in _WORD.findall(text) if len(w) >= 5} - {s[:6] for s in _STEM_STOP}


def anchored_claims(context: DocumentContext, dated: list[DateClaim]) -> list[DateClaim]:
    """Events a sentence dates by another one: "X ... just hours after B" makes B a dated
    event, on X's date — the date X has in the same sentence, or that an earlier sentence
    about the same event gives ("the agreement ... was announced just hours after the DPRK
    launched a missile", after "On March 16, he met Yoon ... to announce ...")."""
    by_sentence: dict[int, list[DateClaim]] = {}
    for dated_claim in dated:
        where = sentence_at(context, dated_claim.evidence.start) or context.sentences[0]
        by_sentence.setdefault(context.index_of(where), []).append(dated_claim)
    claims: list[DateClaim] = []
    text = context.text
    for index, sentence in enumerate(context.sentences):
        if not context.is_prose(sentence):
            continue
        body = sentence.text(text)
        if "after" not in body and "before" not in body:
            continue  # (every match of _ANCHOR holds its direction: a quick test)
        for anchor in _ANCHOR.finditer(body):
            event = anchor.group("event").strip()
            event_start = sentence.start + anchor.start("event")
            if (
                _ANCHOR_NOT_AFTER.search(body[: anchor.start()])
                or not _EVENT_CLAUSE.match(event)
                or (anchor.end("event") < len(body) and body[anchor.end("event")] in '“”"')
            ):
                continue  # "in the first days after", "days before closing", a cut quotation
            in_sentence = by_sentence.get(index, [])
            base = next(
                (
                    c
                    for c in reversed(in_sentence)
                    if sentence.start <= c.spans["date"].start < sentence.start + anchor.start()
                ),
                None,
            )
            if base is None and not in_sentence:
                main = _stems(body[: anchor.start()])
                for back in range(index - 1, max(-1, index - 1 - _ANCHOR_REACH), -1):
                    candidates = by_sentence.get(back, [])
                    if candidates and len(main & _stems(candidates[0].evidence.text)) >= 2:
                        base = candidates[0]
                        break
            if base is None or base.date_value is None:
                continue
            value = _shifted(base.date_value, anchor.group("phrase"))
            inverted = "before" if anchor.group("direction") == "after" else "after"
            words = event.split()[:40]
            phrase = anchor.group("phrase").rsplit(None, 1)[0]
            claim = f"{words[0][:1].upper()}{words[0][1:]} {' '.join(words[1:])}".strip()
            claim = f"{claim}, {phrase} {inverted} {base.date_text}."
            spans: dict[str, Span] = {
                "evidence": context.span(sentence.start, sentence.end),
                "date": base.spans["date"],
                "anchor": context.span(
                    sentence.start + anchor.start("phrase"), sentence.start + anchor.end("phrase")
                ),
            }
            participants: list[str] = []
            for name in context.names_in(event_start, event_start + len(event)):
                who = short_name(name)
                if name.kind != "other" and who not in participants:
                    spans[f"participant:{len(participants)}"] = context.span(name.start, name.end)
                    participants.append(who)
            claims.append(
                DateClaim(
                    claim=claim,
                    confidence=0.5,
                    spans=spans,
                    event=" ".join(words),
                    participants=participants,
                    date_text=base.date_text,
                    date_value=value,
                    date_resolved=base.date_resolved,
                    date_relative=True,
                )
            )
    return claims


def is_opinion(body: str) -> bool:
    """Whether a sentence judges, speculates or speaks for the writer rather than states."""
    if _OPINION_STRONG.search(body) or _FIRST_PERSON.match(body):
        return True
    if _SECOND_PERSON.search(_QUOTATION.sub(" ", body)):
        return True
    if _HARD_FIGURE.search(body):
        return False
    if _GENERALISATION.search(body) and not _REPORTED.search(body):
        return True  # "Mr. Potach says ... usually declines" is what someone said
    return len(_OPINION_WEAK.findall(body)) >= 2


def _quantities(body: str, date_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` in ``body`` of each quantity, not counting dates or a number that is
    part of a name ("Intermediate School 285", "Fortune 500")."""
    found = []
    marker = _LIST_MARKER.match(body)
    for match in _QUANTITY.finditer(body):
        start, end = match.span()
        while end > start and body[end - 1] in " ,.;:":
            end -= 1
        if any(s < end and start < e for s, e in date_spans):
            continue
        if body[start].isdigit() and _in_a_name(body, start):
            continue
        if marker is not None and marker.end(1) == match.end():
            continue  # "1) The race to be the next black president": a list's number
        found.append((start, end))
    return found


def _in_a_name(body: str, start: int) -> bool:
    """Whether the number at ``start`` follows a capitalised word inside the sentence: then it
    is part of a name ("Intermediate School 285", "Fortune 500"), not a count."""
    word = re.search(r"\b[A-Z][a-z]+\s+$", body[:start])
    if word is None:
        return False
    before = body[: word.start()].rstrip()
    return bool(before) and before[-1] not in '.!?:;"“(—–-'


def statement_claims(context: DocumentContext, covered: set[int]) -> list[StatementClaim]:
    """Checkable sentences; ``covered`` holds sentence starts already claimed."""
    text = context.text
    claims: list[StatementClaim] = []
    for sentence in context.sentences:
        if sentence.start in covered or not context.is_prose(sentence):
            continue
        body = sentence.text(text)
        # Every test below only rules a sentence out, so the cheapest comes first: most
        # sentences hold no quantity and measure nothing between named parties.
        counted = _QUANTITY.search(body) is not None
        names = [n for n in context.names_in(sentence.start, sentence.end) if n.kind != "other"]
        if not counted and not _measures_between_parties(body, names):
            continue
        if is_opinion(body) or _NOT_A_STATEMENT.search(body):
            continue
        date_spans = [
            (d.start - sentence.start, d.end - sentence.start)
            for d in context.dates_in(sentence.start, sentence.end)
        ]
        quantities = _quantities(body, date_spans) if counted else []
        if (
            _SPECULATIVE.search(body) or (_CONDITIONAL.search(body) and not _REPORTED.search(body))
        ) and not _MONEY_OR_SHARE.search(body):
            continue  # "could prompt a faster shift", "may not have paid": not yet a fact
        if not quantities and not _measures_between_parties(body, names):
            continue
        anchored = anchor_strength(body)
        if anchored is None or is_unanchored_judgement(body):
            continue  # "The win is a boost for ...", "was dismal at best": nothing to check
        if is_likely_opinion(body, anchored == "weak", text, sentence.start):
            continue  # "Mr. Trump has paid no political price": many weak signs of a verdict
        spans: dict[str, Span] = {"evidence": context.span(sentence.start, sentence.end)}
        values: list[str] = []
        for start, end in quantities:
            spans[f"quantity:{len(values)}"] = context.span(
                sentence.start + start, sentence.start + end
            )
            values.append(body[start:end])
        subject = _subject(names)
        if subject is not None:
            spans["subject"] = context.span(subject[1], subject[2])
        claims.append(
            StatementClaim(
                claim=claim_text(context, sentence),
                confidence=0.6 if quantities else 0.5,
                spans=spans,
                subject=subject[0] if subject else None,
                quantities=values,
            )
        )
    return claims


def _named_parties(names: list[Name]) -> int:
    return len({n.text for n in names if n.kind in ("organization", "place", "person")})


def _measures_between_parties(body: str, names: list[Name]) -> bool:
    """Whether the sentence names a party and a measurable relation ("sanctions on Russia");
    the names, at hand, are looked at before the sentence is searched."""
    return _named_parties(names) >= 1 and _MEASURABLE.search(body) is not None


def _subject(names: list[Name]) -> tuple[str, int, int] | None:
    if not names:
        return None
    first = names[0]
    return short_name(first), first.start, first.end


# Told where their matches can start (``regex_shape.quick``): the same matches, found faster
# (the statement patterns are tried on every sentence).
_QUANTITY = quick(_QUANTITY)
_MEASURABLE = quick(_MEASURABLE)
_OPINION_STRONG = quick(_OPINION_STRONG)
_OPINION_WEAK = quick(_OPINION_WEAK)
_GENERALISATION = quick(_GENERALISATION)
_ANCHOR = quick(_ANCHOR)
