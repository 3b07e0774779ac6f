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


def _without_root_powers() -> list[str] | None:
    """A prefix that makes file permissions apply to us: nothing when we are not root, else
    setpriv dropping the capabilities that let root write anywhere."""
    if os.geteuid() != 0:
        return []
    if not Path("/usr/bin/setpriv").exists():
        return None
    return [
        "/usr/bin/setpriv",
        "--inh-caps=-all",
        "--bounding-set=-dac_override,-dac_read_search,-fowner",
    ]


def test_every_reading_command_works_on_a_read_only_ledger(tmp_path):
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("cannot drop root's powers here (no setpriv)")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = str(folder / "c.db")
    assert claimtrack("extract", str(SEEDS), "--db", db, "--track").returncode == 0
    report = str(tmp_path / "report.html")
    (folder / "c.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        for args in (
            ["batches"],
            ["facts"],
            ["fact", "1"],
            ["conflicts"],
            ["export", "--facts"],
            ["export", "--format", "annotation"],
            ["report", "-o", report],
        ):
            result = subprocess.run(
                [*prefix, sys.executable, "-m", "claimtrack.cli", *args, "--db", db],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            assert result.returncode == 0, (args, result.stderr)
    finally:
        folder.chmod(0o755)


def test_a_directory_named_as_the_ledger_to_merge_into_exits_3(tmp_path, ledger_path):
    result = claimtrack("merge", ledger_path, "--into", str(tmp_path))
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path}: is a directory, not a ledger file"
    ]


HUGE = str(2**64)


@pytest.mark.parametrize(
    "command",
    [
        ["show", HUGE],
        ["status", HUGE, "supported", "--by", "qa"],
        ["claims", "--after", HUGE],
        ["claims", "--limit", HUGE],
        ["fact", HUGE],
        ["facts", "merge", HUGE, "1", "--by", "qa"],
        ["facts", "split", HUGE, "--by", "qa"],
        ["facts", "status", HUGE, "supported", "--by", "qa"],
        ["conflicts", "resolve", HUGE, "--by", "qa"],
    ],
)
def test_a_number_too_large_for_sqlite_is_one_line(ledger_path, command):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    result = CliRunner().invoke(cli, [*command, "--db", ledger_path], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: a number given is too large (the most is 9223372036854775807)"
    ]


def test_terminal_escapes_in_a_document_are_shown_not_sent_to_the_terminal(tmp_path):
    """A document is untrusted: its escape sequences (clear the screen, set the window title,
    a hidden hyperlink) must not reach the user's terminal through claims, show, facts or fact."""
    from click.testing import CliRunner

    from claimtrack.cli import cli

    doc = tmp_path / "esc.txt"
    doc.write_text(
        "On March 3, 2023, the minister \x1b[31msaid\x1b[0m the \x1b]8;;http://evil.example"
        "\x1b\\link\x1b]8;;\x1b\\ was \x1b[2J cleared, and the \u202eharbour\u202c opened.\n"
    )
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", str(doc), "--db", db, "--track"]).exit_code == 0
    for args in (["claims"], ["show", "1"], ["facts"], ["fact", "1"]):
        result = runner.invoke(cli, [*args, "--db", db], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\u202e" not in result.output, args
        assert "[U+001B]" in result.output, args


def test_report_names_the_file_it_wrote_as_it_is(tmp_path, ledger_path):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    target = tmp_path / "[draft] report.html"
    args = ["report", "--db", ledger_path, "-o", str(target)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0 and target.exists()
    assert f"Wrote {target}: " in result.stderr
