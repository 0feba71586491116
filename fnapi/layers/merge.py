"""Layers that join several tensors into one: Concatenate and Add."""
import tensorflow as tf

from fnapi.layers.base import Layer


class _Merge(Layer):
    def _check_list(self, shapes):
        if not isinstance(shapes, list) or len(shapes) < 2:
            raise ValueError(f"Layer {self.name} ({type(self).__name__}) must be called on a "
                             f"list of at least 2 tensors, got {shapes!r}.")
        if len({len(s) for s in shapes}) > 1:
            raise ValueError(f"Layer {self.name} got inputs of different ranks: {shapes}.")


def _agree(sizes):
    """Sizes along one axis agree if all known ones are equal; returns that size (or None)."""
    known = {s for s in sizes if s is not None}
    return (known.pop() if known else None) if len(known) <= 1 else False


class Concatenate(_Merge):
    """Joins tensors along `axis`; every other axis must match."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        rank = len(input_shape[0])
        axis = self.axis % rank
        out = []
        for i, sizes in enumerate(zip(*input_shape)):
            if i == axis:
                out.append(None if None in sizes else sum(sizes))
            elif (size := _agree(sizes)) is False:
                raise ValueError(f"Layer {self.name} (Concatenate, axis={self.axis}) needs "
                                 f"inputs whose shapes match except on axis {self.axis}; got "
                                 f"{input_shape}.")
            else:
                out.append(size)
        return tuple(out)

    def call(self, inputs):
        return tf.concat(inputs, axis=self.axis)


class Add(_Merge):
    """Element-wise sum of tensors of the same shape."""

    def compute_output_shape(self, input_shape):
        self._check_list(input_shape)
        out = [_agree(sizes) for sizes in zip(*input_shape)]
        if False in out:
            raise ValueError(f"Layer {self.name} (Add) needs inputs of the same shape; got "
                             f"{input_shape}.")
        return tuple(out)

    def call(self, inputs):
        return tf.add_n(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional shortcut: `Concatenate(axis)(inputs)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    """Functional shortcut: `Add()(inputs)`."""
    return Add(**kwargs)(inputs)
