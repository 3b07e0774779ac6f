"""The package's own YAML parsed ahead (claimtrack.parsed_yaml): what PyYAML gives for each
built-in file, used for every one of them, and PyYAML for anything else."""

import subprocess
import sys
from datetime import date

import yaml

from claimtrack.parsed_yaml import PARSED_FILE, parsed_text, safe_load, shipped_texts


def test_the_shipped_parse_is_what_pyyaml_gives():
    assert PARSED_FILE.read_text(encoding="utf-8") == parsed_text(), (
        "a built-in prompt template or price table changed: run 'python -m claimtrack.parsed_yaml'"
    )


def test_every_built_in_text_is_read_from_the_shipped_parse(monkeypatch):
    texts = shipped_texts()
    assert len(texts) >= 5  # three template headers, the examples, the prices
    monkeypatch.setattr(yaml, "safe_load", None)  # PyYAML is not asked
    for text in texts:
        first, second = safe_load(text), safe_load(text.encode("utf-8"))
        assert first == second
        assert first is not second  # a new object each time, as PyYAML gives
        monkeypatch.undo()
        assert repr(first) == repr(yaml.safe_load(text))  # the same types and key order
        monkeypatch.setattr(yaml, "safe_load", None)


def test_other_texts_are_parsed_by_pyyaml():
    assert safe_load("published: 2024-03-01\nn: 1\n") == {"published": date(2024, 3, 1), "n": 1}
    edited = shipped_texts()[0] + "\nextra: true\n"
    assert safe_load(edited)["extra"] is True


def test_an_llm_runs_prompt_and_prices_are_read_without_pyyaml():
    code = (
        "import sys\n"
        "from claimtrack.prompts import get_prompt\n"
        "from claimtrack.llm.costs import load_prices\n"
        "assert get_prompt('extract-claims').examples and load_prices()\n"
        "print('yaml' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
