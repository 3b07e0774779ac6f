"""Who said each quote of one document: ``Attributor`` reads the evidence nearest first (the
order is in ``claimtrack.offline.quotes``)."""

from __future__ import annotations

import re
from dataclasses import replace

from claimtrack.offline.context import sentence_at
from claimtrack.offline.quotes.cues import (
    _ABBREVIATION,
    _ACCORDING,
    _CUE,
    _CUES_TRIED,
    _DETERMINERS,
    _INVERTING,
    _PARTICIPLE_WORDS,
    _PREPOSITIONS,
    _PRONOUNS,
    _READ,
    _REFUSED,
    _SIGNATURE,
    _SPEAKER_LABEL,
    _TIME_WORDS,
)
from claimtrack.offline.quotes.spans import (
    _ATTRIBUTION_REACH,
    _QUOTE_MARKS,
    QuoteMention,
)
from claimtrack.offline.quotes.speakers import _NONE, Attribution, _speaker_name
from claimtrack.offline.quotes.subjects import _Subjects
from claimtrack.offline.quotes.tokens import (
    _COORDINATED,
    _Coordinated,
    _skip_back,
    _tokens,
)

_ARTICLES_AND_POSSESSIVES = frozenset(
    "a an the his her its their our my your this these those".split()
)
_CLAUSE_OPENERS = frozenset(
    "where when while who whom which whose as after before because if although though".split()
)


class Attributor(_Subjects):
    """Finds who said each quote of one document (see the package's docstring)."""

    # -- attribution --------------------------------------------------------------------

    def attribute(self, quote: QuoteMention) -> Attribution:
        """Who said ``quote``, with the spans of the speaker and the reporting verb."""
        for finder in (
            self._after,
            self._before_in_sentence,
            self._opening_verb,
            self._end_of_sentence,
            self._later_in_sentence,
            self._colon,
            self._possessor,
            self._previous_sentence,
            self._previous_subject,
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
        # “… by attacking him”. The department released …: the sentence ended after the mark.
        stopped = any(stop in lead.group(0) for stop in ".?!")
        ended = stopped or self.text[quote.start : quote.end].endswith((".", "?", "!"))
        if ended and self._before_in_sentence(quote) is not None:
            # 'Doe said: “… the attacker.” Amnesty has called for …': a quote its own sentence
            # introduced and ended; what follows is a new sentence with its own subject.
            return None
        as_ = re.match(r"as\s+", self.text[at:limit])
        if as_ is not None:
            at += as_.end()  # “…,” as Cruz said on Monday
        for cue in _CUE.finditer(self.text, at, min(limit, at + 150)):
            if self._inside_quote(cue.start()) or cue.group(0) in _PARTICIPLE_WORDS:
                break
            between = self.text[at : cue.start()]
            if _sentence_break(between) or _has_quote_mark(between):
                break
            rest = self._rest_of_line(cue.end())
            if ended and (re.search(r"\bthat\b|[“”\"]", rest) or len(rest.split()) > 20):
                # “… outlaw nation.” Russia insisted that …: a new sentence and its own speaker
                # (but “… missing.” Trump said Wednesday. is an attribution, however punctuated).
                break
            if stopped and not _ends_attribution(cue.group(0), rest):
                break  # “…”. The agency released a report …: a verb with an object of its own
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
            named = self._named_right_before(cue, low)
            if named is not None:
                return Attribution(named[0], named[1], cue.group(0), cue.span(), how)
            subject = _COORDINATED
        else:
            subject = self.subject_before(low, cue.start())
            inverted = word in _INVERTING and (not before or before.endswith((",", "—", "–")))
            if subject is None and inverted:
                # Inverted: "Said Dorothy Poynter, …" / "His thinking is not clear, said Leon".
                phrase = self.noun_phrase_after(cue.end(), self._line_end(cue.end()))
                after = self.text[phrase[1] : phrase[1] + 4].lstrip(" ") if phrase else ""
                pronoun = phrase is not None and self.text[phrase[0] : phrase[1]].lower() in (
                    _PRONOUNS
                )
                if after and after[0] not in ",.;:!?()—–\n" and not pronoun:
                    return None  # "…, said Doe's plan means “…”": a clause, not a speaker
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
                        # "with Doe tweeting that … and asking, “…”": who does the first
                        # does the second.
                        named = self._named_right_before(earlier, sentence_start)
                        if named is not None:
                            return Attribution(named[0], named[1], cue.group(0), cue.span(), how)
                        continue
                    if self._inside_quote(earlier.start()) or self._noun_use(earlier):
                        continue  # "blaming Iran for the attacks, saying": a noun, no verb
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
        if subject is None and low > sentence_start:
            # 'Jane Doe of "Safe Homes", a charity, told Reuters “…”': the name in the group
            # holds a quote; the person the clause is about speaks.
            opening = self.clause_subject(sentence_start, low)
            if opening is not None and self._kind_at(opening) == "person":
                return self.speaker_in(*opening, cue.span(), how)
        if subject is None:
            return None
        return self.speaker_in(*subject, cue.span(), how)

    def _noun_use(self, cue: re.Match[str]) -> bool:
        """Whether the reporting verb's word is a noun here: after an article or a possessive
        ("for the attacks", "his warning")."""
        before = self.text[max(0, cue.start() - 8) : cue.start()].split()
        return bool(before) and before[-1].lower() in _ARTICLES_AND_POSSESSIVES

    def _named_right_before(
        self, cue: re.Match[str], low: int
    ) -> tuple[str, tuple[int, int]] | None:
        """The name right before a verb in "-ing" ("a video of Trump saying", "Carson privately
        saying"): the one who says it."""
        low = self._outside_quotes(low, cue.start())
        before = self.text[low : cue.start()].rstrip()
        if not before or before.endswith((",", "—", "–", "(")):
            return None
        tokens = _tokens(self.text, low, cue.start())
        index = _skip_back(tokens, len(tokens) - 1)
        if index >= 0:
            for name in reversed(self.context.names_in(low, tokens[index].end)):
                if name.end == tokens[index].end and name.kind != "place":
                    return _speaker_name(name)
                break
        return None

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
            if cue.group(0) in _READ:
                continue  # "the news they read": a verb that is seldom one of saying
            tried += 1
            if tried == _CUES_TRIED:
                break
        if according is not None and not self._inside_quote(according.start()):
            phrase = self.noun_phrase_after(according.end(), sentence.end)
            if phrase is not None:
                cue_span = (according.start(), according.start() + len("according to"))
                return self.speaker_in(*phrase, cue_span, "sentence")
        return None

    def _opening_verb(self, quote: QuoteMention) -> Attribution | None:
        """A sentence that opens with its reporting verb: "Remarked the city's mayor, Jane Doe,
        “…”" — the noun phrase after the verb, up to the quote, is the speaker."""
        sentence = self._sentence(quote.open_at)
        if sentence is None:
            return None
        verb = re.match(r"\s*([A-Z][a-z]+)\s+", self.text[sentence.start : quote.open_at])
        if verb is None or verb.group(1).lower() not in _INVERTING:
            return None
        start = sentence.start + verb.end()
        first = self.text[start : start + 20].split()[:1]
        if not first or not (first[0][:1].isupper() or first[0].lower() in _DETERMINERS):
            return None  # "Asked about the plan, …": a participle, not a verb before its subject
        end = quote.open_at
        while end > start and self.text[end - 1] in " \t,:—–-":
            end -= 1
        if end - start > 120 or _has_quote_mark(self.text[start:end]):
            return None
        cue_span = (sentence.start + verb.start(1), sentence.start + verb.end(1))
        found = self.speaker_in(start, end, cue_span, "sentence")
        if found is None or found.speaker_span is None:
            return None
        return replace(found, cue=verb.group(1).lower())

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
            if len(rest.split()) > 12 or _has_quote_mark(rest):
                return None  # too far from the end of the sentence to be its attribution
            cue = _CUE.search(self.text, at, sentence.end)
            if cue is None or cue.group(0) in _PARTICIPLE_WORDS:
                continue  # ", the company's spokeswoman." — the attribution is further back
            if cue.start() == at:
                if cue.group(0).lower() not in _INVERTING:
                    continue  # ", told Reuters": whom she told, not who spoke
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
            and not _subordinate(self.text[previous.start : cue.start()])
        ]
        while cues and cues[-1].group(0) in _READ:
            read = self._cue_speaker(cues[-1], previous.start, "continued")
            if read is not None:
                break
            cues.pop()  # "… the news they read": no document reads, the verb before speaks
        if not cues or cues[-1].group(0) in _PARTICIPLE_WORDS:
            return None
        found = self._cue_speaker(cues[-1], previous.start, "continued")
        if found is None or found.speaker is None or not found.speaker[:1].isupper():
            return None
        return found

    def _previous_subject(self, quote: QuoteMention) -> Attribution | None:
        """A quote that is a sentence of its own, with no attribution anywhere, right after a
        sentence about a person in the same paragraph and with no reporting verb: "On Sunday,
        Senator Jane Doe named the young as her hope. “The younger people are …”" — she goes
        on. Not when the sentence before quotes someone or speaks of several people."""
        if not quote.closed:
            return None
        sentence = sentence_at(self.context, quote.open_at)
        if sentence is None or self.text[sentence.start : quote.open_at].strip():
            return None
        if self.text[quote.close_at + 1 : sentence.end].strip(" .,;:!?\n"):
            return None  # more after the quote: its own attribution, or none
        index = self.context.index_of(sentence)
        if index == 0:
            return None
        previous = self.context.sentences[index - 1]
        if "\n" in self.text[previous.end : sentence.start]:
            return None
        before = self.text[previous.start : previous.end]
        if _CUE.search(before) or _has_quote_mark(before):
            return None
        subject = self.clause_subject(previous.start, previous.end)
        if subject is None or self._kind_at(subject) != "person":
            return None
        lead = self.text[previous.start : subject[0]].split()
        if lead and not (lead[-1][-1] in ",;:—(" or lead[-1].lower() in ("and", "but", "so")):
            return None  # "the oversized Trump face", "it threw Doe": not who the sentence is
        found = self.speaker_in(*subject, None, "continued")
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


def _ends_attribution(cue: str, rest: str) -> bool:
    """Whether ``rest``, after a reporting verb in a sentence of its own that follows a quote,
    can end an attribution ("Doe said on Monday.", "Doe told reporters."), not go on with the
    verb's own object ("The agency released a report …")."""
    words = rest.split()
    if not words or cue.lower() in ("told", "tells"):
        return True
    first = words[0].lower().strip(".,;:!?")
    return not first or first in _TIME_WORDS | _PREPOSITIONS | {"last", "this", "in"}


def _subordinate(before: str) -> bool:
    """Whether a verb after ``before`` stands in a clause of its own ("…, where Doe also
    spoke", "… after Rubio spoke"): not the sentence's main verb, whose speaker goes on."""
    words = before.rsplit(",", 1)[-1].split()[-4:]
    return any(word.lower() in _CLAUSE_OPENERS for word in words)


def _has_quote_mark(text: str) -> bool:
    """Whether ``text`` holds a quotation mark; an apostrophe between letters ("the ad’s
    narrator", "Doe's") is none."""
    return any(mark in _QUOTE_MARKS for mark in _APOSTROPHE.sub("", text))


_APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w)")
