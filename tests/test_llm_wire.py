"""claimtrack/llm/wire.py: the HTTP exchange of a model call — openai's retry policy (Retry-After,
backoff, x-should-retry, the statuses retried), timeouts, connection errors, keep-alive and
gzip — against a scripted stub server over real HTTP on 127.0.0.1 (a stub, not a model)."""

from __future__ import annotations

import email.utils
import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from claimtrack.errors import BackendConfigError
from claimtrack.llm.refusals import describe_api_error, is_transient
from claimtrack.llm.servers import endpoint_for, resolve_server
from claimtrack.llm.wire import ConnectionFault, Endpoint, StatusFault, TimeoutFault, Wire

OK = (200, {}, b'{"ok": true}')


class Scripted:
    """Answers each POST with the next ``(status, headers, body)`` of its script (a number
    instead: wait that many seconds, then answer 200); keeps what it was sent."""

    def __init__(self, script: list[Any], *, close_after_each: bool = False) -> None:
        self.script = list(script)
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self.peers: list[tuple[str, int]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                stub.bodies.append(self.rfile.read(int(self.headers.get("content-length", 0))))
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                stub.peers.append(self.client_address)
                answer = stub.script.pop(0) if stub.script else OK
                if isinstance(answer, int | float):
                    time.sleep(answer)
                    answer = OK
                status, headers, body = answer
                self.send_response(status)
                for name, value in {"content-length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
                if close_after_each:
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1/chat/completions?x=1"

    def __enter__(self) -> Scripted:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def wire(url: str, *, retries: int = 2, timeout: float = 5.0) -> tuple[Wire, list[float]]:
    slept: list[float] = []
    endpoint = Endpoint(url, (("Authorization", "Bearer k"), ("Content-Type", "application/json")))
    return Wire(endpoint, timeout=timeout, max_retries=retries, sleep=slept.append), slept


def test_an_answer_comes_back_and_the_request_is_sent_as_given():
    with Scripted([(200, {}, b'{"a": 1}')]) as stub:
        posted, slept = wire(stub.url)
        assert posted.post(b'{"q": "\xc3\xa9"}') == b'{"a": 1}'
    assert stub.bodies == [b'{"q": "\xc3\xa9"}'] and slept == []
    assert stub.headers[0]["authorization"] == "Bearer k"
    assert "k" not in repr(posted).replace("Wire", "")  # the key stays out of its repr


def test_a_429_waits_as_long_as_its_retry_after_says():
    script = [(429, {"retry-after": "2"}, b"{}"), (429, {"retry-after-ms": "1500"}, b"{}"), OK]
    with Scripted(script) as stub:
        posted, slept = wire(stub.url)
        assert posted.post(b"{}") == OK[2]
    assert slept == [2.0, 1.5] and len(stub.bodies) == 3


def test_a_retry_after_date_is_waited_for():
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    with Scripted([(503, {"retry-after": later}, b"{}"), OK]) as stub:
        posted, slept = wire(stub.url)
        posted.post(b"{}")
    assert 25 < slept[0] <= 30


def test_without_retry_after_the_backoff_doubles_less_up_to_a_quarter():
    with Scripted([(500, {}, b"{}")] * 3 + [OK]) as stub:
        posted, slept = wire(stub.url, retries=3)
        posted.post(b"{}")
    for wait, full in zip(slept, [0.5, 1.0, 2.0], strict=True):
        assert 0.75 * full <= wait <= full


def test_retries_end_with_the_servers_status_and_message():
    body = b'{"error": {"message": "internal error"}}'
    with Scripted([(500, {}, body)] * 5) as stub:
        posted, slept = wire(stub.url, retries=2)
        with pytest.raises(StatusFault) as raised:
            posted.post(b"{}")
    assert len(stub.bodies) == 3 and len(slept) == 2  # the first try and two retries
    assert raised.value.status_code == 500
    assert raised.value.body == {"message": "internal error"}
    assert describe_api_error(raised.value) == (
        "the model server answered HTTP 500 (internal server error): internal error."
    )
    assert is_transient(raised.value)


@pytest.mark.parametrize(
    ("answer", "sent"),
    [
        ((400, {}, b"{}"), 1),  # a bad request is not retried
        ((404, {}, b""), 1),
        ((429, {"retry-after": "121"}, b"{}"), 1),  # a server asking for over two minutes
        ((500, {"x-should-retry": "false"}, b"{}"), 1),
        ((400, {"x-should-retry": "true"}, b"{}"), 3),
        ((408, {}, b"{}"), 3),
        ((409, {}, b"{}"), 3),
    ],
)
def test_which_statuses_are_retried(answer, sent):
    with Scripted([answer] * 3) as stub:
        posted, _ = wire(stub.url, retries=2)
        with pytest.raises(StatusFault):
            posted.post(b"{}")
    assert len(stub.bodies) == sent


def test_a_redirection_is_not_followed_but_said():
    with Scripted([(301, {"location": "https://elsewhere/v1"}, b"")]) as stub:
        posted, _ = wire(stub.url, retries=2)
        with pytest.raises(StatusFault) as raised:
            posted.post(b"{}")
    assert len(stub.bodies) == 1
    assert describe_api_error(raised.value).startswith(
        "the model server answered HTTP 301 (moved: check the base URL)"
    )


def test_an_error_without_a_body_says_its_code():
    with Scripted([(404, {}, b"")]) as stub:
        posted, _ = wire(stub.url, retries=0)
        with pytest.raises(StatusFault) as raised:
            posted.post(b"{}")
    assert describe_api_error(raised.value).endswith("api-version): Error code: 404.")
    assert not is_transient(raised.value)


def test_a_server_slower_than_the_timeout_is_a_timeout_after_the_retries():
    with Scripted([1.0, 1.0, 1.0]) as stub:
        posted, slept = wire(stub.url, retries=1, timeout=0.2)
        started = time.monotonic()
        with pytest.raises(TimeoutFault) as raised:
            posted.post(b"{}")
        assert time.monotonic() - started < 1.5
        assert len(stub.bodies) == 2 and len(slept) == 1
    assert describe_api_error(raised.value) == "the model server did not answer in time (timeout)"
    assert is_transient(raised.value)


def test_a_server_that_is_not_there_is_a_connection_error_after_the_retries():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    posted, slept = wire(f"http://127.0.0.1:{port}/v1/chat/completions", retries=2)
    with pytest.raises(ConnectionFault) as raised:
        posted.post(b"{}")
    assert len(slept) == 2
    assert describe_api_error(raised.value) == "cannot reach the model server (connection error)"


def test_connections_are_kept_alive_and_replaced_when_the_server_closed_them():
    with Scripted([OK, OK, OK]) as stub:
        posted, slept = wire(stub.url, retries=0)
        posted.post(b"{}")
        posted.post(b"{}")
        assert stub.peers[0] == stub.peers[1]  # one connection, kept alive
    with Scripted([OK, OK], close_after_each=True) as stub:
        posted, slept = wire(stub.url, retries=0)
        posted.post(b"{}")
        time.sleep(0.1)  # the server has closed it; the client has not noticed
        posted.post(b"{}")  # not a retry: max_retries is 0
        assert len(stub.bodies) == 2 and stub.peers[0] != stub.peers[1] and slept == []


def test_a_gzipped_answer_is_read():
    packed = gzip.compress(b'{"a": "' + b"x" * 1000 + b'"}')
    with Scripted([(200, {"content-encoding": "gzip"}, packed)]) as stub:
        posted, _ = wire(stub.url)
        assert posted.post(b"{}") == b'{"a": "' + b"x" * 1000 + b'"}'


def test_a_proxy_named_by_the_environment_is_used(monkeypatch):
    with Scripted([OK]) as proxy:
        address = f"http://127.0.0.1:{proxy.server.server_address[1]}"
        monkeypatch.setenv("HTTP_PROXY", address)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        posted, _ = wire("http://models.example.invalid/v1/chat/completions")
        assert posted.post(b"{}") == OK[2]
    assert proxy.headers[0]["host"] == "models.example.invalid"


def test_a_socks_proxy_named_by_the_environment_is_refused_not_bypassed(monkeypatch):
    monkeypatch.setenv("ALL_PROXY", "socks5://user:secret@127.0.0.1:1080")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(BackendConfigError, match="socks5 proxy") as raised:
        wire("https://models.example.invalid/v1/chat/completions")
    assert "secret" not in str(raised.value)


# -- where calls go, and how they are signed ---------------------------------------------------


@pytest.fixture
def clean(no_llm_environment):
    return no_llm_environment


def test_openai_by_default_with_the_keys_organisation_and_project(clean):
    clean.setenv("OPENAI_ORG_ID", "org-1")
    clean.setenv("OPENAI_PROJECT_ID", "proj-1")
    clean.setenv("OPENAI_CUSTOM_HEADERS", "X-Team: desk\nbroken line")
    endpoint = endpoint_for(resolve_server(None, "gpt-4o-mini"), "sk-key")
    headers = dict(endpoint.headers)
    assert endpoint.url == "https://api.openai.com/v1/chat/completions"
    assert headers["Authorization"] == "Bearer sk-key"
    assert headers["OpenAI-Organization"] == "org-1" and headers["OpenAI-Project"] == "proj-1"
    assert headers["X-Team"] == "desk"
    assert "sk-key" not in repr(endpoint)


def test_azure_paths_versions_and_signatures(clean):
    server = resolve_server("https://r.openai.azure.com/openai/deployments/d1?api-version=v1", "m")
    with pytest.raises(BackendConfigError, match="AZURE_OPENAI_API_KEY"):
        endpoint_for(server, None)
    keyed = endpoint_for(server, "azure-key")
    path = "/openai/deployments/d1/chat/completions?api-version=v1"
    assert keyed.url == "https://r.openai.azure.com" + path
    assert dict(keyed.headers)["api-key"] == "azure-key"
    assert "Authorization" not in dict(keyed.headers)
    clean.setenv("AZURE_OPENAI_AD_TOKEN", "entra")
    token = endpoint_for(server, None)
    assert dict(token.headers)["Authorization"] == "Bearer entra"
    assert "api-key" not in dict(token.headers)


def test_a_local_server_needs_no_key_and_keeps_its_query(clean):
    endpoint = endpoint_for(resolve_server("http://127.0.0.1:8080/v1/?tenant=a", "m"), None)
    assert endpoint.url == "http://127.0.0.1:8080/v1/chat/completions?tenant=a"
    assert dict(endpoint.headers)["Authorization"] == "Bearer no-key"


@pytest.mark.parametrize(
    ("base_url", "environment"),
    [
        (None, {}),
        ("http://127.0.0.1:8080/v1", {}),
        ("http://127.0.0.1:8080/v1/?tenant=a", {}),
        ("http://127.0.0.1:8080", {}),
        (None, {"AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com"}),
        (None, {"AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com/", "OPENAI_API_VERSION": "9"}),
        ("https://r.openai.azure.com/openai/deployments/d1?api-version=2025-01-01-preview", {}),
        ("https://r.openai.azure.com/openai/v1", {"AZURE_OPENAI_DEPLOYMENT": "dep"}),
        ("https://r.cognitiveservices.azure.com/", {}),
        ("https://gateway.example/prefix/openai/deployments/d2", {}),
    ],
)
def test_calls_go_where_openais_clients_sent_them(clean, base_url, environment):
    """The URL and signature are the ones openai's ``OpenAI`` or ``AzureOpenAI`` built from
    what claimtrack gave them (as ``claimtrack.llm.servers`` gave them until this round)."""
    import openai
    from openai._models import FinalRequestOptions

    for name, value in environment.items():
        clean.setenv(name, value)
    server = resolve_server(base_url, "gpt-4o-mini")
    if server.kind == "azure":
        sdk: openai.OpenAI = openai.AzureOpenAI(
            azure_endpoint=server.endpoint or "",
            azure_deployment=server.deployment,
            api_version=server.api_version,
            api_key="the-key",
        )
    else:
        sdk = openai.OpenAI(
            api_key="the-key", base_url=server.base_url, default_query=dict(server.query) or None
        )
    options = FinalRequestOptions.construct(
        method="post", url="/chat/completions", json_data={"model": "gpt-4o-mini"}
    )
    request = sdk._build_request(options)
    ours = endpoint_for(server, "the-key")
    assert ours.url == str(request.url)
    signing = ("authorization", "api-key")
    signed = {k.lower(): v for k, v in ours.headers if k.lower() in signing}
    theirs = {k.lower(): v for k, v in request.headers.items() if k.lower() in signing}
    assert signed == theirs
