# Two commands (see README): `make lab` starts the lessons, `make test` runs every check.
# Each one creates or refreshes the local virtual environment .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/.ready

.PHONY: lab test outputs bench

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@echo "Installing the course's packages into $(VENV): about 2.5 GB, a few minutes the first time."
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(PY) -c 'import matplotlib.pyplot'  # builds the font cache now, not inside a lesson
	touch $(READY)

# Serves the repository root (so the lessons' links to ../fnapi and ../solutions open) and
# opens the lesson table; the command itself is in tools/lab.py, which the link test uses too.
lab: $(READY)
	$(PY) tools/lab.py

test: $(READY)
	$(PY) -m pytest tests lessons --nbval --nbval-sanitize-with lessons/sanitize.cfg -p no:cacheprovider

# Re-run every lesson in a fresh kernel and store its outputs (after changing a lesson).
outputs: $(READY)
	$(PY) tools/run_lessons.py

bench: $(READY)
	$(PY) bench/fit_speed.py
