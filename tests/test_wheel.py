"""The built wheel works where it is installed: not from this checkout, not editable.

The editable install of development finds every file in the source tree, so a file the wheel
leaves out (the prompt templates were) shows up only after a real install. This test builds the
wheel from a copy of the working tree, installs it with ``--no-deps`` in a fresh virtual
environment, and borrows the dependencies from the development environment through a ``.pth``
line: a folder named in a ``.pth`` file is put on ``sys.path`` but not processed as a site
folder, so the development environment's editable claimtrack (its ``__editable__*.pth``) stays
out. Then ``claimtrack prompts`` and an extraction replayed from a recorded cassette run there.

It takes a few seconds (about 10 here): the slowest test in the suite by a wide margin.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "fixtures" / "cassettes" / "scripted-stub"
# tests/test_prompts.py pins the same hash; the cassettes were recorded with this template.
EXTRACT_CLAIMS_HASH = "f84a1e5d87585e39"
# The document of the recorded cassettes (tests/test_cassettes.py, scripts/record_cassettes.py).
DOCUMENT = (
    "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo. "
    "Kishida said he was \u201coutraged by the cruelty\u201d of the attacks.\n"
)
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens here: only the cassette answers

# Run with the new environment's python: replays faithful.yaml (recorded from the scripted
# server with model "stub-model", no re-asks, no retries) through `claimtrack extract`.
DRIVER = """
import json, sys
import vcr
from claimtrack.cli import cli

cassettes, document, db, report = sys.argv[1:5]
replay = vcr.VCR(
    cassette_library_dir=cassettes, record_mode="none", match_on=["method", "path", "body"]
)
arguments = [
    "extract", document, "--db", db, "--backend", "openai", "--model", "stub-model",
    "--max-reasks", "0", "--retries", "0", "--timeout", "10", "--concurrency", "1", "--json",
]
code = 0
with replay.use_cassette("faithful.yaml") as cassette:
    try:
        cli.main(arguments, prog_name="claimtrack", standalone_mode=False)
    except SystemExit as stop:
        code = stop.code
    played = cassette.play_count
with open(report, "w") as handle:
    json.dump({"exit_code": code, "play_count": played}, handle)
"""

PROBE = """
import json, sys, sysconfig
import claimtrack, claimtrack.prompts
print(json.dumps({
    "claimtrack": claimtrack.__file__,
    "builtin_dir": str(claimtrack.prompts.BUILTIN_DIR),
    "purelib": sysconfig.get_paths()["purelib"],
    "editable": sorted(m for m in sys.modules if "editable" in m),
}))
"""


def run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def build_wheel(into: Path) -> Path:
    """The wheel of the working tree, built from a copy (building in place would write build/
    and egg-info into the checkout). With setuptools new enough in this environment, without
    build isolation; else pip fetches one for an isolated build, from its configured index."""
    source = into / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "claimtrack",
        source / "claimtrack",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    # pyproject's [build-system] needs setuptools>=77 (the SPDX `license` string)
    isolation = [] if _setuptools_major() < 77 else ["--no-build-isolation"]
    dist = into / "dist"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", dist, source)
    (wheel,) = dist.glob("claimtrack-*.whl")
    return wheel


def _setuptools_major() -> int:
    try:
        return int(version("setuptools").split(".")[0])
    except Exception:
        return 0


def fresh_environment(folder: Path, wheel: Path) -> Path:
    """A virtual environment with the wheel installed and the dependencies borrowed."""
    run(sys.executable, "-m", "venv", "--without-pip", folder)
    python = folder / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    purelib = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    (purelib / "development-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return folder


def test_installed_wheel_lists_its_prompts_and_replays_an_extraction(tmp_path):
    wheel = build_wheel(tmp_path)
    venv = fresh_environment(tmp_path / "venv", wheel)
    python, claimtrack = venv / "bin" / "python", venv / "bin" / "claimtrack"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLAIMTRACK_", "OPENAI_", "PYTHON"))
    }
    env.update(COLUMNS="1000", OPENAI_BASE_URL=NOWHERE, OPENAI_API_KEY="x")

    # claimtrack comes from the new environment, not from this checkout (nor from the current
    # folder, which `python -c` puts first on sys.path: every command runs in tmp_path)
    probe = json.loads(run(python, "-c", PROBE, env=env, cwd=tmp_path))
    installed = Path(probe["purelib"]) / "claimtrack"
    assert Path(probe["claimtrack"]) == installed / "__init__.py"
    assert Path(probe["builtin_dir"]) == installed / "prompts"
    assert probe["editable"] == []
    # the extractor's response schemas ship with it (else they are computed, with pydantic,
    # before the first call: claimtrack.llm.responses)
    assert (installed / "data" / "response_schemas.json").is_file()
    assert (installed / "data" / "parsed_yaml.json").is_file()

    listing = run(claimtrack, "prompts", env=env, cwd=tmp_path)
    assert "extract-claims" in listing and EXTRACT_CLAIMS_HASH in listing
    assert str(installed / "prompts" / "extract-claims.j2") in listing

    document, db, report = tmp_path / "doc.txt", tmp_path / "ledger.db", tmp_path / "report.json"
    document.write_bytes(DOCUMENT.encode("utf-8"))
    driver = tmp_path / "replay.py"
    driver.write_text(DRIVER)
    summary = json.loads(
        run(python, driver, CASSETTES, document, db, report, env=env, cwd=tmp_path)
    )
    assert json.loads(report.read_text()) == {"exit_code": 0, "play_count": 1}
    assert (summary["documents_done"], summary["claims_added"], summary["errors"]) == (1, 1, [])

    connection = sqlite3.connect(db)
    try:
        (run_row,) = connection.execute("SELECT backend, model, prompt_name, prompt_hash FROM runs")
        claims = connection.execute("SELECT claim, grounding FROM claims").fetchall()
    finally:
        connection.close()
    assert run_row == ("openai", "stub-model", "extract-claims", EXTRACT_CLAIMS_HASH)
    assert claims == [
        (
            "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo.",
            "exact",
        )
    ]
