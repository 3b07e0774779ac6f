"""The conflicts queue: where the sources of a fact disagree, a page at a time by keyset.

Filters are choices with their counts — the conflict's kind (``date``, ``speaker``,
``wording``, ``number``, ``parties``, ``state``), the kind of claim (the fact's kind), its
review status (open by default), one fact — and the page says how many conflicts match. Pages
go forwards and back by conflict id through the conflicts' own indexes (``kind, status, id``
and ``status, id``), so the first page and the last cost the same. Each row links to its
fact's page, where the conflict is resolved.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from datasette import Response

from claimtrack.review_plugin.common import (
    check_view,
    claim_id_arg,
    claim_url,
    desk_url,
    page_size,
    require_ledger,
)
from claimtrack.review_plugin.context import differing
from claimtrack.review_plugin.queue import PAGE_SIZES
from claimtrack.vocabulary import CLAIM_KINDS

CONFLICT_KINDS = ("date", "speaker", "wording", "number", "parties", "state")
CONFLICT_STATUSES = {"open": "open", "resolved": "resolved", "any": "open or resolved"}


@dataclass(frozen=True)
class ConflictFilter:
    kind: str = ""
    claim_kind: str = ""
    status: str = "open"
    fact: int | None = None

    @classmethod
    def from_args(cls, args: Any) -> ConflictFilter:
        def get(name: str) -> str:
            return " ".join(str(args.get(name) or "").split())

        return cls(
            get("kind"), get("claim_kind"), get("status") or "open", claim_id_arg(args, "fact")
        )

    def problems(self) -> list[str]:
        found = []
        if self.kind and self.kind not in CONFLICT_KINDS:
            found.append(f"There is no conflict kind {self.kind!r}.")
        if self.claim_kind and self.claim_kind not in CLAIM_KINDS:
            found.append(f"There is no claim kind {self.claim_kind!r}.")
        if self.status not in CONFLICT_STATUSES:
            found.append(f"There is no conflict status {self.status!r}.")
        return found

    def pairs(self) -> list[tuple[str, str]]:
        found = [
            ("kind", self.kind),
            ("claim_kind", self.claim_kind),
            ("status", self.status if self.status != "open" else ""),
            ("fact", str(self.fact) if self.fact is not None else ""),
        ]
        return [(k, v) for k, v in found if v]

    def where(self, *, without: str = "") -> tuple[str, list[Any]]:
        """The filter as SQL on ``conflicts k`` (leaving out the filter named ``without``,
        for the counts of its choices)."""
        terms: list[str] = ["1"]
        params: list[Any] = []
        if self.status != "any" and without != "status":
            terms.append("k.status = ?")
            params.append(self.status)
        if self.kind and without != "kind":
            terms.append("k.kind = ?")
            params.append(self.kind)
        if self.claim_kind and without != "claim_kind":
            terms.append("k.fact_id IN (SELECT id FROM facts WHERE kind = ?)")
            params.append(self.claim_kind)
        if self.fact is not None:
            terms.append("k.fact_id = ?")
            params.append(self.fact)
        return " AND ".join(terms), params


@dataclass
class ConflictsView:
    rows: list[dict[str, Any]]
    total: int
    previous: int | None
    next: int | None
    kinds: dict[str, int]
    claim_kinds: dict[str, int]
    statuses: dict[str, int]


_ROW = (
    "SELECT k.id, k.fact_id, k.kind, k.field, k.claim_a, k.claim_b, k.value_a, k.value_b, "
    "k.status, f.kind AS claim_kind, f.claim AS fact_claim, f.independent_count, "
    "(SELECT coalesce(d.title, d.source) FROM claims c JOIN documents d ON d.id = c.document_id "
    "WHERE c.id = k.claim_a) AS title_a, "
    "(SELECT coalesce(d.title, d.source) FROM claims c JOIN documents d ON d.id = c.document_id "
    "WHERE c.id = k.claim_b) AS title_b "
    "FROM conflicts k JOIN facts f ON f.id = k.fact_id WHERE k.id IN ({marks}) ORDER BY k.id"
)


def read(
    conn: sqlite3.Connection,
    wanted: ConflictFilter,
    after: int | None,
    before: int | None,
    size: int,
) -> ConflictsView:
    where, params = wanted.where()
    if before is not None:
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT k.id FROM conflicts k WHERE {where} AND k.id < ? ORDER BY k.id DESC "
                "LIMIT ?",
                [*params, before, size + 1],
            )
        ][::-1]
        more_before, more_after = len(ids) > size, True
        ids = ids[-size:]
    else:
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT k.id FROM conflicts k WHERE {where} AND k.id > ? ORDER BY k.id LIMIT ?",
                [*params, after or 0, size + 1],
            )
        ]
        more_before, more_after = after is not None and after > 0, len(ids) > size
        ids = ids[:size]
    rows: list[dict[str, Any]] = []
    if ids:
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row
        marks = ", ".join("?" for _ in ids)
        rows = [dict(r) for r in cursor.execute(_ROW.format(marks=marks), ids)]
    total = int(
        conn.execute(f"SELECT count(*) FROM conflicts k WHERE {where}", params).fetchone()[0]
    )

    def grouped(sql: str, without: str) -> dict[str, int]:
        clause, values = wanted.where(without=without)
        return {str(k): int(n) for k, n in conn.execute(sql.format(where=clause), values)}

    return ConflictsView(
        rows=rows,
        total=total,
        previous=ids[0] if ids and more_before else None,
        next=ids[-1] if ids and more_after else None,
        kinds=grouped("SELECT k.kind, count(*) FROM conflicts k WHERE {where} GROUP BY 1", "kind"),
        claim_kinds=grouped(
            "SELECT f.kind, count(*) FROM conflicts k JOIN facts f ON f.id = k.fact_id "
            "WHERE {where} GROUP BY 1",
            "claim_kind",
        ),
        statuses=grouped(
            "SELECT k.status, count(*) FROM conflicts k WHERE {where} GROUP BY 1", "status"
        ),
    )


async def conflicts_page(request: Any, datasette: Any) -> Response:
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    wanted = ConflictFilter.from_args(request.args)
    size = page_size(request.args, PAGE_SIZES)
    problems = wanted.problems()
    after, before = claim_id_arg(request.args, "after"), claim_id_arg(request.args, "before")
    try:
        at = max(1, int(request.args.get("at") or 1))
    except ValueError:
        at = 1

    def fetch(conn: sqlite3.Connection) -> ConflictsView:
        if problems:
            return ConflictsView([], 0, None, None, {}, {}, {})
        return read(conn, wanted, after, before, size)

    view = await db.execute_fn(fetch)
    base = [*wanted.pairs(), *([("size", str(size))] if size != 50 else [])]
    for row in view.rows:
        row["shown_a"], row["shown_b"] = differing(row["value_a"], row["value_b"])
        row["fact_url"] = desk_url(datasette, f"/facts/{int(row['fact_id'])}") + "#conflicts"
        row["url_a"] = claim_url(datasette, row["claim_a"])
        row["url_b"] = claim_url(datasette, row["claim_b"])
    shown = len(view.rows)
    paging = {
        "first": at,
        "last": at + shown - 1,
        "total": view.total,
        "previous": desk_url(
            datasette,
            "/conflicts",
            [*base, ("before", str(view.previous)), ("at", str(max(1, at - size)))],
        )
        if view.previous
        else None,
        "next": desk_url(
            datasette, "/conflicts", [*base, ("after", str(view.next)), ("at", str(at + shown))]
        )
        if view.next
        else None,
        "start": desk_url(datasette, "/conflicts", base) if at > 1 or view.previous else None,
    }
    html = await datasette.render_template(
        "claimtrack_conflicts.html",
        {
            "database": db.name,
            "filter": wanted,
            "view": view,
            "problems": problems,
            "paging": paging,
            "kinds": CONFLICT_KINDS,
            "claim_kinds": CLAIM_KINDS,
            "statuses": CONFLICT_STATUSES,
            "size": size,
            "sizes": PAGE_SIZES,
            "action": desk_url(datasette, "/conflicts"),
            "facts_url": datasette.urls.table(db.name, "facts"),
        },
        request=request,
    )
    return Response.html(html)
