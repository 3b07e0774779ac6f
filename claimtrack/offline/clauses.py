"""Who does what in a sentence's main clause: its subject and the kind of its first verb.

No tagger or parser is available offline, so the clause is read from the shape of English,
not from a model: the first finite verb is the first word that can only be one (a copula, a
modal, "has", an irregular past form such as "won" or "left", a word in -ed after the subject,
a word in -s right after a name or a pronoun), and the subject is what comes before it, less
what commas set off inside it ("Justice Antonin Scalia, who voted in the majority, died") and a
leading phrase cut at its comma ("More importantly, three months before the primary, his
campaign shelled out ...").

What the subject is tells whether someone acts: a name ("Scalia", "The Clinton Foundation"), a
pronoun for people ("he", "she", "they"), a count ("Two of the officers", "About a dozen
people"), a possessive ("Mr. Obama's presidency"), or a common noun ("the network", "The win").
What the verb is tells whether an act is reported or a quality judged: an act in the past or the
perfect ("won", "has shaken up"), a passive act ("was fired", "were shot"; not "is expected"), an
act under way ("is protesting"), a present act of a name ("Adelson also owns"), a copula ("is a
boost for"), "seems", or a modal ("would", "will", "can").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

SubjectKind = Literal["named", "count", "possessive", "common", "first"]
VerbKind = Literal[
    "past", "perfect", "passive", "progressive", "present", "did", "have", "copula", "seem", "modal"
]

# Irregular past forms and participles: a closed class of English, not a list of topics.
_IRREGULAR = frozenset(
    "arose awoke bore beat became began bent bet bid bit bled blew broke bred brought built"
    " burnt bought caught chose clung came cost crept cut dealt dug did drew drank drove ate"
    " fell fed felt fought found fled flung flew forbade forgot forgave froze got gave went"
    " ground grew hung had heard hid hit held hurt kept knelt knew laid led leapt left lent let"
    " lay lit lost made meant met paid put quit read rode rang rose ran said saw sought sold"
    " sent set shook shed shone shot showed shrank shut sang sank sat slept slid slung spoke"
    " sped spent spun spat split spread sprang stood stole stuck stung stank strode struck"
    " strove swore swept swam swung took taught tore told thought threw thrust trod understood"
    " upset woke wore wove wept won wound withdrew wrote arisen born borne beaten become begun"
    " bitten blown broken chosen done drawn drunk driven eaten fallen flown forbidden forgotten"
    " forgiven frozen gotten given gone grown hidden known lain ridden rung risen run seen"
    " shaken shown shrunk sung sunk slain spoken stolen stricken striven sworn taken torn thrown"
    " trodden woken worn woven written overseen overtaken undertaken withdrawn upheld withheld"
    " overcame overtook undertook oversaw foresaw withstood rebuilt rewrote retook reran resold"
    " overthrew outgrew overheard mistook misled".split()
)
# Words in -ed that are no verb.
_NOT_PAST = frozenset(
    "need indeed seed speed feed creed deed breed bed red wed hundred kindred".split()
)
_COPULAS = frozenset(
    "is are was were be been being 's 're am isn't aren't wasn't weren't remains remain"
    " remained".split()
)
_SEEMS = frozenset("seems seem seemed appears appear appeared".split())
_MODALS = frozenset(
    "would will could can may might must should shall 'd 'll wouldn't won't couldn't can't"
    " mustn't shouldn't".split()
)
_HAVE = frozenset("has have had 've hasn't haven't hadn't".split())
_DO = frozenset("did does do didn't doesn't don't".split())
# Participles that say what a thing is taken to be, not what was done to it ("is expected to",
# "were seen as", "is set to").
_STATES = frozenset(
    "expected considered thought seen believed regarded viewed known said supposed set poised"
    " bound able unable due designed meant intended used concerned interested tied".split()
)
_PEOPLE_PRONOUNS = frozenset(("he", "she", "they"))
# The writer's own account ("I have encountered", "we will see"): no record to confirm it by.
_FIRST_PERSON = frozenset(("i", "we"))
# Determiners that open a common noun phrase: after "The ads", a plain word that can only be a
# verb where it stands is a plural present ("The ads come from ...").
_DETERMINERS = frozenset("the these those its their his her our both all many some".split())
# Words that follow a verb, not a noun ("come from", "include the", "say that").
_AFTER_VERB = frozenset(
    "from to the a an his her its their this that these those in on at with into about".split()
)
# Capitalised words that open a sentence and name no one.
_FUNCTION = frozenset(
    "the a an this that these those it its but and yet so or nor for in on at by with as if when"
    " while although though because since after before now then still also even just only most"
    " many some much few all both each every any no such another other here there what which who"
    " how why where our my your their his her we i you however meanwhile instead indeed".split()
)
_CONNECTIVES = frozenset(
    "but and yet so still now however meanwhile instead indeed then also thus hence".split()
)
# A phrase before the subject, cut at its comma ("In the past 48 hours, ...", "More importantly,").
_INTRODUCTIONS = frozenset(
    "in on at for from by with after before during since until under over through among amid"
    " despite without following like unlike as to of about instead still yet however meanwhile"
    " indeed moreover furthermore similarly likewise again later earlier then now today more"
    " most perhaps also even so thus".split()
)
_TIME_UNITS = frozenset(
    "years year months month weeks week days day hours hour minutes decades decade".split()
)
_COUNTS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty"
    " thirty forty fifty sixty seventy eighty ninety hundred dozen".split()
)
_MAGNITUDES = frozenset("hundreds thousands millions billions dozens".split())
_APPROXIMATELY = frozenset("just only about more at nearly almost roughly some".split())
# What a comma inside the subject sets off: an apposition or a relative clause (any stretch
# with no verb up to the next comma is one too: "Pierre Lortie, chairman and chief executive,").
_ASIDE_OPENERS = re.compile(
    r"^(?:who|which|whose|whom|a|an|the|his|her|its|their|\d[\d,.]*|also|like|including|for|in"
    r"|on|at|who['’]s|himself|herself|now|then|once|as|with|known|called|born)$",
    re.IGNORECASE,
)
_ADVERB = re.compile(
    r"^(?:\w+ly|also|then|later|once|again|never|not|n't|already|just|now|still|first|since|ever"
    r"|yet|even|all|both|each|soon|long|often|too|instead|however)$",
    re.IGNORECASE,
)
# Words with offsets: a possessive "'s" on its own, numbers whole ("43,000"), the punctuation
# that bounds clauses.
_TOKEN = re.compile(
    r"['’]s\b|[A-Za-z](?:[\w.-]|['’](?!s\b))*|\d+(?:[,.]\d+)*(?:-[A-Za-z]+)*%?|\$\d+(?:[,.]\d+)*|[,;:]"
)
# The prepositions, relatives and infinitives that end the head of a noun phrase.
_HEAD_ENDS = frozenset(
    "of in for from with on at about against between among who which that to".split()
)
# A subject longer than this is a misreading (no verb found where one was expected).
_LONGEST_SUBJECT = 14


@dataclass(frozen=True)
class Clause:
    """The main clause read: its ``subject`` (words), what kind of subject and verb it has, and
    the ``predicate``: the verb and what follows it, as words joined by spaces; ``verb_at`` is
    where the verb starts in the text read."""

    subject: tuple[str, ...]
    subject_kind: SubjectKind
    verb_kind: VerbKind
    predicate: str
    verb_at: int


def _plain(word: str) -> str:
    return word.lower().replace("’", "'")


def _is_past(word: str) -> bool:
    lowered = _plain(word)
    if lowered in _IRREGULAR:
        return True
    return lowered.endswith("ed") and len(lowered) >= 4 and lowered not in _NOT_PAST


def _verb(words: list[str], at: int) -> VerbKind | None:
    """The kind of verb ``words[at]`` is, if it can only be a finite verb where it stands."""
    word = words[at]
    lowered = _plain(word)
    if lowered == "'s":  # "He's the chairman" but "the GOP's district chairman"
        following = _plain(words[at + 1]) if at + 1 < len(words) else ""
        if (
            following in _FUNCTION
            or following in ("not", "no")
            or following.endswith(("ly", "ing", "ed"))
        ):
            return "copula"
        return None
    if not word[0].isalpha() or word[0].isupper():
        return None
    if lowered in _COPULAS:
        return "copula"
    if lowered in _SEEMS:
        return "seem"
    if lowered in _MODALS:
        return "modal"
    if lowered in _HAVE:
        return "have"
    if lowered in _DO:
        return "did"
    if _is_past(word):
        return "past"
    before = words[at - 1]
    if _plural_present(words, at):
        return "present"
    if (
        lowered.endswith("s")
        and not lowered.endswith(("ss", "us", "is"))
        and (
            (before[0].isupper() and _plain(before) not in _FUNCTION)
            or _plain(before) in _PEOPLE_PRONOUNS
            or _ADVERB.match(before)
            or before == ","  # after an apposition: "Peter Holland, 45, ..., becomes"
        )
    ):
        return "present"
    return None


def _plural_present(words: list[str], at: int) -> bool:
    """A plain present after a common noun phrase of two or three words opened by a
    determiner, followed by a word that follows verbs: "The ads come from", "The investor
    group includes the"; not "The tax cuts plan" (no such word after it)."""
    if at < 2 or at + 1 >= len(words):
        return False
    following = words[at + 1]
    if _plain(following) not in _AFTER_VERB and not (
        following[0].isupper() and following[:2].isalpha()
    ):
        return False
    lowered = _plain(words[at])
    if lowered in _FUNCTION or lowered.endswith(("ly", "ing", "ss", "'s")) or not lowered.isalpha():
        return False
    opener = next(
        (n for n in range(at - 1, max(at - 4, -1), -1) if _plain(words[n]) in _DETERMINERS), None
    )
    if opener not in (at - 2, at - 3):
        return False
    noun = _plain(words[at - 1])
    if not noun.isalpha() or noun in _FUNCTION or not words[at - 1].islower():
        return False
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return not lowered.endswith("s")  # "The ads come"
    return lowered.endswith("s") and not lowered.endswith(("us", "is"))  # "The group includes"


def _refined(words: list[str], at: int, kind: VerbKind) -> VerbKind:
    """A perfect, a passive or an act under way behind an auxiliary ("has shaken up", "was
    fired", "is protesting"); a stative participle stays a copula ("is expected to")."""
    following = [w for w in words[at + 1 : at + 4] if not _ADVERB.match(w)]
    if kind == "have":
        if following and _plain(following[0]) == "been":
            after = [w for w in words[at + 2 : at + 5] if not _ADVERB.match(w) and w != "been"]
            if after and _is_past(after[0]) and _plain(after[0]) not in _STATES:
                return "passive"
            if after and after[0].endswith("ing") and after[0].islower():
                return "progressive"  # "have been peppering her with attacks"
            return "copula"
        if following and _plain(following[0]) == "to":
            return "modal"  # "had to be led": an obligation
        # "has for months weighed": the participle a few words on
        return "perfect" if any(_is_past(w) for w in words[at + 1 : at + 5]) else "have"
    if kind == "copula" and following:
        word = following[0]
        if _plain(word) == "going" and at + 2 < len(words) and _plain(words[at + 2]) == "to":
            return "modal"  # "is going to need": a prediction
        if _is_past(word) and _plain(word) not in _STATES:
            return "passive"
        if word.endswith("ing") and word.islower() and word != "going":
            return "progressive"
    return kind


def _subject_kind(subject: list[str]) -> SubjectKind | None:
    words = [w for w in subject if not _ADVERB.match(w)]
    if not words:
        return None
    lowered = [_plain(w) for w in words]
    if len(words) <= 2 and lowered[-1] in _PEOPLE_PRONOUNS:
        return "named"
    if len(words) == 1 and lowered[0] in _FIRST_PERSON:
        return "first"
    first, second = lowered[0], (lowered[1] if len(lowered) > 1 else "")
    if first in _MAGNITUDES:
        return "common"  # "Hundreds of thousands of parents": no count, no name
    if (
        first.partition("-")[0] in _COUNTS
        or (first[0].isdigit() and not first.endswith("-old"))  # not "82-year-old"
        or (first in _APPROXIMATELY and (second in _COUNTS or second[:1].isdigit()))
        or (first, second) in (("a", "dozen"), ("more", "than"), ("at", "least"))
    ):
        return "count"
    end = next((n for n, w in enumerate(lowered) if w in _HEAD_ENDS), len(words))
    if "'s" in lowered[:end]:
        return "possessive"
    head = words[:end][-1] if end else words[-1]
    if head[0].isupper() and _plain(head) not in _FUNCTION:
        return "named"
    return "common"


@lru_cache(maxsize=256)
def read_clause(text: str) -> Clause | None:
    """The subject and first finite verb of ``text`` (a main clause, its lead already cut), or
    None when no verb is found before a colon, a semicolon or a complement clause. Remembered
    for the last few texts: the anchor gate and the statement model read the same clause."""
    # a lower-case word's period ends the sentence ("resigned."); a capitalised one's may be an
    # abbreviation's ("Mr.", "U.S.")
    matches = list(_TOKEN.finditer(text))
    words = [
        w[:-1] if w.endswith(".") and w[0].islower() else w for w in (m.group() for m in matches)
    ]
    at = 0
    while at < len(words) and (_plain(words[at]) in _CONNECTIVES or words[at] == ","):
        at += 1
    start = at
    subject: list[str] = []
    while at < len(words):
        word = words[at]
        if (
            word in (";", ":")
            or len(subject) > _LONGEST_SUBJECT
            or (subject and word in ("that", "whether"))
        ):
            return None
        if word == ",":
            first = _plain(subject[0]) if subject else ""
            if subject and (
                first in _INTRODUCTIONS
                or first.endswith("ly")
                or (len(subject) > 1 and _plain(subject[1]) in _TIME_UNITS)
            ):
                subject, start = [], at + 1  # a leading phrase, not the subject
            elif subject:
                close = next((n for n in range(at + 1, len(words)) if words[n] == ","), None)
                if close is not None and (
                    _ASIDE_OPENERS.match(words[at + 1])
                    or not any(_verb(words, n) for n in range(at + 1, close))
                ):
                    at = close  # skip the apposition or relative clause, and read its comma
                    continue
            at += 1
            continue
        kind = _verb(words, at) if at > start else None
        if kind is not None:
            subject_kind = _subject_kind(subject)
            if subject_kind is None:
                return None
            return Clause(
                tuple(subject),
                subject_kind,
                _refined(words, at, kind),
                " ".join(words[at:]),
                matches[at].start(),
            )
        subject.append(word)
        at += 1
    return None
