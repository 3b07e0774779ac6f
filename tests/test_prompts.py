"""Prompt templates: the built-in ones live in the package (claimtrack/prompts/) and ship with it.

The recorded cassettes (fixtures/cassettes) hold the exact words the template renders, and every
run records the template's hash: moving or repackaging the files must not change a byte.
"""

import fnmatch
import hashlib
import os
from pathlib import Path

import pytest

import claimtrack.prompts
from claimtrack.errors import UsageError
from claimtrack.injection import boundary_for
from claimtrack.prompts import (
    BUILTIN_DIR,
    SUFFIX,
    PromptTemplate,
    get_prompt,
    list_prompts,
    read_template,
    search_path,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "claimtrack"
# The hash the cassettes were recorded with. A deliberate change of the template or its
# examples changes it: re-record the cassettes (scripts/record_cassettes.py) and update this.
EXTRACT_CLAIMS_HASH = "f84a1e5d87585e39"

HEADER = "---\nname: {name}\nresponse_model: Extraction\nsystem: {system}\n---\n{body}"


def write_template(folder, name, system="Be brief.", body="Text: {{ chunk.text }}"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}{SUFFIX}"
    path.write_text(HEADER.format(name=name, system=system, body=body))
    return path


@pytest.fixture(autouse=True)
def no_user_prompts(monkeypatch):
    monkeypatch.delenv("CLAIMTRACK_PROMPTS", raising=False)


def test_built_in_templates_live_in_the_package():
    assert Path(claimtrack.prompts.__file__).name == "__init__.py"
    assert Path(claimtrack.prompts.__file__).resolve().parent == BUILTIN_DIR
    assert PACKAGE.resolve() / "prompts" == BUILTIN_DIR
    assert (BUILTIN_DIR / "extract-claims.j2").is_file()
    assert (BUILTIN_DIR / "examples" / "extract-claims.yaml").is_file()
    assert not (ROOT / "prompts").exists(), "the old top-level prompts/ folder is back"


def test_extract_claims_hash_is_the_one_the_cassettes_were_recorded_with():
    template = get_prompt("extract-claims")
    assert template.path == BUILTIN_DIR / "extract-claims.j2"
    assert template.hash == EXTRACT_CLAIMS_HASH


def test_the_hash_covers_the_template_and_its_examples_byte_for_byte():
    template = get_prompt("extract-claims")
    digest = hashlib.sha256((BUILTIN_DIR / "extract-claims.j2").read_bytes())
    digest.update((BUILTIN_DIR / "examples" / "extract-claims.yaml").read_bytes())
    assert template.hash == digest.hexdigest()[:16]
    assert template.examples and all("text" in example for example in template.examples)
    assert template.response_model == "Extraction"


def test_every_file_in_the_package_is_declared_package_data():
    # A file the wheel leaves out is found missing only after an install (as the prompts were):
    # every non-Python file under claimtrack/ must match a [tool.setuptools.package-data] glob.
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["claimtrack"]
    assert "prompts/*.j2" in patterns and "prompts/examples/*.yaml" in patterns
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert "prompts/extract-claims.j2" in data
    undeclared = [name for name in data if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert undeclared == []


def test_render_gives_a_system_and_a_user_message():
    template = get_prompt("extract-claims")
    system, user = template.render(
        document={"published": "2023-03-24", "title": None},
        chunk={"text": "The text {{ not rendered }}.", "number": 1, "total": 1},
    )
    assert system["role"] == "system" and "untrusted data" in system["content"]
    assert user["role"] == "user"
    name = boundary_for("The text {{ not rendered }}.")
    assert f"<{name}>\nThe text {{{{ not rendered }}}}.\n</{name}>" in user["content"]
    assert "published on 2023-03-24" in user["content"]
    assert "Riverton" in user["content"]  # the few-shot examples


def test_user_folders_come_before_the_built_in_one(tmp_path, monkeypatch):
    given, from_env = tmp_path / "given", tmp_path / "env"
    monkeypatch.setenv(
        "CLAIMTRACK_PROMPTS", os.pathsep.join([str(from_env), str(tmp_path / "missing")])
    )
    assert search_path([given]) == [given, from_env, tmp_path / "missing", BUILTIN_DIR]
    write_template(from_env, "extract-claims", system="From the environment.")
    write_template(from_env, "short")
    assert get_prompt("extract-claims").system == "From the environment."
    write_template(given, "extract-claims", system="Given.")
    assert get_prompt("extract-claims", [given]).system == "Given."
    names = [t.name for t in list_prompts([given])]
    # one of each name, the first found
    assert names == ["extract-claims", "short", "adjudicate-pair", "judge-claim"]


def test_an_unknown_prompt_names_the_known_ones():
    with pytest.raises(
        UsageError, match=r"no prompt template named 'nope' \(known: adjudicate-pair, extract-cl"
    ):
        get_prompt("nope")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no header at all", "starts with a YAML header"),
        ("---\nname: [x\n---\nbody", "the header is not valid YAML"),
        ("---\nname: x\nsystem: s\n---\nbody", "the header has no 'response_model'"),
        (
            "---\nname: x\nsystem: s\nresponse_model: E\nexamples: none.yaml\n---\nbody",
            "cannot read examples",
        ),
    ],
)
def test_broken_templates_are_usage_errors(tmp_path, text, message):
    path = tmp_path / f"broken{SUFFIX}"
    path.write_text(text)
    with pytest.raises(UsageError, match=message):
        read_template(path)


def test_a_template_read_from_a_file_is_a_prompt_template(tmp_path):
    template = read_template(write_template(tmp_path, "mine"))
    assert isinstance(template, PromptTemplate)
    assert (template.name, template.version, template.examples) == ("mine", "1", [])
    assert template.render(document={}, chunk={"text": "T"})[1]["content"] == "Text: T"
