"""Trainer: compile, fit, evaluate and predict, mixed into `Model`.

Read `fit` top to bottom: check the arguments and the data, then for each epoch shuffle,
cut into batches, run the compiled steps (`steps.py`) chunk by chunk, and tell the
callbacks. Every check comes before the first step, so bad input changes nothing.
"""
import numpy as np
import tensorflow as tf

from fnapi import optimizers
from fnapi.callbacks import History, wants_every_batch
from fnapi.graph import pack_like
from fnapi.training import arguments, data, weights_file
from fnapi.training.objectives import Objectives
from fnapi.training.progbar import Progbar, format_logs
from fnapi.training.steps import make_predictor, make_step_runner


class Trainer:
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                jit_compile=False):
        """Choose how to learn. The optimizer and the losses are resolved before either is
        stored, so a compile that fails leaves the previous one. Raises ValueError for an
        unknown optimizer, loss or metric, or a loss, `loss_weights` or metrics that do not
        fit the outputs (a list of another length, a dict naming no output).

        `jit_compile=True` compiles the loops with XLA. On a CPU it pays off only for long
        runs of small dense models (see bench/fit_speed.py), so it is off by default."""
        optimizer = optimizers.get(optimizer)
        keys = self.output_keys if self.built else {n: i for i, n in enumerate(self.output_names)}
        self.objectives = Objectives(self.output_names, loss, loss_weights, metrics, keys)
        self.optimizer = optimizer
        self.jit_compile = bool(jit_compile)
        self._runners, self._metric_shapes, self._predictor = {}, None, None
        self.stop_training = False

    @property
    def metrics_names(self):
        """What `evaluate` returns, in order: loss, each output's loss, then the metrics."""
        return self.objectives.names if hasattr(self, "objectives") else []

    # --- data -------------------------------------------------------------------------
    def _arrays(self, x, y=None, targets=False):
        """-> (inputs, targets or None) as lists of arrays, all checked."""
        if targets and not hasattr(self, "objectives"):
            raise RuntimeError(f"You must compile your model before training/testing. Use "
                               f"`model.compile(optimizer, loss)` (model {self.name}).")
        if not self.built:  # a Sequential without an input shape: build it from the data
            self._build_once((None, *data.first_array(x).shape[1:]))
        xs = data.as_arrays(x, self.input_keys, self.inputs, "input", self.name)
        if not targets:
            data.check_lengths(xs)
            return xs, None
        ys = data.as_arrays(y, self.output_keys, self.outputs, "target", self.name)
        data.check_targets(ys, self.outputs, self.output_names, self.objectives.sparse)
        data.check_lengths(xs, ys)
        # Metrics depend on the targets' shapes per sample, not on how many samples come.
        shapes = ([t.shape for t in self.outputs], [(None, *a.shape[1:]) for a in ys])
        if self._metric_shapes != shapes:
            self.objectives.resolve_metrics(*shapes)
            self._metric_shapes, self._runners = shapes, {}
        return xs, ys

    def _runner(self, train):
        if train not in self._runners:
            self._runners[train] = make_step_runner(self, self.objectives, self.optimizer,
                                                    train, self.jit_compile)
        return self._runners[train]

    # --- running steps ----------------------------------------------------------------
    def _run_epoch(self, train, xs, ys, batch_size, order, chunk=None, on_chunk=None):
        """Run one pass over the samples in `order`; -> (logs, ok)."""
        batch_size = min(batch_size, len(order))
        blocks_x, masks = data.epoch_batches(xs, batch_size, order)
        blocks_y, _ = data.epoch_batches(ys, batch_size, order)
        bx, by = [tf.constant(b) for b in blocks_x], [tf.constant(b) for b in blocks_y]
        masks = tf.constant(masks)
        steps = len(masks)
        run_steps, names = self._runner(train), self.objectives.names
        totals, rows, logs, ok = np.zeros(len(names)), 0.0, {}, True
        for start in range(0, steps, chunk or steps):
            stop = min(start + (chunk or steps), steps)
            sums, n, ok, end = run_steps(bx, by, masks, tf.constant(start), tf.constant(stop))
            totals, rows = totals + sums.numpy(), rows + float(n)
            logs = dict(zip(names, (totals / max(rows, 1.0)).tolist()))
            if on_chunk:
                on_chunk(int(end), logs)
            if not bool(ok):
                if train:
                    print(f"\nBatch {int(end)}: the loss or its gradients are not finite (NaN "
                          "or inf). Training stopped; that step was not applied, so the "
                          "weights are those of the last good step.")
                # The pass did not finish: its numbers must not look like a good epoch's.
                logs = dict.fromkeys(names, float("nan"))
                break
        return logs, bool(ok)

    # --- the public methods -----------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", shuffle=True,
            validation_split=0.0, validation_data=None, callbacks=None, initial_epoch=0):
        """Train for `epochs` passes over (x, y) in batches of `batch_size` (None: 32).

        Returns a `History` whose `history` maps each logged name to a list per epoch.
        Raises ValueError/TypeError for bad arguments or data, before any step runs."""
        batch_size = arguments.batch_size(batch_size)
        epochs, initial_epoch = arguments.epochs(epochs, initial_epoch)
        verbose, shuffle = arguments.verbose(verbose), arguments.shuffle(shuffle)
        split = arguments.validation_split(validation_split)
        callbacks = [History(), *arguments.callbacks(callbacks)]
        xs, ys = self._arrays(x, y, targets=True)
        val = arguments.validation_data(validation_data)
        if val is not None:
            val = self._arrays(*val, targets=True)
        elif split:
            xs, x_val = data.split_off(xs, split)
            ys, y_val = data.split_off(ys, split)
            val = (x_val, y_val)
        history = callbacks[0]
        for callback in callbacks:
            callback.set_model(self)
        every_batch = wants_every_batch(callbacks)
        n = len(xs[0])
        steps = -(-n // min(batch_size, n))
        chunk = 1 if every_batch else max(1, steps // 10) if verbose == 1 else None
        self.stop_training = False
        for callback in callbacks:
            callback.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            for callback in callbacks:
                callback.on_epoch_begin(epoch)
            if verbose:
                print(f"Epoch {epoch + 1}/{epochs}")
            bar = Progbar(steps, verbose)

            def on_chunk(done, logs):
                bar.update(done, logs)
                for callback in callbacks:
                    callback.on_batch_end(done - 1, logs)
            order = np.random.permutation(n) if shuffle else np.arange(n)
            logs, ok = self._run_epoch(True, xs, ys, batch_size, order, chunk, on_chunk)
            if val is not None and ok:
                val_logs, _ = self._run_epoch(False, *val, batch_size, np.arange(len(val[0][0])))
                logs.update({f"val_{k}": v for k, v in val_logs.items()})
            bar.update(steps, logs, final=True)
            for callback in callbacks:
                callback.on_epoch_end(epoch, logs)
            if self.stop_training or not ok:
                break
        for callback in callbacks:
            callback.on_train_end()
        self.history = history
        return history

    def evaluate(self, x=None, y=None, batch_size=None, verbose=0, return_dict=False):
        """The loss (and metrics) on (x, y): `loss`, or `[loss, output losses..., metrics...]`
        in `metrics_names` order, or a dict of them with `return_dict=True`.
        Raises ValueError for bad arguments or data, before any step runs."""
        batch_size, verbose = arguments.batch_size(batch_size), arguments.verbose(verbose)
        xs, ys = self._arrays(x, y, targets=True)
        logs, _ = self._run_epoch(False, xs, ys, batch_size, np.arange(len(xs[0])))
        if verbose:
            print(format_logs(logs))
        return logs if return_dict else _as_keras_returns(logs)

    def predict(self, x, batch_size=None, verbose=0):
        """Outputs for `x`, computed in batches of `batch_size` (None: 32), in the model's
        output structure: one array, or a list/tuple/dict of arrays.
        Raises ValueError for bad arguments or data (inputs of unequal sample counts too),
        before anything runs."""
        batch_size, verbose = arguments.batch_size(batch_size), arguments.verbose(verbose)
        xs, _ = self._arrays(x)
        n = len(xs[0])
        batch_size = min(batch_size, n)
        if getattr(self, "_predictor", None) is None:
            self._predictor = make_predictor(self, getattr(self, "jit_compile", False))
        blocks, _ = data.epoch_batches(xs, batch_size, np.arange(n))
        bar = Progbar(len(blocks[0]), verbose)
        parts = []
        for i in range(len(blocks[0])):
            parts.append([p.numpy() for p in self._predictor([tf.constant(b[i]) for b in blocks])])
            bar.update(i + 1, {}, final=i + 1 == len(blocks[0]))
        outputs = [np.concatenate(column)[:n] for column in zip(*parts)]
        return pack_like(self._output_structure, outputs)

    def train_on_batch(self, x, y):
        """One training step on all of (x, y); returns what `evaluate` returns. Raises
        ValueError for bad data, before the step."""
        return self._on_batch(True, x, y)

    def test_on_batch(self, x, y):
        """`evaluate` on all of (x, y) as one batch. Raises ValueError for bad data."""
        return self._on_batch(False, x, y)

    def _on_batch(self, train, x, y):
        xs, ys = self._arrays(x, y, targets=True)
        n = len(xs[0])
        logs, _ = self._run_epoch(train, xs, ys, n, np.arange(n))
        return _as_keras_returns(logs)

    def predict_on_batch(self, x):
        """`predict` on all of x as one batch. Raises ValueError for bad data."""
        xs, _ = self._arrays(x)
        return self.predict(xs, batch_size=len(xs[0]))

    def save_weights(self, filepath):
        """Write every weight to `filepath` (see `weights_file`). Raises TypeError for a
        `filepath` that is no path, ValueError for a folder that does not exist."""
        weights_file.save(self, arguments.filepath(filepath))

    def load_weights(self, filepath):
        """Read every weight from `filepath`; on any mismatch nothing changes. Raises
        TypeError for a `filepath` that is no path, ValueError for a file that cannot be
        read or that does not fit the model."""
        weights_file.load(self, arguments.filepath(filepath))


def _as_keras_returns(logs):
    """Keras's return value: the loss alone, or [loss, output losses..., metrics...]."""
    values = list(logs.values())
    return values[0] if len(values) == 1 else values
