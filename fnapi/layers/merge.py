"""Layers that join a list of tensors into one: Concatenate and Add.

Both take a list (a list of one tensor gives that tensor back, as in Keras). Shapes are
checked when the graph is drawn, with Keras's messages.
"""
import functools

import tensorflow as tf

from fnapi.layers import arguments
from fnapi.layers.base import Layer
from fnapi.layers.output_spec import is_shape


class _Merge(Layer):
    def _check_input_shape(self, shape):
        """Every call, symbolic or on data, must bring a list (Keras's messages)."""
        self._check_list(shape)
        super()._check_input_shape(shape)

    def _check_list(self, shapes):
        """A non-empty list of shapes of one rank; -> the rank."""
        if is_shape(shapes) or not isinstance(shapes, (list, tuple)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             f"input_shape={shapes} (not a list of shapes) in layer "
                             f"{self.name} ({type(self).__name__}).")
        if not shapes:
            raise ValueError(f"A `{type(self).__name__}` layer should be called on a list of "
                             f"at least 1 input. Received: input_shape={shapes} (layer "
                             f"{self.name}).")
        ranks = {len(s) for s in shapes}
        if len(ranks) > 1:
            raise ValueError(f"Layer {self.name} ({type(self).__name__}) got inputs of "
                             f"different ranks: {list(shapes)}.")
        return ranks.pop()


def _agree(sizes):
    """Sizes along one axis agree if all known ones are equal; returns that size (or None)."""
    known = {s for s in sizes if s is not None}
    return (known.pop() if known else None) if len(known) <= 1 else False


class Concatenate(_Merge):
    """Joins tensors along `axis`; every other axis must match.

    Inputs `[(batch, ..., n_1, ...), (batch, ..., n_2, ...)]` -> `(batch, ..., n_1 + n_2,
    ...)`."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = arguments.integer(axis, "axis")  # checked against the rank when called

    def compute_output_shape(self, input_shape):
        rank = self._check_list(input_shape)
        axis = arguments.axis_within(self.axis, rank, f"Layer {self.name} (Concatenate)")
        out = []
        for i, sizes in enumerate(zip(*input_shape)):
            if i == axis:
                out.append(None if None in sizes else sum(sizes))
            elif (size := _agree(sizes)) is False:
                raise ValueError("A `Concatenate` layer requires inputs with matching shapes "
                                 "except for the concatenation axis. Received: "
                                 f"input_shape={list(input_shape)} (layer {self.name}, "
                                 f"axis={self.axis}).")
            else:
                out.append(size)
        return tuple(out)

    def call(self, inputs):
        return inputs[0] if len(inputs) == 1 else tf.concat(inputs, axis=self.axis)


class Add(_Merge):
    """Element-wise sum. Shapes must match, except that a size of 1 broadcasts (Keras's
    rule for merge layers)."""

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        batch = _agree([s[0] for s in input_shape])
        if batch is False:
            raise ValueError(f"Cannot merge tensors with different batch sizes. Received "
                             f"input shapes {list(input_shape)} (layer {self.name}, Add).")
        out = functools.reduce(lambda a, b: self._broadcast(a, b, input_shape),
                               [s[1:] for s in input_shape])
        return (batch, *out)

    def _broadcast(self, a, b, input_shape):
        out = []
        for i, j in zip(a, b):
            if i is None or j is None:
                out.append(None)
            elif 1 in (i, j) or i == j:
                out.append(j if i == 1 else i)
            else:
                raise ValueError(f"Inputs have incompatible shapes. Received shapes {a} and "
                                 f"{b} (layer {self.name}, Add; all input shapes: "
                                 f"{list(input_shape)}).")
        return tuple(out)

    def call(self, inputs):
        return functools.reduce(tf.add, inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional shortcut: `Concatenate(axis)(inputs)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    """Functional shortcut: `Add()(inputs)`."""
    return Add(**kwargs)(inputs)
