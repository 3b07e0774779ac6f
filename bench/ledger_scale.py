"""Everyday commands on large ledgers: 10k, 100k and 1M claims, timed from outside.

Build the ledgers once (the real offline extractor on the seed document and a few synthetic
news articles, then the result multiplied with SQL into distinct documents), then time the
commands against them::

    python bench/ledger_scale.py build --ledgers /tmp/ledgers --sizes 10k,100k,1M
    python bench/ledger_scale.py run --ledgers /tmp/ledgers --sizes 10k,100k,1M \\
        --out results.json --md results.md [--runs 5] [--runs-large 1] [--timeout 300]

Both take ``--claimtrack CMD`` (how to start the CLI, split like a shell line; default
``claimtrack``) and ``--env KEY=VALUE`` (repeatable, for that command only), so the same script
times any checkout. For example, code at another path with this project's venv::

    python bench/ledger_scale.py run --ledgers /tmp/ledgers \\
        --claimtrack ".venv/bin/python -P -c 'from claimtrack.cli import cli; cli()'" \\
        --env PYTHONPATH=/path/to/checkout --out base.json

(``-P`` keeps the current folder off ``sys.path``; every command runs in the ledgers' folder.)

Each command runs as a user runs it, a process of its own with stdout to /dev/null: the median,
min and max wall time of ``--runs`` runs (``--runs-large`` for the listing and export commands
from ``--large-from`` claims on; a command also stops repeating once its runs have taken
``--budget`` seconds), and the peak RSS of the process (``os.wait4``). A run over ``--timeout``
seconds is killed and reported as a timeout. Beside each command the same result is fetched with
one plain SQL query through ``sqlite-utils query`` (the ratio column) and the ``sqlite3`` shell,
in the same run, interleaved run by run. ``--help`` is also run once with
``PYTHONPROFILEIMPORTTIME=1`` and once with a ``sitecustomize`` that counts ``sys.modules`` at
exit, for the imports it costs.

``status`` appends a history event to the ledger on every run (a handful per size). A CLI whose
migrations change the schema upgrades the ledgers in place on its first (untimed) warm-up run,
so build a separate set of ledgers for code that should keep the old schema untouched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# -- the documents the seed ledger is extracted from -------------------------------------------

_PEOPLE = [
    ("Anna Berg", "Foreign Minister"),
    ("Tomas Lind", "Finance Minister"),
    ("Maria Costa", "President"),
    ("Kenji Sato", "Prime Minister"),
    ("Lena Novak", "Defence Secretary"),
    ("Omar Haddad", "Trade Commissioner"),
]
_PLACES = [
    ("Norland", "Stockholm"),
    ("Estavia", "Tallinn"),
    ("Portavia", "Lisbon"),
    ("Japan", "Tokyo"),
    ("Korvia", "Seoul"),
    ("Marovia", "Rabat"),
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September"]


def synthetic_document(i: int) -> str:
    """A short news article the offline extractor finds about 20 claims in: dated events,
    quotes with speakers, an agreement and numeric statements."""
    p1, t1 = _PEOPLE[i % 6]
    p2, t2 = _PEOPLE[(i + 1) % 6]
    p3, t3 = _PEOPLE[(i + 3) % 6]
    c1, cap1 = _PLACES[i % 6]
    c2, cap2 = _PLACES[(i + 2) % 6]
    m1, m2 = _MONTHS[i % 8], _MONTHS[(i + 1) % 8]
    return f"""{c1} and {c2} sign trade pact after months of talks

{cap1}, {m1} {10 + i}, 2024 — {c1} and {c2} signed a trade agreement on {m1} {8 + i}, ending \
two years of negotiations over tariffs on steel and grain.

"This agreement opens a new chapter for both our peoples," said {t1} {p1} at a press \
conference in {cap1}.

The accord cuts tariffs on 1,200 product lines by 35 percent and sets up a joint fund of \
$4.5 billion for ports and railways.

{p2}, the {t2.lower()} of {c2}, said the deal would "create at least 40,000 jobs within five \
years."

On {m2} 3, delegations from both countries will meet in {cap2} to agree on the rules for the \
joint fund.

Critics were unconvinced. "The pact was negotiated behind closed doors and ignores our \
farmers," said {p3}, a former {t3.lower()}.

Exports from {c1} to {c2} rose 12 percent in 2023, to $18.3 billion, according to the national \
statistics office.

Last week, the two governments also agreed to extend a fisheries treaty that expires in \
December.

"We will review the agreement every two years," {p1} told reporters on Tuesday.

Unemployment in {c2} stood at 7.4 percent in {m1}, down from 8.1 percent a year earlier.

The parliament of {c2} is expected to ratify the pact on {m2} 20. {p2} said ratification was \
"a formality."

In 2019, a previous attempt at a deal collapsed when {c1} withdrew over a dispute about fishing \
quotas.

{p3} warned that "prices for consumers will rise, not fall."

The agreement enters into force on January 1, 2025.
"""


# -- running a command -------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int | None  # None: killed at the timeout
    stderr: str


# GNU time forks the command from its own small process. Linux keeps a process's peak RSS
# across exec, so a command started straight from this (larger) Python process would report at
# least this process's peak: fine for claimtrack, wrong for the sqlite3 shell.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_process(
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300.0,
    stdout_path: str = os.devnull,
) -> Run:
    """Run ``argv`` to its end (or kill its process group at ``timeout``): wall time, peak RSS
    of the process (GNU time's ``%M``, else its rusage from ``wait4``), exit code and the tail of
    stderr."""
    with (
        open(stdout_path, "wb") as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
    ):
        if GNU_TIME:
            argv = [GNU_TIME, "-f", "%M", "-o", rss.name, *argv]
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True
        )
        lock = threading.Lock()
        state = {"reaped": False, "killed": False}

        def kill() -> None:
            with lock:
                if not state["reaped"]:
                    state["killed"] = True
                    os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            with lock:
                state["reaped"] = True
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
        peak_kb = float(usage.ru_maxrss)
        if GNU_TIME:
            # "Command exited with non-zero status N" may come first; the figure is last
            lines = rss.read().split()
            peak_kb = float(lines[-1]) if lines and lines[-1].isdigit() else float("nan")
    code = None if state["killed"] else proc.returncode
    return Run(seconds, peak_kb / 1024, code, tail)


def environment(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def parse_env(items: Sequence[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"--env wants KEY=VALUE, not {item!r}")
        pairs[key] = value
    return pairs


def parse_size(text: str) -> int:
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("kKmM")) * scale)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def ledger_path(folder: Path, size: int) -> Path:
    return folder / f"claims-{size_label(size)}.db"


# -- building the ledgers ----------------------------------------------------------------------


def build_seed(folder: Path, claimtrack: list[str], env: dict[str, str]) -> tuple[Path, float]:
    """The seed ledger: the real extractor (through the CLI) on the repository's seed document and
    eight synthetic articles."""
    docs = folder / "seed-docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    for i in range(8):
        (docs / f"synthetic-{i}.txt").write_text(synthetic_document(i), encoding="utf-8")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(path, docs / path.name)
    seed = folder / "seed.db"
    for stale in folder.glob("seed.db*"):
        stale.unlink()
    # String hashing is randomised per process; a fixed seed keeps the extraction reproducible.
    run = run_process(
        [*claimtrack, "extract", "seed-docs", "--db", seed.name],
        env=environment({**env, "PYTHONHASHSEED": "0"}),
        cwd=folder,
    )
    if run.code != 0:
        raise SystemExit(f"extracting the seed ledger failed:\n{run.stderr}")
    return seed, run.seconds


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _insert_sql(table: str, columns: list[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def multiply(seed: Path, target: Path, wanted: int) -> dict[str, Any]:
    """Copy the seed ledger to ``target`` and add copies of its documents until it holds at least
    ``wanted`` claims. Copy N of a document is a distinct document (its text ends in
    `` [copy N]``, its id is the hash of that text, its source ``copy-N/...``) with copies of the
    claims, spans, history events and extraction records of the original, under new ids. Rows
    go in through the tables as the migrations made them, triggers and all, so the full-text
    index and the claims' current status are maintained as the extractor would maintain them."""
    for stale in target.parent.glob(target.name + "*"):
        stale.unlink()
    with sqlite3.connect(seed) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    started = time.perf_counter()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")  # one big transaction: no copy through a WAL
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    tables = {}
    for table in ("documents", "claims", "spans", "claim_events", "extractions"):
        columns = _columns(conn, table)
        rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        tables[table] = (columns, rows)
    doc_cols, docs = tables["documents"]
    claim_cols, claims = tables["claims"]
    if not claims:
        raise SystemExit(f"{seed}: the seed ledger has no claims")
    copies = max(0, math.ceil(wanted / len(claims)) - 1)
    claim_stride = max(row[claim_cols.index("id")] for row in claims)
    event_cols, events = tables["claim_events"]
    event_stride = max((row[event_cols.index("id")] for row in events), default=0)
    di = {c: doc_cols.index(c) for c in ("id", "source", "text", "chars")}
    ci = {c: claim_cols.index(c) for c in ("id", "fingerprint", "document_id")}
    conn.execute("BEGIN")
    for n in range(1, copies + 1):
        new_doc_id = {}
        doc_rows = []
        for row in docs:
            values = list(row)
            text = f"{row[di['text']]} [copy {n}]"
            new_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            new_doc_id[row[di["id"]]] = new_id
            values[di["id"]] = new_id
            values[di["text"]] = text
            values[di["chars"]] = len(text)
            values[di["source"]] = f"copy-{n}/{row[di['source']]}"
            doc_rows.append(values)
        conn.executemany(_insert_sql("documents", doc_cols), doc_rows)
        claim_rows = []
        for row in claims:
            values = list(row)
            values[ci["id"]] = row[ci["id"]] + n * claim_stride
            values[ci["document_id"]] = new_doc_id[row[ci["document_id"]]]
            values[ci["fingerprint"]] = hashlib.sha256(
                f"{row[ci['fingerprint']]}:{n}".encode()
            ).hexdigest()
            claim_rows.append(values)
        conn.executemany(_insert_sql("claims", claim_cols), claim_rows)
        for table, key in (("spans", "claim_id"), ("claim_events", "claim_id")):
            columns, rows = tables[table]
            k = columns.index(key)
            out = []
            for row in rows:
                values = list(row)
                values[k] = row[k] + n * claim_stride
                if table == "claim_events":
                    values[columns.index("id")] = row[columns.index("id")] + n * event_stride
                out.append(values)
            conn.executemany(_insert_sql(table, columns), out)
        columns, rows = tables["extractions"]
        k = columns.index("document_id")
        conn.executemany(
            _insert_sql("extractions", columns),
            [[*row[:k], new_doc_id[row[k]], *row[k + 1 :]] for row in rows],
        )
    conn.execute("COMMIT")
    multiplied = time.perf_counter() - started
    conn.execute("PRAGMA journal_mode=WAL")  # as the CLI leaves a ledger
    counts = {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in ("documents", "claims", "spans", "claim_events", "claims_fts")
    }
    conn.close()
    return {
        "copies": copies,
        "multiply_seconds": round(multiplied, 2),
        "seconds": round(time.perf_counter() - started, 2),
        "bytes": target.stat().st_size,
        **counts,
    }


def build(args: argparse.Namespace) -> None:
    folder = Path(args.ledgers).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    claimtrack = shlex.split(args.claimtrack)
    env = parse_env(args.env)
    seed, seed_seconds = build_seed(folder, claimtrack, env)
    report: dict[str, Any] = {
        "seed": {"path": str(seed), "extract_seconds": round(seed_seconds, 2)}
    }
    print(f"seed ledger {seed} extracted in {seed_seconds:.1f} s")
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        target = ledger_path(folder, size)
        info = multiply(seed, target, size)
        check = run_process(
            [*claimtrack, "stats", "--json", "--db", target.name],
            env=environment(env),
            cwd=folder,
            timeout=args.timeout,
        )
        info["first_open_seconds"] = round(check.seconds, 2)
        if check.code != 0:
            raise SystemExit(f"{target}: the CLI cannot read it:\n{check.stderr}")
        report[size_label(size)] = {"path": str(target), **info}
        print(
            f"{target.name}: {info['claims']} claims in {info['documents']} documents, "
            f"{info['bytes'] / 1e6:.0f} MB, built in {info['seconds']:.1f} s "
            f"(first open by the CLI {check.seconds:.1f} s)"
        )
    (folder / "build.json").write_text(json.dumps(report, indent=2) + "\n")


# -- the commands ------------------------------------------------------------------------------


def lit(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


_LISTING = (
    "SELECT c.*, d.source AS document_source FROM claims c "
    "JOIN documents d ON d.id = c.document_id WHERE {where} "
    "ORDER BY c.document_id, c.evidence_start, c.id"
)

_EXPORT = """SELECT json_object('id', c.id, 'kind', c.kind, 'claim', c.claim,
 'confidence', c.confidence, 'document', json_object('id', c.document_id, 'source', d.source),
 'spans', (SELECT json_group_object(field, json_array(start, "end")) FROM spans
           WHERE claim_id = c.id),
 'span_texts', (SELECT json_group_object(field, text) FROM spans WHERE claim_id = c.id),
 'fields', json_object('event', c.event, 'date_text', c.date_text, 'date_value', c.date_value,
   'date_resolved', c.date_resolved, 'date_relative', c.date_relative,
   'participants', json(c.participants), 'speaker', c.speaker, 'quote', c.quote, 'cue', c.cue,
   'direct', c.direct, 'parties', json(c.parties), 'terms', c.terms,
   'state', c.agreement_state, 'subject', c.subject, 'quantities', json(c.quantities)),
 'grounding', c.grounding, 'grounding_score', c.grounding_score, 'status', c.status,
 'extractor', c.extractor, 'run', c.run_id)
FROM claims c JOIN documents d ON d.id = c.document_id
ORDER BY c.document_id, c.evidence_start, c.id"""

_STATS = " UNION ALL ".join(
    [
        *(f"SELECT '{t}', count(*) FROM {t}" for t in ("documents", "runs", "claims")),
        "SELECT 'claim_events', count(*) FROM claim_events",
        "SELECT 'failed', count(*) FROM extractions WHERE status = 'failed'",
        *(
            f"SELECT '{c}:' || {c}, count(*) FROM claims GROUP BY {c}"
            for c in ("kind", "status", "grounding")
        ),
    ]
)

_SHOW = """SELECT c.*, d.source,
 substr(d.text, max(c.evidence_start - 200, 1), c.evidence_end - c.evidence_start + 400),
 (SELECT json_group_array(json_object('field', field, 'start', start, 'end', "end",
   'text', text, 'grounding', grounding, 'score', score)) FROM spans WHERE claim_id = c.id),
 (SELECT json_group_array(json_object('at', at, 'status', status, 'by', by, 'note', note))
   FROM claim_events WHERE claim_id = c.id)
FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = {id}"""

_STATUS = (
    "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES "
    "({id}, 'supported', NULL, 'bench', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"
)


@dataclass
class Command:
    name: str
    args: list[str]  # after the claimtrack command; LEDGER is replaced by the ledger's name
    sql: str | None  # the same result as one SQL statement, for the baselines
    heavy: bool = False  # a listing or export: --runs-large from --large-from claims on


def commands(claim_id: int, source: str, word: str) -> list[Command]:
    phrase = lit('"' + word.replace('"', '""') + '"')
    fts = f"c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH {phrase})"
    either = lit('"' + word.replace('"', '""') + '" OR "summit"*')
    return [
        Command("stats", ["stats", "--db", "LEDGER"], _STATS),
        Command(
            f"show {claim_id}", ["show", str(claim_id), "--db", "LEDGER"], _SHOW.format(id=claim_id)
        ),
        Command(
            f"status {claim_id} supported --by bench",
            ["status", str(claim_id), "supported", "--by", "bench", "--db", "LEDGER"],
            _STATUS.format(id=claim_id),
        ),
        Command(
            "claims --kind quote",
            ["claims", "--kind", "quote", "--db", "LEDGER"],
            _LISTING.format(where="c.kind = 'quote'"),
            heavy=True,
        ),
        Command(
            "claims --document SOURCE",
            ["claims", "--document", source, "--db", "LEDGER"],
            _LISTING.format(where=f"(c.document_id = {lit(source)} OR d.source = {lit(source)})"),
            heavy=True,
        ),
        Command(
            f"claims -q {word}",
            ["claims", "-q", word, "--db", "LEDGER"],
            _LISTING.format(where=fts),
            heavy=True,
        ),
        Command(
            f"claims -q '{word} OR summit*'",
            ["claims", "-q", f"{word} OR summit*", "--db", "LEDGER"],
            _LISTING.format(
                where=f"c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH {either})"
            ),
            heavy=True,
        ),
        Command(
            "claims --speaker kishida",
            ["claims", "--speaker", "kishida", "--db", "LEDGER"],
            _LISTING.format(where="c.speaker LIKE '%kishida%'"),
            heavy=True,
        ),
        Command(
            "export --format jsonl -o /dev/null",
            ["export", "--format", "jsonl", "-o", "/dev/null", "--db", "LEDGER"],
            _EXPORT,
            heavy=True,
        ),
    ]


@dataclass
class Result:
    command: str
    tool: str  # claimtrack, sqlite-utils, sqlite3
    size: str
    claims: int | None
    runs: list[Run] = field(default_factory=list)
    outcome: str = "ok"  # ok, timeout, error
    error: str = ""

    def summary(self) -> dict[str, Any]:
        times = [r.seconds for r in self.runs if r.code == 0]
        peaks = [r.peak_mb for r in self.runs if r.code == 0]
        return {
            "command": self.command,
            "tool": self.tool,
            "size": self.size,
            "claims": self.claims,
            "outcome": self.outcome,
            "error": self.error,
            "runs": len(times),
            "seconds": [round(t, 4) for t in times],
            "median": round(statistics.median(times), 4) if times else None,
            "min": round(min(times), 4) if times else None,
            "max": round(max(times), 4) if times else None,
            "peak_mb": round(max(peaks), 1) if peaks else None,
        }


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.folder = Path(args.ledgers).resolve()
        self.claimtrack = shlex.split(args.claimtrack)
        self.extra_env = parse_env(args.env)
        self.env = environment(self.extra_env)
        self.sqlite_utils = args.sqlite_utils or _beside_python("sqlite-utils")
        self.sqlite3 = args.sqlite3 or shutil.which("sqlite3")
        self.results: list[Result] = []

    def tools(self, command: Command, ledger: Path) -> Iterator[tuple[str, list[str], dict]]:
        args = [ledger.name if a == "LEDGER" else a for a in command.args]
        yield "claimtrack", [*self.claimtrack, *args], self.env
        if command.sql is None:
            return
        if self.sqlite_utils:
            raw = ["--raw-lines"] if command.name.startswith("export") else ["--nl"]
            yield "sqlite-utils", [self.sqlite_utils, "query", ledger.name, command.sql, *raw], {}
        if self.sqlite3:
            yield "sqlite3", [self.sqlite3, ledger.name, command.sql], {}

    def measure(
        self, command: Command, size: str, claims: int | None, ledger: Path | None, runs: int
    ) -> None:
        """Run the command and its SQL baselines in turn, ``runs`` times (fewer once one has
        spent ``--budget`` seconds), each stopping at its first failure or timeout."""
        variants = (
            list(self.tools(command, ledger))
            if ledger
            else [("claimtrack", [*self.claimtrack, *command.args], self.env)]
        )
        if command.name == "--help" and self.sqlite_utils:
            variants.append(("sqlite-utils", [self.sqlite_utils, "--help"], {}))
        results = {tool: Result(command.name, tool, size, claims) for tool, _, _ in variants}
        spent = dict.fromkeys(results, 0.0)
        for i in range(runs):
            for tool, argv, extra in variants:
                result = results[tool]
                if result.outcome != "ok" or (i and spent[tool] >= self.args.budget):
                    continue
                run = run_process(
                    argv,
                    env=environment(extra) if extra is not self.env else self.env,
                    cwd=self.folder,
                    timeout=self.args.timeout,
                )
                spent[tool] += run.seconds
                result.runs.append(run)
                if run.code is None:
                    result.outcome = "timeout"
                    result.error = f"killed after {self.args.timeout:.0f} s"
                elif run.code != 0:
                    result.outcome = "error"
                    result.error = f"exit {run.code}: {run.stderr.strip()[-500:]}"
        for result in results.values():
            self.results.append(result)
            s = result.summary()
            shown = f"{s['median']:.3f} s" if s["median"] is not None else result.outcome
            print(
                f"  {size:>5}  {result.tool:<12} {command.name:<40} {shown} "
                f"({s['runs']} runs, peak {s['peak_mb']} MB)",
                flush=True,
            )

    def imports(self) -> dict[str, Any]:
        """Modules that ``--help`` imports: the ``-X importtime`` lines, ``len(sys.modules)`` at
        exit, and the heaviest top-level imports."""
        # the whole of stderr (run_process keeps only its tail)
        with tempfile.TemporaryFile() as err:
            subprocess.run(
                [*self.claimtrack, "--help"],
                env=environment({**self.extra_env, "PYTHONPROFILEIMPORTTIME": "1"}),
                cwd=self.folder,
                stdout=subprocess.DEVNULL,
                stderr=err,
                timeout=self.args.timeout,
                check=False,
            )
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        # "import time: self [us] | cumulative | imported package", then one line a module,
        # its name indented two spaces a level below the top
        lines = [line for line in text.splitlines() if line.startswith("import time:")][1:]
        # self time summed by top-level package: where the start-up goes
        by_package: dict[str, list[int]] = {}
        for line in lines:
            own, _, name = line.removeprefix("import time:").split("|")
            if own.strip().isdigit():
                package = name.strip().split(".")[0]
                entry = by_package.setdefault(package, [0, 0])
                entry[0] += int(own)
                entry[1] += 1
        top = sorted(by_package.items(), key=lambda item: -item[1][0])
        with tempfile.TemporaryDirectory() as hook:
            out = Path(hook) / "modules"
            (Path(hook) / "sitecustomize.py").write_text(
                "import atexit, os, sys\n"
                "atexit.register(lambda: open(os.environ['LEDGER_SCALE_MODULES'], 'w')"
                ".write(str(len(sys.modules))))\n"
            )
            path = os.pathsep.join(
                p
                for p in (hook, self.extra_env.get("PYTHONPATH", os.environ.get("PYTHONPATH")))
                if p
            )
            run_process(
                [*self.claimtrack, "--help"],
                env=environment(
                    {**self.extra_env, "PYTHONPATH": path, "LEDGER_SCALE_MODULES": str(out)}
                ),
                cwd=self.folder,
            )
            modules = int(out.read_text()) if out.exists() else None
        return {
            "importtime_lines": len(lines),
            "sys_modules_at_exit": modules,
            "packages_by_self_ms": {
                name: {"ms": round(us / 1000, 1), "modules": n} for name, (us, n) in top[:12]
            },
        }

    def pick(self, ledger: Path) -> tuple[int, str, int]:
        """A claim in the middle of the ledger, its document's source, and the claim count."""
        with sqlite3.connect(ledger) as conn:
            count = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
            claim_id, source = conn.execute(
                "SELECT c.id, d.source FROM claims c JOIN documents d ON d.id = c.document_id "
                "ORDER BY c.id LIMIT 1 OFFSET ?",
                [count // 2],
            ).fetchone()
        return claim_id, source, count

    def warm(self, ledger: Path) -> None:
        """Read the file into the page cache and open it once with the CLI (untimed), which also
        applies any migration of the code under test."""
        for path in self.folder.glob(ledger.name + "*"):
            with path.open("rb") as handle:
                while handle.read(1 << 20):
                    pass
        run = run_process(
            [*self.claimtrack, "stats", "--db", ledger.name],
            env=self.env,
            cwd=self.folder,
            timeout=self.args.timeout,
        )
        if run.code != 0:
            print(f"  warning: warm-up 'stats' failed on {ledger.name}: {run.stderr[-300:]}")

    def main(self) -> dict[str, Any]:
        args = self.args
        started = time.perf_counter()
        print("imports of --help ...", flush=True)
        imports = self.imports()
        print(f"  {imports}", flush=True)
        self.measure(Command("--help", ["--help"], None), "-", None, None, args.runs)
        ledgers = {}
        for size in [parse_size(s) for s in args.sizes.split(",")]:
            ledger = ledger_path(self.folder, size)
            if not ledger.exists():
                raise SystemExit(f"{ledger}: no such ledger; run the 'build' step first")
            claim_id, source, count = self.pick(ledger)
            label = size_label(size)
            ledgers[label] = {
                "path": str(ledger),
                "claims": count,
                "bytes": ledger.stat().st_size,
                "claim_id": claim_id,
                "document_source": source,
            }
            print(f"{ledger.name}: {count} claims; warming up ...", flush=True)
            self.warm(ledger)
            for command in commands(claim_id, source, args.word):
                if args.only and not any(o in command.name for o in args.only):
                    continue
                runs = args.runs_large if command.heavy and count >= args.large_from else args.runs
                self.measure(command, label, count, ledger, runs)
        build_info = self.folder / "build.json"
        return {
            "meta": {
                "label": args.label,
                "claimtrack": args.claimtrack,
                "env": self.extra_env,
                "sqlite_utils": self.sqlite_utils,
                "sqlite3": self.sqlite3,
                "runs": args.runs,
                "runs_large": args.runs_large,
                "large_from": args.large_from,
                "budget": args.budget,
                "timeout": args.timeout,
                "word": args.word,
                "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} CPUs",
                "python": sys.version.split()[0],
                "sqlite": sqlite3.sqlite_version,
                "total_seconds": round(time.perf_counter() - started, 1),
            },
            "imports": imports,
            "ledgers": ledgers,
            "build": json.loads(build_info.read_text()) if build_info.exists() else None,
            "results": self.table_rows(),
        }

    def table_rows(self) -> list[dict[str, Any]]:
        rows = [r.summary() for r in self.results]
        medians = {(r["command"], r["size"], r["tool"]): r["median"] for r in rows}
        for row in rows:
            for tool in ("sqlite-utils", "sqlite3"):
                base = medians.get((row["command"], row["size"], tool))
                key = "ratio_" + tool.replace("-", "_")
                row[key] = (
                    round(row["median"] / base, 2) if base and row["median"] is not None else None
                )
        return rows


def _beside_python(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def markdown(report: dict[str, Any]) -> str:
    def num(value: float | None, digits: int = 3) -> str:
        return "—" if value is None else f"{value:.{digits}f}"

    meta = report["meta"]
    lines = [
        f"# ledger_scale: {meta['label'] or meta['claimtrack']}",
        "",
        f"`{meta['claimtrack']}` with env {meta['env'] or '{}'}; {meta['machine']}, Python "
        f"{meta['python']}, SQLite {meta['sqlite']}; {meta['when']}; runs {meta['runs']} "
        f"({meta['runs_large']} for listings/export from {meta['large_from']} claims; "
        f"budget {meta['budget']} s, timeout {meta['timeout']} s); "
        f"total {meta['total_seconds']} s.",
        "",
        f"Imports of `--help`: {report['imports']['importtime_lines']} (-X importtime lines), "
        f"{report['imports']['sys_modules_at_exit']} modules in sys.modules at exit. By package "
        "(import self time, modules): "
        + ", ".join(
            f"{k} {v['ms']} ms/{v['modules']}"
            for k, v in report["imports"]["packages_by_self_ms"].items()
        ),
        "",
        "| command | size | tool | runs | median s | min s | max s | peak MB "
        "| × sqlite-utils | × sqlite3 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["results"]:
        median = num(row["median"]) if row["outcome"] == "ok" else f"**{row['outcome']}**"
        lines.append(
            f"| {row['command']} | {row['size']} | {row['tool']} | {row['runs']} | {median} "
            f"| {num(row['min'])} | {num(row['max'])} | {num(row['peak_mb'], 0)} "
            f"| {num(row['ratio_sqlite_utils'], 1)} | {num(row['ratio_sqlite3'], 1)} |"
        )
    if report.get("build"):
        lines += ["", "Ledgers (build.json):", ""]
        for key, info in report["build"].items():
            if key == "seed":
                lines.append(f"- seed: extracted in {info['extract_seconds']} s")
            else:
                lines.append(
                    f"- {key}: {info['claims']} claims, {info['documents']} documents, "
                    f"{info['bytes'] / 1e6:.0f} MB; built in {info['seconds']} s"
                )
    errors = [r for r in report["results"] if r["error"]]
    if errors:
        lines += ["", "Failures:", ""]
        lines += [f"- {r['command']} ({r['size']}, {r['tool']}): {r['error']}" for r in errors]
    return "\n".join(lines) + "\n"


def main() -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--ledgers", required=True, help="folder of the ledgers")
    common.add_argument("--sizes", default="10k,100k,1M", help="claims per ledger, e.g. 10k,1M")
    common.add_argument(
        "--claimtrack", default="claimtrack", help="how to start the CLI (a shell-like line)"
    )
    common.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="for the CLI only"
    )
    common.add_argument("--timeout", type=float, default=300.0, help="seconds a run may take")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("build", parents=[common], help="extract the seed ledger and multiply it")
    run = sub.add_parser("run", parents=[common], help="time the commands")
    run.add_argument("--runs", type=int, default=5)
    run.add_argument("--runs-large", type=int, default=1)
    run.add_argument("--large-from", type=parse_size, default=1_000_000, metavar="CLAIMS")
    run.add_argument(
        "--budget", type=float, default=120.0, help="stop repeating a command after this long"
    )
    run.add_argument("--word", default="missiles", help="the word for claims -q")
    run.add_argument("--only", action="append", help="only commands whose name contains this")
    run.add_argument("--label", default="", help="a name for this set of results")
    run.add_argument("--sqlite-utils", default=None, help="default: beside this Python")
    run.add_argument("--sqlite3", default=None, help="default: sqlite3 on PATH")
    run.add_argument("--out", help="write the results as JSON here")
    run.add_argument("--md", help="write the results as a Markdown table here")
    args = parser.parse_args()
    if args.step == "build":
        build(args)
        return
    report = Bench(args).main()
    text = markdown(report)
    print("\n" + text)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    if args.md:
        Path(args.md).write_text(text)


if __name__ == "__main__":
    main()
