"""Agreements between parties: who agreed what, when, and how far it got.

A sentence that names an agreement (agreement, deal, accord, treaty, pact, pledge, joint
statement, normalisation, settlement, signing...) becomes a claim when its parties can be named:
"between X and Y", "X and Y agreed", "X's deal with Y", an "X-Y" pair, or a sentence subject
that a pronoun or "the two countries" refers back to.
"""

from __future__ import annotations

import re

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.events import resolve_they
from claimtrack.offline.names import Name, is_country
from claimtrack.records import AgreementClaim, AgreementState, Span
from claimtrack.regex_shape import quick
from claimtrack.segment import Segment

_KEYWORDS = quick(
    re.compile(
        r"(?<![\w’'])(?:agreements?|agreed|agree|deals?|accords?|treat(?:y|ies)|pacts?|pledg(?:e|es|ed|ing)"
        r"|joint[ \t]+statements?|normali[sz](?:e|ed|es|ing|ation)|settle(?:d|ment)?|signed|signing"
        r"|memorandum[ \t]+of[ \t]+understanding|cease-?fire|truce|breakthrough)(?![\w’'])",
        re.IGNORECASE,
    )
)
_STATES: list[tuple[AgreementState, re.Pattern[str]]] = [
    (
        "denied",
        re.compile(
            r"\b(?:denied|deny|denies|rejected|refused|no agreement|not agree"
            r"|failed to (?:agree|reach))\b",
            re.I,
        ),
    ),
    (
        "ended",
        re.compile(
            r"\b(?:ended|end(?:s)? the|terminated|scrapped|collapsed|withdr[eo]w"
            r"|pulled out|discontinued|abandoned|expired)\b",
            re.I,
        ),
    ),
    ("signed", re.compile(r"\b(?:signed|signing|inked|ratified)\b", re.I)),
    ("in_force", re.compile(r"\b(?:took effect|into force|in effect)\b", re.I)),
    (
        "proposed",
        re.compile(
            r"\b(?:proposed|proposal|propose|offered|sponsored|would accept"
            r"|do not accept|draft)\b",
            re.I,
        ),
    ),
    ("negotiating", re.compile(r"\b(?:negotiat\w*|talks)\b", re.I)),
    ("announced", re.compile(r"\b(?:announc\w*|unveil\w*|declared)\b", re.I)),
    (
        "agreed",
        re.compile(r"\b(?:agreed|reached|struck|settled?|pledg\w+|resumed|normali[sz]e)\b", re.I),
    ),
]
_PROPER = r"(?:the[ \t]+)?[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*)*"
_BETWEEN = re.compile(rf"\bbetween[ \t]+(?P<a>{_PROPER})[ \t]+and[ \t]+(?P<b>{_PROPER})")
_PAIR = re.compile(
    r"(?P<a>[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)[-–](?P<b>[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)"
)
# "agreed that the timing was good", "analysts agree that": a shared opinion, not an agreement.
_OPINION = re.compile(
    r"\bagree[sd]?[ \t]+(?:that\b|with[ \t]+(?:the[ \t]+)?(?:view|idea|assessment)\b"
    r"|the[ \t]+\w+[ \t]+(?:was|is|were|are)\b)",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\b(?:the[ \t]+)?(?:two|both)[ \t]+(?:countries|governments|leaders|sides"
    r"|nations|presidents|men|parties)\b|\bboth[ \t]+sides\b|\bthe[ \t]+(?:countries|nations)\b"
    r"|\bthey\b|\bThey\b"
)
# "with X", "with his Turkish counterpart X": the counterparty, within a few words.
_WITH = re.compile(r"\bwith[ \t]+(?P<b>[^,.;:]{1,80})")
# "... to Russia's Rosneft": a counterparty named right after "to" or "from".
_TO = re.compile(
    r"\b(?:sell|sold|selling|sells|transfer\w*|hand(?:ed|ing|s)?[ \t]+over|give|gave|cede\w*"
    r"|return\w*|lease\w*|supply|supplied|buy|bought|acquire\w*|purchase\w*)\b[^,.;:]{0,60}?"
    r"\b(?:to|from)[ \t]+(?P<b>(?:the[ \t]+)?[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})"
)


def _party_names(context: DocumentContext, start: int, end: int) -> list[Name]:
    """Names that can be a party: people, organisations and countries (not cities)."""
    return [
        n
        for n in context.names_in(start, end)
        if n.kind in ("organization", "person") or (n.kind == "place" and is_country(n.text))
    ]


_DEMONYMS = {
    "Japanese": "Japan",
    "South Korean": "South Korea",
    "North Korean": "North Korea",
    "Chinese": "China",
    "Russian": "Russia",
    "Ukrainian": "Ukraine",
    "American": "United States",
    "British": "United Kingdom",
    "French": "France",
    "German": "Germany",
    "Israeli": "Israel",
    "Turkish": "Turkey",
    "Iranian": "Iran",
    "Indian": "India",
    "Canadian": "Canada",
    "Mexican": "Mexico",
    "Palestinian": "Palestine",
    "Syrian": "Syria",
    "Taiwanese": "Taiwan",
    "Italian": "Italy",
    "Spanish": "Spain",
    "Polish": "Poland",
    "Saudi": "Saudi Arabia",
    "Egyptian": "Egypt",
    "Pakistani": "Pakistan",
    "Australian": "Australia",
}
_DEMONYM = re.compile(r"\b(?:" + "|".join(sorted(_DEMONYMS, key=len, reverse=True)) + r")\b")


def _salient_pair(
    context: DocumentContext, sentence: Segment, kind: str
) -> list[tuple[str, int, int]]:
    """The two parties that "the two countries" (or "the two leaders") most likely means.

    Countries and people mentioned in this sentence and the three before it vote, nearer ones
    more; for countries, adjectives vote too ("Japanese controls" is a vote for Japan).
    """
    index = context.index_of(sentence)
    votes: dict[str, float] = {}
    where: dict[str, tuple[int, int]] = {}
    for distance in range(0, 6):
        if index - distance < 0:
            break
        current = context.sentences[index - distance]
        weight = 0.6**distance
        for name in context.names_in(current.start, current.end):
            if name.kind != kind or (kind == "place" and not is_country(name.text)):
                continue
            key = context.canonical(name.text)
            votes[key] = votes.get(key, 0.0) + weight
            where.setdefault(key, (name.start, name.end))
        if kind == "place":
            for match in _DEMONYM.finditer(context.text, current.start, current.end):
                key = _DEMONYMS[match.group(0)]
                votes[key] = votes.get(key, 0.0) + weight
                where.setdefault(key, (match.start(), match.end()))
    ranked = sorted(votes, key=lambda k: -votes[k])[:2]
    return [(key, *where[key]) for key in ranked] if len(ranked) == 2 else []


def find_parties(context: DocumentContext, sentence: Segment) -> list[tuple[str, int, int]]:
    """The parties of the agreement in ``sentence``, each with the span that names it."""
    text = context.text
    body_start, body_end = sentence.start, sentence.end
    body = text[body_start:body_end]
    parties: list[tuple[str, int, int]] = []

    def add(name: Name) -> None:
        value = context.canonical(name.text)
        if all(value != context.canonical(p[0]) for p in parties):
            parties.append((value, name.start, name.end))

    for match in _BETWEEN.finditer(body):
        for side in ("a", "b"):
            names = _party_names(
                context, body_start + match.start(side), body_start + match.end(side)
            )
            for name in names[:1]:
                add(name)
    for match in _PAIR.finditer(body):
        for side in ("a", "b"):
            for name in _party_names(
                context, body_start + match.start(side), body_start + match.end(side)
            )[:1]:
                add(name)
    if len(parties) < 2:
        keyword = _KEYWORDS.search(body)
        head_end = body_start + (keyword.start() if keyword else len(body))
        subjects = _party_names(context, body_start, head_end)
        with_match = _WITH.search(body)
        if subjects:
            add(subjects[0])
            if len(subjects) > 1 and re.search(
                r"\band\b", text[subjects[0].end : subjects[1].start]
            ):
                add(subjects[1])
        elif re.match(r"^(?:\W*\w+\W+){0,4}?(?:he|she)\b", body, re.I):
            person = context.person_for(body_start + 1)
            if person is not None:
                add(person)
        if with_match:
            for name in _party_names(
                context, body_start + with_match.start("b"), body_start + with_match.end("b")
            )[:1]:
                add(name)
        to_match = _TO.search(body, keyword.end()) if keyword else None
        if len(parties) < 2 and to_match:
            # "agreed to sell its stake to Russia's Rosneft": the buyer is a party.
            names = [
                n
                for n in context.names_in(
                    body_start + to_match.start("b"), body_start + to_match.end("b")
                )
                if n.kind != "place" or is_country(n.text)
            ]
            named = [n for n in names if not n.possessive] or names
            for name in named[:1]:
                add(name)
    group_phrase = _GROUP.search(body)
    if len(parties) < 2 and group_phrase:
        wanted = (
            "person"
            if re.search(r"\b(?:leaders|presidents|men|they)\b", group_phrase.group(0), re.I)
            else "place"
        )
        pair = _salient_pair(context, sentence, wanted)
        if pair:
            # "the two countries" names both parties: it replaces a lone subject guess.
            parties = [p for p in parties if p[0] in {q[0] for q in pair}]
            for party in pair:
                if party[0] not in {p[0] for p in parties}:
                    parties.append(party)
    return parties


def _state(body: str) -> AgreementState:
    for state, pattern in _STATES:
        if pattern.search(body):
            return state
    return "announced"


# The end of what was agreed: a clause break, not the point of "$17.1bn" or "U.S.".
_TERMS_END = re.compile(r"[,;:—–(]|\.(?!\d|[A-Z]\.)|\s+(?:the\s+\w+(?:\s+\w+)?\s+said\b)")
_STARTS_WITH_VERB = re.compile(
    r"^(?:was|were|is|are|has|have|had|will|would|could|came|comes|followed|follows|took"
    r"|takes|remains?|seems?|did|does|also|still)\b",
    re.IGNORECASE,
)
_AGREED_TO = re.compile(
    r"^(?:[\w’'-]+\s+){0,3}?(?:agreed|agree|agrees|pledged|promised|signed|vowed)\s+(?:to\s+)?"
)
_WITH_PARTY = re.compile(
    r"^(?:with|between)\s+(?:(?:his|her|their|its|the)\s+)?(?:[\w’'.-]+\s+){0,6}?(?=to\s)to\s+"
)
_NP_WORD = re.compile(
    r"(?:an?|the|its|their|his|her|new|important|historic|landmark|preliminary|final|tentative"
    r"|formal|trade|peace|nuclear|joint|binding|interim|draft|major|[a-z]+(?:al|ic|ive|ous|ful)"
    r"|[A-Z][\w’'-]*)"
)
# "between the two countries that would end ...", "with Turkey to restore ...": the parties,
# then the terms.
_PARTY_PHRASE = re.compile(
    r"^(?:with|between)\s+(?:(?:the\s+)?(?:two|both)\s+[a-z]+|(?:the\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+(?:and\s+)?[A-Z][\w’'.-]*)*)\s+(?:(?:that|which)\s+(?:would|will|could|should)\s+"
    r"|to\s+)(?=\w)"
)
_MAX_TERM_WORDS = 24


def _terms(context: DocumentContext, sentence: Segment, keyword: re.Match[str]) -> str:
    """What was agreed: the words after the agreement word, up to the end of the clause,
    without the parties ("an agreement with South Korea" names no terms: then the terms are
    the agreement as the sentence names it)."""
    body = sentence.text(context.text)
    tail = body[keyword.end() :]
    end = _TERMS_END.search(tail)
    terms = (tail[: end.start()] if end else tail).strip(' ,"”“')
    agreed = _AGREED_TO.match(terms)
    if agreed and keyword.group(0).lower() not in ("agreed", "agree", "agrees"):
        terms = terms[agreed.end() :]  # "the joint statement they agreed to make clear ..."
    terms = re.sub(r"^(?:to|on|that|over)\s+", "", terms)
    with_party = _PARTY_PHRASE.match(terms) or _WITH_PARTY.match(terms)
    if with_party:
        terms = terms[with_party.end() :]  # "agreed with his counterpart Erdogan to compensate"
    party_names = [
        n
        for n in _party_names(
            context, sentence.start + keyword.end(), sentence.start + keyword.end() + len(tail)
        )
    ]
    rest = terms
    for name in party_names:
        rest = rest.replace(name.text, " ")
    rest = re.sub(r"\b(?:with|between|and|by|the|of)\b", " ", rest)
    if len(rest.split()) < 2 or _STARTS_WITH_VERB.match(rest.strip()):
        return _named_agreement(body, keyword, terms)
    words = terms.split()
    return " ".join(words[:_MAX_TERM_WORDS])


def _named_agreement(body: str, keyword: re.Match[str], terms: str) -> str:
    """The agreement as the sentence names it: "an important new agreement with South Korea",
    "the agreement between Japan and South Korea"."""
    words = body[: keyword.start()].split()
    kept: list[str] = []
    for word in reversed(words[-4:]):
        if not _NP_WORD.fullmatch(word):
            break
        kept.insert(0, word)
    head = " ".join([*kept, keyword.group(0)])
    parties = re.match(
        r"^(?:with|between)\s+[^,;:]*?(?=\s+(?:was|were|is|are|has|had|will)\b|$)", terms
    )
    if not parties:
        parties = re.match(r"^(?:with|between)\s+.*$", body[keyword.end() :].strip())
    tail = parties.group(0) if parties else ""
    if not tail:
        for word in ("with", "between"):
            found = re.search(
                rf"\b{word}\s+[^,;:]*?(?=\s+(?:was|were|is|are|has|had|will)\b|[,;:.]|$)",
                body[keyword.end() : keyword.end() + 80],
            )
            if found and found.start() < 3:
                tail = found.group(0)
                break
    return f"{head} {tail}".strip()


_HYPOTHETICAL = re.compile(
    r"\b(?:whether|if|unless|would|could|might)\b(?:\W+\w+){0,5}\W*$", re.IGNORECASE
)
# "has not publicly called for a cease-fire": a call for an agreement that was not made.
_NOT_CALLED_FOR = re.compile(
    r"\b(?:not|never|n[’']t)\s+(?:\w+\s+){0,2}"
    r"(?:call(?:ed|s)?|ask(?:ed|s)?|push(?:ed|es)?|pressed|demand(?:ed|s)?|urg(?:ed|es))"
    r"\s+for\s+(?:a|an|the|any)?\s*$",
    re.IGNORECASE,
)


def _first_keyword(context: DocumentContext, sentence: Segment) -> re.Match[str] | None:
    """The first agreement word of the sentence that is not hypothetical ("whether he had an
    agreement", "if they sign") or a call for one that was not made ("has not called for a
    truce")."""
    body = sentence.text(context.text)
    for match in _KEYWORDS.finditer(body):
        before = body[: match.start()]
        if not _HYPOTHETICAL.search(before) and not _NOT_CALLED_FOR.search(before):
            return match
    return None


# "The deal was brokered by Obama": an agreement named before, whose parties that sentence gave.
_DEFINITE_AGREEMENT = re.compile(
    r"\b(?:the|this|that)[ \t]+(?:\w+[ \t]+)?(?:agreement|deal|accord|treaty|pact|truce"
    r"|cease-?fire|settlement)\b",
    re.IGNORECASE,
)
_GROUP_IN_CLAIM = re.compile(
    r"\b(?:the[ \t]+)?(?:two|both)[ \t]+(?:countries|governments|leaders|sides|nations"
    r"|presidents|parties)\b|\bboth[ \t]+sides\b"
)
_RECALL_SENTENCES = 3  # how far back an earlier agreement's parties are taken


def claim_for_parties(context: DocumentContext, sentence: Segment, parties: list[str]) -> str:
    """The sentence made standalone, with "the two countries" or "they" replaced by the two
    parties the agreement names."""
    text = context.standalone(sentence)
    if len(parties) == 2:
        group = _GROUP_IN_CLAIM.search(text)
        if group and not all(p in text[: group.start()] for p in parties):
            text = text[: group.start()] + " and ".join(parties) + text[group.end() :]
    return resolve_they(context, sentence, text, parties)


def agreement_claims(context: DocumentContext) -> list[AgreementClaim]:
    claims: list[AgreementClaim] = []
    last: tuple[int, list[tuple[str, int, int]]] | None = None  # sentence index, parties
    for sentence in context.sentences:
        if not context.is_prose(sentence):
            continue
        body = sentence.text(context.text)
        keyword = _first_keyword(context, sentence)
        if keyword is None or _OPINION.search(body):
            continue
        parties = find_parties(context, sentence)
        index = context.index_of(sentence)
        if (
            not parties
            and last is not None
            and index - last[0] <= _RECALL_SENTENCES
            and _DEFINITE_AGREEMENT.search(body)
        ):
            parties = list(last[1])  # "The deal was brokered by ...": the deal named before
        if not parties:
            continue
        last = (index, parties)
        spans: dict[str, Span] = {"evidence": context.span(sentence.start, sentence.end)}
        for index, (_, start, end) in enumerate(parties):
            spans[f"party:{index}"] = context.span(start, end)
        spans["keyword"] = context.span(
            sentence.start + keyword.start(), sentence.start + keyword.end()
        )
        dates = context.dates_in(sentence.start, sentence.end)
        dated = [d for d in dates if not d.value or not d.value.endswith("_REF")]
        date = dated[0] if dated else None
        if date is not None:
            spans["date"] = context.span(date.start, date.end)
        claims.append(
            AgreementClaim(
                claim=claim_for_parties(context, sentence, [p[0] for p in parties]),
                confidence=0.8 if len(parties) >= 2 else 0.55,
                spans=spans,
                parties=[p[0] for p in parties],
                terms=_terms(context, sentence, keyword),
                date_text=date.text if date else None,
                date_value=date.value if date else None,
                state=_state(body),
            )
        )
    return claims
