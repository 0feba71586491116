"""Every lesson runs within its budget on 2 cores: 60 CPU-seconds and 1.5 GB, and a cell that
runs longer than 10 s shows a progress bar (issue 9, item 4).

The numbers are tools/time_lessons.py's measurements, kept in lessons/README.md; the tool
writes the table, this test reads it. Re-measure after changing a lesson.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import time_lessons  # noqa: E402


def test_every_lesson_is_measured_and_within_budget():
    rows = time_lessons.read_rows(time_lessons.README.read_text())
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(rows) == lessons
    for name, (cpu_s, wall_s, peak_mb, silent_slow_cells) in rows.items():
        assert 0 < cpu_s <= time_lessons.BUDGET_CPU_S, (name, cpu_s)
        assert 0 < peak_mb <= time_lessons.BUDGET_PEAK_MB, (name, peak_mb)
        assert wall_s > 0, name
        assert silent_slow_cells == 0, (name, "a cell over 10 s shows no progress bar")
