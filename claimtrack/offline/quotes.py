"""Direct quotes and who said them.

A quote is text between matching quotation marks (“…”, "…", «…», and ‘…’ where the marks cannot
be apostrophes). Marks pair within a paragraph, and a paragraph is a line unless the text is
hard-wrapped: news from the web writes one paragraph a line, and a straight quote left open on
one line must not pair with a mark lines later. A quote left open at the end of its paragraph
runs to that end, and when the next paragraph opens with a quotation mark it is the same
speaker's quote going on (how newswires print a quote of several paragraphs).

Who said it is found the way a reader finds it, nearest evidence first (``Attributor``):

1. right after the quote: a reporting verb either way round (“…,” said Jane Doe / “…,” the
   minister, Jane Doe, told reporters / “…,” he said), or a name signed after a dash (“…” ―
   Jane Doe). After a quote that ends its sentence ("… outlaw nation.” Russia insisted that …")
   a new sentence with its own content has its own speaker;
2. a reporting verb earlier in the sentence, with its subject (Jane Doe said: “…” / Trump
   called the election “rigged” / the paper wrote, adding, “…”: a verb in "-ing" or after
   "and" takes the subject of its clause), or "according to Jane Doe";
3. an attribution at the end of the sentence (… a “very weak leader,” Trump said.), or a
   reporting verb after an opening phrase that holds the quote;
4. a name before a colon (Jane Doe, The Daily: “…” / Ryan: ‘No Place in a Campaign’), also
   when the colon ends the paragraph before the quote (Jane Doe wrote:\n\n“…”);
5. whose the words are said to be (Romney’s “47 percent” comment), a transcript's speaker label
   (“WALLACE: Let's start …”), or the reporting verb of the sentence just before (… , Schiff
   said. “The other factor …”);
6. the quote it continues: the earlier paragraphs of a quote of several paragraphs, or a quote
   that opens a sentence right after an attributed one with no other voice between.

The speaker is the *name* in what the verb points at: "Huckabee campaign spokesman Hogan Gidley"
is Hogan Gidley, "Kristen Day, executive director of Democrats for Life" is Kristen Day. "he"
and "she" are resolved to the most salient person; a definite description is resolved to the
person the document gave that role to ("the minority leader" → Harry Reid, after "Senate
Minority Leader Harry Reid") or to the outlet or body last named ("the newspaper" → The New York
Times), else kept as written ("a spokesman for the ministry"). A noun phrase after a
preposition ("in a low voice", "by the arm and") is never a speaker, nor does one run across the
end of a sentence ("John Smith. He").

Quoted words with no attribution are claims only when they are long enough to be speech (six
words); shorter ones are scare quotes ("the so-called “alt-right”"). Titles ("Meet the Press",
"Saturday Night Live") are not quotes (``_is_title``). The claim reads "Speaker verb: “words”",
so two quotes of one sentence make two different claims, and the same words from the same
speaker again make none.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from claimtrack.offline.context import DocumentContext, sentence_at
from claimtrack.offline.names import Name, bare_name
from claimtrack.records import QuoteClaim, Span
from claimtrack.segment import Segment

# Reporting verbs. Finite forms can follow their subject ("Doe said"); the "-ing" forms take the
# subject of their clause ("…, adding"). Present forms that are mostly nouns ("states",
# "reports", "claims", "comments") are left out: "the United States" is not a cue. Where a noun
# is read as a verb anyway ("his notes", "the calls") no speaker stands where its subject would,
# and the verb gives no attribution ("what he calls the “cartel”" does).
_FINITE = """
said says say told tells tell added adds declared declares stated asked asks explained explains
noted notes wrote writes warned warns insisted insists argued argues claimed announced announces
replied replies responded responds continued continues recalled recalls acknowledged
acknowledges admitted admits conceded concedes urged urges stressed stresses emphasized
emphasizes emphasised observed remarked complained complains predicted predicts vowed vows
promised tweeted posted commented suggested suggests described describes called cautioned
concluded concludes confirmed confirms denied denies estimated reported testified shouted yelled
whispered joked jokes boasted boasts quipped quips demanded pledged pledges praised praises
apologized apologised charged opined opines assured assures mused muses lamented laments
proclaimed proclaims maintained maintains contended contends asserted asserts reiterated
reiterates recounted recounts remembered countered retorted scoffed snapped interjected
exclaimed groused griped fumed screamed cried pleaded wondered wonders speculated advised
disclosed revealed reveals confided bragged brags crowed teased mocked mocks labeled labelled
dubbed termed chanted touted touts hailed hails blasted blasts slammed slams accused accuses
criticized criticised decried denounced denounces dismissed dismisses defended defends pondered
sighed laughed agreed agrees objected protested reasoned alleged alleges bemoaned clarified
confessed elaborated hinted implied mentioned muttered repeated repeats reminded swore
threatened threatens underscored characterized characterised branded questioned thundered
released
bellowed sniped jabbed gushed raved conceded predicted cheered calls attacked attacks sings
sang chided chides scolded ripped rips knocked lambasted skewered assailed assails derided
ridiculed taunted panned rebuked castigated excoriated heralded portrayed portrays coined
believes believed thinks hopes hoped fears feared worries worried cited cites quoted quotes
barked growled snarled hissed roared gasped groaned stammered sputtered intoned deadpanned
marveled marvelled reflected volunteered answered interrupted credited thanked blamed blames
commended applauded congratulated welcomed cheered
argue insist warn explain write declare acknowledge admit concede urge stress emphasize
complain predict suggest describe confirm deny recall recount reiterate insist maintain contend
assert mention repeat reveal disclose dismiss denounce decry criticize accuse defend agree
characterize call
"""
_PARTICIPLES = """
saying telling adding declaring stating asking explaining noting writing warning insisting
arguing claiming announcing replying responding continuing recalling acknowledging admitting
conceding urging stressing emphasizing emphasising observing remarking complaining predicting
vowing promising tweeting posting commenting suggesting describing calling cautioning
concluding confirming denying estimating reporting testifying shouting yelling joking boasting
quipping demanding pledging praising charging assuring musing lamenting proclaiming maintaining
contending asserting reiterating recounting remembering countering retorting exclaiming
pleading wondering speculating revealing bragging labeling labelling dubbing terming chanting
touting hailing blasting slamming accusing criticizing criticising decrying denouncing
dismissing defending pondering agreeing alleging mentioning repeating reminding threatening
characterizing characterising branding questioning reading citing quoting praising
portraying chiding scolding ripping knocking lambasting mocking deriding ridiculing taunting
heralding
"""
# "went on" is a cue only when it goes on talking ("went on to say", "went on:"), not in "the
# Senate goes on recess".
_MULTIWORD = (
    r"pointed\s+out",
    r"points\s+out",
    r"(?:went|goes)\s+on(?=\s*[,:]|\s+to\s+(?:say|add|note|tell|write|argue|explain|call))",
    r"shot\s+back",
    r"(?:paid|pays|paying)\s+tribute\s+to",
    r"(?:make|makes|made|making)\s+(?:it\s+)?clear",
)
_FINITE_WORDS = frozenset(_FINITE.split())
# Verbs that come before their speaker ("…, said Leon"); others never do ("defended his client").
_INVERTING = frozenset(
    "said says added adds asked asks wrote writes continued explained noted recalled replied "
    "responded declared insisted argued remembered told tells".split()
)
_PARTICIPLE_WORDS = frozenset(_PARTICIPLES.split())


def _alternation(words: frozenset[str], extra: tuple[str, ...] = ()) -> str:
    # Longest first, so that "says" is tried before "say"; sorted, so the pattern is the same in
    # every process.
    return "|".join((*extra, *sorted(words, key=lambda w: (-len(w), w))))


CUES = rf"(?:{_alternation(_FINITE_WORDS | _PARTICIPLE_WORDS, _MULTIWORD)})"
# A cue is a whole word: not "so-called", not "Saying" in a title.
_CUE = re.compile(rf"(?<![\w’'\-]){CUES}(?![\w’'\-])")
# A quote signed after a dash: “…” ― Jane Doe.
_SIGNATURE = re.compile(r"\s*[―—–\-]+\s*(?P<name>[A-Z][^\n,;:!?“”\"]{1,60}?)\s*\.?\s*$")
# A transcript's speaker label opening the quoted words: "WALLACE: Let's start…".
_SPEAKER_LABEL = re.compile(r"(?P<label>[A-Z][A-Z.'’\-]+(?:\s[A-Z][A-Z.'’\-]+){0,3}):\s")
# A verb of saying that nobody does: "by refusing to say the words “radical Islam”".
_REFUSED = re.compile(
    r"(?<![\w’'])(?:refus\w*|declin\w*|fail\w*|not|never|reluctan\w*|unwilling)\s+to\s+$"
)
# A verb between a subject and the verb of saying: "they agreed to make clear", "went on to say".
_VERB_TO = frozenset(
    "agreed agree agrees wanted wants want sought seeks seek decided decides tried tries try "
    "moved moves vowed vows went goes go continued continues began begins planned plans "
    "hoped hopes".split()
)
# Reporting verbs tried, nearest first, for a quote inside a sentence: a verb whose subject is
# not a speaker ("his promise of “free college”") gives way to the one before it.
_CUES_TRIED = 3
_ACCORDING = re.compile(r"(?<![\w’'])(?:according|According)\s+to\s+")

_PRONOUNS = frozenset("he she they we i it you".split())
_OBJECT_PRONOUNS = frozenset("him her them us me".split())
_SUBORDINATORS = frozenset(
    "when while after before as since although though if because once until unless whereas".split()
)
_DETERMINERS = frozenset(
    "a an the one another some many several his her its their our my your this these those".split()
)
_PREPOSITIONS = frozenset(
    "of for at with from in on by to about into over under during through against without "
    "within upon via per among between near like toward towards across behind beyond".split()
)
# Words that end a noun phrase going backwards from a verb: conjunctions, relatives, auxiliaries.
_CLAUSE_WORDS = frozenset(
    "and but or nor that which who whom whose when while as because if after before since though "
    "although so then where than is was are were be been being has have had do does did will "
    "would can could should may might must not no also yet whether once until unless what how why "
    "there here".split()
)
# Between a subject and its verb: "Trump also said", "Doe has repeatedly said".
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    "also then later once has had have previously again recently reportedly flatly simply "
    "quickly immediately repeatedly publicly privately bluntly angrily just only never often even "
    "further still would will did does first last finally earlier subsequently jokingly "
    "tearfully quietly calmly loudly softly firmly sharply openly proudly ominously cheerfully "
    "allegedly".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow "
    "morning afternoon evening night week month year weekend earlier later recently".split()
)
# Heads of a definite description that name an outlet or a body ("the newspaper wrote").
_OUTLET_HEADS = frozenset(
    "newspaper paper daily publication outlet magazine network broadcaster channel station "
    "website site agency board ministry department company firm organization organisation "
    "group committee council commission".split()
)
# Words whose period ends no sentence: initials and acronyms ("J.", "U.S."), a party and state
# ("R-Ky."), titles, and the abbreviations of US states that news puts after a name.
_ABBREVIATION = re.compile(
    r"^(?:[A-Z]\.)+$|^[RDI]-[A-Z][\w.\-]*\.$|^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt"
    r"|Adm|Prof|Rev|Hon|Pres|Maj|Cpl|Jr|Sr|St|Mt|Ft|Del|Inc|Co|Corp|Ltd|Sept|No|Ala|Ariz|Ark"
    r"|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore"
    r"|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo)\.$"
)
_TOKEN = re.compile(r"[\w’'.\-&]+|[^\w\s]")

_OPENER = re.compile(r"[“\"«]|(?<![\w’'])‘")
_SINGLE_CLOSE = re.compile(r"’(?![\w])")
_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "«": "»"}
_QUOTE_MARKS = '“”"‘’«»'

# How far (in characters) an attribution on the same line is looked for, and how much of a
# quote's sentence is read on either side of it.
_ATTRIBUTION_REACH = 400
_SENTENCE_REACH = 600
# A quote needs this many words to be a claim when nobody is said to have said it.
_UNATTRIBUTED_MIN_WORDS = 6
# ... and this many to take the speaker of the quote it continues.
_CONTINUED_MIN_WORDS = 3


@dataclass(frozen=True)
class QuoteMention:
    """The words inside one pair of quotation marks, ``[start, end)`` without the marks.

    ``close_at`` is the closing mark, or the end of the paragraph when the quote is left open
    there (``closed`` is then false).
    """

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool = True


def _paragraphs_for_quotes(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the stretches inside which quotation marks pair.

    A paragraph (lines between blank lines) is one stretch when it is hard-wrapped — every line
    but the last short, and most of them ending mid-sentence — and otherwise each of its lines
    is one: web text writes a paragraph a line.
    """
    stretches: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []

    def close_block() -> None:
        if not block:
            return
        if len(block) > 1 and _hard_wrapped(text, block):
            stretches.append((block[0][0], block[-1][1]))
        else:
            stretches.extend(block)
        block.clear()

    for line in re.finditer(r"[^\n]+", text):
        if line.group(0).isspace():
            close_block()
            continue
        if block and text.count("\n", block[-1][1], line.start()) > 1:
            close_block()
        block.append((line.start(), line.end()))
    close_block()
    return stretches


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    inner = lines[:-1]
    if any(end - start > 100 for start, end in inner):
        return False
    open_ended = sum(1 for _, end in inner if text[end - 1] not in '.!?:;”"’')
    return 2 * open_ended >= len(inner)


def find_quotes(text: str) -> list[QuoteMention]:
    """Every quoted stretch of ``text``; an unclosed quote runs to the end of its paragraph."""
    quotes: list[QuoteMention] = []
    for block_start, block_end in _paragraphs_for_quotes(text):
        position = block_start
        while True:
            match = _OPENER.search(text, position, block_end)
            if match is None:
                break
            closing = _OPEN_CLOSE[match.group(0)]
            if closing == "’":
                close = _SINGLE_CLOSE.search(text, match.end(), block_end)
                close_at = close.start() if close else -1
            else:
                close_at = text.find(closing, match.end(), block_end)
            closed = close_at != -1
            if not closed:
                close_at = block_end
            start, end = match.end(), close_at
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                quotes.append(QuoteMention(start, end, match.start(), close_at, closed))
            position = close_at + 1
    return quotes


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    how: str  # "adjacent", "resolved", "sentence", "colon", "continued", "none"


_NONE = Attribution(None, None, None, None, "none")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and "-" in self.text)


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [
        _Token(m.group(0), start + m.start(), start + m.end())
        for m in _TOKEN.finditer(text[start:end])
    ]


# Nouns that end like adverbs: "the family said" has a subject, "Cruz gingerly said" skips one.
_LY_NOUNS = frozenset(
    "family ally rally daily weekly monthly quarterly assembly supply bully".split()
)


def _skip_back(tokens: list[_Token], index: int) -> int:
    """``index`` moved back over what stands between a subject and its verb: adverbs and
    auxiliaries ("also", "has", "gingerly"), a time ("on Tuesday"), a parenthesis ("(D-Nev.)")."""
    while index >= 0:
        token = tokens[index]
        lowered = token.lower
        adverb = (
            token.text.islower()
            and lowered.endswith("ly")
            and len(lowered) > 4
            and lowered not in _LY_NOUNS
        )
        if lowered in _BETWEEN_SUBJECT_AND_VERB or lowered in _TIME_WORDS or adverb:
            index -= 1
            if index >= 0 and tokens[index].lower in ("on", "last", "this", "late", "early"):
                index -= 1
            continue
        if token.text == ")":
            opening = next(
                (i for i in range(index - 1, max(-1, index - 12), -1) if tokens[i].text == "("),
                None,
            )
            if opening is None:
                return index
            index = opening - 1
            continue
        if lowered == "to" and index > 0 and tokens[index - 1].lower in _VERB_TO:
            index -= 2
            continue
        phrase = _phrase_between_subject_and_verb(tokens, index)
        if phrase is not None:
            index = phrase
            continue
        return index
    return index


def _phrase_between_subject_and_verb(tokens: list[_Token], index: int) -> int | None:
    """Where a prepositional phrase ending at ``index`` starts, when it stands between a
    subject and its verb ("Beck, who has in the past described", "Doe on Twitter wrote"): after
    an auxiliary, an adverb or a name. ``None`` when ``index`` ends no such phrase."""
    for start in range(index, max(-1, index - 5), -1):
        if tokens[start].lower not in _PREPOSITIONS:
            continue
        inside = tokens[start + 1 : index + 1]
        if not inside or any(_is_punctuation(t) or t.lower in _CLAUSE_WORDS for t in inside):
            return None
        if start == 0:
            return None
        before = tokens[start - 1]
        if before.lower in _BETWEEN_SUBJECT_AND_VERB or (
            before.capitalised and not _is_punctuation(before)
        ):
            return start - 1
        return None
    return None


def _is_punctuation(token: _Token) -> bool:
    return not (token.text[:1].isalnum() or token.text[:1] in "’'&")


class _Coordinated:
    """The verb shares its subject with the clause before it ("…and said", "…, adding")."""


_COORDINATED = _Coordinated()


class Attributor:
    """Finds who said each quote of one document (see the module's docstring)."""

    def __init__(self, context: DocumentContext, quotes: list[QuoteMention]) -> None:
        self.context = context
        self.text = context.text
        self.quotes = quotes
        self._quote_opens = [q.open_at for q in quotes]

    # -- where quotes are ---------------------------------------------------------------

    def _inside_quote(self, position: int) -> QuoteMention | None:
        index = bisect_right(self._quote_opens, position) - 1
        if index >= 0:
            quote = self.quotes[index]
            if quote.open_at <= position <= quote.close_at:
                return quote
        return None

    def _sentence(self, position: int) -> Segment | None:
        """The sentence at ``position``, no more than ``_SENTENCE_REACH`` characters either
        side of it: a "sentence" of thousands of characters (a list, a text with no full stops)
        would otherwise be read again for every quote in it."""
        sentence = sentence_at(self.context, position)
        if sentence is None:
            return None
        return Segment(
            max(sentence.start, position - _SENTENCE_REACH),
            min(sentence.end, position + _SENTENCE_REACH),
            sentence.paragraph,
        )

    def _skip_space(self, position: int) -> int:
        while position < len(self.text) and self.text[position].isspace():
            position += 1
        return position

    def _outside_quotes(self, start: int, end: int) -> int:
        """``start`` moved past the last quote that ends between ``start`` and ``end``."""
        index = bisect_left(self._quote_opens, end) - 1
        while index >= 0 and self.quotes[index].open_at >= start:
            if self.quotes[index].close_at < end:
                return self.quotes[index].close_at + 1
            index -= 1
        return start

    # -- the speaker in a noun phrase ---------------------------------------------------

    def speaker_in(
        self, start: int, end: int, cue: tuple[int, int] | None, how: str
    ) -> Attribution | None:
        """The speaker named by the noun phrase ``[start, end)``: a name, a resolved pronoun or
        description, a description as written; ``None`` when it is none of these."""
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:—–-("):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
            end -= 1
        if start >= end:
            return None
        phrase = text[start:end]
        cue_text = text[cue[0] : cue[1]] if cue else None
        if phrase.lower() in _PRONOUNS:
            return self._pronoun(start, end, cue, cue_text, how)
        # Appositions: "Jane Doe, the ministry's spokeswoman" / "the spokeswoman, Jane Doe".
        parts = self._comma_parts(start, end)
        for index, (part_start, part_end) in enumerate(parts):
            name = self._head_name(part_start, part_end, whole=index > 0)
            if name is not None:
                return Attribution(name[0], name[1], cue_text, cue, how)
        first_start, first_end = parts[0]
        words = text[first_start:first_end].split()
        possessed = any(word.endswith(("’s", "'s", "s’")) for word in words[:3])
        if not words or (words[0].lower() not in _DETERMINERS and not possessed):
            return None
        if len(words) < 2 or len(words) > 10:
            return None
        if words[-1].lower() in _CLAUSE_WORDS | _PREPOSITIONS | _DETERMINERS:
            return None
        resolved = self._description(first_start, first_end, words)
        if resolved is not None:
            return Attribution(
                bare_name(resolved.text), _name_span(resolved), cue_text, cue, "resolved"
            )
        return Attribution(
            text[first_start:first_end], (first_start, first_end), cue_text, cue, how
        )

    def _comma_parts(self, start: int, end: int) -> list[tuple[int, int]]:
        parts: list[tuple[int, int]] = []
        position = start
        for match in re.finditer(r"\s*(?:,|--|—|–|\()\s*|\)", self.text[start:end]):
            if match.start() > 0:
                parts.append((position, start + match.start()))
            position = start + match.end()
        if position < end:
            parts.append((position, end))
        return [(s, e) for s, e in parts if e > s] or [(start, end)]

    def _head_name(self, start: int, end: int, whole: bool) -> tuple[str, tuple[int, int]] | None:
        """The name that ends the phrase — its head ("… spokesman Hogan Gidley") —, when no
        preposition comes before it ("a spokesman for Gidley" is not Gidley)."""
        names = [n for n in self.context.names_in(start, end + 1) if n.end <= end]
        if not names:
            return None
        name = names[-1]
        tail = self.text[name.end : end].strip()
        if tail not in ("", ".", "Jr.", "Jr", "Sr.", "Sr", "II", "III") or name.possessive:
            return None
        before = self.text[start : name.start].split()
        if any(word.lower() in _PREPOSITIONS | _CLAUSE_WORDS for word in before):
            return None
        if whole and before and before[0].lower() in _DETERMINERS:
            return None
        if name.kind == "place" and before:
            return None  # "the US daily": a place in a description is not the speaker
        lowered = name.text.lower()
        if name.kind == "other" and lowered in _TIME_WORDS:
            return None  # "Earlier", "Tuesday": a capitalised word that names no one
        return _speaker_name(name)

    def _known_person(self, name: Name) -> bool:
        canonical = self.context.canonical(name.text)
        return " " in canonical

    def _pronoun(
        self, start: int, end: int, cue: tuple[int, int] | None, cue_text: str | None, how: str
    ) -> Attribution:
        lowered = self.text[start:end].lower()
        referent: Name | None = None
        if lowered in ("he", "she"):
            referent = self.context.person_for(start)
        elif lowered == "it":
            referent = self.context.thing_for(start)
        if referent is not None:
            speaker, span = _speaker_name(referent)
            return Attribution(speaker, span, cue_text, cue, "resolved")
        return Attribution(self.text[start:end], (start, end), cue_text, cue, how)

    def _description(self, start: int, end: int, words: list[str]) -> Name | None:
        """Who a definite description stands for: the person the document introduced with its
        role ("the minority leader" after "Senate Minority Leader Harry Reid", "the pope" after
        "Pope Francis"), or the outlet or body last named ("the newspaper", "the ministry")."""
        if words[0].lower() != "the" or len(words) < 2:
            return None
        head = words[-1].lower().strip(".,’'")
        if head in _OUTLET_HEADS:
            return self.context.resolver.antecedent(start, "organization")
        role = " ".join(w.lower() for w in words[1:])
        for name in reversed(self.context.names_in(max(0, start - 5000), start)):
            if name.kind != "person":
                continue
            before = self.text[max(0, name.start - 60) : name.start].lower()
            introduced = f"{self.text[name.start : name.end]}".lower()
            if (
                re.search(rf"(?<![\w\-]){re.escape(head)}\W*$", before)
                or re.search(rf"(?<![\w\-]){re.escape(role)}\W*$", before)
                or introduced.startswith(head + " ")
                or re.match(
                    rf",\s+(?:a|an|the)\s+(?:[\w\-’']+\s+){{0,4}}{re.escape(head)}\b",
                    self.text[name.end : name.end + 80].lower(),
                )
            ):
                return name
        return None

    # -- subjects of reporting verbs ----------------------------------------------------

    def subject_before(self, low: int, cue_start: int) -> tuple[int, int] | _Coordinated | None:
        """The noun phrase right before a reporting verb at ``cue_start`` (not before ``low``):
        the verb's subject; ``_COORDINATED`` when the verb follows "and"; ``None`` when there is
        no subject there ("in a low voice said" has none)."""
        tokens = _tokens(self.text, low, cue_start)
        index = _skip_back(tokens, len(tokens) - 1)
        if index < 0:
            return None
        token = tokens[index]
        if token.lower in ("and", "but"):
            return _COORDINATED
        if token.lower in ("who", "that", "which"):
            index -= 1
            if index >= 0 and tokens[index].text == ",":
                index -= 1
        elif token.text == "," and index > 0 and tokens[index - 1].text == ")":
            index = _skip_back(tokens, index - 1)  # "Sen. Jack Reed (D-R.I.), said"
        elif token.text == ",":
            # "Doe, 59, said" / "Doe, a spokesman for the ministry, said": the name before the
            # apposition; "Her campaign manager, Robby Mook, said": the name in it.
            opening = next(
                (i for i in range(index - 1, max(-1, index - 25), -1) if tokens[i].text in ",(—"),
                None,
            )
            if opening is None or opening == 0:
                return None
            apposition = tokens[opening + 1 : index]
            if not apposition:
                return None
            first = apposition[0]
            if (
                not first.capitalised
                or first.lower in ("the", "a", "an")
                or first.text[0].isdigit()
            ):
                index = _skip_back(tokens, opening - 1)
            elif all(t.capitalised or _ABBREVIATION.match(t.text) for t in apposition):
                described = self._noun_phrase_ending(tokens, _skip_back(tokens, opening - 1))
                if described is None:
                    return None
                words = self.text[described[0] : described[1]].split()
                possessed = any(w.endswith(("’s", "'s", "s’")) for w in words[:3])
                if words[0].lower() in _DETERMINERS or possessed:
                    return first.start, apposition[-1].end
                return None
            else:
                return None
        phrase = self._noun_phrase_ending(tokens, index)
        if phrase is not None:
            # "Sam Lau, the communications director for the party said": the apposition lost
            # its closing comma; the name before it is the subject.
            at = next((i for i, t in enumerate(tokens) if t.start == phrase[0]), 0)
            if at >= 2 and tokens[at].lower in _DETERMINERS and tokens[at - 1].text == ",":
                for name in reversed(self.context.names_in(low, tokens[at - 2].end)):
                    if name.end == tokens[at - 2].end and name.kind == "person":
                        return name.start, name.end
                    break
        return phrase

    def _noun_phrase_ending(self, tokens: list[_Token], index: int) -> tuple[int, int] | None:
        """``(start, end)`` of the noun phrase whose last token is ``tokens[index]``."""
        if index < 0:
            return None
        last = tokens[index]
        if _is_punctuation(last) and last.text not in ".":
            return None
        if last.lower in _CLAUSE_WORDS | _PREPOSITIONS | _PARTICIPLE_WORDS | _FINITE_WORDS:
            return None
        first = index
        while first - 1 >= 0 and index - first < 9:
            previous = tokens[first - 1]
            function = (
                previous.text.islower() or first - 1 == 0 or _is_punctuation(tokens[first - 2])
            )
            if _is_punctuation(previous) or (
                function and previous.lower in _CLAUSE_WORDS | _PREPOSITIONS
            ):
                break
            if previous.lower in _FINITE_WORDS | _PARTICIPLE_WORDS:
                break
            if previous.text.endswith(".") and not _ABBREVIATION.match(previous.text):
                break  # "John Smith. He said": a sentence ended there
            if tokens[first].lower in _DETERMINERS:
                break  # a determiner opens its noun phrase
            first -= 1
        pronoun = next(
            (i for i in range(first + 1, index + 1) if tokens[i].lower in _PRONOUNS), None
        )
        if pronoun is not None and tokens[first].lower in _DETERMINERS and pronoun - first >= 2:
            # "the company she founded said", "The joint statement they agreed to make clear":
            # the noun before a relative clause is the subject.
            return tokens[first].start, tokens[pronoun - 1].end
        if tokens[first].lower in _PRONOUNS and first != index:
            first += 1
        before = tokens[first - 1] if first > 0 else None
        if before is not None and before.lower in _PREPOSITIONS:
            # "In a Bloomberg interview Trump declared": an opening phrase, then the subject.
            name_from = index
            while name_from > first and tokens[name_from - 1].capitalised:
                name_from -= 1
            if name_from > first and tokens[name_from].capitalised:
                return tokens[name_from].start, last.end
            # "a spokesman for the ministry said": the phrase is longer; "in a low voice said":
            # there is no subject.
            head = self._noun_phrase_ending(tokens, first - 2)
            if head is None:
                return None
            words = self.text[head[0] : head[1]].split()
            if not (words[0].lower() in _DETERMINERS or words[0][:1].isupper()):
                return None
            return head[0], last.end
        return tokens[first].start, last.end

    def noun_phrase_after(self, start: int, limit: int) -> tuple[int, int] | None:
        """The noun phrase that follows a reporting verb ("said Jane Doe, …", "said a spokesman
        for the ministry"), up to a comma, a clause or a preposition."""
        tokens = _tokens(self.text, start, limit)
        index = 0
        while index < len(tokens) and tokens[index].lower in _TIME_WORDS | {"on", "last"}:
            index += 1
        if index >= len(tokens):
            return None
        first = index
        described = tokens[first].lower in _DETERMINERS
        while index < len(tokens):
            token = tokens[index]
            if _is_punctuation(token) and token.text != "(":
                break
            if token.text == "(":
                break
            lowered = token.lower
            # Lower-case function words end the phrase; "Will Doyle" is a name.
            function = token.text.islower()
            if (
                function
                and lowered in _PREPOSITIONS
                and not (described and lowered in ("of", "for", "at"))
            ):
                break
            if (function and lowered in _CLAUSE_WORDS) or lowered in _TIME_WORDS:
                break
            if (
                index > first
                and not token.capitalised
                and (lowered.endswith("ing") or lowered in _FINITE_WORDS)
            ):
                break
            if index > first and (lowered in _DETERMINERS or lowered in _OBJECT_PRONOUNS):
                break  # "Carson took the stage": a new noun phrase, so this one has ended
            if described and index > first + 1 and lowered.endswith("ed"):
                break  # "The guard grabbed": a verb ("the embattled senator" keeps its word)
            if token.text.endswith(".") and not _ABBREVIATION.match(token.text):
                index += 1
                break
            index += 1
        if index == first:
            return None
        if not described:
            # "Carson took": a name and then lower-case words is a name and a verb.
            while index - 1 > first and not tokens[index - 1].capitalised:
                index -= 1
        end = tokens[index - 1].end
        while end > tokens[first].start and self.text[end - 1] == ".":
            if _ABBREVIATION.match(tokens[index - 1].text):
                break
            end -= 1
        return tokens[first].start, end

    def clause_subject(self, low: int, high: int) -> tuple[int, int] | None:
        """Who a clause is about: its first "he" or "she", or its first name of a person or
        body that is no object of a preposition ("At a town hall in Salem, New Hampshire, Trump
        went after Bush" is about Trump), after any quotation it opens with; else a
        description it opens with ("The newspaper …")."""
        opening = self._inside_quote(self._skip_space(low))
        if opening is not None and opening.close_at < high:
            low = opening.close_at + 1
        tokens = _tokens(self.text, low, high)
        names = {name.start: name for name in self.context.names_in(low, high)}
        begin = next((i for i, t in enumerate(tokens) if not _is_punctuation(t)), len(tokens))
        heading = begin
        while heading < len(tokens) and tokens[heading].text.isupper():
            heading += 1
        if heading - begin >= 2 and heading < len(tokens) and tokens[heading].text in "—–-:":
            begin = heading + 1  # "CONGRESS HAS INVESTIGATED HIM — Oz's …": a run-in heading
        if begin < len(tokens) and tokens[begin].lower in _SUBORDINATORS:
            # "When Wallace died in 1998, President Clinton released …": not about Wallace.
            comma = next(
                (i for i in range(begin, min(len(tokens), begin + 25)) if tokens[i].text == ","),
                None,
            )
            if comma is not None:
                begin = comma + 1
        for index in range(begin, len(tokens)):
            token = tokens[index]
            if self._inside_quote(token.start):
                continue
            previous = tokens[index - 1].lower if index else ""
            if token.lower in ("he", "she") and previous not in _PREPOSITIONS:
                return token.start, token.end
            name = names.get(token.start)
            if name is None or name.possessive or previous in _PREPOSITIONS:
                continue
            lowered = name.text.lower()
            if name.kind in ("person", "organization") or (
                name.kind == "other" and lowered not in _TIME_WORDS
            ):
                return name.start, name.end
        first = next((t for t in tokens if not _is_punctuation(t)), None)
        if first is not None and first.lower in _DETERMINERS:
            return self.noun_phrase_after(first.start, high)
        return None

    # -- attribution --------------------------------------------------------------------

    def attribute(self, quote: QuoteMention) -> Attribution:
        """Who said ``quote``, with the spans of the speaker and the reporting verb."""
        for finder in (
            self._after,
            self._before_in_sentence,
            self._end_of_sentence,
            self._later_in_sentence,
            self._colon,
            self._possessor,
            self._previous_sentence,
            self._label,
        ):
            found = finder(quote)
            if found is not None:
                return found
        return _NONE

    def _rest_of_line(self, position: int) -> str:
        sentence = self._sentence(position)
        end = sentence.end if sentence is not None else self._line_end(position)
        return self.text[position:end]

    def _line_end(self, position: int) -> int:
        """The end of the line, looked for no further than attributions reach (a document of
        one long line must not be read to its end for every quote)."""
        limit = min(len(self.text), position + _ATTRIBUTION_REACH)
        end = self.text.find("\n", position, limit)
        return limit if end == -1 else end

    def _after(self, quote: QuoteMention) -> Attribution | None:
        """“…,” said Jane Doe / “…,” Jane Doe, a spokeswoman, said / “…,” she said."""
        if not quote.closed:
            return None
        start = quote.close_at + 1
        limit = min(self._line_end(start), start + 200)
        tail = self.text[start:limit]
        lead = re.match(r"[\s,.;:!?—–-]*", tail)
        assert lead is not None
        at = start + lead.end()
        cue = _CUE.match(self.text, at, limit)
        if cue is not None and cue.group(0) not in _PARTICIPLE_WORDS:
            phrase = self.noun_phrase_after(cue.end(), limit)
            if phrase is not None:
                found = self.speaker_in(*phrase, cue.span(), "adjacent")
                if found is not None:
                    return found
        signed = _SIGNATURE.match(self.text, start, self._line_end(start))
        if signed is not None:
            # “…” ― Pamela Padilla: a name after a dash, alone on the rest of the line.
            name = self._head_name(signed.start("name"), signed.end("name"), whole=True)
            if name is not None:
                return Attribution(name[0], name[1], None, None, "adjacent")
        ended = self.text[quote.start : quote.end].endswith((".", "?", "!"))
        as_ = re.match(r"as\s+", self.text[at:limit])
        if as_ is not None:
            at += as_.end()  # “…,” as Cruz said on Monday
        for cue in _CUE.finditer(self.text, at, min(limit, at + 150)):
            if self._inside_quote(cue.start()) or cue.group(0) in _PARTICIPLE_WORDS:
                break
            between = self.text[at : cue.start()]
            if _sentence_break(between) or any(mark in between for mark in _QUOTE_MARKS):
                break
            rest = self._rest_of_line(cue.end())
            if ended and (re.search(r"\bthat\b|[“”\"]", rest) or len(rest.split()) > 20):
                # “… outlaw nation.” Russia insisted that …: a new sentence and its own speaker
                # (but “… missing.” Trump said Wednesday. is an attribution, however punctuated).
                break
            subject = self.subject_before(at, cue.start())
            if subject is None or isinstance(subject, _Coordinated) or subject[0] > at + 2:
                break
            found = self.speaker_in(*subject, cue.span(), "adjacent")
            if found is not None:
                return found
            break
        return None

    def _cue_speaker(
        self, cue: re.Match[str], sentence_start: int, how: str, depth: int = 0
    ) -> Attribution | None:
        """The speaker of a reporting verb in the sentence from ``sentence_start``: its subject;
        the subject of its clause when it is an "-ing" form or follows "and" ("…, adding"); the
        name after it when it comes first ("…, said Leon, adding")."""
        word = cue.group(0).lower()
        low = self._outside_quotes(sentence_start, cue.start())  # no subject across a quote
        before = self.text[low : cue.start()].rstrip()
        subject: tuple[int, int] | _Coordinated | None
        if word in _PARTICIPLE_WORDS:
            if before and not before.endswith((",", "—", "–", "(")):
                # "a video of Trump saying", "Carson privately saying": the name right before
                # the verb says it.
                tokens = _tokens(self.text, low, cue.start())
                index = _skip_back(tokens, len(tokens) - 1)
                if index >= 0:
                    for name in reversed(self.context.names_in(low, tokens[index].end)):
                        if name.end == tokens[index].end and name.kind != "place":
                            speaker, span = _speaker_name(name)
                            return Attribution(speaker, span, cue.group(0), cue.span(), how)
                        break
            subject = _COORDINATED
        else:
            subject = self.subject_before(low, cue.start())
            inverted = word in _INVERTING and (not before or before.endswith((",", "—", "–")))
            if subject is None and inverted:
                # Inverted: "Said Dorothy Poynter, …" / "His thinking is not clear, said Leon".
                phrase = self.noun_phrase_after(cue.end(), self._line_end(cue.end()))
                if phrase is not None:
                    found = self.speaker_in(*phrase, cue.span(), how)
                    if found is not None and found.speaker and found.speaker[:1].isupper():
                        return found
                    return None
        if isinstance(subject, _Coordinated):
            if depth < 3:
                for earlier in reversed(
                    list(_CUE.finditer(self.text, sentence_start, cue.start()))
                ):
                    if earlier.group(0).lower() in _PARTICIPLE_WORDS:
                        continue
                    if self._inside_quote(earlier.start()):
                        continue
                    found = self._cue_speaker(earlier, sentence_start, how, depth + 1)
                    if found is not None:
                        return Attribution(
                            found.speaker, found.speaker_span, cue.group(0), cue.span(), found.how
                        )
                    break
            opening = self.clause_subject(sentence_start, cue.start())
            if opening is None:
                return None
            return self.speaker_in(*opening, cue.span(), how)
        if subject is None:
            return None
        return self.speaker_in(*subject, cue.span(), how)

    def _before_in_sentence(self, quote: QuoteMention) -> Attribution | None:
        """A reporting verb (or "according to") earlier in the quote's sentence."""
        sentence = self._sentence(quote.open_at)
        if sentence is None:
            return None
        low = sentence.start
        according = _ACCORDING.search(self.text, low, sentence.end)
        tried = 0
        for cue in reversed(list(_CUE.finditer(self.text, low, quote.open_at))):
            if self._inside_quote(cue.start()) or _REFUSED.search(
                self.text, max(low, cue.start() - 40), cue.start()
            ):
                continue  # "refusing to say the words": no one says them
            if according is not None and according.start() > cue.start():
                break
            found = self._cue_speaker(cue, sentence.start, "sentence")
            if found is not None:
                return found
            tried += 1
            if tried == _CUES_TRIED:
                break
        if according is not None and not self._inside_quote(according.start()):
            phrase = self.noun_phrase_after(according.end(), sentence.end)
            if phrase is not None:
                cue_span = (according.start(), according.start() + len("according to"))
                return self.speaker_in(*phrase, cue_span, "sentence")
        return None

    def _end_of_sentence(self, quote: QuoteMention) -> Attribution | None:
        """ "… a “very weak leader,” Trump said Tuesday." — the attribution of the sentence."""
        sentence = self._sentence(quote.start)
        if sentence is None or not quote.closed or quote.close_at >= sentence.end:
            return None
        start = quote.close_at + 1
        for comma in reversed(list(re.finditer(r",\s*", self.text[start : sentence.end]))):
            at = start + comma.end()
            if self._inside_quote(at):
                continue
            rest = self.text[at : sentence.end]
            if len(rest.split()) > 12 or any(mark in rest for mark in _QUOTE_MARKS):
                return None  # too far from the end of the sentence to be its attribution
            cue = _CUE.search(self.text, at, sentence.end)
            if cue is None or cue.group(0) in _PARTICIPLE_WORDS:
                continue  # ", the company's spokeswoman." — the attribution is further back
            if cue.start() == at:
                phrase = self.noun_phrase_after(cue.end(), sentence.end)
            else:
                subject = self.subject_before(at, cue.start())
                phrase = subject if isinstance(subject, tuple) and subject[0] <= at + 2 else None
            if phrase is None:
                return None
            return self.speaker_in(*phrase, cue.span(), "sentence")
        return None

    def _later_in_sentence(self, quote: QuoteMention) -> Attribution | None:
        """A quote in an opening phrase, the reporting verb after it: "From Trump's “coarse,
        vulgar” effusion to his call for a “deportation force,” Will described Trump as …"."""
        sentence = self._sentence(quote.start)
        if sentence is None or not quote.closed:
            return None
        for cue in _CUE.finditer(self.text, quote.close_at + 1, sentence.end):
            if self._inside_quote(cue.start()) or cue.group(0) in _PARTICIPLE_WORDS:
                continue
            low = self._outside_quotes(quote.close_at + 1, cue.start())
            subject = self.subject_before(low, cue.start())
            if not isinstance(subject, tuple):
                return None
            found = self.speaker_in(*subject, cue.span(), "sentence")
            if found is None or found.speaker is None or not found.speaker[:1].isupper():
                return None
            return found
        return None

    def _colon(self, quote: QuoteMention) -> Attribution | None:
        """Jane Doe, The Daily: “…” / Ryan: ‘No Place in a Campaign’ / a colon ending the
        paragraph before the quote ("Dr. Ward stated:\\n\\n“…”")."""
        line_start = self.text.rfind("\n", 0, quote.open_at) + 1
        line_start = max(line_start, quote.open_at - _ATTRIBUTION_REACH)
        lead = self.text[line_start : quote.open_at]
        colon = None
        for match in re.finditer(r":\s*", lead):
            if not self._inside_quote(line_start + match.start()):
                colon = match
        if colon is not None:
            colon_at = line_start + colon.start()
            head_start = line_start
            sentence = self._sentence(colon_at)
            if sentence is not None:
                head_start = max(head_start, sentence.start)
                if sentence.end < quote.open_at and self.text[sentence.end : quote.open_at].strip():
                    return None  # the colon belongs to an earlier sentence
            return self._introduced_by(head_start, colon_at)
        if lead.strip():
            return None
        # The paragraph before ends with a colon: its last sentence introduces this quote.
        previous_end = line_start
        while previous_end > 0 and self.text[previous_end - 1].isspace():
            previous_end -= 1
        if previous_end == 0 or self.text[previous_end - 1] != ":":
            return None
        sentence = self._sentence(previous_end - 1)
        if sentence is None:
            return None
        according = _ACCORDING.search(self.text, sentence.start, previous_end)
        cues = [c for c in _CUE.finditer(self.text, sentence.start, previous_end)]
        cues = [c for c in cues if not self._inside_quote(c.start())]
        if cues and (according is None or cues[-1].start() > according.start()):
            found = self._cue_speaker(cues[-1], sentence.start, "colon")
            if found is not None:
                return found
        if according is not None:
            phrase = self.noun_phrase_after(according.end(), previous_end)
            if phrase is not None:
                cue_span = (according.start(), according.start() + len("according to"))
                return self.speaker_in(*phrase, cue_span, "colon")
        return self._introduced_by(sentence.start, previous_end - 1)

    def _introduced_by(self, start: int, colon_at: int) -> Attribution | None:
        """Who the words before a colon introduce: a name ("Ben Smith, BuzzFeed:"), a
        reporting verb's subject, or the person the introducing clause is about ("Sanders
        made the following comment:", "Rubio fired back forcefully:")."""
        named = self._named_before_colon(start, colon_at)
        if named is not None:
            return named
        subject = self.clause_subject(start, colon_at)
        if subject is None:
            return None
        found = self.speaker_in(*subject, None, "colon")
        if found is None or found.speaker_span is None:
            return None
        return found if self._kind_at(found.speaker_span) == "person" else None

    def _label(self, quote: QuoteMention) -> Attribution | None:
        """A transcript quoted with its speaker labels: “WALLACE: Let's start with …”."""
        label = _SPEAKER_LABEL.match(self.text, quote.start, quote.end)
        if label is None or len(label.group("label")) < 2:
            return None
        return Attribution(label.group("label"), label.span("label"), None, None, "adjacent")

    def _previous_sentence(self, quote: QuoteMention) -> Attribution | None:
        """A quote that opens a sentence right after one with a reporting verb: "… while Kerry
        negotiates with Russia, Schiff said. “The other factor …”" — the same person goes on."""
        sentence = sentence_at(self.context, quote.open_at)  # itself: its index is wanted
        if sentence is None or self.text[sentence.start : quote.open_at].strip():
            return None
        index = self.context.index_of(sentence)
        if index == 0:
            return None
        previous = self.context.sentences[index - 1]
        if self.text.count("\n", previous.end, sentence.start) > 2:
            return None
        cues = [
            cue
            for cue in _CUE.finditer(self.text, previous.start, previous.end)
            if not self._inside_quote(cue.start())
        ]
        if not cues or cues[-1].group(0) in _PARTICIPLE_WORDS:
            return None
        found = self._cue_speaker(cues[-1], previous.start, "continued")
        if found is None or found.speaker is None or not found.speaker[:1].isupper():
            return None
        return found

    def _possessor(self, quote: QuoteMention) -> Attribution | None:
        """Mitt Romney’s “47 percent” comment / Trump's “Make America Great Again” slogan: the
        words of the person whose they are said to be."""
        before = self.text[max(0, quote.open_at - 4) : quote.open_at].rstrip()
        if not before.endswith(("’s", "'s", "’", "'")):
            return None
        end = max(0, quote.open_at - 4) + len(before)
        for name in reversed(self.context.names_in(max(0, quote.open_at - 80), end)):
            person = name.kind == "person" or self._known_person(name)
            if name.possessive and person and not self.text[name.end : end].strip("’'s"):
                speaker, span = _speaker_name(name)
                return Attribution(speaker, span, None, None, "sentence")
            break
        return None

    def _named_before_colon(self, start: int, colon_at: int) -> Attribution | None:
        """The name a colon follows, as in "Name, Outlet:" or "Jones:"; a verb in between
        makes it a sentence, not an attribution."""
        if _CUE.search(self.text, start, colon_at):
            cue = list(_CUE.finditer(self.text, start, colon_at))[-1]
            if not self._inside_quote(cue.start()):
                return self._cue_speaker(cue, start, "colon")
        head = self.text[start:colon_at]
        if any(mark in head for mark in _QUOTE_MARKS):
            head_start = self._outside_quotes(start, colon_at)
            if head_start != start:
                return None
        parts = self._comma_parts(start, colon_at)
        if len(parts) > 3:
            return None
        found: Attribution | None = None
        if len(parts) > 1:
            # "Ben Smith, BuzzFeed:" — the person first, then where they write.
            first = self._head_name(*parts[0], whole=True)
            if first is not None and len(self.text[parts[0][0] : parts[0][1]].split()) <= 4:
                found = Attribution(first[0], first[1], None, None, "colon")
        if found is None:
            subject = self.subject_before(start, colon_at)
            if isinstance(subject, tuple):
                name = self._head_name(*subject, whole=False)
                if name is not None:
                    found = Attribution(name[0], name[1], None, None, "colon")
        if found is None or found.speaker_span is None:
            return None
        kind = self._kind_at(found.speaker_span)
        return found if kind in ("person", "organization", "other") else None

    def _kind_at(self, span: tuple[int, int]) -> str | None:
        for name in self.context.names_in(span[0] - 40, span[1] + 1):
            if name.start <= span[0] and span[1] <= name.end:
                return name.kind
        return None


def _sentence_break(text: str) -> bool:
    """Whether a sentence ends inside ``text`` ("Mr." and "U.S." end none)."""
    for match in re.finditer(r"(\S*)([.!?;])(?=\s)", text):
        if match.group(2) != "." or not _ABBREVIATION.match(match.group(1) + "."):
            return True
    return False


def _speaker_name(name: Name) -> tuple[str, tuple[int, int]]:
    """A name as a speaker: without a title ("Sen. Lindsey Graham" → "Lindsey Graham"), with
    the span of exactly those words."""
    plain = bare_name(name.text)
    offset = name.text.rfind(plain) if plain else -1
    if not plain or offset < 0:
        return name.text, (name.start, name.end)
    return plain, (name.start + offset, name.start + offset + len(plain))


def _name_span(name: Name) -> tuple[int, int]:
    return _speaker_name(name)[1]


_TITLE_WORD = re.compile(r"[A-Za-z][\w’'\-]*")
# What introduces a title: "on “Meet the Press”", "ABC’s “This Week”", "the film “Trainwreck”".
_TITLE_BEFORE = re.compile(
    r"(?:(?<![\w’'])(?:on|in|at|with|to|from|of|for|by|about|titled|entitled|called|named|dubbed"
    r"|show|program|programme|series|film|movie|book|novel|memoir|song|album|magazine|column"
    r"|podcast|documentary|play|musical|episode|segment|newspaper)|[’']s?|[”\"]\s*(?:,|and|or))\s*$"
)


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
        if _continues(text, quotes[index - 1], quotes[index]):
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
