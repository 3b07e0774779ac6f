"""The LLM path on every kind of server: ones that refuse or ignore tools, strict JSON schemas,
Azure OpenAI's paths and headers, and what calls are estimated to cost — against the scripted
OpenAI-compatible stub server over real HTTP (tests/openai_stub.py)."""

import json
import re

import pytest
from openai_stub import StubServer, completion, first_sentence_claim, stub_backend

from claimtrack.chunking import estimate_tokens
from claimtrack.cli import cli
from claimtrack.errors import ExtractionError
from claimtrack.ledger import Ledger
from claimtrack.llm.client import REFUSALS
from claimtrack.llm.schema import Extraction
from claimtrack.llm.servers import DEFAULT_AZURE_API_VERSION, resolve_server
from claimtrack.llm.strict import STRICT_KEYWORDS, strict_json_schema
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

TEXT = "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo."
SENTENCE = {"kind": "statement", "claim": "They met.", "evidence": TEXT, "confidence": 0.9}


@pytest.fixture(autouse=True)
def fresh_refusals(no_llm_environment):
    REFUSALS.clear()
    yield
    REFUSALS.clear()


def prose(text="Here are the claims: Kishida met Yoon."):
    """A completion that answers in text, with no tool call."""
    answer = completion({})
    answer["choices"][0]["message"] = {"role": "assistant", "content": text}
    answer["choices"][0]["finish_reason"] = "stop"
    return answer


def content(payload):
    """A completion whose message content is ``payload`` as JSON (json and json_schema modes)."""
    answer = prose(json.dumps(payload))
    return answer


# -- servers without tools ---------------------------------------------------------------------


def test_a_server_that_refuses_tools_is_told_which_mode_to_use_and_asked_only_once(tmp_path):
    refusal = (400, '{"error": {"message": "tools are not supported by this model"}}', {})
    documents = [Document(TEXT, "a"), Document(TEXT + " Again.", "b")]
    with StubServer([refusal], default=refusal) as server:
        ledger = Ledger(tmp_path / "l.db")
        summary = extract_documents(ledger, documents, stub_backend(server, max_reasks=2))
        sent = len(server.requests)
    assert sent == 1  # the second document's call is refused without being sent
    assert summary.documents_failed == 2
    for failure in summary.failures:
        assert "refuses --mode tools for stub-model" in failure
        assert "tools are not supported by this model" in failure
        assert "use --mode json_schema, or --mode json" in failure
        assert "{'" not in failure  # no Python dict
    calls = ledger.db.execute("SELECT outcome, attempts FROM llm_calls ORDER BY id").fetchall()
    assert calls == [("error", 1), ("error", 0)]
    ledger.close()


def test_a_bad_request_about_something_else_is_not_a_refusal_of_tools():
    fault = (400, '{"error": {"message": "max_tokens is too large"}}', {})
    with StubServer([fault]) as server, pytest.raises(ExtractionError) as caught:
        stub_backend(server, call_retries=0).extract(Document(TEXT, "t"))
    assert str(caught.value) == (
        "the model server answered HTTP 400 (bad request): max_tokens is too large."
    )
    assert REFUSALS.get(stub_backend(server).client.server, stub_backend(server).settings) is None


def test_a_server_that_ignores_tools_costs_one_call_and_suggests_json_mode():
    with StubServer([prose()] * 3) as server:
        with pytest.raises(ExtractionError, match="answered in prose") as caught:
            stub_backend(server, max_reasks=2).extract(Document(TEXT, "t"))
        assert len(server.requests) == 1  # not re-asked: the answer would be prose again
    assert "use --mode json" in str(caught.value)


def test_prose_is_remembered_from_the_second_answer_and_never_after_a_tool_call(tmp_path):
    documents = [Document(f"{TEXT} Number {i}.", f"d{i}") for i in range(4)]
    with StubServer([prose()] * 2) as server:
        summary = extract_documents(Ledger(tmp_path / "a.db"), documents, stub_backend(server))
        assert len(server.requests) == 2  # the third and fourth documents are not sent
    assert summary.documents_failed == 4
    REFUSALS.clear()
    script = [completion({"claims": [SENTENCE]}), prose(), prose(), prose()]
    with StubServer(script) as server:
        summary = extract_documents(Ledger(tmp_path / "b.db"), documents, stub_backend(server))
        assert len(server.requests) == 4  # tools worked once here: a stray answer is one
    assert summary.documents_done == 1 and summary.documents_failed == 3


def test_json_mode_reads_a_plain_json_answer():
    with StubServer([content({"claims": [SENTENCE]})]) as server:
        (claim,) = stub_backend(server, mode="json").extract(Document(TEXT, "t"))
        (request,) = server.requests
    assert request["response_format"] == {"type": "json_object"}
    assert "tools" not in request and claim.evidence.grounding == "exact"


def test_a_server_that_refuses_json_schema_is_told_to_use_json():
    refusal = (400, '{"error": {"message": "response_format json_schema not supported"}}', {})
    with StubServer([refusal]) as server, pytest.raises(ExtractionError) as caught:
        stub_backend(server, mode="json_schema").extract(Document(TEXT, "t"))
    assert "refuses --mode json_schema" in str(caught.value)
    assert "use --mode json" in str(caught.value)


# -- strict JSON schema ------------------------------------------------------------------------


def strict_violations(node, path="$"):
    """Every way ``node`` breaks the rules of OpenAI's strict structured outputs."""
    found = []
    if isinstance(node, dict):
        for key in node:
            if key not in STRICT_KEYWORDS and path.rsplit(".", 1)[-1] != "properties":
                found.append(f"{path}: keyword {key!r}")
        if "oneOf" in node or "discriminator" in node or "$ref" in node or "default" in node:
            found.append(f"{path}: oneOf/discriminator/$ref/default")
        types = node.get("type")
        if types == "object" or (isinstance(types, list) and "object" in types):
            if node.get("additionalProperties") is not False:
                found.append(f"{path}: additionalProperties is not false")
            if sorted(node.get("required", [])) != sorted(node.get("properties", {})):
                found.append(f"{path}: not every property is required")
        for key, value in node.items():
            if key == "properties":
                for name, child in value.items():
                    found += strict_violations(child, f"{path}.{name}")
            elif isinstance(value, dict | list):
                found += strict_violations(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += strict_violations(child, f"{path}[{i}]")
    return found


def test_the_strict_schema_follows_every_rule_of_strict_structured_outputs():
    schema = strict_json_schema(Extraction)
    assert strict_violations(schema) == []
    assert schema["type"] == "object" and "anyOf" not in schema  # the root is an object
    claim = schema["properties"]["claims"]["items"]
    assert claim["properties"]["kind"]["enum"] == ["date", "quote", "agreement", "statement"]
    assert claim["properties"]["evidence"]["type"] == "string"  # every kind has it
    assert claim["properties"]["speaker"]["type"] == ["string", "null"]  # only quotes
    assert claim["properties"]["participants"]["type"] == ["array", "null"]
    assert None in claim["properties"]["state"]["enum"]
    # the checker itself finds what the plain schema breaks
    assert any("oneOf" in v for v in strict_violations(Extraction.model_json_schema()))


def test_json_schema_mode_sends_the_strict_schema_and_reads_its_nulls():
    flat = {
        name: None
        for name in strict_json_schema(Extraction)["properties"]["claims"]["items"]["properties"]
    }
    answer = {"claims": [{**flat, **SENTENCE, "quantities": None, "subject": "Kishida"}]}
    with StubServer([content(answer)]) as server:
        (claim,) = stub_backend(server, mode="json_schema").extract(Document(TEXT, "t"))
        (request,) = server.requests
    sent = request["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["strict"] is True
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", sent["json_schema"]["name"])
    assert sent["json_schema"]["schema"] == strict_json_schema(Extraction)
    assert claim.kind == "statement" and claim.quantities == [] and claim.subject == "Kishida"


def test_a_null_for_a_field_a_kind_requires_is_re_asked():
    flat = {
        name: None
        for name in strict_json_schema(Extraction)["properties"]["claims"]["items"]["properties"]
    }
    broken = {**flat, **SENTENCE, "kind": "date"}  # a date without its date_text
    with StubServer([content({"claims": [broken]}), content({"claims": [SENTENCE]})]) as server:
        (claim,) = stub_backend(server, mode="json_schema").extract(Document(TEXT, "t"))
        assert len(server.requests) == 2
    assert claim.kind == "statement"


# -- Azure OpenAI ------------------------------------------------------------------------------


def azure_stub():
    return StubServer([], default=first_sentence_claim)


def azure_backend(**settings):
    from claimtrack.llm import LLMSettings, OpenAIBackend

    options = {"model": "gpt-4o-mini", "max_retries": 0, "timeout": 5.0, **settings}
    return OpenAIBackend(LLMSettings(**options))


def test_azure_by_endpoint_uses_its_path_version_and_api_key_header(monkeypatch):
    with azure_stub() as server:
        root = server.base_url.removesuffix("/v1")
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", root)
        monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-secret-key")
        monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
        (claim,) = azure_backend(model="my-deployment").extract(Document(TEXT, "t"))
        (path,) = server.paths
        (headers,) = server.headers
    assert path == "/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21"
    assert headers["api-key"] == "azure-secret-key"
    assert "authorization" not in headers
    assert claim.evidence.grounding == "exact"


def test_azure_with_an_entra_token_sends_it_as_a_bearer(monkeypatch):
    with azure_stub() as server:
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", server.base_url.removesuffix("/v1"))
        monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "entra-token")
        monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", "dep-1")
        azure_backend().extract(Document(TEXT, "t"))
        (path,) = server.paths
        (headers,) = server.headers
    assert (
        path
        == f"/openai/deployments/dep-1/chat/completions?api-version={DEFAULT_AZURE_API_VERSION}"
    )
    assert headers["authorization"] == "Bearer entra-token" and "api-key" not in headers


def test_a_base_url_with_an_api_version_is_not_a_broken_path(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "azure-secret-key")
    with azure_stub() as server:
        root = server.base_url.removesuffix("/v1")
        url = f"{root}/openai/deployments/dep-2?api-version=2025-01-01-preview"
        azure_backend(base_url=url).extract(Document(TEXT, "t"))
        (path,) = server.paths
        (headers,) = server.headers
    assert path == "/openai/deployments/dep-2/chat/completions?api-version=2025-01-01-preview"
    assert headers["api-key"] == "azure-secret-key"


def test_a_query_on_any_other_base_url_stays_a_query():
    with azure_stub() as server:
        url = server.base_url + "?tenant=x"
        stub_backend(server, base_url=url).extract(Document(TEXT, "t"))
        (path,) = server.paths
    assert path == "/v1/chat/completions?tenant=x"


@pytest.mark.parametrize(
    ("url", "kind", "endpoint", "deployment", "version"),
    [
        (
            "https://r.openai.azure.com/openai/deployments/d1?api-version=2024-06-01",
            "azure",
            "https://r.openai.azure.com",
            "d1",
            "2024-06-01",
        ),
        ("https://r.openai.azure.com/", "azure", "https://r.openai.azure.com", "m", None),
        ("http://127.0.0.1:8080/v1", "openai", None, None, None),
    ],
)
def test_servers_are_recognised_from_their_url(url, kind, endpoint, deployment, version):
    server = resolve_server(url, "m")
    assert server.kind == kind and server.endpoint == endpoint
    assert server.deployment == deployment
    assert server.api_version == (
        version or (DEFAULT_AZURE_API_VERSION if kind == "azure" else None)
    )


# -- tokens and costs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("The quick brown fox jumps over the lazy dog. " * 10, 90, 120),
        ("日本の首相は三月十六日に東京で韓国の大統領と会談した。" * 10, 240, 300),
        ("北京时间三月十六日，两国领导人在东京举行会谈。" * 10, 200, 260),
        ("Президент встретился с премьер-министром в Токио. " * 10, 200, 300),
    ],
)
def test_tokens_are_estimated_by_script(text, low, high):
    assert low <= estimate_tokens(text) <= high


def test_the_schema_is_counted_from_its_real_size():
    with StubServer([]) as server:
        chosen = stub_backend(server)
        schema = json.dumps(chosen.client.sent_model(Extraction).model_json_schema())
        tokens = chosen.client.schema_tokens(Extraction)
        messages = chosen.messages(Document(TEXT, "t"), chosen.chunks(Document(TEXT, "t"))[0])
        with_schema = chosen.client.estimate(messages, Extraction)[0]
        without = chosen.client.estimate(messages)[0]
    assert tokens > 1000 and len(schema) > 5000  # 5.6 KB of JSON is not 400 tokens
    assert with_schema - without == tokens


def test_an_unpriced_model_says_its_cost_is_unknown(tmp_path, monkeypatch):
    from click.testing import CliRunner

    (tmp_path / "doc.txt").write_text(TEXT)
    with StubServer([], default=first_sentence_claim) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        result = CliRunner().invoke(
            cli,
            [
                "extract",
                str(tmp_path / "doc.txt"),
                "--db",
                str(tmp_path / "l.db"),
                "--model",
                "some-local-model",
                "--retries",
                "0",
            ],
        )
        dry = CliRunner().invoke(
            cli,
            [
                "extract",
                str(tmp_path / "doc.txt"),
                "--db",
                str(tmp_path / "m.db"),
                "--model",
                "some-local-model",
                "--dry-run",
                "--json",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "cost unknown (no price for some-local-model in the price table" in result.output
    assert "$0.0000" not in result.output
    assert "no price for some-local-model" in json.loads(dry.output)["cost_note"]
