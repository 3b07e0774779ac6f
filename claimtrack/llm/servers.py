"""Which openai client talks to the configured server: OpenAI and every OpenAI-compatible server
(Ollama, vLLM, llama.cpp...) through ``openai.OpenAI``; Azure OpenAI through
``openai.AzureOpenAI``, which knows Azure's paths, ``api-version`` and headers.

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
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from claimtrack.errors import BackendConfigError

if TYPE_CHECKING:
    import openai

__all__ = ["DEFAULT_AZURE_API_VERSION", "Server", "resolve_server"]

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


def make_client(
    server: Server, api_key: str | None, *, timeout: float, max_retries: int
) -> openai.OpenAI:
    """The openai client for ``server`` (``openai.OpenAI`` or ``openai.AzureOpenAI``)."""
    import openai

    if server.kind == "azure":
        token = os.environ.get("AZURE_OPENAI_AD_TOKEN")
        key = api_key or os.environ.get("AZURE_OPENAI_API_KEY") or os.environ.get("OPENAI_API_KEY")
        if not key and not token:
            raise BackendConfigError(
                "Azure OpenAI needs AZURE_OPENAI_API_KEY (sent as the api-key header) or "
                "AZURE_OPENAI_AD_TOKEN (a Microsoft Entra ID token)"
            )
        endpoint, deployment, version = server.endpoint or "", server.deployment, server.api_version
        if token:  # Entra ID: sent as Authorization: Bearer
            return openai.AzureOpenAI(
                azure_endpoint=endpoint,
                azure_deployment=deployment,
                api_version=version,
                azure_ad_token=token,
                timeout=timeout,
                max_retries=max_retries,
            )
        return openai.AzureOpenAI(
            azure_endpoint=endpoint,
            azure_deployment=deployment,
            api_version=version,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
        )
    key = api_key or os.environ.get("OPENAI_API_KEY")
    if not key:
        if not server.base_url:
            raise BackendConfigError(
                "the openai backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                "server, or AZURE_OPENAI_ENDPOINT for Azure OpenAI); without any, use "
                "--backend offline"
            )
        key = "no-key"  # local servers accept any key; the client insists on one
    return openai.OpenAI(
        api_key=key,
        base_url=server.base_url,
        default_query=dict(server.query) or None,
        timeout=timeout,
        max_retries=max_retries,
    )
