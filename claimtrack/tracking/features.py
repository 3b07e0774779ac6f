"""A stored claim as the matcher sees it: its normalised words and key fields, its signature,
and its block keys.

Claims whose features are equal match everything alike, so they are one *node* of the match
graph (twenty copies of one wire story's quote are one node with twenty claims): the signature
is the hash of exactly what ``match.decide`` reads, and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from claimtrack.records import StoredClaim
from claimtrack.tracking.keys import (
    PRONOUNS,
    block_keys,
    extra_key,
    fold,
    name_words,
    parties,
    plain,
    words,
)

# A quote of fewer words than this is told apart from another by its sentence too: "No," and
# "fantastic" are said by many people.
SHORT_QUOTE = 5
LONG_SENTENCE = 12


@dataclass(frozen=True)
class Features:
    """What matching compares. ``words``/``caps``/``gaps`` are the quote's words for a quote
    and the claim sentence's words for the other kinds; ``text`` is the same text with its
    punctuation (to tell an identical report from a re-punctuated one)."""

    kind: str
    words: tuple[str, ...]
    caps: tuple[bool, ...]
    gaps: tuple[int, ...]
    text: str
    speaker: tuple[str, ...] = ()
    speaker_name: str | None = None
    speaker_explicit: bool = False
    direct: bool = True
    context: tuple[str, ...] = ()  # a short quote's sentence: copies of it share it
    date_value: str | None = None
    date_words: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    state: str | None = None
    split_from: int | None = None  # a claim a reviewer split out stands alone as its own node
    signature: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        payload = json.dumps(self.content(), ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.blake2b(payload.encode("utf-8"), digest_size=12).hexdigest()
        object.__setattr__(self, "signature", f"{self.kind[0]}{digest}")

    def content(self) -> list[Any]:
        return [
            self.kind,
            self.words,
            self.caps,
            self.gaps,
            self.text,
            self.speaker,
            self.speaker_name,
            self.speaker_explicit,
            self.direct,
            self.context,
            self.date_value,
            self.date_words,
            self.parties,
            self.state,
            self.split_from,
        ]

    def keys(self) -> list[int]:
        """The block keys of this node (see ``keys.block_keys``)."""
        return list(self._keys)

    @cached_property
    def _keys(self) -> tuple[int, ...]:
        # a long sentence keeps runs of three words through a change or two: no need for the
        # pairs one apart, which double the index
        skips = self.kind == "quote" or len(self.words) < LONG_SENTENCE
        quote = self.kind == "quote"
        found = block_keys(self.kind, self.words, skips=skips, pairs=quote)
        if self.context:
            found.extend(block_keys("quote-context", self.context))
        if self.kind == "agreement" and len(self.parties) >= 2:
            found.append(extra_key("parties", "|".join(self.parties)))
        return tuple(sorted(set(found)))


def _explicit_speaker(stored: StoredClaim, speaker: str | None) -> bool:
    """Whether the speaker is named where the quote is: a name in the text of the claim's
    evidence, not a pronoun resolved to someone, not a description, not carried over from an
    earlier quote. Only such speakers can disagree (a resolved "he" that changes with the
    document's other names is no evidence against another report)."""
    span = stored.claim.spans.get("speaker")
    evidence = stored.claim.spans["evidence"]
    if span is None or not speaker or span.grounding == "ungrounded":
        return False
    if fold(span.text).strip() in PRONOUNS or not name_words(span.text):
        return False
    return evidence.start <= span.start and span.end <= evidence.end


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def features_of(stored: StoredClaim, *, split: bool = False) -> Features:
    """The features of a stored claim; ``split`` when a reviewer split it out of its fact."""
    claim = stored.claim
    values = claim.fields()
    split_from = stored.id if split else None

    def text(name: str) -> str | None:
        value = values.get(name)
        return value if isinstance(value, str) else None

    if claim.kind == "quote":
        speaker = text("speaker")
        return quote_features(
            text("quote") or "",
            speaker,
            explicit=_explicit_speaker(stored, speaker),
            direct=bool(values.get("direct", True)),
            sentence=claim.evidence.text,
            split_from=split_from,
        )
    return sentence_features(
        claim.kind,
        claim.claim,
        date_value=text("date_value"),
        date_text=text("date_text"),
        named=tuple(map(str, _listed(values.get("parties")))),
        state=text("state"),
        split_from=split_from,
    )


# Claims are copied from story to story: the same quote or sentence is normalised once.


@lru_cache(maxsize=1 << 15)
def quote_features(
    quote: str,
    speaker: str | None = None,
    *,
    explicit: bool = False,
    direct: bool = True,
    sentence: str = "",
    split_from: int | None = None,
) -> Features:
    """The features of a quote: its words, its speaker (``explicit`` when named next to the
    quote) and, for a short quote, the sentence it stands in."""
    found = words(quote, gaps=True)
    short = len(found.words) < SHORT_QUOTE
    return Features(
        kind="quote",
        words=found.words,
        caps=found.caps,
        gaps=found.gaps,
        text=plain(quote),
        speaker=name_words(speaker),
        speaker_name=speaker,
        speaker_explicit=explicit,
        direct=direct,
        context=words(sentence).words if short else (),
        split_from=split_from,
    )


@lru_cache(maxsize=1 << 15)
def sentence_features(
    kind: str,
    text: str,
    *,
    date_value: str | None = None,
    date_text: str | None = None,
    named: tuple[str, ...] = (),
    state: str | None = None,
    split_from: int | None = None,
) -> Features:
    """The features of a dated event, agreement or statement: its claim sentence's words and
    its date, parties and state."""
    found = words(text)
    return Features(
        kind=kind,
        words=found.words,
        caps=found.caps,
        gaps=(),
        text=plain(text),
        date_value=date_value,
        date_words=words(date_text).words if date_text else (),
        parties=parties(named),
        state=state,
        split_from=split_from,
    )
