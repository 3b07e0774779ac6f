"""The subject of a reporting verb: the noun phrase before it ("the minister, Jane Doe, said"),
after it ("said Jane Doe"), or the subject of its clause ("..., adding")."""

from __future__ import annotations

import re

from claimtrack.offline.quotes.cues import (
    _ABBREVIATION,
    _CLAUSE_WORDS,
    _DETERMINERS,
    _DOCUMENTS,
    _FINITE_WORDS,
    _OBJECT_PRONOUNS,
    _PARTICIPLE_WORDS,
    _PREPOSITIONS,
    _PRONOUNS,
    _SUBORDINATORS,
    _TIME_WORDS,
    _TITLES_OF,
)
from claimtrack.offline.quotes.speakers import _SpeakerPhrases
from claimtrack.offline.quotes.tokens import (
    _COORDINATED,
    _Coordinated,
    _is_punctuation,
    _skip_back,
    _Token,
    _tokens,
)

# A role between a describing name and the name of the person: "Republican hopeful Jane Doe".
_ROLE_THEN_NAME = re.compile(
    r"\s+(?:[a-z][\w\-]*\s+)?(?:hopeful|candidate|nominee|contender|front-?runner|spokesman"
    r"|spokeswoman|spokesperson|leader|chairman|chairwoman|official|senator|congressman"
    r"|congresswoman|delegate|governor|mayor|lawmaker|strategist|adviser|advisor|aide|activist"
    r"|director|manager|secretary|chief)(?:\s+|,\s+)(?=[A-Z])"
)
_APPOSED_NAME = re.compile(
    r",\s+(?P<name>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){1,3})\s*(?=[,;(]|\.?\s*$|\.\s)"
)
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z][\w.\-]*$")
_RELATIVES = frozenset("who which whose whom where".split())
# Words that open a clause with a phrase before its subject ("Following the vote, Doe …").
_OPENERS = frozenset("following amid despite citing given".split())
# Words before a capitalised word that make it no subject: "a Republican", "her Twitter account".
_NOT_SUBJECTS = frozenset("a an his her their its our my your".split())


class _Subjects(_SpeakerPhrases):
    """Finds the noun phrase a reporting verb speaks for."""

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
        if token.lower == "who" and index > 0:
            # "drafted by Jane Doe who said": the person the relative clause is about.
            for name in reversed(self.context.names_in(low, tokens[index - 1].end)):
                if name.end == tokens[index - 1].end and name.kind == "person":
                    return name.start, name.end
                break
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
            party = len(apposition) == 1 and _PARTY_STATE.match(first.text)
            named = self._role_then_name(tokens, opening, index)
            if named is not None:
                return named
            if (
                not first.capitalised
                or first.lower in ("the", "a", "an")
                or first.text[0].isdigit()
                or party  # "Sen. Jane Doe, R-Ky., said": her party and state
            ):
                if _relative(first):
                    # "The account of the show, which …, hosted by Doe, who …, tweeted": the
                    # subject is before every clause that describes it.
                    opening, document = self._before_relatives(tokens, opening)
                    if document is not None:
                        return document
                index = _skip_back(tokens, opening - 1)
            elif all(t.capitalised or _ABBREVIATION.match(t.text) for t in apposition):
                described = self._noun_phrase_ending(tokens, _skip_back(tokens, opening - 1))
                if described is None:
                    return None
                words = self.text[described[0] : described[1]].split()
                possessed = any(w.endswith(("’s", "'s", "s’")) for w in words[:3])
                if words[0].lower() in _DETERMINERS or possessed:
                    return first.start, apposition[-1].end
                # "The envoy to the United Nations, Jane Doe, said": the description opens
                # with its determiner before a phrase of its own.
                clause_at = next(
                    (i + 1 for i in range(opening - 1, -1, -1) if tokens[i].text == ","), 0
                )
                head = tokens[clause_at] if clause_at < opening else None
                if head is not None and head.lower in _DETERMINERS and head.lower != "one":
                    return first.start, apposition[-1].end
                return None
            else:
                return None
        phrase = self._noun_phrase_ending(tokens, index)
        if phrase is not None:
            # "The Foreign Ministry of Iraq characterized": a name that runs on past where the
            # phrase was cut ("of Iraq" is no phrase between the subject and its verb).
            for name in self.context.names_in(phrase[0], cue_start):
                if (
                    name.start < phrase[1] < name.end
                    and name.kind in ("organization", "person")
                    and not self.text[name.end : cue_start].strip(" ,")
                ):
                    return phrase[0], name.end
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

    def _role_then_name(
        self, tokens: list[_Token], opening: int, index: int
    ) -> tuple[int, int] | None:
        """The name that ends an apposition in lower case after a description ("The study's
        lead author, doctoral candidate Jane Doe, said", "Another co-author, civil engineering
        professor Jane Doe, said"): the person the description stands for."""
        apposition = tokens[opening + 1 : index]
        if not apposition or apposition[0].capitalised or tokens[opening].text != ",":
            return None
        if apposition[0].lower in _DETERMINERS or _relative(apposition[0]):
            return None
        last = apposition[-1]
        name = next(
            (n for n in self.context.names_in(apposition[0].start, last.end) if n.end == last.end),
            None,
        )
        if name is None or name.kind != "person" or name.start == apposition[0].start:
            return None
        role = self.text[apposition[0].start : name.start].split()
        if any(word.lower() in _PREPOSITIONS | _CLAUSE_WORDS - {"and"} for word in role):
            return None  # "civil and environmental engineering professor Jane Doe" is a role
        described = self._noun_phrase_ending(tokens, _skip_back(tokens, opening - 1))
        if described is None:
            return None
        words = self.text[described[0] : described[1]].split()
        possessed = any(w.endswith(("’s", "'s", "s’")) for w in words[:3])
        if words[0].lower() not in _DETERMINERS and not possessed:
            return None
        if self.context.names_in(described[0], described[1]):
            return None  # "Jane Doe's aide, senior adviser Tom Roe": keep the usual reading
        return name.start, name.end

    def _before_relatives(
        self, tokens: list[_Token], opening: int
    ) -> tuple[int, tuple[int, int] | None]:
        """The comma before the relative and participle clauses that end at ``opening``, and
        the whole noun phrase before them when it names a document ("The account for the
        show")."""
        while True:
            comma = next(
                (i for i in range(opening - 1, max(-1, opening - 25), -1) if tokens[i].text == ","),
                None,
            )
            if comma is None or comma + 1 >= opening or not _relative(tokens[comma + 1]):
                break
            opening = comma
        part = (comma + 1) if comma is not None else 0
        if (
            part < opening
            and tokens[part].lower in _DETERMINERS
            and opening - part <= 10
            and any(t.lower in _DOCUMENTS for t in tokens[part:opening])
        ):
            return opening, (tokens[part].start, tokens[opening - 1].end)
        return opening, None

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
            if before.lower in ("of", "from", "at") and first >= 2:
                # "Jane Doe of the victims' group Never Again said": Jane Doe says it.
                person = next(
                    (
                        n
                        for n in self.context.names_in(tokens[0].start, tokens[first - 2].end)
                        if n.end == tokens[first - 2].end and n.kind == "person"
                    ),
                    None,
                )
                if person is not None and tokens[first - 2].text not in _TITLES_OF:
                    return person.start, last.end
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
        owned = any(t.text.endswith(("’s", "'s")) for t in tokens[first : index - 1])
        if not described and not owned:
            # "Carson took": a name and then lower-case words is a name and a verb ("Doe's
            # statement" is a noun phrase).
            while index - 1 > first and not tokens[index - 1].capitalised:
                index -= 1
        end = tokens[index - 1].end
        while end > tokens[first].start and self.text[end - 1] == ".":
            if _ABBREVIATION.match(tokens[index - 1].text):
                break
            end -= 1
        if described or owned:
            # "said the party's campaign manager, Jane Doe, who …": the description, then
            # the name in apposition.
            named = _APPOSED_NAME.match(self.text, end, limit)
            if named is not None:
                end = named.end("name")
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
        opener = begin < len(tokens) and (
            tokens[begin].lower in _SUBORDINATORS | _PREPOSITIONS | _OPENERS
            or (
                tokens[begin].lower.endswith("ing")
                and begin + 1 < len(tokens)
                and tokens[begin + 1].text.islower()
            )
        )
        if opener:
            # "When Wallace died in 1998, President Clinton released …": not about Wallace;
            # "Following the vote, Doe …", "In a post to her Twitter account, Doe …": an
            # opening phrase, then the subject.
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
            name = names.get(token.start) or next(
                (n for n in names.values() if token.start < n.start < token.end), None
            )  # "then-Mayor Jane Doe"
            if name is None or name.possessive or previous in _PREPOSITIONS | _NOT_SUBJECTS:
                continue  # "a Republican, Jane Doe, …", "her Twitter account": no subject
            lowered = name.text.lower()
            if name.kind in ("person", "organization") or (
                name.kind == "other" and lowered not in _TIME_WORDS
            ):
                role = _ROLE_THEN_NAME.match(self.text, name.end, high)
                if role is not None:
                    # "Republican presidential hopeful Sen. Jane Doe": the name after the
                    # role is the head, the words before it describe her.
                    for later in self.context.names_in(role.end(), high):
                        if later.start == role.end() and later.kind == "person":
                            return later.start, later.end
                        break
                return name.start, name.end
        first = next((t for t in tokens if not _is_punctuation(t)), None)
        if first is not None and first.lower in _DETERMINERS:
            return self.noun_phrase_after(first.start, high)
        return None


def _relative(token: _Token) -> bool:
    """Whether ``token`` opens a clause that describes a noun: "who …", "which …", "hosted by
    …", "speaking for …"."""
    return token.lower in _RELATIVES or (
        token.text.islower() and token.lower.endswith(("ed", "ing")) and len(token.text) > 4
    )
