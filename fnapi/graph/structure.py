"""Inputs, outputs and call arguments come as nested structures: one tensor, a list or
tuple, a dict keyed by name, or any nesting of these.

TensorFlow's own `tf.nest` walks them, so the order of the leaves is the one both Kerases
use: lists and tuples in order, dicts by sorted key. That is why `Model({'b': ..., 'a': ...})`
lists its inputs as `a`, then `b`.
"""
import tensorflow as tf


def flatten(structure):
    """Every leaf of `structure`, in `tf.nest` order. A lone leaf gives a one-item list."""
    return tf.nest.flatten(structure)


def pack_like(structure, flat):
    """The inverse of `flatten`: put the items of `flat` back in `structure`'s shape."""
    return tf.nest.pack_sequence_as(structure, flat)


def map_structure(function, structure):
    """`structure` with `function` applied to each leaf."""
    return tf.nest.map_structure(function, structure)


def ordered_by_keys(mapping, keys, count, what):
    """The values of `mapping` in position order, where `keys` maps each accepted key (an
    input's or output's name, or the key of the model's own dict) to a position < `count`.

    Raises ValueError naming the unexpected and the missing keys (`what`: e.g. "inputs").
    """
    unexpected = [k for k in mapping if k not in keys]
    positions = [keys[k] for k in mapping if k in keys]
    names = dict(enumerate(first_keys(keys, count)))
    missing = [names[p] for p in range(count) if p not in positions]
    twice = sorted({names[p] for p in positions if positions.count(p) > 1})
    if unexpected or missing or twice:
        raise ValueError(f"Expected {what} named {[names[p] for p in range(count)]}; "
                         f"unexpected: {unexpected}, missing: {missing}"
                         + (f", given twice (by two names): {twice}" if twice else "") + ".")
    by_position = {keys[k]: v for k, v in mapping.items()}
    return [by_position[p] for p in range(count)]


def first_keys(keys, count):
    """For each position < `count`, the first key of `keys` that names it."""
    first = {}
    for key, position in keys.items():
        first.setdefault(position, key)
    return [first[p] for p in range(count)]
