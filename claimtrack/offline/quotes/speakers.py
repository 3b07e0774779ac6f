"""The speaker in a noun phrase: the name in "Huckabee campaign spokesman Hogan Gidley", a pronoun
resolved to the most salient person, a description to the person given that role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from claimtrack.offline.names import Name, bare_name, is_country
from claimtrack.offline.quotes.cues import (
    _CLAUSE_WORDS,
    _DETERMINERS,
    _DOCUMENTS,
    _OUTLET_HEADS,
    _PREPOSITIONS,
    _PRONOUNS,
    _READ,
    _TIME_WORDS,
    _TITLES_OF,
)
from claimtrack.offline.quotes.reader import _QuoteReader


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    how: str  # "adjacent", "resolved", "sentence", "colon", "continued", "none"


_NONE = Attribution(None, None, None, None, "none")
_DOCUMENT_NOUN = re.compile(
    rf"(?<![\w\-])(?:{'|'.join(sorted(_DOCUMENTS, key=lambda w: (-len(w), w)))})(?![\w\-])"
)
# What links a document to its author: "a memo (posted online) by", "the account for".
_BY = re.compile(r"(?:\s+[a-z][\w\-]*){0,3}?\s+(?:by|from|of|for)\s+(?:[Tt]he\s+)?")
# A verb that puts a document out, right before it: "Doe released (a video)".
_PUBLISHED = re.compile(
    r"\s+(?:\w+ly\s+)?(?:released|publishes|published|ran|runs|issued|issues|posted|posts|sent"
    r"|sends|shared|shares|aired|airs|put\s+out|puts\s+out)\s+$"
)
_MEDIA = frozenset(
    "tv web internet online radio facebook twitter youtube instagram tiktok email e-mail".split()
)
_OWNERS = frozenset("his her their its our my your".split())
# Words that make "X of Y" one body ("National Bank of Greece"), not a person and where they work.
_ORGANISATION = re.compile(
    r"\b(?:Bank|University|Church|Department|Ministry|Court|Council|Office|Board|Institute"
    r"|School|College|Museum|Society|Association|Academy|Federation|Republic|Kingdom|State"
    r"|States|City|House|Chamber|Bureau|Agency|Service|Party|Commission|Committee)\b"
)


class _SpeakerPhrases(_QuoteReader):
    """Finds the speaker a noun phrase names."""

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
        parts = self._comma_parts(start, end)
        first_start, first_end = parts[0]
        words = text[first_start:first_end].split()
        document = bool(words) and (
            words[-1].lower().strip(".’'") in _DOCUMENTS
            or (
                # "The account for The Morning Show": the document, then whose it is.
                words[0].lower() in _DETERMINERS
                and any(
                    word.lower() in _DOCUMENTS and after.lower() in ("by", "from", "of", "for")
                    for word, after in pairwise(words[1:5])
                )
            )
        )
        if cue_text is not None and cue_text.lower() in _READ and not document:
            return None  # "He read “…”": only what is written reads words
        if document:
            # "Judge Doe's statement", "an ACME press release", "a memo by Senator Doe": the
            # words are its author's.
            author = self._author(first_start, first_end)
            if author is not None:
                return Attribution(author[0], author[1], cue_text, cue, how)
        if phrase.lower() in _PRONOUNS:
            return self._pronoun(start, end, cue, cue_text, how)
        # Appositions: "Jane Doe, the ministry's spokeswoman" / "the spokeswoman, Jane Doe".
        for index, (part_start, part_end) in enumerate(parts):
            name = self._head_name(part_start, part_end, whole=index > 0)
            if name is not None:
                return Attribution(name[0], name[1], cue_text, cue, how)
        # "Jane Doe of the city's water board": the name the phrase opens with is its head.
        of = re.search(r"\s(?:of|at|from|with)\s", text[first_start:first_end])
        if of is not None:
            name = self._head_name(first_start, first_start + of.start(), whole=False)
            if name is not None:
                return Attribution(name[0], name[1], cue_text, cue, how)
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
        of = re.match(r"\s+of\s", self.text[end : end + 5])
        for name in self.context.names_in(start, end + 200) if of else ():
            # "Jane Doe of UNICEF" is one run of capitals; "Jane Doe" ends the phrase.
            if name.start < end < name.end and name.kind == "person":
                kept = self.text[name.start : end]
                names.append(Name(name.start, end, kept, name.kind, False))
        if not names:
            return None
        name = names[-1]
        tail = self.text[name.end : end].strip()
        if tail not in ("", ".", "Jr.", "Jr", "Sr.", "Sr", "II", "III") or name.possessive:
            return None
        before = self.text[start : name.start].split()
        around = before + self.text[name.start : name.end].split()[:1]
        if any(
            word.lower() in _PREPOSITIONS | _CLAUSE_WORDS and not _inside_a_name(around, index)
            for index, word in enumerate(before)
        ):
            return None
        if before and before[-1] in ("for", "of") and " " in name.text:
            # "Special Representative for Iran Jane Doe": the title's country, then the name.
            country, _, rest = name.text.partition(" ")
            if is_country(country) and " " in rest:
                offset = len(country) + 1
                name = Name(name.start + offset, name.end, rest, name.kind, name.possessive)
        if whole and before and before[0].lower() in _DETERMINERS:
            return None
        if name.kind == "place" and before:
            return None  # "the US daily": a place in a description is not the speaker
        lowered = name.text.lower()
        if name.kind == "other" and lowered in _TIME_WORDS:
            return None  # "Earlier", "Tuesday": a capitalised word that names no one
        return _speaker_name(name)

    def _author(self, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
        """Whose the document named by ``[start, end)`` is: a possessive name in it ("Judge
        Doe's statement"), a name before its noun ("an ACME press release"), or a name after
        "by", "from", "of" or "for" close after its noun ("a memo posted online by Senator
        Doe", "the account for The Morning Show")."""
        noun = _DOCUMENT_NOUN.search(self.text, start, end)
        if noun is None:
            return None
        for name in self.context.names_in(start, noun.start()):
            if name.kind == "place" or any(c.isdigit() for c in name.text):
                continue
            if name.text.lower() in _MEDIA:
                continue  # "a TV ad", "a Facebook post": where it ran, not who wrote it
            before = [word.lower() for word in self.text[start : name.start].split()]
            if any(word in _PREPOSITIONS or word in _OWNERS for word in before):
                continue  # "her Twitter account": the platform is not the author
            return _speaker_name(name)
        # "Doe released a video that said": who put the document out wrote it.
        published = _PUBLISHED.search(self.text, max(0, start - 80), start)
        if published is not None:
            for name in reversed(self.context.names_in(max(0, start - 80), published.start())):
                if name.end == published.start() and not name.possessive and name.kind != "place":
                    return _speaker_name(name)
                break
        limit = self.text.find(",", noun.end(), noun.end() + 80)
        limit = noun.end() + 80 if limit == -1 else limit
        by = _BY.match(self.text, noun.end(), limit)
        if by is None:
            return None
        at = by.end()
        for name in self.context.names_in(at, limit):
            if name.start != at or name.kind == "place":
                break
            rest = self.text[name.end : limit]
            # "The Morning and Evening Show": a name in two runs joined by "and".
            joined = re.match(r"\s+and\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*", rest)
            if joined is not None:
                return self.text[at : name.end + joined.end()], (at, name.end + joined.end())
            return _speaker_name(name)
        return None

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
        if head in _DOCUMENTS:
            return None  # "the statement": a document is no person the text introduced
        if head in _OUTLET_HEADS:
            body = self.context.resolver.antecedent(start, "organization")
            if body is not None and any(c.isdigit() for c in body.text):
                return None  # "COVID-19", "F-35": a disease or a product is no outlet
            return body
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


def _inside_a_name(words: list[str], index: int) -> bool:
    """Whether ``words[index]`` joins capitalised words ("Center for Disease Control",
    "Secretary of State"): part of a name or title, not a phrase of its own."""
    return (
        0 < index < len(words) - 1
        and words[index - 1][:1].isupper()
        and words[index + 1][:1].isupper()
    )


def _speaker_name(name: Name) -> tuple[str, tuple[int, int]]:
    """A name as a speaker: without a title ("Sen. Lindsey Graham" → "Lindsey Graham") or where
    the person is from ("Jane Doe of UNICEF" → "Jane Doe"), with the span of those words."""
    of = re.search(r"\s+of\s", name.text)
    if of is not None and name.kind == "person":
        head = name.text[: of.start()].split()
        if (
            len(head) >= 2
            and head[-1] not in _TITLES_OF
            and not _ORGANISATION.search(name.text[: of.start()])
        ):
            name = Name(name.start, name.start + of.start(), name.text[: of.start()], "person")
    plain = bare_name(name.text)
    offset = name.text.rfind(plain) if plain else -1
    if not plain or offset < 0:
        return name.text, (name.start, name.end)
    return plain, (name.start + offset, name.start + offset + len(plain))


def _name_span(name: Name) -> tuple[int, int]:
    return _speaker_name(name)[1]
