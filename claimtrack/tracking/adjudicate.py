"""Ambiguous pairs of claims decided by a language model (``claimtrack track --backend openai``).

The typed matcher (``match.decide``) decides every pair it is shown. Some of its pairs are
close calls: their words are similar enough to be one fact told differently, or a different
fact told alike. Those whose word similarity (``similarity``) falls in the ambiguous band
(``BAND``) may be put to a model instead: it answers ``same``, ``variant``, ``conflicting``
(with the field the two disagree on) or ``different``, and its answer replaces the matcher's.
Every edge it decides records its method as ``llm:<model>:<prompt hash>``, so the ledger says
which pairs a model decided, with which model and which prompt.

The model is asked through the same call client as extraction (``claimtrack.llm.client``):
one request per pair, its identity the hash of everything sent (model, prompt hash, schema,
messages), answered from the ledger's ``llm_calls`` when it was paid for before, so tracking
again, or in another process, gets the same answers (deterministic). The pair is always put
in one order (the one ``match.decide`` uses), so ``(a, b)`` and ``(b, a)`` are one request.

The model's word stays when facts are recomputed later without it (a reviewer's decision, a
run without ``--backend openai``): ``StoredVerdicts`` replays the verdicts kept on the match
graph's edges (a ``conflicting`` verdict's field is the last part of its method, after a
``/``). A ``different`` verdict leaves no edge: a run without the model may then decide that
pair by the matcher, when something else brings the two claims into one part of the graph.

A tracking run with an adjudicator rehearses first (``track.Tracker``): it finds the pairs to
put to the model with the ledger's write lock held only as long as a run without one, asks
the model with no lock held, then tracks for real with the answers in hand.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from claimtrack.tracking.conflicts import FieldConflict
from claimtrack.tracking.features import Features
from claimtrack.tracking.match import Match

if TYPE_CHECKING:
    from claimtrack.llm.client import LLMClient
    from claimtrack.prompts import PromptTemplate
    from claimtrack.records import CallRecord

# Word similarity of two claims (0..1) at which a pair is a close call: below it, plainly two
# facts; at or above its top, plainly one (the matcher's alignment decides how).
BAND = (0.6, 0.9)
# ...between claims of at least this many words, the shorter at least this share of the longer
MIN_WORDS = 6
LENGTHS = 0.5
PROMPT = "adjudicate-pair"

ConflictKind = Literal["date", "speaker", "wording", "number", "parties", "state"]
KINDS: tuple[ConflictKind, ...] = ("date", "speaker", "wording", "number", "parties", "state")
# In ``fact_state``: set once a model has decided a pair of this ledger.
STATE_KEY = "adjudicated"


class PairVerdict(BaseModel):
    """What the model answers about two claims."""

    relation: Literal["same", "variant", "conflicting", "different"] = Field(
        description="same, variant, conflicting (the same fact, one field disagrees) or different"
    )
    field: ConflictKind | None = Field(
        default=None, description="for conflicting: the field the two claims disagree on"
    )


def similarity(a: Features, b: Features) -> float:
    """How alike two claims' words are, 0..1: for quotes, how well the shorter aligns inside
    the longer (a partial quote is 1); for other kinds, the whole sentences. Symmetric."""
    if a.kind != b.kind or not a.words or not b.words:
        return 0.0
    if a.kind == "quote":
        short, long = sorted((a.words, b.words), key=len)
        found = fuzz.partial_ratio_alignment(short, long)
        return round((found.score if found else 0.0) / 100, 4)
    return round(Indel.normalized_similarity(a.words, b.words), 4)


def comparable(a: Features, b: Features) -> bool:
    """Whether two claims are long enough, and alike enough in length, for a close call: a
    few words of one quote found inside a long other are a chance overlap, not a paraphrase
    (and a quote wholly inside another is the matcher's partial quote)."""
    short, long = sorted((len(a.words), len(b.words)))
    return short >= MIN_WORDS and short >= LENGTHS * long


def ambiguous(a: Features, b: Features, band: tuple[float, float] = BAND) -> bool:
    """Whether a pair is a close call: comparable claims of one kind whose similarity falls
    in the band."""
    if a.kind != b.kind or not comparable(a, b):
        return False
    low, high = band
    return low <= similarity(a, b) < high


def ordered(a: Features, b: Features) -> tuple[Features, Features, bool]:
    """The pair in the order ``match.decide`` puts it in, and whether it was swapped."""
    swap = (len(a.words), a.signature) > (len(b.words), b.signature)
    return (b, a, True) if swap else (a, b, False)


def _side(f: Features) -> dict[str, str | None]:
    return {
        "kind": f.kind,
        "text": f.text,
        "speaker": f.speaker_name if f.kind == "quote" else None,
        "date": f.date_value,
    }


def _values(kind: str, a: Features, b: Features) -> tuple[str, tuple[str | None, str | None]]:
    """The field a conflict of ``kind`` is about, and the two claims' values of it."""
    if kind == "speaker":
        return "speaker", (a.speaker_name, b.speaker_name)
    if kind == "date" and (a.date_value or b.date_value):
        return "date", (a.date_value, b.date_value)
    if kind == "parties" and (a.parties or b.parties):
        return "parties", (", ".join(a.parties), ", ".join(b.parties))
    if kind == "state" and (a.state or b.state):
        return "state", (a.state, b.state)
    return ("quote" if a.kind == "quote" else "claim"), (a.text, b.text)


def to_match(
    verdict: PairVerdict, a: Features, b: Features, found: Match | None, method: str
) -> Match | None:
    """The model's verdict on ``(a, b)`` (in ``ordered`` order) as the matcher's answer: the
    matcher's own conflicts are kept when the model also sees a conflict."""
    if verdict.relation == "different":
        return None
    score = similarity(a, b)
    if verdict.relation != "conflicting":
        return Match(verdict.relation, score, method)
    kind: ConflictKind = verdict.field or ("wording" if a.kind == "quote" else "number")
    conflicts = found.conflicts if found is not None and found.conflicts else ()
    if not conflicts:
        name, values = _values(kind, a, b)
        conflicts = (FieldConflict(kind, name, values),)
    return Match("conflicting", score, f"{method}/{kind}", tuple(conflicts))


def verdict_of(relation: str, method: str) -> PairVerdict | None:
    """The model's verdict kept on an edge (``None``: the matcher decided that edge)."""
    if not method.startswith("llm:"):
        return None
    last = method.rsplit("/", 1)[-1]
    field = next((k for k in KINDS if k == last), None)
    if relation == "conflicting":
        return PairVerdict(relation="conflicting", field=field)
    return PairVerdict(relation="same" if relation == "same" else "variant")


class StoredVerdicts:
    """Replays the model's verdicts kept on the edges of the match graph, for recomputations
    without a model: a fact a model joined stays joined, its conflict stays."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute("SELECT 1 FROM fact_state WHERE key = ?", [STATE_KEY]).fetchone()
        self.active = row is not None

    def __call__(self, x: Features, y: Features, found: Match | None) -> Match | None:
        if not self.active or not ambiguous(x, y):
            return found
        nodes = dict(
            self.conn.execute(
                "SELECT signature, id FROM fact_nodes WHERE signature IN (?, ?)",
                [x.signature, y.signature],
            ).fetchall()
        )
        if x.signature not in nodes or y.signature not in nodes:
            return found
        n, m = sorted((nodes[x.signature], nodes[y.signature]))
        edge = self.conn.execute(
            "SELECT relation, method FROM fact_edges WHERE node_a = ? AND node_b = ?", [n, m]
        ).fetchone()
        verdict = verdict_of(edge[0], edge[1]) if edge else None
        if verdict is None:
            return found
        a, b, swap = ordered(x, y)
        method = edge[1].rsplit("/", 1)[0] if verdict.relation == "conflicting" else edge[1]
        unswapped = found.mirrored() if swap and found is not None else found
        decided = to_match(verdict, a, b, unswapped, method)
        return decided.mirrored() if swap and decided is not None else decided


@dataclass
class Adjudicator:
    """Puts the ambiguous pairs of a tracking run to a model, once each.

    ``ask`` answers one pair's messages (the LLM client, with the ledger's cache); while
    ``rehearsing``, pairs are only noted (``pending``) and the matcher's answer stands.
    """

    ask: Callable[[list[dict[str, str]]], tuple[PairVerdict, CallRecord]]
    template: PromptTemplate
    model: str
    band: tuple[float, float] = BAND
    rehearsing: bool = False
    pending: dict[tuple[str, str], tuple[Features, Features]] = field(default_factory=dict)
    answers: dict[tuple[str, str], PairVerdict] = field(default_factory=dict)
    records: list[CallRecord] = field(default_factory=list)
    asked: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def method(self) -> str:
        return f"llm:{self.model}:{self.template.hash}"

    def messages(self, a: Features, b: Features) -> list[dict[str, str]]:
        return self.template.render(a=_side(a), b=_side(b))

    def __call__(self, x: Features, y: Features, found: Match | None) -> Match | None:
        """The answer for ``(x, y)``: the matcher's (``found``) unless the pair is ambiguous."""
        if not ambiguous(x, y, self.band):
            return found
        a, b, swap = ordered(x, y)
        key = (a.signature, b.signature)
        verdict = self.answers.get(key)
        if verdict is None:
            if self.rehearsing:
                self.pending[key] = (a, b)
                return found
            verdict = self._ask(key, a, b)
        unswapped = found.mirrored() if swap and found is not None else found
        decided = to_match(verdict, a, b, unswapped, self.method)
        return decided.mirrored() if swap and decided is not None else decided

    def answer_pending(self) -> int:
        """Ask the model about every pair the rehearsal noted; how many were asked."""
        pending = sorted(self.pending.items())
        self.pending = {}
        for key, (a, b) in pending:
            if key not in self.answers:
                self._ask(key, a, b)
        return len(pending)

    def _ask(self, key: tuple[str, str], a: Features, b: Features) -> PairVerdict:
        verdict, record = self.ask(self.messages(a, b))
        with self._lock:
            self.answers[key] = verdict
            self.records.append(record)
            self.asked += record.outcome != "reused"
        return verdict


def llm_adjudicator(
    client: LLMClient,
    lookup: Callable[[str], str | None],
    *,
    prompt: str = PROMPT,
    prompts_dirs: tuple[str, ...] = (),
    band: tuple[float, float] = BAND,
) -> Adjudicator:
    """An adjudicator asking ``client``, answered from ``lookup`` (the ledger's paid answers)
    when the same request was made before."""
    from claimtrack.llm.calls import CallContext
    from claimtrack.prompts import get_prompt

    template = get_prompt(prompt, prompts_dirs)
    calls = CallContext(lookup=lookup)
    client.prepare(PairVerdict)

    def ask(messages: list[dict[str, str]]) -> tuple[PairVerdict, CallRecord]:
        return client.ask(
            messages,
            PairVerdict,
            grounding_text=None,
            calls=calls,
            chunk_start=0,
            chunk_end=0,
            prompt_name=template.name,
            prompt_hash=template.hash,
        )

    return Adjudicator(ask, template, client.model, band)
