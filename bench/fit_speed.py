"""Time `fit` per training step, fnapi against Keras 3, in one process, for the guide's models.

Run: `make bench` (or `.venv/bin/python bench/fit_speed.py [--rounds 5]`). Both libraries
build the same architecture from the guide at its full size and train on the same random
data with batch 32; each measurement is the median over rounds of one `fit(epochs=1)`
after a warm-up `fit` (which pays tracing and compiling). Keras uses its default compile()
(on a CPU, Keras 3's jit_compile="auto" means no XLA); fnapi is timed with its defaults
and again with jit_compile=True (XLA).
"""
import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import fnapi  # noqa: E402  (quiet TensorFlow start-up first)
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def mlp(lib):
    L = lib.layers
    inputs = L.Input(shape=(784,))
    x = L.Dense(64, activation="relu")(inputs)
    x = L.Dense(64, activation="relu")(x)
    model = lib.models.Model(inputs, L.Dense(10, activation="softmax")(x))
    data = np.random.rand(3200, 784).astype("float32")
    labels = np.eye(10, dtype="float32")[np.random.randint(0, 10, 3200)]
    return model, "categorical_crossentropy", data, labels


def headline(lib):
    L = lib.layers
    main_input = L.Input(shape=(100,), dtype="int32", name="main_input")
    lstm_out = L.LSTM(32)(L.Embedding(output_dim=512, input_dim=10000)(main_input))
    aux_output = L.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    aux_input = L.Input(shape=(5,), name="aux_input")
    x = L.concatenate([lstm_out, aux_input])
    for _ in range(3):
        x = L.Dense(64, activation="relu")(x)
    main_output = L.Dense(1, activation="sigmoid", name="main_output")(x)
    model = lib.models.Model([main_input, aux_input], [main_output, aux_output])
    n = 320
    data = [np.random.randint(1, 10000, (n, 100)).astype("int32"),
            np.random.randn(n, 5).astype("float32")]
    labels = [np.random.randint(0, 2, (n, 1)).astype("float32") for _ in range(2)]
    return model, ["binary_crossentropy"] * 2, data, labels


def tweets(lib):
    L = lib.layers
    tweet_a, tweet_b = L.Input(shape=(280, 256)), L.Input(shape=(280, 256))
    shared_lstm = L.LSTM(64)
    merged = L.concatenate([shared_lstm(tweet_a), shared_lstm(tweet_b)], axis=-1)
    model = lib.models.Model([tweet_a, tweet_b], L.Dense(1, activation="sigmoid")(merged))
    n = 160
    one_hot = np.eye(256, dtype="float32")
    data = [one_hot[np.random.randint(0, 256, (n, 280))] for _ in range(2)]
    return model, "binary_crossentropy", data, [np.random.randint(0, 2, (n, 1)).astype("float32")]


def vision(lib):
    L = lib.layers
    digit_input = L.Input(shape=(27, 27, 1))
    x = L.Conv2D(64, (3, 3))(digit_input)
    x = L.Conv2D(64, (3, 3))(x)
    x = L.MaxPooling2D((2, 2))(x)
    vision_model = lib.models.Model(digit_input, L.Flatten()(x))
    digit_a, digit_b = L.Input(shape=(27, 27, 1)), L.Input(shape=(27, 27, 1))
    merged = L.concatenate([vision_model(digit_a), vision_model(digit_b)])
    model = lib.models.Model([digit_a, digit_b], L.Dense(1, activation="sigmoid")(merged))
    n = 320
    data = [np.random.rand(n, 27, 27, 1).astype("float32") for _ in range(2)]
    return model, "binary_crossentropy", data, [np.random.randint(0, 2, (n, 1)).astype("float32")]


def conv_flops_per_step(batch=32):
    """Forward + backward FLOPs of the two convolutions (x2 inputs), ~3x the forward pass."""
    forward = 2 * (25 * 25 * 3 * 3 * 1 * 64 + 23 * 23 * 3 * 3 * 64 * 64)
    return 3 * forward * 2 * batch


def matmul_gflops(size=2048, repeats=10):
    a = tf.random.normal((size, size))
    tf.linalg.matmul(a, a).numpy()
    start = time.perf_counter()
    for _ in range(repeats):
        out = tf.linalg.matmul(a, a)
    out.numpy()
    return 2 * size ** 3 * repeats / (time.perf_counter() - start) / 1e9


def seconds_per_step(build, lib, rounds, **compile_options):
    np.random.seed(0)
    model, loss, data, labels = build(lib)
    model.compile(optimizer="rmsprop", loss=loss, **compile_options)
    steps = -(-len(data if isinstance(data, np.ndarray) else data[0]) // 32)
    model.fit(data, labels, batch_size=32, epochs=1, verbose=0)  # warm-up: trace, compile
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        model.fit(data, labels, batch_size=32, epochs=1, verbose=0)
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, "
          f"{os.cpu_count()} CPU cores, batch 32, median of {args.rounds} rounds\n")
    print(f"{'model':<34}{'Keras 3 ms/step':>16}{'fnapi ms/step':>15}{'speed-up':>10}"
          f"{'fnapi+XLA ms/step':>19}{'speed-up':>10}")
    results = {}
    for label, build in [("MLP 784-64-64-10", mlp), ("multi-I/O headline (LSTM 32)", headline),
                         ("shared-LSTM tweets (LSTM 64)", tweets), ("shared vision (Conv2D 64)", vision)]:
        k = seconds_per_step(build, keras, args.rounds)
        f = seconds_per_step(build, fnapi, args.rounds)
        x = seconds_per_step(build, fnapi, args.rounds, jit_compile=True)
        results[label] = (k, f)
        print(f"{label:<34}{k * 1e3:>16.2f}{f * 1e3:>15.2f}{k / f:>9.2f}x"
              f"{x * 1e3:>19.2f}{k / x:>9.2f}x", flush=True)
    peak = matmul_gflops()
    k, f = results["shared vision (Conv2D 64)"]
    flops = conv_flops_per_step()
    print(f"\nshared vision: Keras {flops / k / 1e9:.0f} GFLOP/s, fnapi {flops / f / 1e9:.0f} "
          f"GFLOP/s; a 2048x2048 tf.matmul runs at {peak:.0f} GFLOP/s on this machine")


if __name__ == "__main__":
    main()
