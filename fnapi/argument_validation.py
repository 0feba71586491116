"""Checking arguments where they are given, in Keras's words.

A wrong argument is refused by the function that receives it (a layer's or an optimizer's
constructor, `summary`, `fit`, ...) before anything exists or changes, with a message that
names the argument, says what was expected and shows what was given. The wording is
Keras 3's wherever Keras 3 has a clear one, so that a learner's search finds answers.
Layers, optimizers, callbacks and the training methods all check through these helpers.
"""
import numbers

import tensorflow as tf


def is_int(value):
    """An integer, but not a bool (`True` is no size)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value, argument):
    """`units`, `filters`, `input_dim`, ...: an integer > 0 (Keras 3's message)."""
    if not is_int(value) or value <= 0:
        raise ValueError(f"Received an invalid value for `{argument}`, expected a positive "
                         f"integer. Received: {argument}={value!r}")
    return int(value)


def integer(value, argument, at_least=None):
    """Any integer (an `axis`), or one >= `at_least` (`patience`, `initial_epoch`)."""
    if not is_int(value) or at_least is not None and value < at_least:
        bound = "" if at_least is None else f" >= {at_least}"
        raise ValueError(f"Expected `{argument}` to be an integer{bound}. Received: "
                         f"{argument}={value!r}")
    return int(value)


def number(value, argument, low=None, high=None, low_open=False, high_open=False):
    """A real number within bounds, said as Keras says it: `momentum` must be a float
    between [0, 1]; `epsilon` must be a float >= 0."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and (
        low is None or (value > low if low_open else value >= low)) and (
        high is None or (value < high if high_open else value <= high))
    if not ok:
        if high is None:
            bound = f" {'>' if low_open else '>='} {low}" if low is not None else ""
        else:
            bound = f" between {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
        raise ValueError(f"`{argument}` must be a float{bound}. Received: {argument}={value!r}")
    return float(value)


def int_tuple(value, n, argument):
    """`kernel_size=3` or `(3, 3)` -> `(3, 3)`: `n` positive integers (Keras 3's message)."""
    values = (value,) * n if is_int(value) else value
    if not isinstance(values, (tuple, list)) or len(values) != n or not all(map(is_int, values)):
        raise ValueError(f"The `{argument}` argument must be a tuple of {n} integers. "
                         f"Received {argument}={value!r}")
    bad = {v for v in values if v <= 0}
    if bad:
        raise ValueError(f"The `{argument}` argument must be a tuple of {n} integers. "
                         f"Received {argument}={value!r}, including values {bad} that do "
                         "not satisfy `value > 0`")
    return tuple(int(v) for v in values)


def rate(value, argument="rate"):
    """A fraction in [0, 1), such as Dropout's `rate` (Keras 3's message; rate 1 would drop
    every value: Keras 2 refuses it when the layer first runs, here it is refused at once)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(f"Invalid value received for argument `{argument}`. Expected a float "
                         f"value between 0 and 1. Received: {argument}={value!r}")
    if value == 1:
        raise ValueError(f"Invalid value received for argument `{argument}`: {argument}=1 "
                         "would drop every value (Keras 2 refuses it when the layer runs: "
                         f"`rate` must be in the range [0, 1)). Received: {argument}={value!r}")
    return float(value)


def one_of(value, choices, argument):
    if value not in choices:
        raise ValueError(f"The `{argument}` argument must be one of {sorted(choices)}. "
                         f"Received: {argument}={value!r}")
    return value


def callable_or_none(value, argument):
    if value is not None and not callable(value):
        raise TypeError(f"`{argument}` must be a function (or None). Received: "
                        f"{argument}={value!r} (of type {type(value).__name__})")
    return value


def shape_tuple(value, argument, with_batch=False):
    """An input shape: sizes that are positive integers or None.

    Without the batch axis by default (a single integer means one axis: `Input(3)` is
    `Input((3,))`, as in Keras 2); `with_batch=True` for `batch_shape`-like arguments,
    whose first item is the batch size (a positive integer or None).
    """
    if isinstance(value, tf.TensorShape) and value.rank is not None:
        value = tuple(value.as_list())
    sizes = (value,) if is_int(value) and not with_batch else value
    if not isinstance(sizes, (tuple, list)) or (with_batch and not sizes) or not all(
            d is None or is_int(d) and d > 0 for d in sizes):
        batch = ("with the batch size first, e.g. (None, 28, 28, 1)" if with_batch else
                 "one per axis, the batch axis left out, e.g. (28, 28, 1) or (None, 8)")
        raise ValueError(f"`{argument}` must be a tuple of positive integers or None ({batch})."
                         f" Received: {argument}={value!r}")
    return tuple(None if d is None else int(d) for d in sizes)


def dtype(value, owner):
    """A TensorFlow dtype from its name ('float32', 'int32', ...) or a tf.DType."""
    try:
        return tf.as_dtype(value)
    except TypeError:
        raise ValueError(f"Invalid dtype: {value!r} for {owner}. Expected a dtype such as "
                         f"'float32' or 'int32'. Received: dtype={value!r}") from None


def axis_within(axis, rank, owner):
    """An `axis` (negative counts from the end) that exists in tensors of `rank` axes."""
    if not is_int(axis) or not -rank <= axis < rank:
        raise ValueError(f"{owner}: axis={axis!r} is out of range for inputs of rank {rank} "
                         f"(valid axes: {-rank} to {rank - 1}).")
    return axis % rank
