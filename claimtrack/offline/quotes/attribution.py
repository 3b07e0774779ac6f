"""Who said each quote of one document: ``Attributor`` reads the evidence nearest first (the
order is in ``claimtrack.offline.quotes``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from claimtrack.offline.context import DocumentContext, sentence_at
from claimtrack.offline.names import Name, bare_name
from claimtrack.offline.quotes.cues import (
    _ABBREVIATION,
    _ACCORDING,
    _CLAUSE_WORDS,
    _CUE,
    _CUES_TRIED,
    _DETERMINERS,
    _FINITE_WORDS,
    _INVERTING,
    _OBJECT_PRONOUNS,
    _OUTLET_HEADS,
    _PARTICIPLE_WORDS,
    _PREPOSITIONS,
    _PRONOUNS,
    _REFUSED,
    _SIGNATURE,
    _SPEAKER_LABEL,
    _SUBORDINATORS,
    _TIME_WORDS,
)
from claimtrack.offline.quotes.spans import (
    _ATTRIBUTION_REACH,
    _QUOTE_MARKS,
    _SENTENCE_REACH,
    QuoteMention,
)
from claimtrack.offline.quotes.tokens import (
    _COORDINATED,
    _Coordinated,
    _is_punctuation,
    _skip_back,
    _Token,
    _tokens,
)
from claimtrack.segment import Segment


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    how: str  # "adjacent", "resolved", "sentence", "colon", "continued", "none"


_NONE = Attribution(None, None, None, None, "none")


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
