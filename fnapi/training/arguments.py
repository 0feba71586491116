"""The arguments of compile/fit/evaluate/predict, checked before anything runs.

Each check names the argument, says what is expected and shows what was given; Keras's
wording where it has a clear one (`Expected batch_size to be positive`, ...).
"""
import numbers
import os

from fnapi.callbacks import Callback
from fnapi.argument_validation import integer, is_int

VERBOSE = {0: 0, 1: 1, 2: 2, "auto": 1}


def batch_size(value):
    """None means 32, Keras's default."""
    if value is None:
        return 32
    if not is_int(value) or value <= 0:
        raise ValueError("Expected `batch_size` to be a positive integer (or None, meaning "
                         f"32). Received: batch_size={value!r}")
    return int(value)


def epochs(value, initial_epoch):
    """`epochs` is the number of the last epoch, counted from 1; training runs epochs
    `initial_epoch + 1` to `epochs` (Keras's meaning), so at least one must remain."""
    if not is_int(value) or value <= 0:
        raise ValueError(f"Expected `epochs` to be a positive integer. Received: epochs={value!r}")
    initial_epoch = integer(initial_epoch, "initial_epoch", at_least=0)
    if initial_epoch >= value:
        raise ValueError("Expected `initial_epoch` to be less than `epochs`: `epochs` is the "
                         "number of the last epoch, not how many more to run (to train 3 "
                         "more after epoch 5, pass initial_epoch=5, epochs=8). Received: "
                         f"initial_epoch={initial_epoch}, epochs={value}")
    return int(value), initial_epoch


def verbose(value):
    """0 silent, 1 (or 'auto', True) a progress bar, 2 one line per epoch."""
    key = int(value) if isinstance(value, bool) else value
    if key not in VERBOSE or isinstance(key, float):
        raise ValueError("Expected `verbose` to be 0 (silent), 1 (progress bar), 2 (one line "
                         f"per epoch) or 'auto'. Received: verbose={value!r}")
    return VERBOSE[key]


def validation_split(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise ValueError("Expected `validation_split` to be a fraction in [0, 1): the share of "
                         f"the samples kept for validation. Received: validation_split={value!r}")
    return float(value)


def validation_data(value):
    """`(x_val, y_val)` or `(x_val, y_val, sample_weight_val)` -> a triple."""
    if not isinstance(value, (tuple, list)) or len(value) not in (2, 3):
        length = len(value) if hasattr(value, "__len__") else "?"
        raise ValueError("Expected `validation_data` to be a tuple (x_val, y_val) or (x_val, "
                         "y_val, sample_weight_val), or a dataset. Received: "
                         f"{type(value).__name__} of length {length}")
    return (*value, None)[:3]


def steps(value, name):
    """`steps_per_epoch`, `validation_steps`, `steps`: None or a positive integer."""
    if value is not None and (not is_int(value) or value <= 0):
        raise ValueError(f"Expected `{name}` to be a positive integer or None. Received: "
                         f"{name}={value!r}")
    return value


def shuffle(value):
    if not isinstance(value, (bool, numbers.Integral)) or value not in (0, 1):
        raise ValueError(f"Expected `shuffle` to be True or False. Received: shuffle={value!r}")
    return bool(value)


def callbacks(value):
    """A list of callbacks (one callback alone is accepted too, as in Keras)."""
    items = [value] if isinstance(value, Callback) else list(value or [])
    for item in items:
        if not isinstance(item, Callback):
            raise TypeError("Expected `callbacks` to be a list of fnapi.callbacks.Callback "
                            f"instances. Received an item {item!r} (of type {type(item)}).")
    return items


def writable_filepath(value):
    """A path to write to: its folder must exist (raises ValueError naming it if not)."""
    value = filepath(value)
    directory = os.path.dirname(os.path.abspath(value))
    if not os.path.isdir(directory):
        raise ValueError(f"Cannot save to filepath={value!r}: the folder {directory!r} does "
                         "not exist. Create it first (os.makedirs).")
    return value


def filepath(value):
    """The path of a weights file: a str or an os.PathLike (such as pathlib.Path)."""
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise TypeError("Expected `filepath` to be the path of the weights file (a str or a "
                        f"pathlib.Path). Received: filepath={value!r}")
    return os.fspath(value)
