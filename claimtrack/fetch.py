"""Fetching a document named by its URL (``claimtrack extract https://…``).

One GET with httpx: a user agent that says what is asking, redirects followed (at most a few,
http and https only), a time limit for the whole fetch (not only per read, so a server that
trickles bytes cannot hold a run), and a size limit counted on the body as it arrives (after
decompression, so a compressed bomb stops at the limit too). The response's media type decides
how its body is read; the URL it ended at is what the document records.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from claimtrack import __version__
from claimtrack.errors import DocumentError

USER_AGENT = f"claimtrack/{__version__} (claim extraction; fetches only the URLs it is given)"
DEFAULT_FETCH_TIMEOUT = 30.0
MAX_REDIRECTS = 5
_ACCEPT = (
    "text/html, application/xhtml+xml, application/pdf, "
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document, "
    "text/plain;q=0.9, text/markdown;q=0.9, */*;q=0.1"
)


def is_url(name: str) -> bool:
    return name[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Fetched:
    """A response's body and what decides how to read it."""

    url: str  # as asked
    final_url: str  # after redirects
    media_type: str  # lower case, without parameters; "" when the server sent none
    charset: str | None
    data: bytes


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_FETCH_TIMEOUT) -> Fetched:
    """The body of ``url``; a ``DocumentError`` naming the URL when it cannot be had."""
    import httpx  # only when a URL is given: reading files never pays for it

    deadline = time.monotonic() + timeout
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(timeout),
                headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise DocumentError(
                    url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise DocumentError(url, _too_large(f"{int(declared):,} bytes", max_bytes))
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > max_bytes:
                    raise DocumentError(url, _too_large(f"over {max_bytes:,} bytes", max_bytes))
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the whole fetch took too long")
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            return Fetched(url, str(response.url), media_type, charset, bytes(body))
    except httpx.TimeoutException as error:
        raise DocumentError(url, f"timed out after {timeout:g} s (see --fetch-timeout)") from error
    except httpx.TooManyRedirects as error:
        raise DocumentError(url, f"more than {MAX_REDIRECTS} redirects") from error
    except httpx.UnsupportedProtocol as error:
        raise DocumentError(url, "redirected to a URL that is not http or https") from error
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise DocumentError(url, f"cannot fetch: {reason}") from error


def _too_large(told: str, max_bytes: int) -> str:
    return f"too large ({told}; the limit is {max_bytes:,}, see --max-bytes)"


def _content_type(value: str) -> tuple[str, str | None]:
    media_type, _, parameters = value.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        key, _, found = parameter.partition("=")
        if key.strip().lower() == "charset" and found.strip():
            charset = found.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset
