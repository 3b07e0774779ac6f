"""claimtrack/llm/transport.py: answers read by pydantic's validator, with openai's lenient
construct for answers that do not fit; openai's resource modules never imported on the way to
the first call."""

import subprocess
import sys

from openai.types.chat import ChatCompletion

from claimtrack.llm.transport import _validated_completion

ANSWER = {
    "id": "a",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "Extraction", "arguments": '{"claims": []}'},
                    }
                ],
            },
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    "system_fingerprint_extra": "kept",
}


def test_an_answer_that_fits_is_validated():
    read = _validated_completion().build(response=None, data=ANSWER)
    assert type(read) is ChatCompletion
    assert read.choices[0].message.tool_calls[0].function.arguments == '{"claims": []}'
    assert read.usage.completion_tokens == 2
    assert read.model_extra == {"system_fingerprint_extra": "kept"}  # as openai keeps extras


def test_an_answer_that_does_not_fit_is_still_read_as_openai_reads_it():
    odd = {**ANSWER, "created": None}  # a server that leaves a required field out
    del odd["object"]
    read = _validated_completion().build(response=None, data=odd)
    assert isinstance(read, ChatCompletion)
    assert read.created is None
    assert read.choices[0].message.tool_calls[0].function.name == "Extraction"


def test_building_the_backend_does_not_import_openais_resource_modules():
    code = (
        "import sys\n"
        "from claimtrack.llm import LLMSettings, OpenAIBackend\n"
        "OpenAIBackend(LLMSettings(model='m', base_url='http://127.0.0.1:9/v1'), api_key='x')\n"
        "print(sorted(m for m in sys.modules if m.startswith('openai.resources')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
