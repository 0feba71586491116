"""Trainer: compile, fit, evaluate and predict, mixed into `Model`.

Read `fit` top to bottom: check the arguments and the data (`adapters.adapt`: arrays,
datasets and generators all become one stream of batches), then for each epoch run the
compiled steps (`steps.py`) chunk by chunk and tell the callbacks. Every check comes
before the first step, so bad input changes nothing. A model compiled inside
`tf.distribute.Strategy.scope()` trains on all the strategy's replicas.
"""
import numpy as np
import tensorflow as tf

from fnapi import optimizers
from fnapi.callbacks import History, wants_every_batch
from fnapi.graph import pack_like
from fnapi.layers.call_context import steps_trained, trained_for
from fnapi.training import arguments
from fnapi.training.adapters import StreamData, adapt, is_stream
from fnapi.training.objectives import Objectives
from fnapi.training.progbar import Progbar, format_logs
from fnapi.training.steps import learners_pieces, make_predictor, make_step_runner

ONE_BATCH = 2**31 - 1  # a batch size that takes all the rows given at once


class Trainer:
    # Before `compile` and `fit`, as in Keras 2: no optimizer, no history, not stopping.
    optimizer, history, stop_training = None, None, False

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, jit_compile=False):
        """Choose how to learn. The optimizer and the losses are resolved before either is
        stored, so a compile that fails leaves the previous one. Raises ValueError for an
        unknown optimizer, loss or metric, or a loss, `loss_weights` or metrics that do not
        fit the outputs (a list of another length, a dict naming no output).

        Compiled inside `strategy.scope()`, the model trains with that `tf.distribute`
        strategy (its weights must have been made in the same scope). `jit_compile=True`
        compiles the loops with XLA; on a CPU it pays off only for long runs of small dense
        models (see bench/fit_speed.py), so it is off by default."""
        optimizer = optimizers.get(optimizer)
        keys = self.output_keys if self.built else {n: i for i, n in enumerate(self.output_names)}
        objectives = Objectives(self.output_names, loss, loss_weights, metrics, keys,
                                weighted_metrics)
        strategy = tf.distribute.get_strategy() if tf.distribute.has_strategy() else None
        if strategy is None and self.built and any(
                isinstance(w, tf.distribute.DistributedValues) for w in self.weights):
            raise ValueError(f"Model {self.name} was built inside a tf.distribute scope: compile "
                             "it inside the same `strategy.scope()` too.")
        if strategy is not None:
            outside = [w.name for w in self.weights if not
                       strategy.extended.variable_created_in_scope(w)] if self.built else []
            if outside:
                raise ValueError(f"Model {self.name} is compiled inside a tf.distribute scope, "
                                 f"but its weights ({outside[:3]}...) were made outside it: "
                                 "build the model inside `strategy.scope()` too.")
            optimizer.place_in(strategy)
        self.objectives, self.optimizer, self.distribute_strategy = objectives, optimizer, strategy
        self.jit_compile = bool(jit_compile)
        # As given, so that a saved model can be compiled again the same way.
        self.compile_arguments = {"loss": loss, "loss_weights": loss_weights, "metrics": metrics,
                                  "weighted_metrics": weighted_metrics}
        self._runners, self._metric_shapes, self._predictor = {}, None, None
        self.stop_training = False

    @property
    def metrics_names(self):
        """What `evaluate` returns, in order: loss, each output's loss, then the metrics."""
        return self.objectives.names if hasattr(self, "objectives") else []

    # --- running steps ----------------------------------------------------------------
    def _call_in_context(self, args, kwargs):
        """`model(x)` of a compiled model runs as its `predict` does: layers that follow the
        training steps taken (an LSTM's loop tier) see its optimizer's count."""
        if self.optimizer is None or steps_trained() is not None:
            return super()._call_in_context(args, kwargs)
        with trained_for(self.optimizer.iterations):
            return super()._call_in_context(args, kwargs)

    def _runner(self, train):
        if train not in self._runners:
            strategy = self.distribute_strategy or tf.distribute.get_strategy()
            self._runners[train] = make_step_runner(self, self.objectives, self.optimizer,
                                                    train, self.jit_compile, strategy)
        return self._runners[train]

    def _run_epoch(self, train, batches, chunk=None, on_chunk=None, before_chunk=None):
        """One pass over `batches` (ArrayData or StreamData); -> (logs, ok, steps done).
        `before_chunk(done)` and `on_chunk(done, logs)` run around each chunk of steps; a
        training pass ends early when a callback set `stop_training`."""
        run_blocks, run_stream = self._runner(train)
        names = self.objectives.names
        numerators, denominators, done, ok = np.zeros(len(names)), np.zeros(len(names)), 0, True
        if isinstance(batches, StreamData) or self.distribute_strategy is not None:
            iterator = (batches if isinstance(batches, StreamData) else StreamData(
                batches.dataset())).iterator(self.distribute_strategy)
            total, exhausted = batches.steps, False
            while not exhausted and (total is None or done < total):
                size = self._chunk_size(train, chunk) or (total - done if total else 2**31 - 1)
                if total:
                    size = min(size, total - done)
                if before_chunk:
                    before_chunk(done)
                num, den, ok, ran, exhausted = run_stream(iterator, tf.constant(size))
                numerators, denominators = numerators + num.numpy(), denominators + den.numpy()
                done += int(ran)
                if on_chunk and int(ran):  # no batch came: nothing ended
                    on_chunk(done, _ratios(names, numerators, denominators))
                if not bool(ok) or (train and self.stop_training):
                    break
        else:
            bx, by, bw, masks = batches.blocks()
            while done < batches.steps:
                start = done
                stop = min(start + (self._chunk_size(train, chunk) or batches.steps),
                           batches.steps)
                if before_chunk:
                    before_chunk(start)
                num, den, ok, end = run_blocks(bx, by, bw, masks, tf.constant(start),
                                               tf.constant(stop))
                numerators, denominators = numerators + num.numpy(), denominators + den.numpy()
                done = int(end)
                if on_chunk:
                    on_chunk(done, _ratios(names, numerators, denominators))
                if not bool(ok) or (train and self.stop_training):
                    break
        if not bool(ok):
            if train:
                print(f"\nBatch {done}: the loss or its gradients are not finite (NaN or inf). "
                      "Training stopped; that step was not applied, so the weights are those "
                      "of the last good step.")
            # The pass did not finish: its numbers must not look like a good epoch's.
            return dict.fromkeys(names, float("nan")), False, done
        return _ratios(names, numerators, denominators), True, done

    def _chunk_size(self, train, chunk):
        """Steps per call: `chunk` (None: all); one step if training is to stop, as Keras
        runs one batch after a callback set `stop_training` before an epoch began."""
        return 1 if train and self.stop_training else chunk

    # --- the public methods -----------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None):
        """Train for `epochs` passes over the data: arrays (batches of `batch_size`, None:
        32), a batched `tf.data.Dataset`, or a generator of batches (with `steps_per_epoch`
        batches per epoch if given). Returns a `History` (`history[name]`: one value per
        epoch). Raises ValueError/TypeError for bad arguments or data, before any step."""
        if not is_stream(x):
            batch_size = arguments.batch_size(batch_size)
        epochs, initial_epoch = arguments.epochs(epochs, initial_epoch)
        verbose, shuffle = arguments.verbose(verbose), arguments.shuffle(shuffle)
        split = arguments.validation_split(validation_split)
        steps_per_epoch = arguments.steps(steps_per_epoch, "steps_per_epoch")
        # History last, as in Keras: it records what other callbacks add to the logs.
        callbacks = [*arguments.callbacks(callbacks), History()]
        if split and is_stream(x):
            raise ValueError("`validation_split` is only supported for arrays; for a dataset or "
                             "generator give `validation_data`.")
        batches = adapt(self, x, y, sample_weight, class_weight, batch_size, shuffle,
                        steps=steps_per_epoch, steps_name="steps_per_epoch", runs_on=True)
        val = self._validation(validation_data, validation_steps, batch_size)
        if split and val is None:  # as in Keras, `validation_data` wins over the split
            batches, val = batches.split(split)
        history = callbacks[-1]
        steps = batches.steps
        for callback in callbacks:
            callback.set_model(self)
            callback.set_params({"verbose": verbose, "epochs": epochs, "steps": steps})
        chunk = (1 if wants_every_batch(callbacks) else
                 max(1, (steps or 100) // 10) if verbose == 1 else None)
        self.stop_training, logs = False, None
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
                _tell(callbacks, "on_train_batch_end", done - 1, logs)
            logs, ok, done = self._run_epoch(
                True, batches, chunk, on_chunk,
                lambda done: _tell(callbacks, "on_train_batch_begin", done))
            if ok and done == 0:
                needed = f" (in this case, {steps * epochs} batches)" if steps else ""
                print("Your input ran out of data; interrupting training. Make sure that your "
                      "dataset or generator can generate at least `steps_per_epoch * epochs` "
                      f"batches{needed}. You may need to use the repeat() function when "
                      "building your dataset; a generator must loop forever.")
                break
            if val is not None and ok:
                _tell(callbacks, "on_test_begin")
                val_logs, _, val_done = self._run_epoch(
                    False, val, 1 if wants_every_batch(callbacks, train=False) else None,
                    lambda done, logs: _tell(callbacks, "on_test_batch_end", done - 1, logs),
                    lambda done: _tell(callbacks, "on_test_batch_begin", done))
                _tell(callbacks, "on_test_end", dict(val_logs))
                if val_done:  # a used-up generator gives no numbers, not zeros (Keras 2)
                    logs.update({f"val_{k}": v for k, v in val_logs.items()})
            bar.update(done, logs, final=True)
            for callback in callbacks:
                callback.on_epoch_end(epoch, logs)
            if self.stop_training or not ok:
                break
        _tell(callbacks, "on_train_end", logs)
        self.history = history
        return history

    def _validation(self, validation_data, validation_steps, batch_size):
        if validation_data is None:
            return None
        steps = arguments.steps(validation_steps, "validation_steps")
        if is_stream(validation_data):
            return adapt(self, validation_data, steps=steps, steps_name="validation_steps")
        x_val, y_val, w_val = arguments.validation_data(validation_data)
        return adapt(self, x_val, y_val, w_val, batch_size=batch_size or 32, steps=steps,
                     steps_name="validation_steps")

    def evaluate(self, x=None, y=None, batch_size=None, verbose=0, sample_weight=None,
                 steps=None, return_dict=False):
        """The loss (and metrics) on the data: `loss`, or `[loss, output losses...,
        metrics...]` in `metrics_names` order, or a dict of them with `return_dict=True`."""
        if not is_stream(x):
            batch_size = arguments.batch_size(batch_size)
        verbose = arguments.verbose(verbose)
        batches = adapt(self, x, y, sample_weight, batch_size=batch_size,
                        steps=arguments.steps(steps, "steps"))
        logs, ok, done = self._run_epoch(False, batches)
        if ok and not done:
            raise ValueError("evaluate got no batch: the dataset or generator is empty (a "
                             "generator is used up by one pass).")
        if verbose:
            print(format_logs(logs))
        return logs if return_dict else _as_keras_returns(logs)

    def predict(self, x, batch_size=None, verbose=0, steps=None):
        """Outputs for the data (arrays, a dataset or a generator of inputs), computed in
        batches, in the model's output structure: one array, or a list/tuple/dict of them."""
        if not is_stream(x):
            batch_size = arguments.batch_size(batch_size)
        verbose = arguments.verbose(verbose)
        batches = adapt(self, x, batch_size=batch_size, targets=False,
                        steps=arguments.steps(steps, "steps"))
        if getattr(self, "_predictor", None) is None:
            self._predictor = make_predictor(self, getattr(self, "jit_compile", False),
                                             getattr(self, "optimizer", None))
        bar = Progbar(batches.steps, verbose)
        parts = []
        for inputs in _input_batches(batches, learners_pieces(self)):
            parts.append([p.numpy() for p in self._predictor(list(inputs))])
            bar.update(len(parts), {}, final=len(parts) == batches.steps)
        if not parts:
            raise ValueError("predict got no batch: the dataset or generator is empty.")
        outputs = [np.concatenate(column) for column in zip(*parts)]
        if isinstance(batches, StreamData):
            return pack_like(self._output_structure, outputs)
        return pack_like(self._output_structure, [o[:batches.rows] for o in outputs])

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None):
        """One training step on all of (x, y); returns what `evaluate` returns. Raises
        ValueError for bad data, before the step."""
        return self._on_batch(True, x, y, sample_weight, class_weight)

    def test_on_batch(self, x, y, sample_weight=None):
        """`evaluate` on all of (x, y) as one batch. Raises ValueError for bad data."""
        return self._on_batch(False, x, y, sample_weight)

    def _on_batch(self, train, x, y, sample_weight=None, class_weight=None):
        batches = adapt(self, x, y, sample_weight, class_weight, batch_size=ONE_BATCH)
        logs, _, _ = self._run_epoch(train, batches)
        return _as_keras_returns(logs)

    def predict_on_batch(self, x):
        """`predict` on all of x as one batch. Raises ValueError for bad data."""
        return self.predict(x, batch_size=ONE_BATCH)


def _input_batches(batches, exact_rows):
    """The input part of each batch: arrays cut in order, or the stream's batches."""
    if isinstance(batches, StreamData):  # `steps` batches if given (an iterator may be endless)
        for element in batches.dataset.take(batches.steps or -1):
            yield element[0]
        return
    blocks, _, _, _ = batches.blocks()
    for i in range(batches.steps):  # a learner's layer may mix rows: not the padded ones
        real = min(batches.batch_size, batches.rows - i * batches.batch_size)
        yield [block[i][:real] if exact_rows else block[i] for block in blocks]


def _tell(callbacks, hook, *args):
    for callback in callbacks:
        getattr(callback, hook)(*args)


def _ratios(names, numerators, denominators):
    return dict(zip(names, (numerators / np.maximum(denominators, 1e-12)).tolist()))


def _as_keras_returns(logs):
    """Keras's return value: the loss alone, or [loss, output losses..., metrics...]."""
    values = list(logs.values())
    return values[0] if len(values) == 1 else values
