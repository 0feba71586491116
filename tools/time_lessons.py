"""Time every lesson and keep the table in lessons/README.md.

    .venv/bin/python tools/time_lessons.py                  # every lesson, one at a time
    .venv/bin/python tools/time_lessons.py lessons/07_*.ipynb

Each lesson runs top to bottom in a fresh kernel (tools/run_lessons.py), with its outputs
stored as a side effect. Measured for the kernel process and its children: CPU seconds, wall
seconds, peak resident memory, and how many cells ran longer than 10 s without showing a
progress bar. The budget for one lesson on 2 cores is 60 CPU-seconds and 1.5 GB, and no
silent slow cell; tests/test_lesson_budget.py checks the table against it. Measure on a quiet
machine (CPU seconds move less with load than wall time, but they do move).
"""
import pathlib
import re
import sys

import run_lessons

README = run_lessons.LESSONS / "README.md"
BEGIN, END = "<!-- timing table: tools/time_lessons.py -->", "<!-- end of timing table -->"
BUDGET_CPU_S, BUDGET_PEAK_MB = 60, 1536


def table(rows):
    lines = ["| lesson | CPU-s | wall s | peak MB | silent cells > 10 s |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {name} | {cost.cpu_s:.0f} | {cost.wall_s:.0f} | {cost.peak_mb:.0f} | "
              f"{len(cost.silent_slow_cells)} |" for name, cost in sorted(rows.items())]
    return "\n".join(lines)


def read_rows(text):
    """{lesson: (cpu_s, wall_s, peak_mb, silent slow cells)} from the table in README.md."""
    block = text.split(BEGIN)[1].split(END)[0]
    rows = re.findall(r"^\| (\S+\.ipynb) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", block, re.M)
    return {name: tuple(float(v) for v in values) for name, *values in rows}


def write(rows):
    text = README.read_text()
    old = {name: run_lessons.Cost(cpu, wall, peak, [None] * int(silent))
           for name, (cpu, wall, peak, silent) in read_rows(text).items()}
    old.update(rows)
    before, rest = text.split(BEGIN)
    after = rest.split(END)[1]
    README.write_text(f"{before}{BEGIN}\n{table(old)}\n{END}{after}")


if __name__ == "__main__":
    measured = {}
    for path in run_lessons.lesson_paths(sys.argv[1:]):
        measured[pathlib.Path(path).name] = run_lessons.run(path)
        write(measured)
