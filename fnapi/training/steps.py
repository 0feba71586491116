"""The compiled loops: many training (or evaluation) steps inside one `tf.function`.

Python calls `run_steps` once per chunk of batches, not once per batch, because a call
from Python costs more than a small model's whole step. Inside, each step is the
textbook one: forward pass under a `tf.GradientTape`, loss, gradients, optimizer update.
A step whose loss or gradients are not finite is not applied, and the loop stops there.
"""
import logging

import tensorflow as tf

from fnapi.graph import flatten


class _OwnTracesFilter(logging.Filter):
    """Each model traces its own loop once per data shape, but TensorFlow counts traces
    per source function, so training several models looks like "frequent retracing".
    Drop that false alarm, for fnapi's loops only."""

    def filter(self, record):
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message
                    and ("make_step_runner" in message or "make_predictor" in message))


tf.get_logger().addFilter(_OwnTracesFilter())


def make_step_runner(model, objectives, optimizer, train, jit_compile):
    variables = model.trainable_weights
    if train:
        optimizer.build(variables)

    def one_step(x, y, mask):
        with tf.GradientTape() as tape:
            predictions = flatten(model(x, training=train))
            loss, sums = objectives(y, predictions, mask)
        ok = tf.math.is_finite(loss)
        if train:
            grads = tape.gradient(loss, variables)
            present = [(g, v) for g, v in zip(grads, variables) if g is not None]
            ok = tf.logical_and(ok, tf.math.is_finite(tf.linalg.global_norm([g for g, _ in present])))
            if ok:
                optimizer.apply_gradients(present)
        return ok, sums

    @tf.function(jit_compile=jit_compile, reduce_retracing=True)
    def run_steps(xs, ys, masks, start, stop):
        """Steps `start..stop-1` of blocks shaped (steps, batch, ...) -> (sums, rows, ok, end)."""
        totals = tf.zeros(len(objectives.names))
        rows, ok, i = tf.constant(0.0), tf.constant(True), start
        while i < stop:  # a tf.while_loop: the bounds are tensors, so one trace serves all
            ok, sums = one_step([x[i] for x in xs], [y[i] for y in ys], masks[i])
            if not ok:
                break
            totals += sums
            rows += tf.reduce_sum(masks[i])
            i += 1
        return totals, rows, ok, i

    return run_steps


def make_predictor(model, jit_compile):
    @tf.function(jit_compile=jit_compile, reduce_retracing=True)
    def predict_batch(xs):
        return flatten(model(xs, training=False))
    return predict_batch
