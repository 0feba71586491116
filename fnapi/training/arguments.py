"""The arguments of compile/fit/evaluate/predict, checked before anything runs.

Each check names the argument, says what is expected and shows what was given; Keras's
wording where it has a clear one (`Expected batch_size to be positive`, ...).
"""
import numbers

from fnapi.callbacks import Callback

VERBOSE = {0: 0, 1: 1, 2: 2, "auto": 1}


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def batch_size(value):
    """None means 32, Keras's default."""
    if value is None:
        return 32
    if not _is_int(value) or value <= 0:
        raise ValueError("Expected `batch_size` to be a positive integer (or None, meaning "
                         f"32). Received: batch_size={value!r}")
    return int(value)


def epochs(value, initial_epoch):
    if not _is_int(value) or value <= 0:
        raise ValueError(f"Expected `epochs` to be a positive integer. Received: epochs={value!r}")
    if not _is_int(initial_epoch) or initial_epoch < 0:
        raise ValueError("Expected `initial_epoch` to be an integer >= 0. Received: "
                         f"initial_epoch={initial_epoch!r}")
    return int(value), int(initial_epoch)


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
    if value is not None and (not _is_int(value) or value <= 0):
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
