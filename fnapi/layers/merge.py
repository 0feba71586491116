"""Layers that join a list of tensors into one: Concatenate and Add.

Both take a list (a list of one tensor gives that tensor back, as in Keras). Shapes are
checked when the graph is drawn, with Keras's messages.
"""
import functools

import tensorflow as tf

from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.output_spec import is_shape


class _Merge(Layer):
    def _check_input_shape(self, shape):
        """Every call, symbolic or on data, must bring a list of shapes that fit together
        (Keras's messages), before TensorFlow would fail inside the op."""
        self._check_list(shape)
        self.compute_output_shape(list(shape))
        super()._check_input_shape(shape)

    def _check_list(self, shapes):
        """A non-empty list of shapes."""
        if is_shape(shapes) or not isinstance(shapes, (list, tuple)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             f"input_shape={shapes} (not a list of shapes) in layer "
                             f"{self.name} ({type(self).__name__}).")
        if not shapes:
            raise ValueError(f"A `{type(self).__name__}` layer should be called on a list of "
                             f"at least 1 input. Received: input_shape={shapes} (layer "
                             f"{self.name}).")

    def compute_output_dtype(self, input_dtype):
        """The inputs' common dtype; different ones are refused, as in Keras 2 (Keras 3
        would turn ids into floats)."""
        dtypes = list(dict.fromkeys(input_dtype))
        if len(dtypes) > 1:
            raise ValueError(f"Layer {self.name} ({type(self).__name__}) cannot merge tensors "
                             f"of different dtypes: {[d.name for d in input_dtype]}. Turn ids "
                             "into vectors first (an Embedding), or cast them.")
        return dtypes[0]


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

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        ranks = {len(s) for s in input_shape}
        if len(ranks) > 1:
            raise ValueError(f"Layer {self.name} ({type(self).__name__}) got inputs of "
                             f"different ranks: {list(input_shape)}.")
        rank = ranks.pop()
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
    """Element-wise sum. Shapes must match, except that a size of 1 broadcasts and that an
    input with fewer axes gets axes of size 1 right after its batch axis (Keras's rules
    for merge layers: shapes are aligned on their last axes)."""

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
        if len(a) < len(b):
            a, b = b, a
        out = list(a[:len(a) - len(b)])
        for i, j in zip(a[len(a) - len(b):], b):
            if i is None or j is None:  # the unknown one is 1 or the other (TensorFlow's rule)
                out.append(None if (i or j) in (None, 1) else (i or j))
            elif 1 in (i, j) or i == j:
                out.append(j if i == 1 else i)
            else:
                raise ValueError(f"Inputs have incompatible shapes. Received shapes {a} and "
                                 f"{b} (layer {self.name}, Add; all input shapes: "
                                 f"{list(input_shape)}).")
        return tuple(out)

    def call(self, inputs):
        rank = max(x.shape.rank for x in inputs)
        return functools.reduce(tf.add, [_with_rank(x, rank) for x in inputs])


def _with_rank(x, rank):
    """`x` with axes of size 1 inserted after the batch axis, up to `rank` axes."""
    for _ in range(rank - x.shape.rank):
        x = tf.expand_dims(x, 1)
    return x


def concatenate(inputs, axis=-1, **kwargs):
    """Functional shortcut: `Concatenate(axis)(inputs)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    """Functional shortcut: `Add()(inputs)`."""
    return Add(**kwargs)(inputs)
