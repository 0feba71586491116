"""Automatic layer names, made the way Keras makes them: `dense`, `dense_1`, `dense_2`, ...

Names only have to be unique inside one Python session; `clear_session()` starts the
counting again (handy in a notebook that is re-run from the top).
"""
import collections
import re

_counts = collections.Counter()


def snake_case(class_name):
    """`MaxPooling2D` -> `max_pooling2d`, `LSTM` -> `lstm` (Keras's rule)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix, zero_based=True):
    """The next free name for `prefix`: `prefix`, then `prefix_1`, ...

    With `zero_based=False` the first name is already numbered (`input_1`), as Keras
    names its Input layers.
    """
    count = _counts[prefix]
    _counts[prefix] += 1
    if zero_based:
        return prefix if count == 0 else f"{prefix}_{count}"
    return f"{prefix}_{count + 1}"


def clear_session():
    """Forget all automatic names, so that the next `Dense` is called `dense` again."""
    _counts.clear()
