"""Response models named before they are imported (claimtrack.llm.responses): the schemas that
ship with the package are the ones the models generate, and a named model is asked for with the
very bytes, hash and token count of its class."""

import json

import pytest

from claimtrack.llm import LLMClient, LLMSettings
from claimtrack.llm.client import schema_hash
from claimtrack.llm.modes import asking
from claimtrack.llm.responses import (
    SHIPPED,
    SHIPPED_FILE,
    NamedModel,
    computed,
    schemas,
    shipped_text,
)
from claimtrack.llm.schema import Extraction
from claimtrack.verify.llm import JudgeAnswer

EXTRACTION = NamedModel("claimtrack.llm.schema", "Extraction")


def test_the_shipped_schemas_are_what_the_models_generate():
    # byte for byte, key order included: the request bodies are built from these
    assert SHIPPED_FILE.read_text(encoding="utf-8") == shipped_text(), (
        "the response models changed: run 'python -m claimtrack.llm.responses'"
    )
    shipped = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    assert set(shipped) == {named.key for named in SHIPPED}
    assert EXTRACTION in SHIPPED


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json"])
def test_a_named_model_is_asked_for_as_its_class(mode):
    named, given = asking(EXTRACTION, mode), asking(Extraction, mode)
    assert (named.fields, named.instruction) == (given.fields, given.instruction)
    assert named.model is given.model  # the same validator (the strict subclass, in json_schema)
    client = LLMClient(LLMSettings(model="m", base_url="http://127.0.0.1:9/v1", mode=mode))
    messages = [{"role": "user", "content": "Text."}]
    assert client.request(messages, EXTRACTION, "h") == client.request(messages, Extraction, "h")
    assert client.schema_tokens(EXTRACTION) == client.schema_tokens(Extraction)
    assert client.estimate(messages, EXTRACTION) == client.estimate(messages, Extraction)


def test_the_schema_hash_is_the_models_in_tools_mode():
    client = LLMClient(LLMSettings(model="m", base_url="http://127.0.0.1:9/v1"))
    request = client.request([{"role": "user", "content": "x"}], EXTRACTION, "h")
    assert request["schema"] == schema_hash(Extraction)


def test_a_named_model_that_ships_no_schemas_has_them_computed():
    judge = NamedModel("claimtrack.verify.llm", "JudgeAnswer")
    assert judge not in SHIPPED
    assert schemas(judge) == computed(JudgeAnswer)
    assert judge.load() is JudgeAnswer
