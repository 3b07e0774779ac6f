"""Security headers on every response of a server that serves a claimtrack ledger.

Datasette sends none by default. Without them a page on another site (or on another port of
127.0.0.1) can frame the review desk and have a signed-in reviewer click a pre-filled status
form (clickjacking); a sign-in link leaks in the ``Referer`` of any link followed from the
page. The policy fits the desk's pages: everything from the server itself, the inline scripts
and styles Datasette's own templates use, no frames, forms posting only back to the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    # Not "no-referrer": with it browsers send "Origin: null" on every POST, same-origin ones
    # included, and the sign-in form could not tell its own page from another site.
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
]
_REPLACED = {name for name, _ in SECURITY_HEADERS}

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def with_security_headers(app: App, applies: Callable[[], Awaitable[bool]]) -> App:
    """``app`` with the security headers set on each HTTP response when ``applies()``."""

    async def secured(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or not await applies():
            await app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message.get("type") == "http.response.start":
                kept = [h for h in message.get("headers", []) if h[0].lower() not in _REPLACED]
                message = {**message, "headers": [*kept, *SECURITY_HEADERS]}
            await send(message)

        await app(scope, receive, sending)

    return secured
