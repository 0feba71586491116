"""Weights of samples: `sample_weight=` and `class_weight=`, with Keras's meaning.

A sample weight multiplies a row's loss (and its weighted metrics): weight 2 counts a row
twice, weight 0 not at all. `sample_weight` is one array of shape (samples,) for every
output, or a list / dict with one per output. `class_weight` ({class id: weight}, for a
model with one output) gives each row the weight of its target's class: the class is
the target's argmax for one-hot targets, its rounded value for ids or 0/1 targets
(keras/src/trainers/data_adapters/data_adapter_utils.py, `class_weight_to_sample_weights`).
As in Keras 2, its keys must be the classes 0 .. K-1. Both multiply when both are given.
"""
import numbers

import numpy as np
import tensorflow as tf

from fnapi.graph.structure import first_keys
from fnapi.training import objectives


def check_class_weight(class_weight, outputs):
    """-> a float32 table indexed by class id, or None. `outputs`: the model's output
    tensors ([None] if not built yet). Raises ValueError naming the fault."""
    if class_weight is None:
        return None
    if not isinstance(class_weight, dict) or not class_weight:
        raise ValueError("Expected `class_weight` to be a dict {class id: weight}, e.g. {0: 1.0, "
                         f"1: 5.0}}. Received: class_weight={class_weight!r}")
    if len(outputs) != 1:
        raise ValueError("`class_weight` is only supported for models with a single output; "
                         f"this model has {len(outputs)}. Give `sample_weight` per output "
                         "instead.")
    if outputs[0] is not None and len(outputs[0].shape) > 2:
        raise ValueError("`class_weight` not supported for 3+ dimensional targets: it weighs "
                         "each sample by its one class, and the output "
                         f"{tuple(outputs[0].shape)} has one per time step or position. "
                         "Weigh the samples with `sample_weight` instead.")
    ids = sorted(class_weight)
    if ids != list(range(len(ids))) or not all(
            isinstance(w, numbers.Real) and not isinstance(w, bool) for w in class_weight.values()):
        raise ValueError("Expected `class_weight` to be a dict with keys from 0 to one less than "
                         "the number of classes and numbers as weights, found "
                         f"{class_weight}.")
    return tf.constant([float(class_weight[i]) for i in ids], tf.float32)


def class_weights(table, targets):
    """Each row's weight from `table`. A class with no weight in `class_weight` raises
    ValueError for arrays (eagerly, before any step), or fails at its batch in a stream,
    instead of tf.gather's raw error (or a silent 0 on a GPU)."""
    ids = class_ids(targets)
    known = tf.reduce_all((ids >= 0) & (ids < tf.size(table)))
    message = (f"`class_weight` gives weights for the classes 0 to {table.shape[0] - 1} only, "
               "but the targets hold class")
    if tf.executing_eagerly():
        if not bool(known):
            missing = sorted(set(ids.numpy().tolist()) - set(range(table.shape[0])))
            raise ValueError(f"{message}es {missing}. Give a weight for every class.")
    else:
        with tf.control_dependencies([tf.debugging.Assert(known, [message + " ids:", ids])]):
            ids = tf.identity(ids)
    return tf.gather(table, ids)


def class_ids(targets):
    """The class of each row: argmax of one-hot targets, else the rounded target."""
    targets = tf.convert_to_tensor(targets)
    if targets.shape.rank > 1 and targets.shape[-1] != 1:
        return tf.argmax(targets, axis=-1, output_type=tf.int32)
    return tf.cast(tf.round(tf.reshape(targets, tf.shape(targets)[:1])), tf.int32)


def per_output(sample_weight, keys, count, rows):
    """One float32 array of `rows` weights per output (ones where none is given), from one
    array, a list in output order, or a dict keyed by output names. Raises ValueError."""
    if sample_weight is None:
        return [np.ones(rows, np.float32) for _ in range(count)]
    if isinstance(sample_weight, dict):
        given = objectives.per_output(sample_weight, first_keys(keys, count), "`sample_weight`",
                                      keys)
    elif isinstance(sample_weight, (list, tuple)) and len(sample_weight) == count and \
            count > 1:
        given = list(sample_weight)
    else:
        given = [sample_weight] * count
    weights = []
    for value in given:
        array = np.ones(rows, np.float32) if value is None else np.asarray(value, np.float32)
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.shape != (rows,):
            temporal = (" Temporal weights, one per sample and time step (Keras 2's "
                        "sample_weight_mode='temporal'), are not supported by fnapi."
                        if array.ndim == 2 and len(array) == rows else "")
            raise ValueError(f"Expected `sample_weight` to hold one weight per sample, shape "
                             f"({rows},); received an array of shape {array.shape}.{temporal}")
        weights.append(array)
    return weights
