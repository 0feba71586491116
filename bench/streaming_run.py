"""Run by tests/test_streaming_memory.py and bench/fit_speed.py in a fresh process, whose
peak memory is its own.

Fits a small model on 2 GB of float32 rows that a generator makes batch by batch, and
prints the process's peak resident memory (KB) before and after the fit as JSON.
"""
import json
import resource

import numpy as np

import fnapi

FEATURES, ROWS_PER_BATCH, BATCHES = 1000, 1000, 500  # 500 x 4 MB = 2 GB of float32


def batches():
    rng = np.random.default_rng(0)
    for _ in range(BATCHES):
        x = rng.random((ROWS_PER_BATCH, FEATURES), dtype=np.float32)
        yield x, x[:, :1] > 0.5


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


inputs = fnapi.Input((FEATURES,))
model = fnapi.Model(inputs, fnapi.layers.Dense(1, activation="sigmoid")(
    fnapi.layers.Dense(16, activation="relu")(inputs)))
model.compile("adam", "binary_crossentropy")
first = next(batches())
model.fit((batch for batch in [first]), verbose=0)  # trace and build once, before measuring
del first
before = peak_kb()
history = model.fit(batches(), verbose=0).history
print(json.dumps({"before_kb": before, "after_kb": peak_kb(), "loss": history["loss"][0],
                  "gigabytes": BATCHES * ROWS_PER_BATCH * FEATURES * 4 / 1e9}))
