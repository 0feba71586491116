"""A `tf.data.Dataset` as data for fit, evaluate and predict.

Its elements are batches of `x`, `(x, y)` or `(x, y, sample_weight)`, each part one
tensor, a tuple/list in the model's order, or a dict keyed by input/output names.
Keras's rule decides what a tuple is: `(x, y, sample_weight)`; so a model with two inputs
reads elements `((a, b), y)`. `standardize` checks the element's structure, ranks and
sizes against the model from `dataset.element_spec`, before any step, and maps every
element to the one form the step runner reads: `(inputs, targets, weights)`, flat tuples
in the model's order, one (batch,) weight vector per output.
"""
import tensorflow as tf

from fnapi.graph import ordered_by_keys
from fnapi.graph.structure import first_keys
from fnapi.training.data import target_fits
from fnapi.training.sample_weights import class_weights


def unpack(element):
    """`x`, `(x,)`, `(x, y)`, `(x, y, sample_weight)` -> (x, y, sample_weight) (Keras's rule)."""
    if isinstance(element, list):
        element = tuple(element)
    if not isinstance(element, tuple):
        return element, None, None
    if not 1 <= len(element) <= 3:
        raise ValueError("Expected data elements of the form x, (x,), (x, y) or (x, y, "
                         f"sample_weight); got a tuple of {len(element)} parts. A model with "
                         "several inputs reads ((input_1, input_2, ...), y).")
    return (*element, None, None)[:3]


def in_model_order(part, keys, count, role, model_name):
    """One tensor (or spec), a tuple/list in the model's order, or a dict -> a list."""
    if isinstance(part, dict):
        return ordered_by_keys(part, keys, count, f"{role}s of model {model_name}")
    items = list(part) if isinstance(part, (list, tuple)) else [part]
    if len(items) != count:
        raise ValueError(f"Model {model_name} has {count} {role}(s) {first_keys(keys, count)}, "
                         f"but the data gives {len(items)}. Give a tuple in that order or a "
                         "dict keyed by those names (a tuple element is (x, y, sample_weight)).")
    return items


def standardize(dataset, model, targets, class_table=None):
    """`dataset` mapped to (inputs, targets, weights), or (inputs,) when `targets` is False.

    Raises ValueError naming the input or output whose structure, rank or size does not fit
    the model, or telling to batch an unbatched dataset."""
    x_spec, y_spec, w_spec = unpack(dataset.element_spec)
    _check(in_model_order(x_spec, model.input_keys, len(model.inputs), "input", model.name),
           model.inputs, model.input_names, "input")
    if targets:
        if y_spec is None:
            raise ValueError(f"Model {model.name} needs targets to train or evaluate, but the "
                             "dataset's elements hold inputs only: give (x, y) pairs.")
        _check(in_model_order(y_spec, model.output_keys, len(model.outputs), "output",
                              model.name), model.outputs, model.output_names, "target",
               model.objectives.sparse)

    unpacked = isinstance(dataset.element_spec, tuple)  # tf.data passes a tuple's parts

    def convert(*parts):
        x, y, w = unpack(parts if unpacked else parts[0])
        xs = tuple(tf.cast(v, t.dtype) for v, t in zip(
            in_model_order(x, model.input_keys, len(model.inputs), "input", model.name),
            model.inputs))
        if not targets:
            return (xs,)
        ys = tuple(_as_target(v, t) for v, t in zip(
            in_model_order(y, model.output_keys, len(model.outputs), "output", model.name),
            model.outputs))
        rows = tf.shape(xs[0])[:1]
        ws = _weights(w, model, rows)
        if class_table is not None:
            ws = tuple(weight * class_weights(class_table, ys[0]) for weight in ws)
        return xs, ys, ws
    # Prefetch, as Keras does after its own map: the next batch is made while a step runs.
    return dataset.map(convert).prefetch(tf.data.AUTOTUNE)


def _as_target(value, tensor):
    value = tf.cast(value, tf.float32)
    if value.shape.rank == len(tensor.shape) - 1 and tensor.shape[-1] == 1:
        value = value[..., None]  # targets of shape (n,) for an output of shape (None, 1)
    return value


def _weights(w, model, rows):
    count = len(model.outputs)
    if w is None:
        return tuple(tf.ones(rows) for _ in range(count))
    given = (in_model_order(w, model.output_keys, count, "sample weight", model.name)
             if isinstance(w, (dict, tuple, list)) else [w] * count)
    return tuple(tf.reshape(tf.cast(v, tf.float32), rows) for v in given)


def _check(specs, tensors, names, role, sparse=None):
    """Ranks and known sizes against the model, by the rule for arrays (`target_fits`)."""
    for k, (spec, tensor, name) in enumerate(zip(specs, tensors, names)):
        want, got = tensor.shape, tuple(spec.shape)
        if role == "input" and len(got) == len(want) - 1:
            raise ValueError(f"The dataset's {role} {name!r} has shape {got}, one axis short of "
                             f"the model's {want}: are its elements unbatched? Batch the "
                             "dataset, e.g. dataset.batch(32).")
        if not target_fits(got, want, role == "target" and sparse[k]):
            raise ValueError(f"The dataset's {role} {name!r} has shape {got}, which does not fit "
                             f"the model's {want}.")
