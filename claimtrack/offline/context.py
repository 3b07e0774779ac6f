"""What the offline extractors share about one document: sentences, names, dates, pronouns.

Built once per document so that the quote, agreement, date and statement finders read the same
analysis, and so that a claim sentence is made standalone ("he met" → "Kishida met") one way.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from claimtrack.dates import DateMention, find_dates
from claimtrack.offline.names import Name, Resolver, bare_name, find_names
from claimtrack.records import Document, Span
from claimtrack.segment import Segment, sentences

_BOILERPLATE = re.compile(
    r"^(?:read more|more must-reads|contact us|leave a reply|by editor|related|advertisement"
    r"|sign up|subscribe|share this|click here|follow us)\b",
    re.IGNORECASE,
)
_SUBJECT_PRONOUN = re.compile(r"(?<![\w’'])(he|she|He|She)(?![\w’'])")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_OPENING_PRONOUN = re.compile(
    r"^(?:(?:Then|Later|Now|And|But|So|Also|Meanwhile),?\s+)?(?:(?:on|in|at|by)\s+[^,]{1,30},\s+)?"
    r"(?P<pronoun>It|it|They|they)\s+(?!is\b|was\b|seems\b|appears\b|'s\b|’s\b)"
)
_POSSESSIVE_PRONOUN = re.compile(r"(?<![\w’'])(his|His|her|Her)(?=\s+[a-zA-Z\d])")


@dataclass
class DocumentContext:
    """One document, analysed once."""

    document: Document
    sentences: list[Segment] = field(init=False)
    names: list[Name] = field(init=False)
    dates: list[DateMention] = field(init=False)
    resolver: Resolver = field(init=False)

    def __post_init__(self) -> None:
        text = self.document.text
        self.sentences = [s for s in sentences(text) if not _BOILERPLATE.match(s.text(text))]
        self.names = find_names(text)
        self.dates = find_dates(text, self.document.published)
        self._name_starts = [n.start for n in self.names]
        self._date_starts = [d.start for d in self.dates]
        self._sentence_index = {s.start: i for i, s in enumerate(self.sentences)}
        self.sentence_starts = [s.start for s in self.sentences]
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        self.resolver = Resolver(text, self.names, [s.start for s in self.sentences], quoted)
        # Whether each sentence (by its span) reads as prose: asked by every finder.
        self._prose: dict[tuple[int, int], bool] = {}

    @property
    def text(self) -> str:
        return self.document.text

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def is_prose(self, sentence: Segment) -> bool:
        """A real sentence rather than a headline, a caption or a navigation line (worked out
        once per sentence of the document)."""
        key = (sentence.start, sentence.end)
        prose = self._prose.get(key)
        if prose is None:
            prose = self._prose[key] = _reads_as_prose(sentence.text(self.text))
        return prose

    def names_in(self, start: int, end: int) -> list[Name]:
        first = bisect_left(self._name_starts, start)
        return [n for n in self.names[first : bisect_left(self._name_starts, end)] if n.end <= end]

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        first = bisect_left(self._date_starts, start)
        return [d for d in self.dates[first : bisect_left(self._date_starts, end)] if d.end <= end]

    def index_of(self, sentence: Segment) -> int:
        return self._sentence_index[sentence.start]

    def canonical(self, name: str) -> str:
        """The fullest form of a name in this document ("Kishida" → "Kishida Fumio")."""
        return self.resolver.canonical(name)

    def person_for(self, position: int) -> Name | None:
        """Who "he" or "she" at ``position`` most likely is."""
        return self.resolver.antecedent(position, "person")

    def thing_for(self, position: int) -> Name | None:
        """What "it" at ``position`` most likely is: the subject of the sentence before, when
        that is an organisation or a country."""
        index = self.resolver.sentence_index(position)
        for candidate in (index, index - 1):
            if candidate < 0:
                continue
            subject = self.resolver.subject_of_sentence(candidate)
            if (
                subject is not None
                and subject.kind in ("organization", "place")
                and (subject.start < position)
            ):
                return subject
        return None

    def standalone(self, sentence: Segment) -> str:
        """The sentence with its personal pronouns replaced by the people they refer to.

        Only he/she/his/her are replaced, and only when a person is in view: "it" and "they"
        are too often wrong to rewrite, so they stay as written.
        """
        text = self.text
        body = sentence.text(text)
        pieces: list[str] = []
        position = 0
        matches = sorted(
            list(_SUBJECT_PRONOUN.finditer(body)) + list(_POSSESSIVE_PRONOUN.finditer(body)),
            key=lambda m: m.start(),
        )
        replaced: set[str] = set()
        for match in matches:
            person = self.person_for(sentence.start + match.start())
            if person is None or short_name(person) in replaced:
                continue
            named_before = {
                self.canonical(n.text)
                for n in self.names_in(sentence.start, sentence.start + match.start())
            }
            if self.canonical(person.text) in named_before:
                continue
            name = short_name(person)
            replaced.add(name)
            if match.group(1).lower() in ("his", "her") and _POSSESSIVE_PRONOUN.match(
                body, match.start()
            ):
                name += "’s"
            pieces.append(body[position : match.start()])
            pieces.append(name)
            position = match.end()
        pieces.append(body[position:])
        return self._resolve_opening(sentence, " ".join("".join(pieces).split()))

    def _resolve_opening(self, sentence: Segment, body: str) -> str:
        """Replace an opening "It" or "They" by what the previous sentence was about."""
        match = _OPENING_PRONOUN.match(body)
        if match is None:
            return body
        index = self.index_of(sentence)
        if index == 0:
            return body
        previous = self.sentences[index - 1]
        pronoun = match.group("pronoun")
        if pronoun.lower() == "it":
            subject = self.resolver.subject_of_sentence(
                self.resolver.sentence_index(previous.start)
            )
            if subject is None or subject.kind not in ("place", "organization"):
                return body
            replacement = short_name(subject)
        else:
            people: list[str] = []
            for name in self.names_in(previous.start, previous.end):
                if name.kind == "person" and short_name(name) not in people:
                    people.append(short_name(name))
            for pronoun_match in _SUBJECT_PRONOUN.finditer(previous.text(self.text)):
                person = self.person_for(previous.start + pronoun_match.start())
                if person is not None and short_name(person) not in people:
                    people.insert(0, short_name(person))
            if len(people) != 2:
                return body
            replacement = " and ".join(people)
        return body[: match.start("pronoun")] + replacement + body[match.end("pronoun") :]


def _reads_as_prose(body: str) -> bool:
    """Six words or more, ending as a sentence ends (before closing quotes and brackets)."""
    return len(body.split()) >= 6 and body.rstrip("”\"’')]").endswith((".", "!", "?", ":"))


def short_name(name: Name) -> str:
    """How a claim names a person: the name as written, without a title."""
    return bare_name(name.text)


def sentence_at(context: DocumentContext, position: int) -> Segment | None:
    index = bisect_right(context.sentence_starts, position) - 1
    if index >= 0 and position < context.sentences[index].end:
        return context.sentences[index]
    return None
