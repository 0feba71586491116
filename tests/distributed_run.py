"""Training runs for tests/test_distribute.py, each in a fresh process.

TensorFlow fixes its devices when it starts, so two logical CPUs (or a worker of a
multi-worker cluster) need a process of their own. Usage:

    python distributed_run.py mirrored OUT.json    # 1 device vs MirroredStrategy on 2 CPUs
    python distributed_run.py worker OUT.npz       # one worker of TF_CONFIG's cluster
    python distributed_run.py single OUT.npz       # the same training on one device

Not a test file: a helper.
"""
import json
import os
import sys

import tensorflow as tf

MODE, OUT = sys.argv[1], sys.argv[2]
if MODE == "mirrored":
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

import numpy as np  # noqa: E402

import fnapi  # noqa: E402
from fnapi.layers import lstm_loop  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import twins  # noqa: E402

EPOCHS, BATCH = 2, 16
# The LSTMs switch from plain to XLA-compiled loops at the fourth step (steps x 7 time steps
# >= 20; a long fit switches at 10,000), so both tiers run on the replicas.
lstm_loop.COMPILE_AFTER_STEPS = 20


def data(model, n=48):
    return twins.sample_data(model, n, np.random.default_rng(1), vocab=20)


def build(name, strategy=None):
    """The same model and weights every time (seeded), made in `strategy`'s scope."""
    builder, losses = twins.GUIDE_ARCHITECTURES[name]
    with strategy.scope() if strategy else _nothing():
        fnapi.utils.clear_session()
        fnapi.utils.set_random_seed(7)
        model = builder(fnapi)
        # SGD with momentum: Adam's division by sqrt(v) would magnify the float noise of
        # near-zero gradients summed in another order on two replicas beyond 1e-5.
        model.compile(fnapi.optimizers.SGD(0.05, momentum=0.9), losses,
                      metrics=[["mae"]] * len(losses))
    return model


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def train(model, as_dataset):
    xs, ys = data(model)
    weights = np.linspace(0.5, 1.5, len(xs[0])).astype("float32")
    if as_dataset:
        dataset = tf.data.Dataset.from_tensor_slices(
            (tuple(xs), tuple(ys), tuple([weights] * len(ys)))).batch(BATCH)
        return model.fit(dataset, epochs=EPOCHS, verbose=0).history
    return model.fit(xs, ys, sample_weight=weights, batch_size=BATCH, epochs=EPOCHS,
                     shuffle=False, verbose=0).history


def mirrored():
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    results = {}
    for name in ("mlp", "headline", "shared_vision", "video_qa"):
        for as_dataset in (False, True):
            one, two = build(name), build(name, strategy)
            h1, h2 = train(one, as_dataset), train(two, as_dataset)
            results[f"{name}/{'dataset' if as_dataset else 'arrays'}"] = {
                "replicas": strategy.num_replicas_in_sync,
                "mirrored": type(two.weights[0]).__name__,
                "history": max(abs(a - b) for k in h1 for a, b in zip(h1[k], h2[k])),
                "weights": float(max(np.abs(a - b).max() for a, b in zip(one.get_weights(),
                                                                          two.get_weights()))),
                "trained": float(max(np.abs(a - b).max() for a, b in zip(
                    one.get_weights(), build(name).get_weights())))}
    with open(OUT, "w") as file:
        json.dump(results, file)


def one_run(strategy):
    model = build("headline", strategy)
    history = train(model, as_dataset=True)
    if strategy is None or strategy.cluster_resolver.task_id == 0:
        np.savez(OUT, loss=np.array(history["loss"]), *model.get_weights())


if MODE == "mirrored":
    mirrored()
elif MODE == "worker":
    one_run(tf.distribute.MultiWorkerMirroredStrategy())
else:
    one_run(None)
