"""How a reviewer signs in to the review desk: the whole protocol, in one module.

Only the ledger's reviewers (its ``reviewers`` table, ``claimtrack reviewers add``) get links
and sessions. ``claimtrack review`` (or ``claimtrack sign-in-link``) issues a one-use link that
carries a token signed with the ledger's own secret. Opening the link (GET, or a preview's
HEAD) shows a page with a button and uses nothing up; the button POSTs the token back, which
is checked here and turned into Datasette's signed ``ds_actor`` cookie. A token names its
reviewer, when it was issued, when it expires and a nonce: it is refused when forged (another
secret), expired, issued before the server started, already used, or for someone who is no
longer a reviewer. Used nonces are remembered in memory only, which is why a restart refuses
every link issued before it.

The secret is kept in a file beside the ledger (``claims.db.review-secret``, mode 0600), never
inside it: Datasette serves everything in the database to its readers.

A session is Datasette's signed ``ds_actor`` cookie, naming the reviewer and when the session
began. It lasts a working day, ends when the server stops (a session from before the server
started is refused, as a link is), and is checked against the ledger on every request
(``session_refusal``): revoking a reviewer ends their session at the next click.
"""

from __future__ import annotations

import os
import secrets
import time
import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from itsdangerous import BadSignature

from claimtrack.errors import LedgerError, UsageError
from claimtrack.ledger.reviewers import Reviewer, clean_name

if TYPE_CHECKING:
    from datasette.app import Datasette

SIGN_IN_NAMESPACE = "claimtrack-sign-in"
SIGN_IN_PATH = "/-/claimtrack/sign-in"
SIGN_IN_TTL = 24 * 3600  # a sign-in link works once, within a day
SESSION_TTL = 12 * 3600  # the session it opens lasts a working day (and not past a restart)
SECRET_SUFFIX = ".review-secret"
SECRET_ENV = "CLAIMTRACK_REVIEW_SECRET"

# When each server was made: a sign-in link issued before it is refused, so that a link used
# once is not good again after a restart (used links are only remembered in memory).
STARTED: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
# The nonces of the links each server has accepted.
_USED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


class SignInRefused(Exception):
    """A sign-in link that does not sign anyone in; the message says why, for the reviewer."""


def secret_for(ledger: str | Path) -> str:
    """The ledger's signing secret: ``CLAIMTRACK_REVIEW_SECRET``, or the one kept beside it,
    created on first use. Every server on the same ledger signs with it, so a link printed by
    ``claimtrack sign-in-link`` works on a server that is already running."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = Path(str(ledger) + SECRET_SUFFIX)
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    except OSError as error:
        raise LedgerError(f"cannot read the review secret {path}: {error.strerror}") from error
    if existing:
        return existing
    value = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise LedgerError(f"cannot write the review secret {path}: {error.strerror}") from error
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value


def clean_reviewer(reviewer: str) -> str:
    """A reviewer's name with its spacing tidied; refused when empty, too long, or holding
    control or invisible characters."""
    return clean_name(reviewer)


def started(datasette: Datasette) -> None:
    """Note that this server starts now: links issued before it will be refused."""
    STARTED[datasette] = time.time()


def sign_in_token(datasette: Datasette, reviewer: str, ttl: int = SIGN_IN_TTL) -> str:
    """A one-use token that signs ``reviewer`` in (checked by ``check_sign_in``); refused
    (``UsageError``) unless ``reviewer`` is an active reviewer of the ledger served."""
    name = clean_reviewer(reviewer)
    _require_reviewer(datasette, name)
    now = time.time()
    payload = {"r": name, "i": now, "e": int(now) + ttl, "n": secrets.token_urlsafe(12)}
    return str(datasette.sign(payload, SIGN_IN_NAMESPACE))


def _require_reviewer(datasette: Datasette, name: str) -> Reviewer:
    from claimtrack.ledger.read import LedgerReader
    from claimtrack.ledger.reviewers import require_reviewer

    for database in datasette.databases.values():
        if database.path and not database.is_memory:
            try:
                reader = LedgerReader(database.path)
            except LedgerError:
                continue  # another database served beside the ledger
            with reader:
                return require_reviewer(reader, name)
    raise UsageError("no claimtrack ledger is served: nobody can sign in")


def sign_in_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{SIGN_IN_PATH}?{urlencode({'token': token})}"


def peek_sign_in(datasette: Datasette, token: str) -> str:
    """The reviewer a sign-in token would sign in, without using the token up.

    What a GET or HEAD of a sign-in link does: link previews and mail scanners fetch links
    before the reviewer does, so only the reviewer's own POST from the page uses a link up.
    Raises ``SignInRefused`` as ``check_sign_in`` does."""
    reviewer, nonce = _valid(datasette, token)
    if nonce in _USED.get(datasette, set()):
        raise SignInRefused("This sign-in link was already used: ask for a new one.")
    return reviewer


def check_sign_in(datasette: Datasette, token: str) -> str:
    """The reviewer a sign-in token names, once: the token is used up by this call.

    Raises ``SignInRefused`` for a token that is forged or malformed, expired, issued before
    this server started, or already used."""
    reviewer, nonce = _valid(datasette, token)
    used = _USED.setdefault(datasette, set())
    if nonce in used:
        raise SignInRefused("This sign-in link was already used: ask for a new one.")
    used.add(nonce)
    return reviewer


def _valid(datasette: Datasette, token: str) -> tuple[str, str]:
    try:
        payload = datasette.unsign(token, SIGN_IN_NAMESPACE)
        reviewer = clean_reviewer(str(payload["r"]))
        issued, expires, nonce = float(payload["i"]), int(payload["e"]), str(payload["n"])
    except (BadSignature, KeyError, TypeError, ValueError, UsageError) as error:
        raise SignInRefused("This sign-in link is not valid for this ledger.") from error
    if time.time() > expires:
        raise SignInRefused("This sign-in link has expired: ask for a new one.")
    if issued < STARTED.get(datasette, 0.0):
        raise SignInRefused(
            "This sign-in link is from before the server restarted: ask for a new one."
        )
    return reviewer, nonce


def session_cookie(datasette: Datasette, reviewer: str) -> str:
    """The value of Datasette's signed ``ds_actor`` cookie for ``reviewer``: a session that
    begins now and lasts ``SESSION_TTL`` seconds (unless revoked or the server restarts)."""
    from datasette.utils import baseconv

    now = int(time.time())
    expires = baseconv.base62.encode(now + SESSION_TTL)
    actor = {"id": reviewer, "session": now}
    return str(datasette.sign({"a": actor, "e": expires}, "actor"))


async def session_refusal(
    datasette: Datasette, cookie: str, reviewer: Callable[[str], Awaitable[Reviewer | None]]
) -> str | None:
    """Why a ``ds_actor`` cookie does not open a session, or ``None`` when it does: it must be
    signed with the ledger's secret, unexpired, begun since this server started, and name a
    reviewer who is listed and not revoked (``reviewer(name)`` looks them up), added before
    the session began (a reinstated reviewer's old sessions stay void)."""
    from datasette.utils import baseconv

    try:
        decoded = datasette.unsign(cookie, "actor")
        actor = decoded["a"]
        name, began = str(actor["id"]), float(actor["session"])
        expires = int(baseconv.base62.decode(decoded["e"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return "not a session of this desk"
    if time.time() > expires:
        return "the session has expired"
    if began < STARTED.get(datasette, 0.0) - 1:  # the cookie keeps whole seconds
        return "the session is from before the server restarted"
    found = await reviewer(name)
    if found is None:
        return f"{name} is not a reviewer of this ledger"
    if not found.active:
        return f"{name}'s access was revoked"
    if began < _timestamp(found.added_at):
        return f"{name} was reinstated after this session began"
    return None


def _timestamp(iso: str) -> float:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0
