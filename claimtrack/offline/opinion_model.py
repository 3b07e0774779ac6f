"""A learned last look at a statement candidate: how likely a record could check it.

Four rounds of judging words (`claimtrack.offline.opinions`) and a hard-anchor gate
(`claimtrack.offline.anchors`) left about one opinion in seven among the statements of fresh
news, most of them the writer's verdict put as a named person's act ("Mr. Trump has paid no
political price for attacking them"). No single word marks them, but many weak signs do: the
shape of the main clause (who the subject is, what kind of verb), the writer's modals, hedges,
intensifiers and generalisations, evaluative and comparative words, a figure or a source
anywhere, quotation marks, the length, and which plain lower-case words the sentence uses.

This module turns a sentence into those signs (``features``: names and values, always in the
same order) and weighs them with a logistic model whose weights ship as package data
(``claimtrack/data/opinion_model.json``), written by ``bench/opinion_model.py`` from the
labelled statements of ``bench/data/statements_opinions.json``. It runs after the gate, only
on candidates the gate keeps, and drops one whose probability of being checkable is below the
file's threshold — a higher one (``threshold_weak_anchor``) when its only anchor is a common
noun's act in the past or the perfect (``anchors.anchor_strength``: "The establishment lost its
grip on the party" is as often the writer's reading as a report). Inference is plain Python:
a sum over the features in a fixed order, so the same sentence gets the same answer in every
process and hash seed. No lower-case word is a
name, so the words it weighs are the language of judging, not the topics of one corpus.

Measured by leaving one labelled sample out at a time (bench/README.md "Statements, round 9"):
a little more precision than the rules alone at a small cost in recall (1,285 statements
pooled: 0.936 / 0.918 against the rules' 0.926 / 0.948), and on fresh samples, each scored by
a model that never saw it, 0.873, 0.893 and 0.892 where the rules gave 0.858, 0.886 and 0.885.
Round 10 refit it on all 1,407 labelled statements and chose the two thresholds (0.5, 0.8) by a
rule declared before a fresh sample was measured (bench/README.md "Statements, round 10").
Round 11 added two signs of a group counted with no figure ("Millions of Americans now side
with", "there's no shortage of staffers"), refit it with opinion-heavy AllSides news
(``tuned_as1``) and raised the strong anchor's threshold to 0.6 by a rule declared before the
final figures (bench/README.md "Statements, round 11"); the refit at the end of session 7, on
three AllSides samples, went back to 0.5 / 0.8 (no threshold met that rule on them, and 0.6
lost a seed statement that issue #10 names: "Statements at the end of session 7").
Round 12 added signs of the writer judging — significance read into an act ("underscores",
"serves as a reminder", "laid the groundwork for"), adverbs of verdict ("breathlessly",
"wildly") — and of the context: the voice of the whole document (its shares of first and
second person, leaning words and questions, read once per text from its opening:
``document_signs``) and the sentence before (a question, the first person). The extractor
passes the candidate's document and start (``is_likely_opinion(body, weak, text, start)``).
Refit with ``tuned_as4``, ``tuned_as5``, ``held_out_13`` and ``_14``; thresholds 0.5 / 0.8 by
a rule declared before the grid (bench/README.md "Statements, round 12").
Round 13 added one sign learned from weak labels: the candidate's ``lexicon_score``, how much
its words and word pairs are those of opinion pieces rather than straight news (a lexicon of
10,686 terms counted over 600,000 sentences of AllSides articles labelled by where they were
published: ``claimtrack/data/opinion_lexicon.json``, written by ``bench/opinion_lexicon.py``),
and read a sentence of two equal main clauses joined by ", but " each clause on its own
(``coordinated_clauses``: kept when either is checkable enough, as the labelling rule says).
Refit with ``tuned_as6`` and ``_7``; thresholds 0.55 / 0.8 by a rule declared before the grid
(bench/README.md "Statements, round 13"). Rounds 14 and 15 refit the same model with the fresh
samples measured since (``held_out_15``-``_22``), nothing else changed (bench/README.md
"Statements at the end of session 8" and "... session 9").
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from claimtrack.offline.anchors import main_part
from claimtrack.offline.clauses import read_clause
from claimtrack.offline.opinions import (
    hard_figure,
    is_title_case,
    judgements,
    quotations_blanked,
    reports_source,
    soft_figures,
)
from claimtrack.regex_shape import quick

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "opinion_model.json"
LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "opinion_lexicon.json"

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
# A plain lower-case word, not inside a hyphenated or capitalised one: the vocabulary.
_PLAIN_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?:'[a-z]+)?")
_DIGIT = re.compile(r"\d")
_FIRST_PERSON = frozenset("i we our us my me i'm we're we've i've ourselves myself".split())
_SECOND_PERSON = frozenset("you your you're yourself".split())
_SPECULATIVE = frozenset(
    "would could might may should must can can't cannot wouldn't couldn't shouldn't".split()
)
_HEDGES = frozenset(
    "perhaps maybe likely unlikely probably possibly arguably apparently presumably seemingly"
    " supposedly".split()
)
_INTENSIFIERS = frozenset(
    "even only just still yet already simply really very so too much quite rather truly"
    " especially particularly increasingly ever".split()
)
_GENERALISATIONS = frozenset(
    "many most some often always never every all everyone nobody anyone everything nothing"
    " few usually typically generally sometimes rarely".split()
)
_NEGATIONS = frozenset(
    "not no never n't nor none neither isn't wasn't doesn't don't didn't hasn't haven't aren't"
    " weren't".split()
)
_CONNECTIVES = frozenset(
    "but and yet so still even now indeed instead however meanwhile then together after in"
    " for with while though although".split()
)
# General evaluative words of English (written from general usage, not from the samples).
_EVALUATIVE = frozenset(
    "good bad better worse best worst great poor strong weak big huge enormous massive tiny"
    " small important significant major minor key critical serious severe real true false"
    " right wrong fair unfair clear unclear obvious hard difficult easy tough simple complex"
    " complicated interesting remarkable notable striking stunning surprising unexpected"
    " unusual unprecedented historic dramatic successful failed effective powerful"
    " influential popular unpopular controversial divisive bitter harsh fierce intense"
    " aggressive bold risky dangerous safe stable unstable fragile uncertain likely unlikely"
    " possible impossible necessary essential urgent deep broad wide narrow long short high"
    " low rich new old modern outdated radical extreme moderate mainstream fringe rare"
    " common typical normal strange odd crazy absurd ridiculous outrageous scandalous angry"
    " frustrated worried afraid anxious confident optimistic pessimistic hopeful desperate"
    " eager reluctant willing unwilling able unable ready entire whole full complete total"
    " perfect vulnerable arduous daunting formidable grim dim bright promising".split()
)
_COMPARATIVES = frozenset("more less than most least fewer".split())
# Verbs of state, stance or effect: with a named subject they often carry the writer's reading
# ("represents a watershed", "faces an arduous task", "has paid no price").
_STATE_VERBS = (
    "represent", "face", "remain", "become", "mark", "show", "demonstrat", "prove", "signal",
    "mean", "matter", "deserv", "need", "want", "hope", "fear", "struggl", "enjoy", "embrac",
    "lack", "seem", "appear", "tend", "believ", "think", "know", "understand", "recogniz",
    "recognis", "realiz", "feel", "care", "love", "hate", "like", "prefer", "risk", "threaten",
    "depend", "rely", "continu", "manag", "fail", "succeed", "benefit", "suffer", "gain", "pay",
    "grabb", "captur", "dominat", "shap", "defin", "drive", "driv", "push", "help", "hurt",
    "damag", "chang", "transform", "shift", "mov",
)  # fmt: skip
_ABSTRACT = re.compile(r"(?:tion|sion|ment|ness|ity|ism|ence|ance|ship|ure)s?$")
_DATE_WORDS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday|yesterday|last\s+(?:week|month|year)|(?:1[89]|20)\d\d)\b"
)
_FRAME = re.compile(
    r"^\W*(?:(?:But|And|Yet|So)\s+)?(?:it|this|that|there)(?:['’]s|\s+(?:is|was|are|were|has"
    r"|have))\b",
    re.IGNORECASE,
)
# A group counted with no figure as the subject ("Millions of Americans now side with", "The
# vast majority of GOP elected officials don't think"), or a group said to exist ("there's no
# shortage of staffers"): a generalisation, whatever verb follows (round 11).
_VAGUE_GROUP = re.compile(
    r"^\W*(?:(?:But|And|Yet|So)\s+)?(?:(?:These|The|Those)\s+(?:same\s+)?)?(?i:millions|thousands"
    r"|hundreds|dozens|scores|countless|plenty\s+of|(?:vast\s+|overwhelming\s+)?majority\s+of)\b"
)
_EXISTENTIAL = re.compile(
    r"\b(?i:there)(?:['’]s|\s+(?:is|are|was|were))\s+(?:no\s+shortage|plenty|no\s+lack|a\s+lot"
    r"|lots)\s+of\b"
)
# The writer reading significance into an act ("underscores the scope", "serves as a reminder",
# "laid the groundwork for", "a sign that", "shows that"): general English, round 12.
_SIGNIFICANCE = re.compile(
    r"\b(?i:underscor|highlight|reflect|signal|illustrat|emblematic|reminder|symboli|exemplif"
    r"|epitomi|testament|hallmark|(?:pave[sd]?|paving)\s+the\s+way|(?:laid|lays?)\s+the"
    r"\s+groundwork|raises?\s+(?:new\s+|fresh\s+|serious\s+)?questions|amounts?\s+to"
    r"|speaks?\s+to|stands?\s+out|stood\s+out|a\s+sign\s+(?:that|of)|show(?:s|ed)?\s+that"
    r"|proves?\s+that|captur(?:es|ed)\s+the|sets?\s+(?:him|her|them|it|up)|serve[sd]?\s+as"
    r"|is\s+a\s+(?:reminder|sign|symbol|testament))"
)
# Adverbs of the writer's verdict on a manner or degree ("breathlessly push", "wildly off the
# mark", "disproportionately impacted"): general English, round 12.
_JUDGING_ADVERBS = frozenset(
    "clearly obviously naturally famously notoriously shockingly wildly remarkably decidedly"
    " breathlessly disproportionately essentially largely effectively arguably ironically"
    " conveniently predictably curiously tellingly surprisingly unsurprisingly frankly simply"
    " merely hardly barely blatantly brazenly falsely wrongly rightly deeply utterly comically"
    " absurdly stunningly strikingly painfully sadly unfortunately fortunately incredibly truly"
    " certainly surely undoubtedly inevitably necessarily fundamentally ultimately increasingly"
    " dangerously desperately badly hugely vastly woefully grossly sorely".split()
)
# The document's voice (round 12): the writer's first and second person and leaning words,
# counted over the opening of the whole text once (quotations included: a count, not a
# reading), each as a share of its sentences, with the questions and exclamations.
_DOC_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# The writer's first person as written (also the sign of the sentence before a candidate).
_WRITERS_FIRST_PERSON = "I we We my My our Our us me I'm I’m we're we’re".split()
_DOC_KINDS = {
    **dict.fromkeys(_WRITERS_FIRST_PERSON, 0),
    **dict.fromkeys("you You your Your you're you’re".split(), 1),
    **{
        variant: 2
        for word in (
            "very really simply truly clearly obviously surely certainly indeed perhaps arguably"
            " frankly honestly actually literally absolutely utterly entirely extremely"
            " incredibly remarkably deeply"
        ).split()
        for variant in (word, word.capitalize())
    },
}
_DOC_OPENING = 20_000  # characters: a long document's shares are read from its opening
_DOC_FULL = (
    ("doc: first person", 0.4),
    ("doc: second person", 0.2),
    ("doc: leaning words", 0.3),
    ("doc: questions", 0.1),
)
_FIRST_PERSON_WORD = re.compile(rf"\b(?:{'|'.join(map(re.escape, _WRITERS_FIRST_PERSON))})\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s")
_SUBJECT_KINDS = ("named", "count", "possessive", "common", "first")
_VERB_KINDS = (
    "past", "perfect", "passive", "progressive", "present", "did", "have", "copula", "seem",
    "modal",
)  # fmt: skip


# The lexicon of opinion writing's terms (round 13): plain lower-case words, a capitalised word,
# a number and a quotation mark or "?"/"!" each as a placeholder, and each pair of neighbours.
_LEXICON_TOKEN = re.compile(
    r"(?<![\w'’-])[a-z]+(?:['’][a-z]+)?(?![\w'’-])|[A-Z][\w'’-]*|\d[\d,.]*|[?!\"“”]"
)


def lexicon_terms(text: str) -> set[str]:
    """The terms of ``text`` that the lexicon of opinion writing weighs (``LEXICON_FILE``,
    written by ``bench/opinion_lexicon.py``): each plain lower-case word (’ as '), ``<C>`` for a
    capitalised word, ``<D>`` for a number, ``<Q>`` for a double quotation mark, "?" and "!",
    and each two neighbours joined by a space."""
    tokens: list[str] = []
    add = tokens.append
    for token in _LEXICON_TOKEN.findall(text):  # the common case first
        first = token[0]
        if "a" <= first <= "z":
            add(token.replace("’", "'") if "’" in token else token)
        elif first.isupper():
            add("<C>")
        elif first.isdigit():
            add("<D>")
        elif first in '"“”':
            add("<Q>")
        else:
            add(token)
    terms = set(tokens)
    terms.update([f"{a} {b}" for a, b in pairwise(tokens)])
    return terms


@cache
def _lexicon() -> dict[str, float]:
    shipped = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    return {str(term): float(weight) for term, weight in shipped["weights"].items()}


def lexicon_score(text: str) -> float:
    """How much ``text`` reads like opinion writing rather than news: the sum of its terms'
    weights in the lexicon (log ratios of their rates in opinion and news sentences) over the
    square root of one more than their number (``math.fsum``: the same in any set order); 0
    when it has none."""
    weights = _lexicon()
    terms = lexicon_terms(text)
    found = [weights[term] for term in terms if term in weights]
    return math.fsum(found) / math.sqrt(len(found) + 1)


def _share(count: int, top: int) -> float:
    return min(count, top) / top


def features(body: str, document: str = "", start: int = 0) -> list[tuple[str, float]]:
    """The signs of a sentence as (name, value), in a fixed order, zeros left out: the shape of
    its main clause, its words outside quotations, ``word:`` each plain lower-case word it uses
    (sorted), the signs of its ``document`` (the text it starts in at ``start``: the voice of
    the whole, the sentence before), and last a figure, a count in words or a reported source
    anywhere in it."""
    return _plain_signs(body) + _context_signs(document, start) + _costly_signs(body)


def _context_signs(document: str, start: int) -> list[tuple[str, float]]:
    if not document:
        return []
    found = list(document_signs(document))
    before = document[max(0, start - 400) : start].rstrip()
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    previous = before[ends[-1] :] if ends else before
    if previous.rstrip("\"”’') ").endswith("?"):
        found.append(("after question", 1.0))
    if _FIRST_PERSON_WORD.search(quotations_blanked(previous)):
        found.append(("after first person", 1.0))
    return found


@lru_cache(maxsize=4)
def document_signs(document: str) -> tuple[tuple[str, float], ...]:
    """The voice of a whole document, once per text (its first 20,000 characters): the first
    and the second person, leaning words, questions and exclamations, each per sentence against
    the share at which it counts in full."""
    opening = document[:_DOC_OPENING]
    counts = [0, 0, 0, opening.count("?") + opening.count("!")]
    used = Counter(_DOC_WORD.findall(opening)).get  # counted in C: faster than a loop here
    for word, kind in _DOC_KINDS.items():
        counts[kind] += used(word, 0)
    sentences = len(_SENTENCE_END.findall(opening)) + 1
    return tuple(
        (name, round(min(count / sentences / full, 1.0), 6))
        for (name, full), count in zip(_DOC_FULL, counts, strict=True)
        if count
    )


# The signs that take most of the time: all weigh for a checkable statement, so a sentence that
# clears the threshold without them is kept without looking for them.
_COSTLY = ("figure anywhere", "soft figure", "source anywhere")


def _costly_signs(body: str) -> list[tuple[str, float]]:
    found = [
        (name, 1.0)
        for name, present in zip(
            _COSTLY, (hard_figure(body), soft_figures(body), reports_source(body)), strict=True
        )
        if present
    ]
    return found


def _plain_signs(body: str) -> list[tuple[str, float]]:
    plain = quotations_blanked(body)
    found: list[tuple[str, float]] = []

    def sign(name: str, value: float | bool) -> None:
        if value:
            found.append((name, float(value)))

    judged = len(judgements(body))
    sign("judging words 1", judged == 1)
    sign("judging words 2+", judged >= 2)
    main = main_part(body)
    clause = read_clause(main)
    for kind in _SUBJECT_KINDS:
        sign(f"subject={kind}", clause is not None and clause.subject_kind == kind)
    for verb in _VERB_KINDS:
        sign(f"verb={verb}", clause is not None and clause.verb_kind == verb)
    sign("no clause", clause is None)
    words = _TOKEN.findall(plain.lower().replace("’", "'"))
    present = set(words)
    body_tokens = _TOKEN.findall(body)
    tokens = max(len(body_tokens), 1)
    sign("first person", not present.isdisjoint(_FIRST_PERSON))
    sign("second person", not present.isdisjoint(_SECOND_PERSON))
    in_main = set(_TOKEN.findall(quotations_blanked(main).lower().replace("’", "'")))
    sign("speculative modal", not in_main.isdisjoint(_SPECULATIVE))
    sign("will", "will" in in_main or "'ll" in main or "’ll" in main)
    sign("hedge", not present.isdisjoint(_HEDGES))
    sign("significance", _SIGNIFICANCE.search(plain) is not None)
    sign("judging adverb", _share(len(present & _JUDGING_ADVERBS), 2))
    sign("opinion lexicon", lexicon_score(body))
    intensifiers = evaluative = adverbs = 0
    superlative = False
    for word in words:  # one pass for the counted signs
        if word in _INTENSIFIERS:
            intensifiers += 1
        elif word in _EVALUATIVE:
            evaluative += 1
        if len(word) > 4 and word.endswith(("ly", "est")):
            if word[-1] == "y":
                adverbs += 1
            elif len(word) > 5:
                superlative = True
    sign("intensifiers", _share(intensifiers, 3))
    sign("generalisation", not present.isdisjoint(_GENERALISATIONS))
    sign("negation", not present.isdisjoint(_NEGATIONS) or "n't" in plain or "n’t" in plain)
    sign("evaluative", _share(evaluative, 3))
    sign("-ly adverbs", _share(adverbs, 3))
    sign("comparative", not present.isdisjoint(_COMPARATIVES))
    sign("superlative -est", superlative)
    sign("quotation", plain != body)
    sign("digits", _share(len(_DIGIT.findall(body)), 6))
    sign("date words", _DATE_WORDS.search(body) is not None)
    sign("question", "?" in plain)
    sign("no final stop", not body.rstrip().rstrip("\"”’')").endswith((".", "!", "?")))
    sign("connective opening", bool(words) and words[0] in _CONNECTIVES)
    sign("frame opening", _FRAME.match(body) is not None)
    sign("title case", is_title_case(body))
    sign("vague group subject", _VAGUE_GROUP.match(plain) is not None)
    sign(
        "there is plenty", ("here" in plain or "HERE" in plain) and bool(_EXISTENTIAL.search(plain))
    )
    sign("colon", ":" in plain)
    sign("parenthesis or dash", any(mark in body for mark in ("(", " - ", "—", "–")))
    capitalised = sum(1 for w in body_tokens[1:] if w[0].isupper())
    sign("capitalised share", min(capitalised / tokens, 0.5) * 2)
    sign("log length", math.log(tokens) / math.log(80))
    sign("long", tokens > 40)
    sign("short", tokens < 12)
    if clause is not None:
        predicate = clause.predicate.split()
        verb = predicate[0].lower() if predicate else ""
        state = verb.startswith(_STATE_VERBS) and clause.verb_kind in (
            "present", "past", "perfect", "have",
        )  # fmt: skip
        if len(predicate) > 1 and clause.verb_kind in ("perfect", "have", "modal", "did"):
            state = state or predicate[1].lower().startswith(_STATE_VERBS)
        sign("state verb", state)
        head = clause.subject[-1].lower() if clause.subject else ""
        sign(
            "abstract subject",
            _ABSTRACT.search(head) is not None and clause.subject_kind in ("common", "possessive"),
        )
        sign(
            "copula adjective",
            clause.verb_kind == "copula"
            and len(predicate) > 1
            and predicate[1].lower() in _EVALUATIVE,
        )
    for word in sorted(set(_PLAIN_WORD.findall(body.replace("’", "'")))):
        found.append((f"word:{word}", 1.0))
    return found


# The signs of a candidate's context, each worth at most 1: the least they can add bounds them.
_CONTEXT = (*(name for name, _ in _DOC_FULL), "after question", "after first person")


@cache
def _model() -> tuple[float, tuple[float, float], tuple[float, float], dict[str, float]]:
    """(bias, the thresholds as log-odds (a strong anchor's, a weak one's), the least the costly
    signs and the context's can add, weights)."""
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    weights = {str(name): float(weight) for name, weight in shipped["weights"].items()}
    thresholds = (
        _log_odds(float(shipped["threshold"])),
        _log_odds(float(shipped.get("threshold_weak_anchor", shipped["threshold"]))),
    )
    least = (
        sum(min(0.0, weights.get(name, 0.0)) for name in _COSTLY),
        sum(min(0.0, weights.get(name, 0.0)) for name in _CONTEXT),
    )
    return float(shipped["bias"]), thresholds, least, weights


def _log_odds(probability: float) -> float:
    return math.log(probability / (1.0 - probability))


def _weighed(signs: list[tuple[str, float]], weights: dict[str, float], total: float) -> float:
    for name, value in signs:
        weight = weights.get(name)
        if weight is not None:
            total += weight * value
    return total


def checkable_probability(body: str, document: str = "", start: int = 0) -> float:
    """The model's probability that a statement candidate is checkable, not an opinion (its
    ``document`` and ``start`` as for ``features``)."""
    bias, _, _, weights = _model()
    return 1.0 / (1.0 + math.exp(-_weighed(features(body, document, start), weights, bias)))


# Two main clauses joined as equals by ", but " (outside quotations and parentheses).
_BUT = re.compile(r",\s+but\s+")


def coordinated_clauses(body: str) -> list[str]:
    """The two main clauses of a sentence that joins them as equals with ", but " (the first
    such joint outside quotations and parentheses; the first clause given a full stop), each
    with a clause of its own (``clauses.read_clause``); else none. The labelling rule reads "a
    fact and a judgement joined as equal main clauses" as checkable: each is scored on its own
    (round 13)."""
    plain = quotations_blanked(body)
    for joint in _BUT.finditer(plain):
        before = plain[: joint.start()]
        if before.count("(") > before.count(")"):
            continue
        first, second = body[: joint.start()].rstrip() + ".", body[joint.end() :]
        if read_clause(main_part(first)) is None or read_clause(main_part(second)) is None:
            return []
        return [first, second]
    return []


def is_likely_opinion(
    body: str, weak_anchor: bool = False, document: str = "", start: int = 0
) -> bool:
    """Whether the model puts a statement candidate below the shipped threshold: the higher
    one when the candidate's only anchor is weak (``anchors.anchor_strength``); ``document``
    is the text the candidate starts in at ``start`` (``features``). A sentence of two equal
    main clauses (``coordinated_clauses``) is no opinion when either clause, scored on its own
    with the sentence's context, clears the threshold. The costly signs are looked for only
    when the others leave the answer open, and the context's only when the sentence's own
    signs do: the same answers, found faster."""
    if not _below(body, weak_anchor, document, start):
        return False
    return not any(
        not _below(clause, weak_anchor, document, start) for clause in coordinated_clauses(body)
    )


def _below(body: str, weak_anchor: bool, document: str, start: int) -> bool:
    bias, thresholds, (least_costly, least_context), weights = _model()
    threshold = thresholds[1] if weak_anchor else thresholds[0]
    total = _weighed(_plain_signs(body), weights, bias)
    if total + least_costly + least_context >= threshold:
        return False
    total = _weighed(_context_signs(document, start), weights, total)
    if total + least_costly >= threshold:
        return False
    return _weighed(_costly_signs(body), weights, total) < threshold


# Told where their matches can start (``regex_shape.quick``): the same matches, found faster.
_DATE_WORDS = quick(_DATE_WORDS)
_SIGNIFICANCE = quick(_SIGNIFICANCE)
