"""The HTTP exchange of a model call: a request body posted to the server, its answer read back.

Built on the standard library's ``http.client`` (vcrpy's cassettes patch it, as they patch the
other clients), because it does the little a model call needs at a fraction of the CPU of a
general client: ~0.16 ms a call against ~0.45 ms for httpx2 (openai's), and 0.02 s to import
against openai's ~0.8 s (``bench/README.md``). What openai's client gave is kept:

- keep-alive connections shared by a run's threads (a connection found closed by the server
  while it sat idle is replaced once, without counting as a retry);
- the timeout on every connect, send and read;
- retries with openai's policy and counts: 408, 409, 429 and 5xx answers, timeouts and
  connection errors are tried again up to ``max_retries`` times, after the server's
  ``retry-after-ms`` or ``Retry-After`` (seconds or a date, up to two minutes; longer: not
  retried), else 0.5 s doubling up to 8 s, less up to a quarter at random; an
  ``x-should-retry`` header is obeyed;
- proxies named by the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``,
  ``NO_PROXY``), certificates checked against certifi's roots (or ``SSL_CERT_FILE`` /
  ``SSL_CERT_DIR``), gzip and deflate answers.

A fault that outlasts the retries is raised as an ``APIFault``: ``StatusFault`` (the server's
status, message and headers), ``TimeoutFault`` or ``ConnectionFault``. The headers sent (the
key among them) live in the ``Endpoint``, which never shows them.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import math
import os
import random
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from claimtrack.errors import BackendConfigError

__all__ = [
    "APIFault",
    "ConnectionFault",
    "Endpoint",
    "StatusFault",
    "TimeoutFault",
    "Wire",
]

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 120.0  # a server asking for a longer wait is not retried
MAX_IDLE = 100  # keep-alive connections kept open between calls


class APIFault(Exception):
    """A call the server did not answer with a completion, after every retry."""


class ConnectionFault(APIFault):
    """The server could not be reached, or the connection broke before its answer."""


class TimeoutFault(ConnectionFault):
    """The server did not answer within the timeout."""


class StatusFault(APIFault):
    """The server answered with an HTTP error status (or a redirection: the base URL is not
    where the API is, and a request is not sent on elsewhere)."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status_code = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace").strip()
        try:
            parsed: Any = json.loads(self.text)
        except ValueError:
            parsed = self.text
        # What openai called the error's body: the ``error`` of an OpenAI-style answer.
        self.body: Any = parsed.get("error", parsed) if isinstance(parsed, dict) else parsed
        super().__init__(f"Error code: {status}" + (f" - {parsed}" if self.text else ""))


@dataclass(frozen=True)
class Endpoint:
    """Where a model call is posted, and the headers it carries (the key among them: kept out
    of ``repr``)."""

    url: str  # with its query string
    headers: tuple[tuple[str, str], ...] = field(repr=False)

    @property
    def target(self) -> str:
        """The request target: the URL's path and query."""
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Wire:
    """Posts JSON bodies to one endpoint from any thread: keep-alive connections, retries,
    timeouts. ``post`` returns the body of a 2xx answer or raises an ``APIFault``."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: float,
        max_retries: int,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self._sleep = sleep
        parts = urlsplit(endpoint.url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "localhost"
        self._port = parts.port or (443 if self._https else 80)
        self._target = endpoint.target
        self._headers = dict(endpoint.headers)
        self._proxy = _proxy_for(parts.scheme, self._host)
        if self._proxy is not None and not self._https:
            # A plain-HTTP request through a proxy names the whole URL.
            self._target = endpoint.url
            if self._proxy.authorization:
                self._headers["Proxy-Authorization"] = self._proxy.authorization
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Wire({self.endpoint!r})"

    def post(self, body: bytes, sent: Callable[[], None] | None = None) -> bytes:
        """The answer to ``body``, retried as openai retries; an ``APIFault`` when it fails.
        ``sent`` is called once the first request has been written (or has failed)."""
        for retries_taken in range(self.max_retries + 1):
            last = retries_taken == self.max_retries
            try:
                status, headers, data = self._exchange(body, sent)
            except TimeoutError as error:
                if last:
                    raise TimeoutFault("Request timed out.") from error
                self._sleep(self._backoff(retries_taken, None))
                continue
            except Exception as error:  # openai's rule: any other is a connection error
                if last:
                    raise ConnectionFault("Connection error.") from error
                self._sleep(self._backoff(retries_taken, None))
                continue
            if status < 300:
                return data
            if not last and _should_retry(status, headers):
                self._sleep(self._backoff(retries_taken, headers))
                continue
            raise StatusFault(status, data, headers)
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def _backoff(self, retries_taken: int, headers: dict[str, str] | None) -> float:
        """Seconds before the next try: the server's wait, else openai's backoff."""
        wait = _retry_after(headers)
        if wait is not None and math.isfinite(wait) and 0 < wait <= MAX_RETRY_AFTER:
            return wait
        delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 1000), MAX_RETRY_DELAY)
        return max(0.0, delay * (1 - 0.25 * random.random()))

    def _exchange(
        self, body: bytes, sent: Callable[[], None] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request and its whole answer, on an idle connection or a new one."""
        try:
            connection, reused = self._connection()
        except BaseException:
            if sent is not None:
                sent()
            raise
        try:
            response = self._send(connection, body, sent)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            connection.close()
            if not reused:
                raise
            # The server closed the connection while it sat idle: once more, on a new one.
            connection, _ = self._connection(fresh=True)
            try:
                response = self._send(connection, body)
            except BaseException:
                connection.close()
                raise
        except BaseException:
            connection.close()
            raise
        status, headers, data = response
        if headers.get("connection", "").lower() == "close":
            connection.close()
        else:
            self._release(connection)
        return status, headers, data

    def _send(
        self,
        connection: http.client.HTTPConnection,
        body: bytes,
        sent: Callable[[], None] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            connection.request("POST", self._target, body, self._headers)
        finally:
            if sent is not None:
                sent()
        response = connection.getresponse()
        data = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        if getattr(response, "will_close", False):
            headers.setdefault("connection", "close")
        encoding = headers.get("content-encoding", "").lower()
        if encoding == "gzip":
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            try:
                data = zlib.decompress(data)
            except zlib.error:
                data = zlib.decompress(data, -zlib.MAX_WBITS)
        return response.status, headers, data

    def _connection(self, fresh: bool = False) -> tuple[http.client.HTTPConnection, bool]:
        if not fresh:
            with self._lock:
                if self._idle:
                    return self._idle.pop(), True
        # Looked up on the module at each use: a cassette (vcrpy) swaps these classes.
        proxy = self._proxy
        if self._https:
            host, port = (proxy.host, proxy.port) if proxy else (self._host, self._port)
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                host, port, timeout=self.timeout, context=_tls_context()
            )
            if proxy is not None:
                tunnel_headers = (
                    {"Proxy-Authorization": proxy.authorization} if proxy.authorization else None
                )
                connection.set_tunnel(self._host, self._port, headers=tunnel_headers)
        elif proxy is not None:
            connection = http.client.HTTPConnection(proxy.host, proxy.port, timeout=self.timeout)
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        return connection, False

    def _release(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append(connection)
                return
        connection.close()


def _should_retry(status: int, headers: dict[str, str]) -> bool:
    """openai's rule: not past a Retry-After over two minutes; as ``x-should-retry`` says;
    else 408, 409, 429 and 5xx."""
    wait = _retry_after(headers)
    if wait is not None and math.isfinite(wait) and wait > MAX_RETRY_AFTER:
        return False
    said = headers.get("x-should-retry")
    if said in ("true", "false"):
        return said == "true"
    return status in (408, 409, 429) or status >= 500


def _retry_after(headers: dict[str, str] | None) -> float | None:
    """Seconds the server asks to wait: ``retry-after-ms``, else ``Retry-After`` as seconds or
    as an HTTP date."""
    if not headers:
        return None
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, TypeError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return float(email.utils.mktime_tz(parsed) - time.time())
    except (TypeError, ValueError, OverflowError, OSError):
        return None


@dataclass(frozen=True)
class _Proxy:
    host: str
    port: int
    authorization: str | None = field(default=None, repr=False)


def _proxy_for(scheme: str, host: str) -> _Proxy | None:
    """The HTTP proxy the environment names for ``scheme`` and ``host`` (as httpx reads it)."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None
    import base64
    from urllib.parse import unquote
    from urllib.request import (  # type: ignore[attr-defined]
        getproxies_environment,
        proxy_bypass_environment,
    )

    proxies = getproxies_environment()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or proxy_bypass_environment(host, proxies):
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https"):
        # Connecting directly instead would ignore what the environment asked for.
        raise BackendConfigError(
            f"the environment names a {parts.scheme} proxy for {scheme} "
            "(HTTPS_PROXY, HTTP_PROXY or ALL_PROXY), which claimtrack's HTTP client does not "
            "support: name an http:// proxy, or add the model server's host to NO_PROXY"
        )
    if not parts.hostname:
        return None
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(credentials.encode()).decode()
    return _Proxy(parts.hostname, parts.port or 80, authorization)


@lru_cache(maxsize=1)
def _tls_context() -> Any:
    """Certificates checked as httpx checks them: ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` when
    set, else certifi's roots when certifi is installed, else the system's."""
    import ssl

    cafile = os.environ.get("SSL_CERT_FILE")
    capath = os.environ.get("SSL_CERT_DIR")
    if not cafile and not capath:
        try:
            import certifi

            cafile = certifi.where()
        except ImportError:
            return ssl.create_default_context()
    return ssl.create_default_context(cafile=cafile or None, capath=capath or None)
