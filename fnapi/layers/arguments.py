"""Checking a layer's arguments where they are given, in Keras's words.

A wrong argument is refused by the constructor, before any layer exists, with a message
that names the argument, says what was expected and shows what was given. The wording
is Keras 3's wherever Keras 3 has a clear one, so that a learner's search finds answers.
"""
import numbers


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value, argument):
    """`units`, `filters`, `input_dim`, ...: an integer > 0 (Keras 3's message)."""
    if not _is_int(value) or value <= 0:
        raise ValueError(f"Received an invalid value for `{argument}`, expected a positive "
                         f"integer. Received: {argument}={value!r}")
    return int(value)


def int_tuple(value, n, argument):
    """`kernel_size=3` or `(3, 3)` -> `(3, 3)`: `n` positive integers (Keras 3's message)."""
    values = (value,) * n if _is_int(value) else value
    if not isinstance(values, (tuple, list)) or len(values) != n or not all(map(_is_int, values)):
        raise ValueError(f"The `{argument}` argument must be a tuple of {n} integers. "
                         f"Received {argument}={value!r}")
    bad = {v for v in values if v <= 0}
    if bad:
        raise ValueError(f"The `{argument}` argument must be a tuple of {n} integers. "
                         f"Received {argument}={value!r}, including values {bad} that do "
                         "not satisfy `value > 0`")
    return tuple(int(v) for v in values)


def rate(value, argument="rate"):
    """A fraction in [0, 1], such as Dropout's `rate` (Keras 3's message)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(f"Invalid value received for argument `{argument}`. Expected a float "
                         f"value between 0 and 1. Received: {argument}={value!r}")
    return float(value)


def one_of(value, choices, argument):
    if value not in choices:
        raise ValueError(f"The `{argument}` argument must be one of {sorted(choices)}. "
                         f"Received: {argument}={value!r}")
    return value


def shape_tuple(value, argument):
    """An input shape without the batch axis: sizes that are positive integers or None.

    A single integer means a one-axis shape (`Input(3)` is `Input((3,))`, as in Keras 2).
    """
    sizes = (value,) if _is_int(value) else value
    if not isinstance(sizes, (tuple, list)) or not all(d is None or _is_int(d) and d > 0
                                                      for d in sizes):
        raise ValueError(f"`{argument}` must be a tuple of positive integers or None (one per "
                         f"axis, the batch axis left out), e.g. (28, 28, 1) or (None, 8). "
                         f"Received: {argument}={value!r}")
    return tuple(None if d is None else int(d) for d in sizes)


def axis_within(axis, rank, owner):
    """An `axis` (negative counts from the end) that exists in tensors of `rank` axes."""
    if not _is_int(axis) or not -rank <= axis < rank:
        raise ValueError(f"{owner}: axis={axis!r} is out of range for inputs of rank {rank} "
                         f"(valid axes: {-rank} to {rank - 1}).")
    return axis % rank
