"""What a server's faults mean, in sentences: readable reasons for API errors, and the servers
that refuse (or ignore) the way claimtrack asks for structure.

Not every OpenAI-compatible server takes every ``--mode``: some answer a request with ``tools``
with an HTTP 400 that mentions tools or ``tool_choice``; llama.cpp's server refuses the
``json_schema`` response format; some ignore ``tools`` altogether and answer in prose. Each of
those fails every call of a run the same way, so the first is reported with the mode to use
instead, and remembered for that server and model (``Refusals``): the run's later calls fail at
once with the same reason, without being sent or paid for (a prose answer, which a model
that does take tools may give once, only from the second).
"""

from __future__ import annotations

import json
import re
import threading
from typing import TYPE_CHECKING, Any

from claimtrack.llm.wire import APIFault, ConnectionFault, StatusFault, TimeoutFault

if TYPE_CHECKING:
    from claimtrack.llm.servers import Server
    from claimtrack.llm.settings import LLMSettings

__all__ = [
    "Refusals",
    "api_error",
    "describe_api_error",
    "is_transient",
    "mode_refused",
    "prose_instead_of_tool_call",
]

# What a 400 or 422 says when the server does not take the mode's request fields.
_MENTIONS = {
    "tools": re.compile(r"\btool|function[_ ]call|\bfunctions?\b", re.IGNORECASE),
    "json_schema": re.compile(r"response[_ ]format|json[_ ]schema|structured output", re.I),
    "json": re.compile(r"response[_ ]format|json[_ ]object|json mode", re.IGNORECASE),
}
_INSTEAD = {
    "tools": "--mode json_schema, or --mode json for a server without structured outputs",
    "json_schema": "--mode json (or --mode tools, if the server takes tool calls)",
    "json": "--mode tools, or --mode json_schema",
}
_REASONS = {
    301: "moved: check the base URL",
    302: "moved: check the base URL",
    307: "moved: check the base URL",
    308: "moved: check the base URL",
    400: "bad request",
    401: "the API key was refused",
    403: "permission denied",
    404: "not found: check the base URL, the model (or Azure deployment) and api-version",
    408: "request timeout",
    409: "conflict",
    413: "request too large",
    422: "the request was not understood",
    429: "rate limited",
    500: "internal server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


def mode_refused(error: APIFault, mode: str) -> str | None:
    """The server's own words when ``error`` refuses the request fields of ``mode`` (an HTTP
    400 or 422 that mentions them); None for any other fault."""
    if not isinstance(error, StatusFault) or error.status_code not in (400, 422):
        return None
    message = _message(error)
    return message if _MENTIONS[mode].search(message) else None


def describe_api_error(error: APIFault) -> str:
    """A sentence for an API fault, with the server's own message (never a Python dict)."""
    if isinstance(error, TimeoutFault):
        return "the model server did not answer in time (timeout)"
    if isinstance(error, ConnectionFault):
        return "cannot reach the model server (connection error)"
    if isinstance(error, StatusFault):
        status = error.status_code
        if status == 401:
            return f"the model server refused the API key (HTTP 401): {_message(error)}"
        if status == 429:
            return (
                f"rate limited by the model server (HTTP 429), retries used up: {_message(error)}"
            )
        reason = _REASONS.get(status, "error")
        return f"the model server answered HTTP {status} ({reason}): {_message(error)}"
    return f"the model server failed: {_message(error)}"


def _message(error: APIFault) -> str:
    """The server's message: ``error.message`` of an OpenAI-style body, else its ``message``
    or ``detail``, else the body as text; one line, at most 300 characters."""
    body: Any = getattr(error, "body", None)
    text = _from_body(body)
    if not text:
        raw = getattr(error, "text", "") or ""
        try:
            text = _from_body(json.loads(raw))
        except ValueError:
            text = raw
    if not text:
        text = str(error) or type(error).__name__
        text = re.sub(r"^Error code: \d+ - ", "", text)
    text = " ".join(str(text).split())
    text = text.rstrip(".") + "." if text else "no reason given."
    return text[:300]


def _from_body(body: Any) -> str:
    if isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return ""
    inner = body.get("error", body)
    if isinstance(inner, str):
        return inner
    if isinstance(inner, dict):
        for key in ("message", "detail", "msg"):
            if isinstance(inner.get(key), str):
                return str(inner[key])
        if isinstance(inner.get("detail"), list):  # FastAPI-style validation errors
            return "; ".join(str(item.get("msg", item)) for item in inner["detail"][:3])
    return ""


class Refusals:
    """Modes refused (or ignored) per server and model, for the life of the process."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str], str] = {}
        self._prose: dict[tuple[str, str, str], int] = {}
        self._worked: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    @staticmethod
    def _key(server: Server, settings: LLMSettings) -> tuple[str, str, str]:
        return (server.describe(), settings.model, settings.mode)

    def get(self, server: Server, settings: LLMSettings) -> str | None:
        """The reason given to the first call when this server refused this mode."""
        return self._seen.get(self._key(server, settings)) if self._seen else None

    def refused(self, server: Server, settings: LLMSettings, message: str) -> str:
        mode = settings.mode
        reason = (
            f"the model server refuses --mode {mode} for {settings.model} ({message}); "
            f"use {_INSTEAD[mode]}"
        )
        return self._keep(server, settings, reason)

    def ignored(self, server: Server, settings: LLMSettings) -> str:
        """A call answered in prose where a tool call was asked for. Remembered (the run's
        later calls fail unsent) from the second such answer, unless a tool call has come
        back from this server and model before: a model may stray once, a server that
        ignores tools never answers otherwise."""
        reason = (
            "the model server answered in prose instead of calling the tool it was asked to "
            f"call: it does not support tools for {settings.model}; use --mode json (or "
            "--mode json_schema)"
        )
        key = self._key(server, settings)
        with self._lock:
            self._prose[key] = self._prose.get(key, 0) + 1
            if self._prose[key] < 2 or key in self._worked:
                return reason
        return self._keep(server, settings, reason)

    def worked(self, server: Server, settings: LLMSettings) -> None:
        """A call of this mode was answered as asked by this server and model."""
        key = self._key(server, settings)
        if key not in self._worked:
            with self._lock:
                self._worked.add(key)

    def _keep(self, server: Server, settings: LLMSettings, reason: str) -> str:
        with self._lock:
            return self._seen.setdefault(self._key(server, settings), reason)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
            self._prose.clear()
            self._worked.clear()


def api_error(error: BaseException) -> APIFault | None:
    """The API fault behind ``error`` (as its cause), if there is one."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, APIFault):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def is_transient(error: APIFault) -> bool:
    """Whether a call that failed this way may succeed if tried again."""
    if isinstance(error, ConnectionFault):
        return True  # timeouts are connection errors too
    return isinstance(error, StatusFault) and (error.status_code == 429 or error.status_code >= 500)


def prose_instead_of_tool_call(completion: Any) -> bool:
    """Whether a completion answered in text where a tool call was asked for (and was not cut
    off: a truncated answer is a different fault)."""
    try:
        choice = completion.choices[0]
    except (AttributeError, IndexError, TypeError):
        return False
    message = getattr(choice, "message", None)
    return (
        message is not None
        and not getattr(message, "tool_calls", None)
        and bool(getattr(message, "content", None))
        and getattr(choice, "finish_reason", None) != "length"
    )
