"""Shortcut answers to lesson 12's exercise 3, each run through check_3 in a process with two
logical CPUs (TensorFlow fixes its devices at start-up, so tests/test_checks_lesson12.py runs
this file in a fresh process). Prints one line per answer: its name, a tab, the verdict line.

    python lesson12_replicas.py

Not a test file: a helper.
"""
import contextlib
import io

import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(2)  # as in the lessons' set-up cell
tf.config.threading.set_inter_op_parallelism_threads(2)
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

import fnapi  # noqa: E402
from exercises import lesson12  # noqa: E402

SUM, MEAN = tf.distribute.ReduceOp.SUM, tf.distribute.ReduceOp.MEAN


def _mse_sum(model, x, y):
    return tf.reduce_sum(fnapi.losses.mean_squared_error(y, model(x)))


def one_device(strategy, model, dataset):
    """Ignore the strategy: the whole batch on one device."""
    x, y = next(iter(dataset))
    with tf.GradientTape() as tape:
        loss = _mse_sum(model, x, y) / tf.cast(tf.shape(x)[0], tf.float32)
    return tape.gradient(loss, model.trainable_weights)


def whole_batch_per_replica(strategy, model, dataset):
    """strategy.run, but every replica gets the whole batch, and MEAN hides the doubling."""
    x, y = next(iter(dataset))

    def step(x, y):
        with tf.GradientTape() as tape:
            loss = _mse_sum(model, x, y) / tf.cast(tf.shape(x)[0], tf.float32)
        grads = tape.gradient(loss, model.trainable_weights)
        return tf.distribute.get_replica_context().all_reduce(MEAN, grads)
    return [strategy.experimental_local_results(g)[0] for g in strategy.run(step, args=(x, y))]


def _replica_answer(divide_by_global, reduce_op):
    def answer(strategy, model, dataset):
        x, y = next(iter(strategy.experimental_distribute_dataset(dataset)))

        def step(x, y):
            replica = tf.distribute.get_replica_context()
            rows = tf.cast(tf.shape(x)[0], tf.float32)
            if divide_by_global:
                rows = replica.all_reduce(SUM, rows)
            with tf.GradientTape() as tape:
                loss = _mse_sum(model, x, y) / rows
            grads = tape.gradient(loss, model.trainable_weights)
            return grads if reduce_op is None else replica.all_reduce(reduce_op, grads)
        return [strategy.experimental_local_results(g)[0] for g in strategy.run(step, args=(x, y))]
    return answer


def in_a_function(strategy, model, dataset):
    """The right answer, compiled: strategy.run inside a tf.function."""
    return tf.function(lambda: _replica_answer(True, SUM)(strategy, model, dataset))()


ANSWERS = {
    "one_device": one_device,
    "whole_batch_per_replica": whole_batch_per_replica,
    "no_all_reduce": _replica_answer(True, None),
    "local_rows": _replica_answer(False, SUM),
    "mean_of_means": _replica_answer(False, MEAN),
    "global_mean": _replica_answer(True, MEAN),
    "right": _replica_answer(True, SUM),
    "right_in_a_function": in_a_function,
}

if __name__ == "__main__":
    for name, answer in ANSWERS.items():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            lesson12.check_3(answer)
        print(f"{name}\t{out.getvalue().strip()}", flush=True)
