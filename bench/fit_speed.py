"""fnapi against Keras 3 on the guide's models at full size, in one run (`make bench`).

1. `fit` per step, batch 32, from arrays and from a `tf.data.Dataset` (the same dataset
   for both libraries): both models are built and warmed up (traced, compiled, run for
   `WARMUP_STEPS`, so that fnapi's LSTM loops are XLA-compiled: steady state), then each
   round times one epoch of Keras and one of fnapi, alternately, so that a busy moment
   hits both; a ratio is taken per round and the median of the rounds is reported.
   Keras uses its default compile() (on a CPU, jit_compile="auto" means no XLA); so does
   fnapi (XLA is opt-in: `compile(..., jit_compile=True)`).
2. The vision model's convolutions in GFLOP/s, against a large `tf.matmul`.
3. First-fit wall time: building, compiling, the first `fit` and a `predict` of the
   guide's small examples, each in a fresh process (bench/first_fit.py), alternating.
4. Peak memory added by fitting 2 GB streamed from a generator (bench/streaming_run.py).

Measure on a quiet machine: other processes slow Keras's per-step Python more than
fnapi's compiled loops, which flatters the ratios.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import fnapi  # noqa: E402  (quiet TensorFlow start-up first)
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import guide_models  # noqa: E402


# Steps each library runs before the clock starts: enough for fnapi's LSTM loops to reach
# their compiled tier (fnapi/layers/lstm_loop.py: XLA once training steps x time steps
# reach 10,000, here after 36-100 steps); Keras gets the same warm-up.
WARMUP_STEPS = 120


def _epoch_seconds(model, data, labels, dataset):
    start = time.perf_counter()
    if dataset is None:
        model.fit(data, labels, batch_size=32, epochs=1, verbose=0)
    else:
        model.fit(dataset, epochs=1, verbose=0)
    return time.perf_counter() - start


def alternating_fit(build, rounds, from_dataset):
    """-> (Keras ms/step, fnapi ms/step, per-round ratios), medians over the rounds."""
    np.random.seed(0)
    models = {}
    for lib in (keras, fnapi):
        model, loss, data, labels = build(lib)
        model.compile(optimizer="rmsprop", loss=loss)
        models[lib] = model
    steps = -(-len(data if isinstance(data, np.ndarray) else data[0]) // 32)
    as_tuple = (lambda v: tuple(v) if isinstance(v, list) else v)
    dataset = (tf.data.Dataset.from_tensor_slices((as_tuple(data), as_tuple(labels))).batch(32)
               if from_dataset else None)
    for model in models.values():  # warm-up: trace, compile, reach the steady state
        for _ in range(-(-WARMUP_STEPS // steps)):
            _epoch_seconds(model, data, labels, dataset)
    times = {keras: [], fnapi: []}
    for _ in range(rounds):
        for lib in (keras, fnapi):
            times[lib].append(_epoch_seconds(models[lib], data, labels, dataset) / steps)
    ratios = [k / f for k, f in zip(times[keras], times[fnapi])]
    return (statistics.median(times[keras]) * 1e3, statistics.median(times[fnapi]) * 1e3,
            ratios)


def matmul_gflops(size=2048, repeats=10):
    a = tf.random.normal((size, size))
    tf.linalg.matmul(a, a).numpy()
    start = time.perf_counter()
    for _ in range(repeats):
        out = tf.linalg.matmul(a, a)
    out.numpy()
    return 2 * size ** 3 * repeats / (time.perf_counter() - start) / 1e9


def first_fit(rounds):
    """-> {scenario: per-round (Keras s, fnapi s)}, each run in a fresh process."""
    found = {}
    for scenario in ("mlp", "headline", "tweets"):
        found[scenario] = []
        for _ in range(rounds):
            found[scenario].append(tuple(float(subprocess.run(
                [sys.executable, str(HERE / "first_fit.py"), lib, scenario],
                capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
                for lib in ("keras", "fnapi")))
    return found


def streaming_peak_mb():
    done = subprocess.run([sys.executable, str(HERE / "streaming_run.py")], capture_output=True,
                          text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["gigabytes"], (result["after_kb"] - result["before_kb"]) / 1024


def _rounds(ratios):
    return "[" + ", ".join(f"{r:.2f}" for r in ratios) + "]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, {os.cpu_count()} CPU cores, "
          f"batch 32, median of {args.rounds} alternating rounds\n")
    results = {}
    for source, from_dataset in (("arrays", False), ("tf.data.Dataset", True)):
        print(f"fit from {source}:")
        print(f"  {'model':<38}{'Keras 3 ms/step':>16}{'fnapi ms/step':>15}{'speed-up':>10}"
              "   rounds")
        for label, build in guide_models.MODELS.items():
            k, f, ratios = alternating_fit(build, args.rounds, from_dataset)
            results[(label, source)] = (k, f)
            print(f"  {label:<38}{k:>16.2f}{f:>15.2f}{statistics.median(ratios):>9.2f}x"
                  f"   {_rounds(ratios)}", flush=True)
        print()
    peak = matmul_gflops()
    k, f = results[("shared vision (Conv2D 64)", "arrays")]
    flops = guide_models.conv_flops_per_step()
    print(f"shared vision: Keras {flops / k / 1e6:.0f} GFLOP/s, fnapi {flops / f / 1e6:.0f} "
          f"GFLOP/s ({flops / f / 1e6 / peak:.0%} of a 2048x2048 tf.matmul: {peak:.0f} "
          "GFLOP/s)\n")
    found = first_fit(args.rounds)
    print("first-fit wall time (build, compile, first fit, predict; fresh processes):")
    print(f"  {'scenario':<38}{'Keras 3 s':>16}{'fnapi s':>15}{'speed-up':>10}   rounds")
    for scenario, pairs in found.items():
        ratios = [k / f for k, f in pairs]
        print(f"  {scenario:<38}{statistics.median(k for k, _ in pairs):>16.2f}"
              f"{statistics.median(f for _, f in pairs):>15.2f}"
              f"{statistics.median(ratios):>9.2f}x   {_rounds(ratios)}")
    totals = [sum(found[s][i][0] for s in found) / sum(found[s][i][1] for s in found)
              for i in range(args.rounds)]
    print(f"  {'all three':<38}{'':>31}{statistics.median(totals):>9.2f}x   {_rounds(totals)}\n")
    gigabytes, added = streaming_peak_mb()
    print(f"streaming: fit on {gigabytes:.0f} GB from a generator raised peak memory by "
          f"{added:.0f} MB")


if __name__ == "__main__":
    main()
