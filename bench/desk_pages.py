"""Every page of the review desk on large ledgers, timed from outside: the first load right
after the server starts, then the same page again.

For each ledger and each page, ``claimtrack review`` is started as a user starts it (a process
of its own, on a free port), the reviewer signs in through the printed link (GET the page, POST
its form, as a browser does), the page is fetched twice, and the server is stopped; what the
server printed while serving the page is counted (a query time-out used to print ~40 KB of
traceback)::

    cp /tmp/h2/ledgers/claims-{10k,100k,1M}.db /tmp/desk/      # copies: the bench writes
    python bench/desk_pages.py --ledgers /tmp/desk --sizes 10k,100k,1M --out after.json

The ledgers are changed: their schema is brought up to date, a reviewer is added, and the
save-and-next row appends a status event (with an undo) on each run, so use copies. Pages are
addressed by what they show; ``--old-desk`` times the desk as it was before the desk pages
(its canned queries and claim pages) with the same labels, on ledgers of its own schema, and
``--claimtrack CMD`` / ``--env KEY=VALUE`` start any checkout (see ``bench/ledger_scale.py``)::

    git archive HEAD | tar -x -C /tmp/before
    python bench/desk_pages.py --ledgers /tmp/desk-before --old-desk \\
        --env PYTHONPATH=/tmp/before --out before.json \\
        --claimtrack ".venv/bin/python -P -c 'from claimtrack.cli import cli; cli()'"

The first load is after a restart of the server process, not of the machine: the ledger's
file is read once before a size's pages are timed, so that it is in the operating system's
cache, as it is on a desk that runs all day (``--cold`` skips that; on this machine a cold
cache adds seconds to any page that counts a big table, Datasette's database page first;
``--evict`` drops the ledger's own file from the cache before each page, for a cold first load
that leaves other files alone).

The fact pages, the conflicts queue and the facts table are timed when the ledger is tracked
(``claimtrack track --db COPY`` first); their rows are left out otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sqlite3
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

REVIEWER = "Bench Reviewer"
SIZES = {"10k": "claims-10k.db", "100k": "claims-100k.db", "1M": "claims-1M.db"}


@dataclass
class Timed:
    size: str
    page: str
    path: str
    first_s: float | None
    again_s: float | None
    status: int | None
    again_status: int | None
    bytes: int
    printed: int  # bytes the server printed while serving the page (tracebacks)
    note: str = ""


def facts(ledger: Path) -> dict[str, Any]:
    """What the pages are asked about, read from the ledger (read-only)."""
    connection = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:

        def one(sql: str, *params: Any) -> Any:
            row = connection.execute(sql, params).fetchone()
            return row[0] if row else None

        top = one("SELECT max(id) FROM claims")
        tracked = bool(one("SELECT count(*) FROM sqlite_master WHERE name = 'facts'")) and bool(
            one("SELECT count(*) FROM facts")
        )
        biggest = (
            one("SELECT id FROM facts ORDER BY claim_count DESC, id LIMIT 1") if tracked else None
        )
        return {
            "fact": one("SELECT id FROM facts ORDER BY claim_count DESC, id LIMIT 1")
            if tracked
            else None,
            "fact_documents": one(
                "SELECT count(DISTINCT document_id) FROM fact_claims WHERE fact_id = "
                "(SELECT id FROM facts ORDER BY claim_count DESC, id LIMIT 1)"
            )
            if tracked
            else None,
            "conflicted": one("SELECT id FROM facts ORDER BY open_conflicts DESC, id LIMIT 1")
            if tracked
            else None,
            "small_fact": one(
                "SELECT id FROM facts WHERE claim_count BETWEEN 2 AND 20000 "
                "ORDER BY claim_count DESC, id LIMIT 1"
            )
            if tracked
            else None,
            "fact_middle": one(
                "SELECT claim_id FROM fact_claims WHERE fact_id = ? ORDER BY claim_id "
                "LIMIT 1 OFFSET (SELECT claim_count / 2 FROM facts WHERE id = ?)",
                biggest,
                biggest,
            )
            if tracked
            else None,
            "fact_claim": one(
                "SELECT max(claim_id) FROM fact_claims WHERE fact_id = "
                "(SELECT id FROM facts ORDER BY claim_count DESC, id LIMIT 1)"
            )
            if tracked
            else None,
            "db": ledger.stem,
            "claim": one("SELECT min(id) FROM claims WHERE kind = 'quote' AND id > ?", top // 2),
            "deep": one("SELECT max(id) FROM claims WHERE id < ?", top - 100),
            "deep_date": one(
                "SELECT max(id) FROM claims WHERE kind = 'date' AND id < ?", top - 100
            ),
            "document": one("SELECT document_id FROM claims WHERE id = ?", top // 2),
            "source": one(
                "SELECT source FROM documents WHERE id = "
                "(SELECT document_id FROM claims WHERE id = ?)",
                top // 2,
            ),
            "speaker": one(
                "SELECT speaker FROM claims WHERE kind = 'quote' AND speaker IS NOT NULL "
                "AND id > ? LIMIT 1",
                top // 2,
            ),
            "party": one(
                "SELECT j.value FROM claims c, json_each(c.parties) j "
                "WHERE c.kind = 'agreement' AND c.id > ? LIMIT 1",
                top // 2,
            ),
        }
    finally:
        connection.close()


def pages(f: dict[str, Any], old: bool) -> list[tuple[str, str]]:
    """(label, path) of every page of the desk, new or old."""
    db = f["db"]
    q = lambda **params: "?" + urlencode(params)  # noqa: E731
    common = [
        ("database", f"/{db}"),
        ("claims table", f"/{db}/claims"),
        ("claims table, kind=quote", f"/{db}/claims{q(kind='quote')}"),
        ("claim history table", f"/{db}/claim_events"),
        ("spans table", f"/{db}/spans"),
        ("documents table", f"/{db}/documents"),
        ("document's claims (canned)", f"/{db}/document_claims{q(document=f['source'])}"),
        ("claim history (canned)", f"/{db}/claim_history{q(claim_id=f['claim'])}"),
        ("document page", f"/-/claimtrack/documents/{f['document']}"),
    ]
    if old:
        return [
            *common,
            ("review queue", f"/{db}/review_queue{q(kind='')}"),
            ("review queue, kind=agreement", f"/{db}/review_queue{q(kind='agreement')}"),
            ("claim page", f"/-/claimtrack/claims/{f['claim']}"),
            ("timeline", f"/{db}/timeline"),
            ("quotes by speaker", f"/{db}/quotes_by_speaker{q(speaker='')}"),
            ("quotes, one speaker", f"/{db}/quotes_by_speaker{q(speaker=f['speaker'])}"),
            ("agreements by party", f"/{db}/agreements_by_party{q(party='')}"),
            ("agreements, one party", f"/{db}/agreements_by_party{q(party=f['party'])}"),
        ]
    return [
        *common,
        ("review queue", "/-/claimtrack/queue"),
        ("review queue, kind=agreement", f"/-/claimtrack/queue{q(kind='agreement')}"),
        ("review queue, fuzzy quotes", f"/-/claimtrack/queue{q(kind='quote', grounding='fuzzy')}"),
        ("review queue, a deep page", f"/-/claimtrack/queue{q(after=f['deep'], at=1)}"),
        ("review queue, one document", f"/-/claimtrack/queue{q(document=f['source'])}"),
        ("review queue, one speaker", f"/-/claimtrack/queue{q(speaker=f['speaker'])}"),
        ("review queue, search", f"/-/claimtrack/queue{q(q='minister')}"),
        ("review queue, disagreements", f"/-/claimtrack/queue{q(status='any', disagreement=1)}"),
        ("claim page", f"/-/claimtrack/claims/{f['claim']}{q(kind='quote')}"),
        ("save and next (POST)", f"POST /-/claimtrack/claims/{f['claim']}/status"),
        ("timeline", "/-/claimtrack/timeline"),
        ("timeline, a deep page", f"/-/claimtrack/timeline{q(after=f['deep_date'])}"),
        ("quotes by speaker", "/-/claimtrack/quotes"),
        ("quotes, one speaker", f"/-/claimtrack/quotes{q(speaker=f['speaker'])}"),
        ("agreements by party", "/-/claimtrack/agreements"),
        ("agreements, one party", f"/-/claimtrack/agreements{q(party=f['party'])}"),
        ("review queue, broad search", f"/-/claimtrack/queue{q(q='the')}"),
        (
            "review queue, broad search, refuted",
            f"/-/claimtrack/queue{q(q='the', status='refuted')}",
        ),
        ("ledger page", "/-/claimtrack/"),
        *(
            [
                ("fact page, largest fact", f"/-/claimtrack/facts/{f['fact']}"),
                ("fact page, most conflicts", f"/-/claimtrack/facts/{f['conflicted']}"),
                (
                    "fact page, every copy, last page",
                    f"/-/claimtrack/facts/{f['fact']}"
                    f"{q(copies=1, at=max(0, f['fact_documents'] - 1))}",
                ),
                ("conflicts queue", "/-/claimtrack/conflicts"),
                ("review queue, in the largest fact", f"/-/claimtrack/queue{q(fact=f['fact'])}"),
                (
                    "review queue, in the largest fact, a deep page",
                    f"/-/claimtrack/queue{q(fact=f['fact'], after=f['fact_middle'], at=1)}",
                ),
                (
                    "review queue, in a fact of at most 20,000 claims",
                    f"/-/claimtrack/queue{q(fact=f['small_fact'])}",
                ),
                ("review queue, fact with 2+ sources", f"/-/claimtrack/queue{q(sources=2)}"),
                (
                    "review queue, fact with 5+ sources, agreements",
                    f"/-/claimtrack/queue{q(sources=5, kind='agreement')}",
                ),
                ("review queue, open conflict", f"/-/claimtrack/queue{q(conflict=1)}"),
                (
                    "review queue, open conflict, one document",
                    f"/-/claimtrack/queue{q(conflict=1, document=f['source'])}",
                ),
                (
                    "claim page in the largest fact's queue",
                    f"/-/claimtrack/claims/{f['fact_claim']}{q(fact=f['fact'])}",
                ),
                (
                    "conflicts queue, speaker, quotes",
                    f"/-/claimtrack/conflicts{q(kind='speaker', claim_kind='quote')}",
                ),
                ("facts table (facets)", f"/{db}/facts"),
                ("fact status (POST)", f"POST /-/claimtrack/facts/{f['conflicted']}/status"),
            ]
            if f["fact"]
            else []
        ),
        ("review queue (canned, JSON)", f"/{db}/review_queue.json{q(kind='', after='')}"),
        ("timeline (canned, JSON)", f"/{db}/timeline.json{q(after='')}"),
        ("quotes (canned, JSON)", f"/{db}/quotes_by_speaker.json{q(speaker='', after='')}"),
        ("agreements (canned, JSON)", f"/{db}/agreements_by_party.json{q(party='', after='')}"),
    ]


class Server:
    """``claimtrack review`` on a ledger, its output collected in the background."""

    def __init__(self, command: list[str], env: dict[str, str], ledger: Path) -> None:
        self.process = subprocess.Popen(
            [*command, "review", "--db", str(ledger), "--port", "0", "--reviewer", REVIEWER],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ledger.parent,
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.link = self.process.stdout.readline().decode().strip()
        if not self.link.startswith("http"):
            raise RuntimeError(f"no sign-in link: {self.process.stderr.read().decode()[-2000:]}")
        self.base = self.link.split("/-/")[0]
        self.printed = 0
        self._readers = [
            threading.Thread(target=self._count, args=(stream,), daemon=True)
            for stream in (self.process.stdout, self.process.stderr)
        ]
        for reader in self._readers:
            reader.start()

    def _count(self, stream: Any) -> None:
        for line in iter(stream.readline, b""):
            self.printed += len(line)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def sign_in(client: httpx.Client, link: str) -> None:
    page = client.get(link)
    page.raise_for_status()
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    form = {"token": re.search(r'name="token" value="([^"]+)"', page.text).group(1)}  # type: ignore[union-attr]
    if token:
        form["csrftoken"] = token.group(1)
    client.post(link.split("?")[0], data=form)


def timed(client: httpx.Client, path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    if path.startswith("POST /-/claimtrack/facts/"):
        target = path[5:]
        page = client.get(target.rsplit("/", 1)[0])
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
        started = time.perf_counter()
        response = client.post(
            target,
            data={"csrftoken": token.group(1) if token else "", "status": "disputed", "note": "b"},
        )
        landed = (
            client.get(response.headers.get("location", "/"))
            if response.status_code == 302
            else response
        )
        return time.perf_counter() - started, response.status_code, len(landed.content)
    if path.startswith("POST "):
        target = path[5:]
        page = client.get(target.rsplit("/", 1)[0] + "?kind=quote")
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
        started = time.perf_counter()
        response = client.post(
            target,
            data={
                "csrftoken": token.group(1) if token else "",
                "status": "supported",
                "note": "bench",
                "next": "1",
                "queue": "kind=quote",
            },
        )
        landed = (
            client.get(response.headers.get("location", "/"))
            if response.status_code == 302
            else response
        )
        took = time.perf_counter() - started
        undo = re.search(r'id="ct-undo-saved" method="post" action="([^"]+)"', landed.text)
        if undo:  # leave the ledger as it was (an undo event; the history only grows)
            client.post(undo.group(1), data={"csrftoken": token.group(1) if token else ""})
        return took, response.status_code, len(landed.content)
    response = client.get(path, follow_redirects=True)  # the database page: the desk's own
    return time.perf_counter() - started, response.status_code, len(response.content)


def evict(ledger: Path) -> None:
    """Drop the ledger's file (and its WAL) from the operating system's cache, as after a
    reboot, for this file only (``posix_fadvise``; other files and processes keep theirs)."""
    for path in (ledger, Path(f"{ledger}-wal"), Path(f"{ledger}-shm")):
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def run_size(
    size: str,
    ledger: Path,
    command: list[str],
    env: dict[str, str],
    old: bool,
    only: str,
    cold: bool = False,
) -> list[Timed]:
    f = facts(ledger)
    results = []
    for label, path in pages(f, old):
        if only and not any(part in label for part in only.split("|")):
            continue
        server = Server(command, env, ledger)
        if cold:  # after the server opened the ledger: the page's reads find nothing cached
            evict(ledger)
        try:
            with httpx.Client(base_url=server.base, timeout=300) as client:
                sign_in(client, server.link)
                before = server.printed
                try:
                    first, status, size_bytes = timed(client, path)
                    again, again_status, _ = timed(client, path)
                    note = ""
                except httpx.TimeoutException:
                    first = again = None
                    status = again_status = None
                    size_bytes, note = 0, "timed out after 300 s"
                time.sleep(0.2)
                printed = server.printed - before
        finally:
            server.stop()
        one = Timed(
            size, label, path, first, again, status, again_status, size_bytes, printed, note
        )
        results.append(one)
        print(
            f"{size:>5} {label:<32} {fmt(first):>7} {fmt(again):>7}  {status} {again_status} "
            f"{size_bytes:>8} B  printed {printed} B {note}",
            flush=True,
        )
    return results


def fmt(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f}"


def markdown(results: list[Timed]) -> str:
    sizes = list(dict.fromkeys(r.size for r in results))
    labels = list(dict.fromkeys(r.page for r in results))
    lines = [
        "| page | " + " | ".join(f"{s} first / again" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for label in labels:
        cells = []
        for size in sizes:
            found = [r for r in results if r.page == label and r.size == size]
            if not found:
                cells.append("")
                continue
            r = found[0]
            cell = f"{fmt(r.first_s)} / {fmt(r.again_s)}"
            if r.status not in (200, 302) or r.again_status not in (200, 302):
                cell += f" (HTTP {r.status}/{r.again_status})"
            if r.printed > 200:
                cell += f", printed {r.printed // 1024} KB"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def warm(ledger: Path) -> None:
    """Read the ledger's file once, so that it is in the operating system's cache."""
    with ledger.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def prepare(command: list[str], env: dict[str, str], ledger: Path, old: bool) -> None:
    """Bring the ledger's schema up to date and add the reviewer, untimed."""
    if old:
        return
    subprocess.run(
        [*command, "reviewers", "add", REVIEWER, "--db", str(ledger)],
        env=env,
        check=True,
        capture_output=True,
        cwd=ledger.parent,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledgers", required=True, type=Path)
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--claimtrack", default="claimtrack")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--old-desk", action="store_true")
    parser.add_argument(
        "--only", default="", help="Only the pages whose label holds this (a|b: either)."
    )
    parser.add_argument("--cold", action="store_true", help="Do not read the ledger first.")
    parser.add_argument(
        "--evict",
        action="store_true",
        help="Drop the ledger from the OS cache before each page (a cold first load).",
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--md", type=Path)
    args = parser.parse_args()
    command = shlex.split(args.claimtrack)
    if Path(command[0]).exists():  # a relative path still works from the ledgers' folder
        command[0] = str(Path(command[0]).absolute())
    env = dict(os.environ)
    for pair in args.env:
        key, _, value = pair.partition("=")
        env[key] = value
    results: list[Timed] = []
    for size in args.sizes.split(","):
        ledger = (args.ledgers / SIZES[size]).resolve()
        prepare(command, env, ledger, args.old_desk)
        if not args.cold:
            warm(ledger)
        results.extend(
            run_size(size, ledger, command, env, args.old_desk, args.only, cold=args.evict)
        )
    table = markdown(results)
    print(table)
    if args.out:
        args.out.write_text(json.dumps([asdict(r) for r in results], indent=2))
    if args.md:
        args.md.write_text(table + "\n")


if __name__ == "__main__":
    main()
