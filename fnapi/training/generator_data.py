"""A Python generator as data: turned into a `tf.data.Dataset`, then read like one.

The generator yields batches in the forms a dataset's elements take (`x`, `(x, y)` or
`(x, y, sample_weight)`, see `dataset_data`). Its first batch is read once to learn the
structure, dtypes and shapes (the batch axis left unknown, so that a last, smaller batch
fits), then put back in front: `tf.data.Dataset.from_generator` pulls the rest one batch
at a time, so memory does not grow with the data. A generator is used up once read; to
train for several epochs, let it loop forever and give `steps_per_epoch`.
"""
import numpy as np
import tensorflow as tf

from fnapi.graph import map_structure


def dataset_from_generator(generator):
    """Raises ValueError if the generator yields nothing or something that is no data."""
    try:
        first = _lists_as_tuples(next(generator))
    except StopIteration:
        raise ValueError("The generator yielded no batch at all: it is empty or exhausted "
                         "(a generator can be read only once).") from None
    try:
        signature = map_structure(_spec, first)
    except (TypeError, ValueError) as error:
        raise ValueError(f"The generator's batches must be arrays of numbers (or tuples/dicts "
                         f"of them); its first batch holds {error}") from None
    pending = [first]

    def batches():  # the first batch once, then the rest: a second pass finds it empty
        while pending:
            yield pending.pop()
        for batch in generator:
            yield _lists_as_tuples(batch)
    return tf.data.Dataset.from_generator(batches, output_signature=signature)


def _lists_as_tuples(value):
    """tf.data has tuples, not lists: `[y1, y2]` is read as `(y1, y2)`."""
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
