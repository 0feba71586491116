"""Start JupyterLab for the course: the repository root is served, the lessons open.

    .venv/bin/python tools/lab.py            # what `make lab` runs

Serving the root (not `lessons/`) is what lets the lessons' links reach the library
(`../fnapi/...`) and the worked answers (`../solutions/...`), and lets the file browser show
them. `command()` is the one place the server command is written: the Makefile runs this
script, and tests/test_links.py starts the server with the same command (plus a port and a
token) to ask it for every linked file.
"""
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
START_PAGE = "lessons/README.md"  # the lesson table, with a link to every lesson
# Markdown files (the lesson table, the glossary) open rendered, not in the text editor.
SETTINGS = pathlib.Path(__file__).resolve().parent / "lab_settings"


def command(*extra):
    """The JupyterLab command line, with `extra` arguments appended."""
    args = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.default_url=/lab/tree/{START_PAGE}", f"--LabApp.app_settings_dir={SETTINGS}"]
    if hasattr(os, "getuid") and os.getuid() == 0:  # containers often run as root
        args.append("--allow-root")
    return args + list(extra)


if __name__ == "__main__":
    args = command(*sys.argv[1:])
    os.execv(args[0], args)
