"""The compiled loops: many training (or evaluation) steps inside one `tf.function`.

Python calls a loop once per chunk of batches, not once per batch, because a call from
Python costs more than a small model's whole step. Batches come from one of two sources,
the same stream of (inputs, targets, sample weights) either way:
- blocks: arrays already in memory, cut into (steps, batch, ...) tensors with a row mask
  (the fast path: step i reads block i);
- a stream: an iterator over a `tf.data` pipeline (datasets, generators, and any data
  under a `tf.distribute` strategy), read until it ends.
Each step is the textbook one: forward pass under a `tf.GradientTape`, loss, gradients,
optimizer update. Under a `tf.distribute` strategy the step runs on every replica
(`strategy.run`) on its share of the global batch: the strategy sums the gradients
(`all_reduce`) and the logged sums (`strategy.reduce`), and the optimizer updates each
copy of each weight on its own device. Without a strategy those calls do nothing.
A step whose loss or gradients are not finite is not applied, and the loop stops there.
"""
import logging

import tensorflow as tf

from fnapi.graph import flatten
from fnapi.layers.call_context import trained_for

SUM = tf.distribute.ReduceOp.SUM


class _OwnTracesFilter(logging.Filter):
    """Each model traces its own loop once per data shape, but TensorFlow counts traces
    per source function, so training several models looks like "frequent retracing".
    Drop that false alarm, for fnapi's loops only."""

    def filter(self, record):
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message
                    and ("make_step_runner" in message or "make_predictor" in message))


tf.get_logger().addFilter(_OwnTracesFilter())


def make_step_runner(model, objectives, optimizer, train, jit_compile, strategy):
    """-> (run_blocks, run_stream): two loops over the same step; see the module docstring.

    Both return (numerators, denominators, ok, steps done[, exhausted]) summed over the
    steps they ran, one entry per logged value."""
    variables = model.trainable_weights
    if train:
        with strategy.scope():
            optimizer.build(variables)
    logged = len(objectives.names)
    # The padded rows of a last, smaller batch are dropped, not only masked, when a learner's
    # layer (which may mix rows) or loss or metric (which may give one number per batch) is
    # in play: they must not see those rows. fnapi's own pieces work row by row, and keep
    # the static batch shape (no XLA compile per last-batch size); XLA needs it anyway.
    drop_padding = not jit_compile and (learners_pieces(model) or objectives.has_learners_functions)

    def step(x, y, w, mask=None):
        """One step on this replica's rows. The loss is the mean over the rows of *all*
        replicas, so the summed gradients are those of the whole global batch."""
        replica = tf.distribute.get_replica_context()
        if mask is None:
            mask = tf.ones(tf.shape(flatten(x)[0])[:1])
        elif drop_padding:
            objectives.check_shapes(y, model.outputs, mask.shape[0])
            real = tf.cast(tf.reduce_sum(mask), tf.int32)
            x, y, w, mask = tf.nest.map_structure(lambda t: t[:real], (x, y, w, mask))
        with tf.GradientTape() as tape, trained_for(optimizer.iterations):
            predictions = _as_declared(model, flatten(model(x, training=train)))
            total, numerators, denominators = objectives(y, predictions, mask, w)
            rows = replica.all_reduce(SUM, tf.reduce_sum(mask))
            loss = total / rows
        ok = tf.math.is_finite(replica.all_reduce(SUM, total) / rows)
        if train:
            grads = tape.gradient(loss, variables)
            present = [(g, v) for g, v in zip(grads, variables) if g is not None]
            if not present:  # nothing to train (frozen or no weights): the loss is reported
                return ok, numerators, denominators
            if jit_compile:  # XLA needs static shapes: sparse rows (tf.unique) become dense
                present = [(tf.convert_to_tensor(g), v) for g, v in present]
            summed = replica.all_reduce(SUM, [g for g, _ in present])
            ok = tf.logical_and(ok, tf.math.is_finite(tf.linalg.global_norm(summed)))
            ok = replica.merge_call(_apply, args=(optimizer, ok, list(zip(summed, [
                v for _, v in present]))))
        return ok, numerators, denominators

    # The loops are written with tf.while_loop and tf.cond themselves (autograph=False):
    # AutoGraph would otherwise rewrite every Python function the step calls, which took
    # seconds per trace. A learner's own layer is still converted (Layer._call_in_context).
    @tf.function(jit_compile=jit_compile, reduce_retracing=True, autograph=False)
    def run_blocks(xs, ys, ws, masks, start, stop):
        """Steps `start..stop-1` of blocks shaped (steps, batch, ...)."""
        def body(i, ok, numerators, denominators):
            ok, num, den = step([x[i] for x in xs], [y[i] for y in ys], [w[i] for w in ws],
                                masks[i])
            return _kept(ok, i, numerators, denominators, num, den)
        i, ok, numerators, denominators = tf.while_loop(
            lambda i, ok, *_: tf.logical_and(ok, i < stop), body,
            (start, tf.constant(True), tf.zeros(logged), tf.zeros(logged)))
        if train and not jit_compile:  # rows a sparse update skipped (none under XLA),
            optimizer.catch_up()  # up to date at each chunk's end (Optimizer.catch_up)
        return numerators, denominators, ok, i

    @tf.function(reduce_retracing=True, autograph=False)
    def run_stream(iterator, steps):
        """Up to `steps` batches from `iterator`; `exhausted` says whether it ran out."""
        def body(done, ok, exhausted, numerators, denominators):
            batch = iterator.get_next_as_optional()

            def on_batch():
                x, y, w = batch.get_value()
                ok, num, den = strategy.run(step, args=(x, y, w))
                ok = strategy.experimental_local_results(ok)[0]
                count, ok, num, den = _kept(ok, done, numerators, denominators,
                                            strategy.reduce(SUM, num, axis=None),
                                            strategy.reduce(SUM, den, axis=None))
                return count, ok, tf.constant(False), num, den
            return tf.cond(batch.has_value(), on_batch,
                           lambda: (done, ok, tf.constant(True), numerators, denominators))
        done, ok, exhausted, numerators, denominators = tf.while_loop(
            lambda done, ok, exhausted, *_: tf.logical_and(
                tf.logical_and(ok, tf.logical_not(exhausted)), done < steps), body,
            (tf.constant(0), tf.constant(True), tf.constant(False), tf.zeros(logged),
             tf.zeros(logged)))
        if train:
            optimizer.catch_up()
        return numerators, denominators, ok, done, exhausted

    return run_blocks, run_stream


def _kept(ok, done, numerators, denominators, num, den):
    """After a step: the count and sums advance if it was finite; else all stays."""
    return (done + tf.cast(ok, done.dtype), ok, numerators + tf.where(ok, num, 0.0),
            denominators + tf.where(ok, den, 0.0))


def _apply(strategy, optimizer, ok, grads_and_vars):
    """In the cross-replica context: apply the summed gradients once, if all is finite."""
    ok = strategy.experimental_local_results(ok)[0]

    def update():
        optimizer.apply_gradients(grads_and_vars, strategy)
        return tf.constant(True)
    return tf.cond(ok, update, lambda: tf.constant(False))


def make_predictor(model, jit_compile, optimizer=None):
    """`optimizer`: a compiled model's, whose step count the layers may follow."""
    @tf.function(jit_compile=jit_compile, reduce_retracing=True, autograph=False)
    def predict_batch(xs):
        with trained_for(None if optimizer is None else optimizer.iterations):
            return _as_declared(model, flatten(model(xs, training=False)))
    return predict_batch


def _as_declared(model, outputs):
    """Checked while tracing, so before any step: a layer whose `compute_output_shape`
    disagrees with its `call` would otherwise broadcast targets or lose gradients."""
    for output, declared, name in zip(outputs, model.outputs, model.output_names):
        if not output.shape[1:].is_compatible_with(declared.shape[1:]):  # any batch size
            raise ValueError(f"Output {name!r} of model {model.name} has shape "
                             f"{tuple(output.shape)} when run, but {tuple(declared.shape)} in "
                             "the model's graph: a layer's `compute_output_shape` does not "
                             "match what its `call` returns.")
    return outputs


def learners_pieces(model):
    """True if `model` holds a layer of a learner's own class (at any depth)."""
    return any(not type(layer).__module__.startswith("fnapi.") or learners_pieces(layer)
               for layer in model._sublayers())
