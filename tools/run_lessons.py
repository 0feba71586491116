"""Re-run lessons in a fresh kernel and store their outputs (what nbval later checks).

    .venv/bin/python tools/run_lessons.py                 # every lesson
    .venv/bin/python tools/run_lessons.py lessons/04_*.ipynb

Each notebook runs top to bottom in its own kernel with `lessons/` as the working
directory, exactly as `pytest --nbval` will run it, and is saved in place.
"""
import glob
import pathlib
import sys
import time

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

LESSONS = pathlib.Path(__file__).resolve().parent.parent / "lessons"


def run(path):
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    ExecutePreprocessor(timeout=900, kernel_name="python3", record_timing=False).preprocess(
        notebook, {"metadata": {"path": str(LESSONS)}})
    nbformat.write(notebook, path)
    print(f"{path}: {time.perf_counter() - start:.0f}s", flush=True)


if __name__ == "__main__":
    paths = sys.argv[1:] or sorted(glob.glob(str(LESSONS / "[0-9][0-9]_*.ipynb")))
    for notebook_path in paths:
        run(notebook_path)
