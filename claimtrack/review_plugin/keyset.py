"""Keyset pagination over an index whose order mixes expressions and columns.

A desk list is ordered by a few key expressions and then the claim id, and an index holds
exactly that order (the ``m006_reviewers`` migration). SQLite walks such an index from a
position only when the position is given as equalities and one range: a row-value comparison
``(k1, k2, id) > (?, ?, ?)`` on expressions is evaluated row by row from the start of the
index, and an equality on an expression makes the planner sort. So "after (K1, K2, I)" is read
as its arms, each one range of the index, in order:

    k1 = K1 AND k2 = K2 AND id > I   ORDER BY id
    k1 = K1 AND k2 > K2              ORDER BY k2, id
    k1 > K1                          ORDER BY k1, k2, id

and "before" as the same arms reversed. A list whose rows come from several index prefixes
(several statuses, several kinds) reads a stream per prefix and merges them (``merged``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Key = tuple[Any, ...]  # the values of an order's keys, then the claim id


@dataclass(frozen=True)
class Arm:
    """One range of an index: a condition, its parameters, and the order that walks it."""

    where: str
    params: tuple[Any, ...]
    order_by: str


@dataclass(frozen=True)
class Order:
    """A list's order: ``keys`` (SQL on the alias ``c``), then ``c.id``, all ascending."""

    keys: tuple[str, ...]

    def columns(self) -> str:
        """The key columns to select, named ``k0, k1...`` (the id is selected as ``id``)."""
        return ", ".join(f"{key} AS k{i}" for i, key in enumerate(self.keys))

    def key_of(self, row: Any) -> Key:
        return (*(row[f"k{i}"] for i in range(len(self.keys))), row["id"])

    def order_by(self, *, forward: bool = True) -> str:
        way = "" if forward else " DESC"
        return ", ".join(f"{key}{way}" for key in (*self.keys, "c.id"))

    def arms(
        self,
        key: Key | None,
        *,
        forward: bool = True,
        value: Callable[[int], str] | None = None,
    ) -> list[Arm]:
        """The ranges to read, in order, for the rows after (or before) ``key``; all rows when
        ``key`` is None. ``value(i)`` is the SQL that gives the key's i-th value (default: a
        ``?`` parameter, with ``params`` carrying the values)."""
        if key is None:
            return [Arm("1", (), self.order_by(forward=forward))]
        columns = (*self.keys, "c.id")
        sign = ">" if forward else "<"
        way = "" if forward else " DESC"
        arms = []
        for depth in range(len(self.keys), -1, -1):
            terms = [f"{columns[i]} = {value(i) if value else '?'}" for i in range(depth)]
            terms.append(f"{columns[depth]} {sign} {value(depth) if value else '?'}")
            params = () if value else tuple(key[: depth + 1])
            order_by = ", ".join(f"{column}{way}" for column in columns[depth:])
            arms.append(Arm(" AND ".join(terms), params, order_by))
        return arms


@dataclass(frozen=True)
class Stream:
    """Rows of one index prefix: ``FROM claims c [INDEXED BY index] WHERE where``."""

    where: str
    params: tuple[Any, ...] = ()
    index: str | None = None


def read_streams(
    conn: sqlite3.Connection,
    order: Order,
    streams: Iterable[Stream],
    key: Key | None,
    limit: int,
    *,
    forward: bool = True,
) -> list[Key]:
    """The keys of the first ``limit`` rows after (or before) ``key`` over all streams, in
    the order's direction; each stream is read arm by arm, only as far as it is needed."""
    found: list[Key] = []
    for stream in streams:
        taken = 0
        table = f"claims c INDEXED BY {stream.index}" if stream.index else "claims c"
        for arm in order.arms(key, forward=forward):
            rows = _rows(
                conn,
                f"SELECT c.id AS id, {order.columns()} FROM {table} "
                f"WHERE ({stream.where}) AND {arm.where} ORDER BY {arm.order_by} LIMIT ?",
                [*stream.params, *arm.params, limit - taken],
            )
            found.extend(order.key_of(row) for row in rows)
            taken += len(rows)
            if taken >= limit:
                break
    return merged(found, limit, forward=forward)


def merged(keys: list[Key], limit: int, *, forward: bool = True) -> list[Key]:
    """The first ``limit`` keys in the order's direction."""
    return sorted(keys, key=_sortable, reverse=not forward)[:limit]


def _sortable(key: Key) -> tuple[tuple[bool, Any], ...]:
    # SQLite sorts NULL first; so does (False, None) before (True, value).
    return tuple((value is not None, value) for value in key)


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, list(params)).fetchall()
