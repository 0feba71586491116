"""Every worked solution runs as a script and passes the checks its lesson uses."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.py"))
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def test_each_lesson_has_a_solution():
    assert [p.stem for p in LESSONS] == [p.stem for p in SOLUTIONS]


@pytest.mark.parametrize("script", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solution_passes_its_checks(script):
    run = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    verdicts = [line for line in run.stdout.splitlines() if line[:1] in "✓✗…"]
    assert len(verdicts) >= 2 and all(line.startswith("✓") for line in verdicts), run.stdout
