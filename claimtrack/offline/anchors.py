"""What a statement needs to be kept: a hard anchor of its own, in its main clause.

Rounds of judging-word lists (`claimtrack.offline.opinions`) reached 0.94 precision on the
sentences they were written from and 0.85-0.90 on fresh news: each sample's opinions judge in
plain words the lists lack ("Mr. Obama's presidency has muted ideological disagreement within
the party", "The win is a boost for anti-Trump forces"). This rule is the other way round: a
statement candidate is kept only when its main clause carries something a record can confirm,
whatever its words (the judging words still apply on top):

- an act: a subject that names someone (a name, "he", "she", "they") or counts them ("Two of
  the officers"), and a verb that reports an act — in the past ("won", "demonstrated"), the
  perfect ("has shaken up"), the passive ("was fired"; not "is expected to"), under way ("is
  protesting"), in the present after a name ("Adelson also owns") or as a plan ("Bacon will
  retire", "Mr. Rubio would eliminate"); a common noun's act counts in the past, perfect or
  passive only ("The establishment spent", "the bill was passed");
- a reported source: someone said, told, found, according to;
- a figure: an amount, a share, a number in digits that is not a year or part of a name, a
  count in words of things ("three applicants"), a span in digits ("76 minutes"), a margin in
  points, a multiple, a record ("a record nine women", "for the first time"); a vague magnitude
  ("millions of people") is none;
- after a copula, a record or a rank ("is the largest source of", "the first live ... to") or
  a named party's status ("He's the GOP's district chairman", "Mr. Effron is a co-founder of
  Centerview Partners").

What is left out is a main clause that judges with a copula ("The win is a boost for ...",
"National security has been the Republicans' issue"), "seems", a modal other than a named
party's plan ("can", "could", "is going to"), a common noun's present ("That longtime support
cuts against ..."), and what the clause reader cannot read (`claimtrack.offline.clauses`). The
figure must stand in the main clause: a leading phrase ("For eight years, ..."), an aside
between dashes or in parentheses and a clause of reason, contrast, condition or time after
the verb ("... as they try to prevent him from reaching the 1,237 delegates") only support it.

A common noun's past or perfect act is the weakest anchor (``anchor_strength``: "weak"): the
statement model (`claimtrack.offline.opinion_model`) asks more of a candidate that has no other.

Measured on about 920 labelled statements (`bench/statements_devset.py`, bench/README.md
"Statements, round 7"): it trades recall for precision, about two checkable statements
dropped for each opinion.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from claimtrack.offline.clauses import Clause, read_clause
from claimtrack.offline.opinions import (
    hard_figure,
    main_clause,
    reporting_part,
    reports_source,
    soft_figures,
)
from claimtrack.regex_shape import quick

# An aside between dashes, or in parentheses after a space ("401(k)" is a name).
_ASIDE = re.compile(r"\s+[—–-]\s+[^—–]*?\s+[—–-]\s+|\s+\([^()]*\)")
# A clause of reason, contrast, condition or time that follows the main one: what stands in it
# supports the main clause, it does not anchor it.
_SUBORDINATE = re.compile(
    r",?\s+(?:because|while|whereas|although|though|unless|if|whether|so\s+that|in\s+order\s+to"
    r"|since\s+(?!\d)|even\s+as)\b"
    # "as" opens a clause after a comma or before a pronoun, not in "ranks as the deadliest"
    r"|,\s+as\s+(?!(?:much|many|well|long|far|soon|of|such|part)\b|\w+\s+as\b)"
    r"|\s+as\s+(?=(?:he|she|they|it|we|I|you)\b)"
)
# A span in digits, a vote, a margin in points: measures, though no hard figure.
_MEASURE = re.compile(
    r"\b\d+[\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b|\b\d+-to-\d+\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:percentage\s+)?points?\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+times\s+(?:as|more|less|the)\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(r"\b(?:hundreds|thousands|millions|billions|trillions|dozens)\b", re.IGNORECASE)
_RECORD_COUNT = re.compile(
    r"\ba\s+record\s+\w+|\brecord[- ](?:high|low|number|levels?)\b|\bfor\s+the\s+first\s+time\b",
    re.IGNORECASE,
)
# A record or a rank in a copula's predicate: "the largest source of", "the first live ...
# enterprise to", "No. 1".
_RECORD = re.compile(
    r"\b(?:the|its|their|his|her|['’]s)\s+(?:\w+\s+)?(?:first|only|last|most\s+\w+|largest|biggest"
    r"|highest|lowest|smallest|richest|poorest|oldest|youngest|longest|deadliest|fastest|slowest"
    r"|tallest|latest|leading|top)\b|\bNo\.\s*\d|\brecord\b"
)
# A label of a few words before a colon, and what follows it up to a dash ("UPDATE: 5/12 —").
_LABEL = re.compile(r"^[^:.,;]{1,30}:\s+(?:[^—–]{1,12}\s+[—–]\s+)?(?=[A-Z])")
# A leading phrase that attributes the sentence ("As POLITICO revealed, ...").
_ATTRIBUTION = re.compile(r"^(?:And\s+|But\s+)?As\s+[^,]{2,80},")
# A pronoun subject that frames a clause ("It's a twist on how ...", "This is why ...").
_FRAME = re.compile(r"^(?:It|it|This|this|That|that)$")
_FRAMED = re.compile(r"\b(?:how|why|what|whether|where|when|that|which|who)\b|\bthe\s+way\b")
_NAME_IN = re.compile(r"\b[A-Z][\w.]")
_ACTS = frozenset(("past", "perfect", "passive", "progressive", "present", "did", "have"))
_COMMON_ACTS = frozenset(("past", "perfect", "passive"))
# A named party's plan or schedule ("will retire", "would eliminate taxes"); "could", "may"
# and "should" speculate.
_PLANS = ("will ", "would ")


@lru_cache(maxsize=256)
def main_part(body: str) -> str:
    """The main clause: a sentence in parentheses read whole, asides and a lead cut
    (remembered for the last few sentences: the statement model reads it again)."""
    body = body.strip()
    if body.startswith("(") and body.rstrip(".").endswith(")") and body.count("(") == 1:
        body = body[1:].replace(")", "", 1)
    label = _LABEL.match(body)
    if label:  # "UPDATE: 5/12 — The website has removed the listing", "Even on age: ..."
        body = body[label.end() :]
    body = main_clause(body.replace("―", "—"))
    if "(" in body or "—" in body or "–" in body or " - " in body:
        body = _ASIDE.sub(" ", body)
    return body


def _framing(main: str, clause: Clause | None) -> str:
    """The main clause up to a clause it frames: "It's a down-ballot twist on how Sanders ...
    raised $235 million" is the writer's frame of what the inner clause says, and a figure or
    a source in there supports the frame, it does not anchor it."""
    if clause is None or clause.verb_kind not in ("copula", "seem"):
        return main
    if not _FRAME.match(" ".join(clause.subject)):
        return main
    inner = _FRAMED.search(main, clause.verb_at)
    return main[: inner.start()] if inner else main


def _figure(text: str) -> bool:
    return bool(
        _MEASURE.search(text)
        or _RECORD_COUNT.search(text)
        or hard_figure(text)
        or soft_figures(_VAGUE.sub(" ", text))
    )


AnchorStrength = Literal["strong", "weak"]


def anchor_strength(body: str) -> AnchorStrength | None:
    """How a statement candidate's main clause is anchored: None, "weak" when its only anchor is
    a common noun's act in the past or the perfect ("The establishment spent", "these boutiques
    have become a more powerful presence") — the weakest kind, an act of no one in particular,
    often the writer's reading of events — and "strong" otherwise. The statement model asks
    more of a weakly anchored candidate (bench/README.md "Statements, round 10")."""
    kind = anchor_kind(body)
    if kind is None:
        return None
    if kind != "common act":
        return "strong"
    main = main_part(body)
    clause = read_clause(main)
    if clause is None or clause.verb_kind not in ("past", "perfect"):
        return "strong"  # a common noun's passive ("the bill was passed") is no reading
    return "strong" if _other_anchor(main, clause) is not None else "weak"


def has_hard_anchor(body: str) -> bool:
    """Whether a statement candidate's main clause carries a figure, a reported source, a
    named actor's act or a named party's status (see the module's docstring)."""
    return anchor_kind(body) is not None


AnchorKind = Literal[
    "attribution", "count", "named act", "common act", "source", "figure", "relation", "record",
    "status",
]  # fmt: skip


def anchor_kind(body: str) -> AnchorKind | None:
    """The first hard anchor found in a statement candidate's main clause, or None: an
    attribution that leads it, a counted or named actor's act, a common noun's act, a reported
    source, a figure, a thing's relation to a named party, a record after a copula, a named
    party's status. The cheap tests come first: most statements report an act."""
    lead = _ATTRIBUTION.match(body.strip())
    if lead and reports_source(lead.group()):
        return "attribution"  # "As POLITICO revealed, ...", "As the AP reported last week, ..."
    main = main_part(body)
    clause = read_clause(main)
    if clause is not None:
        # "Two of the officers are kneeling", "Scalia died", "He has shaken up", "Bacon will
        # retire", "The establishment spent": an act of a named, counted or common actor
        if clause.subject_kind == "count":
            return "count"
        if clause.subject_kind == "named" and (
            clause.verb_kind in _ACTS or clause.predicate.startswith(_PLANS)
        ):
            return "named act"
        if clause.verb_kind in _COMMON_ACTS and clause.subject_kind != "first":
            return "common act"
    return _other_anchor(main, clause)


def _other_anchor(main: str, clause: Clause | None) -> AnchorKind | None:
    """An anchor of the main clause other than an act: a reported source, a figure, a thing's
    relation to a named party, a record after a copula, a named party's status."""
    framing = _framing(main, clause)
    if reports_source(reporting_part(framing)):
        return "source"
    # a subordinate clause starts after the main clause's verb, not in its subject (a third of
    # the way in when no verb was read)
    subordinate = _SUBORDINATE.search(main, clause.verb_at if clause else len(main) // 3)
    end = min(subordinate.start() if subordinate else len(main), len(framing))
    if _figure(main[:end]):
        return "figure"
    if clause is None:
        return None
    predicate = clause.predicate.partition(" ")[2]
    if clause.verb_kind in ("present", "have") and clause.subject_kind in ("common", "possessive"):
        # a thing's relation to a named party: "The ads come from Our Principles PAC", "The
        # investor group includes Mr. Smith"; not "That support cuts against ..." (no name)
        return "relation" if _NAME_IN.search(predicate.partition(",")[0]) else None
    if clause.verb_kind != "copula":
        return None
    if _RECORD.search(predicate):
        return "record"
    if clause.subject_kind == "named" and _NAME_IN.search(predicate.partition(",")[0]):
        return "status"
    return None


# Told where their matches can start (``regex_shape.quick``): the same matches, found faster.
_MEASURE = quick(_MEASURE)
_ASIDE = quick(_ASIDE)
_SUBORDINATE = quick(_SUBORDINATE)
