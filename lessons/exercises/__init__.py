"""Exercise checks for the lessons: `check_k(answer)` prints a one-line bilingual verdict.

Each lesson's checks live in `lessons/exercises/lessonNN.py`; the notebooks and the
scripts in `solutions/` call the same functions, so a solution is exactly what passes.
How a verdict is reported, and how the learner's code is run, is in `verdict.py`.
"""
from exercises.verdict import check

__all__ = ["check"]
