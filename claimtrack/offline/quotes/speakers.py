"""The speaker in a noun phrase: the name in "Huckabee campaign spokesman Hogan Gidley", a pronoun
resolved to the most salient person, a description to the person given that role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.offline.names import Name, bare_name
from claimtrack.offline.quotes.cues import (
    _CLAUSE_WORDS,
    _DETERMINERS,
    _OUTLET_HEADS,
    _PREPOSITIONS,
    _PRONOUNS,
    _TIME_WORDS,
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
