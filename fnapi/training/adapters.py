"""Data in any form Keras takes, turned into the one stream the step runner reads.

- arrays (NumPy arrays, tf.Tensors, nested lists of numbers) -> `ArrayData`;
- a batched `tf.data.Dataset` -> `StreamData` (see `dataset_data`);
- a Python generator or any other iterator -> a dataset (see `generator_data`) ->
  `StreamData`.
Every check happens here, before the first step: names, counts, shapes, sample and
class weights, and the arguments that make no sense for a kind of data.
"""
import collections.abc

import numpy as np
import tensorflow as tf

from fnapi.graph import flatten
from fnapi.training import data
from fnapi.training.array_data import ArrayData
from fnapi.training.dataset_data import standardize, unpack
from fnapi.training.generator_data import dataset_from_generator
from fnapi.training.sample_weights import check_class_weight, class_weights, per_output


class StreamData:
    """A standardized dataset: (inputs, targets, weights) per batch, read batch by batch.

    `steps` per pass is `steps` if given, else the dataset's length if known, else None
    (read to the end). With `steps_per_epoch` in `fit`, one iterator runs on across the
    epochs, as in Keras (`runs_on`); every other pass starts from the first batch.
    """

    def __init__(self, dataset, steps=None, runs_on=False):
        self.dataset, self._iterator = dataset, None
        cardinality = int(dataset.cardinality())
        self.steps = steps or (cardinality if cardinality >= 0 else None)
        self.keeps_iterator = runs_on and steps is not None

    def iterator(self, strategy):
        """The iterator of this epoch, over batches split across `strategy`'s replicas."""
        if self._iterator is None or not self.keeps_iterator:
            dataset = self.dataset if strategy is None else \
                strategy.experimental_distribute_dataset(self.dataset)
            self._iterator = iter(dataset)
        return self._iterator


def is_stream(x):
    """A dataset, or any iterator (a generator, `iter(...)`, `map(...)`), as in Keras 2."""
    return isinstance(x, (tf.data.Dataset, collections.abc.Iterator))


def adapt(model, x, y=None, sample_weight=None, class_weight=None, batch_size=None,
          shuffle=False, targets=True, steps=None, steps_name="steps", runs_on=False):
    """-> ArrayData or StreamData for `x` (and `y`, weights). Raises ValueError/TypeError
    naming what does not fit, before anything runs. `steps_name`: the argument `steps`
    came from, for the message."""
    if targets and not hasattr(model, "objectives"):
        raise RuntimeError("You must compile your model before training/testing. Use "
                           f"`model.compile(optimizer, loss)` (model {model.name}).")
    class_table = check_class_weight(class_weight, model.outputs or [None])
    if is_stream(x):
        kind = ("a tf.data.Dataset" if isinstance(x, tf.data.Dataset) else
                "a generator or iterator")
        for name, value in (("y", y), ("sample_weight", sample_weight),
                            ("batch_size", batch_size)):
            if value is not None:
                raise ValueError(f"`{name}` must not be given when x is {kind}: its batches "
                                 "already hold the targets and weights, batched.")
        dataset = x if isinstance(x, tf.data.Dataset) else dataset_from_generator(x, model)
        if steps is None and int(dataset.cardinality()) == tf.data.INFINITE_CARDINALITY:
            raise ValueError("When providing an infinite dataset, you must specify the number "
                             f"of steps to run (`{steps_name}`); if you did not intend to "
                             "create an infinite dataset, make sure to not call `repeat()` on "
                             "the dataset.")
        if _shaped_by(model):
            first_input = flatten(unpack(dataset.element_spec)[0])[0]
            model._build_once((None, *first_input.shape[1:]))
        stream = StreamData(standardize(dataset, model, targets, class_table), steps, runs_on)
        if targets:
            _resolve_metrics(model, stream.dataset.element_spec[1])
        return stream
    if steps is not None:  # Keras 2 would read only the first `steps` batches of the arrays
        raise ValueError(f"`{steps_name}` is only for datasets, generators and iterators; with "
                         "arrays every sample is read, the steps follow from `batch_size`. "
                         f"Received: {steps_name}={steps} with arrays.")
    if _shaped_by(model):
        model._build_once((None, *data.first_array(x).shape[1:]))
    xs = data.as_arrays(x, model.input_keys, model.inputs, "input", model.name)
    if not targets:
        data.check_lengths(xs)
        return ArrayData(xs, None, None, batch_size)
    y = _unused_targets_filled(model, y, len(xs[0]))
    ys = data.as_arrays(y, model.output_keys, model.outputs, "target", model.name)
    data.check_targets(ys, model.outputs, model.output_names, model.objectives.sparse)
    rows = data.check_lengths(xs, ys)
    ws = per_output(sample_weight, model.output_keys, len(model.outputs), rows)
    factors = None if class_table is None else class_weights(class_table, ys[0]).numpy()
    _resolve_metrics(model, [tf.TensorSpec((None, *a.shape[1:])) for a in ys])
    return ArrayData(xs, ys, [np.asarray(w, np.float32) for w in ws], batch_size, shuffle,
                     factors)


def _unused_targets_filled(model, y, rows):
    """Targets by output name may leave out outputs that have no loss and no metric, as in
    Keras 2: zeros stand in for them (never read)."""
    if not isinstance(y, dict):
        return y
    measured = {k for k, _, _ in model.objectives.metric_specs}
    y = dict(y)
    for k, (name, output) in enumerate(zip(model.output_names, model.outputs)):
        keys = [key for key, position in model.output_keys.items() if position == k]
        if model.objectives.losses[k] is None and k not in measured and not any(
                key in y for key in keys):
            y[name] = np.zeros((rows, *[d or 1 for d in output.shape[1:]]), np.float32)
    return y


def _resolve_metrics(model, target_specs):
    """Metrics depend on the targets' shapes per sample, not on how many samples come."""
    shapes = ([t.shape for t in model.outputs],
              [(None, *tuple(s.shape)[1:]) for s in target_specs])
    if model._metric_shapes != shapes:
        model.objectives.resolve_metrics(*shapes)
        model._metric_shapes, model._runners = shapes, {}


def _shaped_by(model):
    """True for a Sequential without a declared input shape: the data builds it (or, for
    data of other sizes, redraws it with those axes unknown, as Keras 2 does)."""
    return not model.built or getattr(model, "shaped_by_data", False)
