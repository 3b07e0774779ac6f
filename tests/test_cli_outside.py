"""The CLI run as a real process, the way a user runs it, where CliRunner cannot show the
difference: output to a full disk, a closed pipe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def claimtrack(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    return subprocess.run(
        [sys.executable, "-m", "claimtrack.cli", *args],
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("outside") / "c.db")
    assert claimtrack("extract", str(SEEDS), "--db", db).returncode == 0
    return db


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["export"], ["claims"], ["show", "1"], ["stats"]])
def test_stdout_on_a_full_disk_is_one_line(ledger_path, command):
    with open("/dev/full", "w") as full:
        result = claimtrack(
            *command, "--db", ledger_path, stdout=full, capture_output=False, stderr=subprocess.PIPE
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["Error: No space left on device"]
