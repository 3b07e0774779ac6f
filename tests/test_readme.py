"""The README's two commands are the ones that work, and CI runs the test one verbatim."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands():
    readme = (ROOT / "README.md").read_text()
    blocks = readme.split("```bash\n")[1:3]
    return [block.split("\n```")[0].strip() for block in blocks]


def test_ci_runs_the_readme_test_command():
    main_command, test_command = commands()
    assert "claimtrack extract seeds/" in main_command
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text()
