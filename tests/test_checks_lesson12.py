"""Lesson 12's exercise checks refuse the shortcuts (lessons/AUTHORING.md, "No shortcuts").

The generic truths (the untouched stub reads "not yet", None reads "forgot `return`", one
line per check cell) are tests/test_checks.py's, for every lesson. Exercise 3 needs two
logical CPUs, which TensorFlow fixes at start-up: its answers run in a fresh process
(lesson12_replicas.py).
"""
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from exercises import lesson12, verdict
from test_checks import refused, verdict_line

HERE = pathlib.Path(__file__).resolve().parent


# --- exercise 1: a generator of batches for two inputs ------------------------------------
def _batch(images, labels):
    rows = images.astype("float32") / 255
    top, bottom = rows[:, :14].reshape(len(rows), 392), rows[:, 14:].reshape(len(rows), 392)
    return top, bottom, np.eye(10, dtype="float32")[labels]


def _cut(images, labels, start, batch_size):
    return images[start:start + batch_size], labels[start:start + batch_size]


def test_12_1_needs_a_generator_not_a_list():
    def as_list(images, labels, batch_size):
        batches = []
        for start in range(0, len(images), batch_size):
            top, bottom, y = _batch(*_cut(images, labels, start, batch_size))
            batches.append(((top, bottom), y))
        return batches

    refused("12", 1, as_list, "generator")


def test_12_1_refuses_converting_everything_first():
    def eager(images, labels, batch_size):
        top, bottom, y = _batch(images, labels)  # every image converted before the first batch
        for start in range(0, len(images), batch_size):
            yield (top[start:start + batch_size], bottom[start:start + batch_size]), \
                y[start:start + batch_size]

    refused("12", 1, eager, "one batch")


def test_12_1_explains_keras_tuple_rule():
    def flat(images, labels, batch_size):
        for start in range(0, len(images), batch_size):
            yield _batch(*_cut(images, labels, start, batch_size))

    refused("12", 1, flat, "sample_weight")


def test_12_1_refuses_endless_and_short_generators():
    def endless(images, labels, batch_size):
        while True:
            for start in range(0, len(images), batch_size):
                top, bottom, y = _batch(*_cut(images, labels, start, batch_size))
                yield (top, bottom), y

    refused("12", 1, endless, "one pass")

    def drops_the_last(images, labels, batch_size):
        for start in range(0, len(images) - batch_size + 1, batch_size):
            top, bottom, y = _batch(*_cut(images, labels, start, batch_size))
            yield (top, bottom), y

    refused("12", 1, drops_the_last, "smaller batch")


# --- exercise 2: the weighted loss of an epoch --------------------------------------------
def test_12_1_batches_of_python_lists_get_a_verdict_not_a_traceback():
    def as_lists(images, labels, batch_size):
        for start in range(0, len(images), batch_size):
            top, bottom, y = _batch(*_cut(images, labels, start, batch_size))
            yield [top.tolist(), bottom.tolist()], y.tolist()

    refused("12", 1, as_lists)


def _rows(batches, class_weight):
    for losses, classes, weights in batches:
        factor = np.ones(len(classes)) if class_weight is None else \
            np.array([class_weight[int(c)] for c in classes])
        yield np.asarray(losses, "float64"), np.asarray(weights, "float64") * factor


def test_12_2_refuses_dividing_by_the_weights():
    def by_weights(batches, class_weight=None):
        parts = list(_rows(batches, class_weight))
        return sum((l * w).sum() for l, w in parts) / sum(w.sum() for _, w in parts)

    refused("12", 2, by_weights, "number of rows")


def test_12_2_refuses_text_that_reads_like_the_number():
    def as_text(batches, class_weight=None):
        parts = list(_rows(batches, class_weight))
        rows = sum(len(l) for l, _ in parts)
        return str(sum((l * w).sum() for l, w in parts) / rows)

    refused("12", 2, as_text, "should return a number")


def test_12_2_refuses_a_mean_of_batch_means():
    def mean_of_means(batches, class_weight=None):
        return float(np.mean([(l * w).mean() for l, w in _rows(batches, class_weight)]))

    refused("12", 2, mean_of_means, "mean of the batches' means")


def test_12_2_refuses_fnapis_own_loss():
    import fnapi
    from fnapi.training.objectives import Objectives

    def borrowed(batches, class_weight=None):
        Objectives(["out"], "mse")(None, None, None, None)

    def evaluated(batches, class_weight=None):
        inputs = fnapi.Input((1,))
        model = fnapi.Model(inputs, fnapi.layers.Dense(1)(inputs))
        model.compile("sgd", "mse")
        return model.evaluate(np.zeros((2, 1)), np.zeros((2, 1)))

    refused("12", 2, borrowed, "switched off")
    refused("12", 2, evaluated, "switched off")


# --- exercise 3: one step on two replicas (a fresh process with two logical CPUs) ----------
@pytest.fixture(scope="module")
def replica_verdicts():
    run = subprocess.run([sys.executable, str(HERE / "lesson12_replicas.py")], cwd=HERE,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return dict(line.split("\t", 1) for line in run.stdout.splitlines() if "\t" in line)


@pytest.mark.parametrize("answer, words", [
    ("one_device", "outside strategy.run"),
    ("whole_batch_per_replica", "whole batch"),
    ("no_all_reduce", "one replica's own gradient"),
    ("local_rows", "its own rows"),
    ("mean_of_means", "A mean per replica"),
    ("global_mean", "SUM, not MEAN"),
])
def test_12_3_refuses_shortcuts_and_usual_mistakes(replica_verdicts, answer, words):
    line = replica_verdicts[answer]
    assert line.startswith(verdict.WRONG + " ") and words in line, line


@pytest.mark.parametrize("answer", ["right", "right_in_a_function"])
def test_12_3_passes_the_replica_step_eager_or_compiled(replica_verdicts, answer):
    assert replica_verdicts[answer].startswith(verdict.RIGHT + " "), replica_verdicts[answer]


def test_12_3_needs_two_logical_cpus_in_this_process():
    # pytest's process has one CPU device: even the right answer is told to restart.
    import tensorflow as tf

    assert len(tf.config.list_logical_devices("CPU")) == 1
    line = verdict_line("12", 3, _right_on_any_strategy)
    assert line.startswith(verdict.WRONG) and "two logical CPUs" in line, line


def _right_on_any_strategy(strategy, model, dataset):
    import tensorflow as tf

    import fnapi

    x, y = next(iter(strategy.experimental_distribute_dataset(dataset)))

    def step(x, y):
        replica = tf.distribute.get_replica_context()
        rows = replica.all_reduce("SUM", tf.cast(tf.shape(x)[0], tf.float32))
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(fnapi.losses.mean_squared_error(y, model(x))) / rows
        return replica.all_reduce("SUM", tape.gradient(loss, model.trainable_weights))
    return [strategy.experimental_local_results(g)[0] for g in strategy.run(step, args=(x, y))]


def test_lesson12_has_three_checks():
    assert all(callable(getattr(lesson12, f"check_{k}")) for k in (1, 2, 3))
