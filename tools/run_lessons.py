"""Re-run lessons in a fresh kernel and store their outputs (what nbval later checks).

    .venv/bin/python tools/run_lessons.py                 # every lesson
    .venv/bin/python tools/run_lessons.py lessons/04_*.ipynb

Each notebook runs top to bottom in its own kernel with `lessons/` as the working
directory, exactly as `pytest --nbval` will run it, and is saved in place. `run` also
measures the kernel (tools/time_lessons.py uses it to keep the timing table).
"""
import dataclasses
import glob
import pathlib
import sys
import time

import nbformat
import psutil
from nbclient import NotebookClient

LESSONS = pathlib.Path(__file__).resolve().parent.parent / "lessons"


SLOW_CELL_S = 10  # a cell that runs longer shows a progress bar (lessons/AUTHORING.md)


@dataclasses.dataclass
class Cost:
    """What one lesson cost its kernel: CPU seconds (kernel and its children), wall seconds,
    and peak resident memory in MB (the kernel's high-water mark, plus any children's).
    `silent_slow_cells` lists (cell index, seconds) of cells slower than SLOW_CELL_S that
    showed no progress bar."""
    cpu_s: float
    wall_s: float
    peak_mb: float
    silent_slow_cells: list = dataclasses.field(default_factory=list)


def _kernel_cost(pid):
    kernel = psutil.Process(pid)
    processes = [kernel, *kernel.children(recursive=True)]
    cpu = 0.0
    peak_kb = 0
    for process in processes:
        times = process.cpu_times()
        cpu += times.user + times.system + times.children_user + times.children_system
        with open(f"/proc/{process.pid}/status") as status:  # VmHWM: the peak resident size
            peak_kb += next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return cpu, peak_kb / 1024


def run(path, save=True):
    """Execute one notebook in a fresh kernel; store its outputs; return its Cost."""
    notebook = nbformat.read(path, as_version=4)
    measured, started, silent_slow = {}, {}, []

    def cell_started(cell_index, **_):
        started[cell_index] = time.perf_counter()

    def measure(cell, cell_index, **_):  # after every cell, while the kernel is alive
        seconds = time.perf_counter() - started[cell_index]
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        if seconds > SLOW_CELL_S and "Epoch " not in text:
            silent_slow.append((cell_index, round(seconds)))
        measured["cpu"], measured["peak"] = _kernel_cost(client.km.provisioner.process.pid)

    client = NotebookClient(notebook, timeout=900, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(LESSONS)}},
                            on_cell_start=cell_started, on_cell_executed=measure)
    start = time.perf_counter()
    client.execute()
    cost = Cost(measured["cpu"], time.perf_counter() - start, measured["peak"], silent_slow)
    if save:
        nbformat.write(notebook, path)
    print(f"{pathlib.Path(path).name}: {cost.cpu_s:.0f} CPU-s, {cost.wall_s:.0f} s wall, "
          f"peak {cost.peak_mb:.0f} MB", flush=True)
    for index, seconds in silent_slow:
        print(f"  cell {index} ran {seconds} s without a progress bar", flush=True)
    return cost


def lesson_paths(args):
    return args or sorted(glob.glob(str(LESSONS / "[0-9][0-9]_*.ipynb")))


if __name__ == "__main__":
    for notebook_path in lesson_paths(sys.argv[1:]):
        run(notebook_path)
