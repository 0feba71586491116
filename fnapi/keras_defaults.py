"""Keras arguments that fnapi does not implement, accepted only at Keras's default.

Keras's configs always write them (`kernel_regularizer: null`, `use_ema: false`, ...), so
fnapi writes and reads them too; a value other than the default is refused, naming the
argument, instead of being silently ignored.
"""
import json


def plain(value):
    """A JSON-shaped copy: tuples and lists compare equal, as they do once written."""
    return json.loads(json.dumps(value))


def check(owner, given, defaults):
    """Raise TypeError for an argument Keras does not have either, ValueError for a
    non-default value of one fnapi does not implement."""
    for key, value in given.items():
        if key not in defaults:
            raise TypeError(f"Unrecognized keyword arguments passed to {owner}: "
                            f"{{{key!r}: {value!r}}}")
        if not _same(value, defaults[key]):
            raise ValueError(f"{owner}: fnapi does not implement `{key}`; it accepts only "
                             f"Keras's default {defaults[key]!r}, got {key}={value!r}.")


def _same(value, default):
    """Equal once written; an int stands for a tuple of that int (`dilation_rate=1`)."""
    if isinstance(default, (list, tuple)) and isinstance(value, int) and not isinstance(
            value, bool) and default and all(d == value for d in default):
        return True
    return plain(value) == plain(default)
