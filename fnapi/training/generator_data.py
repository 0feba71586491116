"""A Python generator or any other iterator as data: turned into a `tf.data.Dataset`,
then read like one.

Keras takes any iterator of batches (`iter(list)`, `map(...)`, `itertools.cycle(...)`,
`iter(dataset)`, `dataset.as_numpy_iterator()`), not only generators. It yields batches in
the forms a dataset's elements take (`x`, `(x, y)` or `(x, y, sample_weight)`, see
`dataset_data`). Its first batch is read once to learn the structure, dtypes and shapes,
then put back in front: `tf.data.Dataset.from_generator` pulls the rest one batch at a
time, so memory does not grow with the data. The signature leaves unknown the batch axis
and every axis the model leaves unknown (a sequence's length, say), so that later batches
may differ there; the other sizes are the first batch's, and a later batch that differs in
one is refused naming the input. An iterator is used up once read; to train for several
epochs, let it loop forever and give `steps_per_epoch`.
"""
import numpy as np
import tensorflow as tf

from fnapi.graph import map_structure
from fnapi.training.dataset_data import in_model_order, unpack


def dataset_from_generator(generator, model):
    """Raises ValueError if the iterator yields nothing or something that is no data."""
    try:
        first = _lists_as_tuples(next(generator))
    except StopIteration:
        raise ValueError("The generator yielded no batch at all: it is empty or exhausted "
                         "(a generator or iterator can be read only once).") from None
    try:
        signature = map_structure(_spec, first)
    except (TypeError, ValueError) as error:
        raise ValueError(f"The generator's batches must be arrays of numbers (or tuples/dicts "
                         f"of them); its first batch holds {error}") from None
    leaves = _model_shapes(signature, model)
    signature = tf.nest.pack_sequence_as(signature, [
        _relaxed(spec, shape) for spec, (_, shape) in zip(tf.nest.flatten(signature), leaves)])
    pending = [first]

    def batches():  # the first batch once, then the rest: a second pass finds it empty
        while pending:
            yield pending.pop()
        for batch in generator:
            batch = _lists_as_tuples(batch)
            _check(batch, signature, [label for label, _ in leaves])
            yield batch
    return tf.data.Dataset.from_generator(batches, output_signature=signature)


def _model_shapes(signature, model):
    """For each leaf of the signature (in tf.nest order): (its label, the shape whose unknown
    axes it may vary on). Inputs take the model's input shapes, targets its output shapes,
    sample weights vary on every axis; a part that does not fit the model keeps only its
    batch axis unknown (`dataset_data.standardize` then names the fault)."""
    x, y, w = unpack(signature)
    found = {id(s): ("sample_weight", tf.TensorShape([None] * s.shape.rank))
             for s in ([] if w is None else tf.nest.flatten(w))}
    parts = ((x, model.inputs, model.input_keys, model.input_names, "input"),
             (y, model.outputs, model.output_keys, model.output_names, "output")
             ) if model.built else ()  # a Sequential shaped by its first batch
    for part, tensors, keys, names, role in parts:
        try:
            specs = [] if part is None else in_model_order(part, keys, len(tensors), role,
                                                           model.name)
        except ValueError:
            continue
        label = "input" if role == "input" else "target for output"
        found.update({id(s): (f"{label} {n!r}", tf.TensorShape(t.shape))
                      for s, t, n in zip(specs, tensors, names)})
    return [found.get(id(s), ("batch part", tf.TensorShape(None)))
            for s in tf.nest.flatten(signature)]


def _relaxed(spec, shape):
    """`spec` with the batch axis, and each axis that `shape` leaves unknown, unknown."""
    sizes = [None] + [size if shape.rank is None or axis >= shape.rank or shape[axis]
                      is not None else None for axis, size in enumerate(spec.shape[1:], 1)]
    return tf.TensorSpec(sizes, spec.dtype)


def _check(batch, signature, labels):
    """A later batch must keep the sizes the model fixes; raises ValueError naming the part.
    (A batch of another structure is left to tf.data, which names both structures.)"""
    values = tf.nest.flatten(batch)
    if len(values) != len(labels):
        return
    for value, spec, label in zip(values, tf.nest.flatten(signature), labels):
        if not spec.shape.is_compatible_with(np.shape(value)):
            raise ValueError(f"The generator yielded a batch whose {label} has shape "
                             f"{np.shape(value)}, where {tuple(spec.shape)} was expected (the "
                             "first batch's sizes, None where the model takes any size).")


def _lists_as_tuples(value):
    """tf.data has tuples, not lists: `[y1, y2]` is read as `(y1, y2)`; a (nested) list of
    plain numbers is one array, as Keras reads data given as Python lists."""
    if isinstance(value, list) and _numbers_only(value):
        return np.asarray(value)
    if isinstance(value, (list, tuple)):
        return tuple(_lists_as_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _lists_as_tuples(v) for k, v in value.items()}
    return value


def _spec(value):
    array = np.asarray(value)
    if array.dtype.kind not in "biuf" or array.ndim == 0:
        raise TypeError(f"{type(value).__name__} {array.dtype} of shape {array.shape}")
    return tf.TensorSpec((None, *array.shape[1:]), tf.as_dtype(array.dtype))


def _numbers_only(value):
    if isinstance(value, list):
        return bool(value) and all(_numbers_only(v) for v in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)
