"""Streaming: memory does not grow with the data.

Fitting from a generator of 2 GB of float32 rows raises the process's peak memory by less
than 400 MB (it reads one 4 MB batch at a time). Measured in a fresh process, whose peak
is its own (bench/streaming_run.py, which `make bench` runs too).
"""
import json
import pathlib
import subprocess
import sys

RUN = pathlib.Path(__file__).resolve().parents[1] / "bench" / "streaming_run.py"


def test_fitting_2_gb_from_a_generator_adds_less_than_400_mb():
    done = subprocess.run([sys.executable, str(RUN)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["gigabytes"] == 2.0 and 0.0 < result["loss"] < 1.0
    assert (result["after_kb"] - result["before_kb"]) / 1024 < 400, result
