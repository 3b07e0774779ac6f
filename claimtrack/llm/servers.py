"""Where model calls go and how they are signed: OpenAI and every OpenAI-compatible server
(Ollama, vLLM, llama.cpp...), or Azure OpenAI with its paths, ``api-version`` and headers —
the URL and headers openai's ``OpenAI`` and ``AzureOpenAI`` clients used, now posted by
``claimtrack.llm.wire``.

Azure OpenAI is chosen by ``AZURE_OPENAI_ENDPOINT`` (``https://NAME.openai.azure.com``), or by a
base URL that is plainly Azure's: a ``*.openai.azure.com`` (or ``*.cognitiveservices.azure.com``)
host, or a path with ``/openai/deployments/<deployment>``. Its calls go to
``/openai/deployments/<deployment>/chat/completions?api-version=<version>``; the deployment is
the one in the URL, else ``AZURE_OPENAI_DEPLOYMENT``, else the model name (on Azure a model is
called by its deployment's name). The version is the URL's ``?api-version=``, else
``OPENAI_API_VERSION``, else ``DEFAULT_AZURE_API_VERSION``. The key goes in Azure's
``api-key`` header (``AZURE_OPENAI_API_KEY``, else ``OPENAI_API_KEY``); with
``AZURE_OPENAI_AD_TOKEN`` (a Microsoft Entra ID token) it goes as ``Authorization: Bearer``
instead. A query string on any other base URL is kept as a query of every request, never glued
in front of the request's path.

An OpenAI-compatible server is called at ``<base URL>/chat/completions`` (the base URL from
settings, else ``OPENAI_BASE_URL``, else ``https://api.openai.com/v1``) with ``Authorization:
Bearer <key>``; as openai's client did, ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID`` are sent as
``OpenAI-Organization`` and ``OpenAI-Project``, and ``OPENAI_CUSTOM_HEADERS`` (``Name: value``
lines) as headers of their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from claimtrack.errors import BackendConfigError
from claimtrack.llm.wire import Endpoint

__all__ = ["DEFAULT_AZURE_API_VERSION", "Server", "endpoint_for", "resolve_server"]

DEFAULT_AZURE_API_VERSION = "2024-10-21"  # a GA version with structured outputs and tools
_AZURE_HOSTS = (".openai.azure.com", ".cognitiveservices.azure.com")


@dataclass(frozen=True)
class Server:
    """Where calls go and how they are signed; never holds a key."""

    kind: str  # "openai" (any OpenAI-compatible server) or "azure"
    base_url: str | None = None  # for "openai": without its query string
    query: tuple[tuple[str, str], ...] = ()  # kept as a query of every request
    endpoint: str | None = None  # for "azure": https://NAME.openai.azure.com
    deployment: str | None = None
    api_version: str | None = None

    def describe(self) -> str:
        """Where calls go, for a run's parameters (no secret in it)."""
        if self.kind == "azure":
            return f"{self.endpoint} (Azure OpenAI, api-version {self.api_version})"
        return self.base_url or "https://api.openai.com/v1"


def resolve_server(base_url: str | None, model: str) -> Server:
    """The server that ``base_url`` and the environment name."""
    endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
    version = os.environ.get("OPENAI_API_VERSION")
    deployment = os.environ.get("AZURE_OPENAI_DEPLOYMENT")
    if base_url:
        parts = urlsplit(base_url)
        query = tuple(parse_qsl(parts.query))
        version = dict(query).get("api-version", version)
        path = parts.path.rstrip("/")
        host = parts.hostname or ""
        if "/openai/deployments/" in path or host.endswith(_AZURE_HOSTS):
            prefix, _, rest = path.partition("/openai")
            named = (
                rest.split("/deployments/", 1)[1].split("/")[0] if "/deployments/" in rest else ""
            )
            return Server(
                "azure",
                endpoint=urlunsplit((parts.scheme, parts.netloc, prefix, "", "")),
                deployment=named or deployment or model,
                api_version=version or DEFAULT_AZURE_API_VERSION,
            )
        stripped = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        return Server("openai", base_url=stripped, query=query)
    if endpoint:
        return Server(
            "azure",
            endpoint=endpoint.rstrip("/"),
            deployment=deployment or model,
            api_version=version or DEFAULT_AZURE_API_VERSION,
        )
    return Server("openai")


def endpoint_for(server: Server, api_key: str | None) -> Endpoint:
    """Where ``server``'s chat completions are posted, with the headers that sign them (the
    key: ``api_key``, else the environment's)."""
    headers = [
        ("Accept", "application/json"),
        ("Content-Type", "application/json"),
        ("User-Agent", f"claimtrack/{_version()}"),
        ("Accept-Encoding", "gzip, deflate"),
    ]
    if server.kind == "azure":
        token = os.environ.get("AZURE_OPENAI_AD_TOKEN")
        key = api_key or os.environ.get("AZURE_OPENAI_API_KEY") or os.environ.get("OPENAI_API_KEY")
        if not key and not token:
            raise BackendConfigError(
                "Azure OpenAI needs AZURE_OPENAI_API_KEY (sent as the api-key header) or "
                "AZURE_OPENAI_AD_TOKEN (a Microsoft Entra ID token)"
            )
        endpoint = (server.endpoint or "").rstrip("/")
        url = f"{endpoint}/openai/deployments/{server.deployment}/chat/completions"
        url += "?" + urlencode({"api-version": server.api_version})
        if token:  # Entra ID: sent as Authorization: Bearer
            headers.append(("Authorization", f"Bearer {token}"))
        else:
            headers.append(("api-key", str(key)))
        return Endpoint(url, tuple(headers + _account_headers()))
    key = api_key or os.environ.get("OPENAI_API_KEY")
    if not key:
        if not server.base_url:
            raise BackendConfigError(
                "the openai backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                "server, or AZURE_OPENAI_ENDPOINT for Azure OpenAI); without any, use "
                "--backend offline"
            )
        key = "no-key"  # local servers accept any key; openai's client insisted on one
    base = server.base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
    url = base.rstrip("/") + "/chat/completions"
    if server.query:
        url += "?" + urlencode(server.query)
    headers.append(("Authorization", f"Bearer {key}"))
    return Endpoint(url, tuple(headers + _account_headers()))


def _account_headers() -> list[tuple[str, str]]:
    """The organization, project and custom headers the environment names (as openai's
    client sent them)."""
    headers = []
    if os.environ.get("OPENAI_ORG_ID"):
        headers.append(("OpenAI-Organization", os.environ["OPENAI_ORG_ID"]))
    if os.environ.get("OPENAI_PROJECT_ID"):
        headers.append(("OpenAI-Project", os.environ["OPENAI_PROJECT_ID"]))
    for line in os.environ.get("OPENAI_CUSTOM_HEADERS", "").split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers.append((name.strip(), value.strip()))
    return headers


def _version() -> str:
    from claimtrack import __version__

    return __version__
