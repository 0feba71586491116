"""Exercise checks for the lessons: `check_...(answer)` prints a bilingual verdict.

Each lesson's checks live in `lessons/exercises/lessonNN.py`; the notebooks and the
scripts in `solutions/` call the same functions, so a solution is exactly what passes.
"""
from exercises.verdict import check

__all__ = ["check"]
