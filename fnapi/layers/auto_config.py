"""A learner's layer without `get_config`: its constructor's arguments, recorded as given.

As in Keras (2.13+ and 3, `Operation.__new__`), creating a layer of a learner's class
records the arguments of its `__init__` (defaults included) when every value is plain
JSON (str, int, float, bool, None, in lists, tuples and dicts). The base `get_config`
returns them when the class does not write its own, so `Mul(3.0)` saves, loads and
clones as `Mul(3.0)`. Other values are not recorded (a config must never hold code or
objects): saving such a layer then raises, asking for a `get_config`, before any file
is written. fnapi's own layers write their configs themselves and record nothing.
"""
import inspect

PLAIN = (str, int, float, bool, type(None))
BASE_PARAMETERS = {"self", "name", "trainable", "dtype", "input_shape", "input_dim",
                   "batch_input_shape", "batch_size"}


def record(cls, args, kwargs):
    """`{argument: value}` of `cls(*args, **kwargs)`, or a str saying why it cannot be
    recorded; None for fnapi's own classes."""
    if cls.__module__.startswith("fnapi."):
        return None
    signature = inspect.signature(cls.__init__)
    try:
        bound = signature.bind(None, *args, **kwargs)
    except TypeError as error:
        return f"its arguments do not match `__init__{signature}` ({error})"
    bound.apply_defaults()
    arguments = {}
    for name, value in list(bound.arguments.items())[1:]:
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            if value:
                return f"it was given positional arguments *{name}={value!r}"
        elif kind is inspect.Parameter.VAR_KEYWORD:
            arguments.update(value)
        else:
            arguments[name] = value
    for name in BASE_PARAMETERS:  # the base config writes these as they are now
        if name in ("name", "trainable", "dtype") or arguments.get(name) is None:
            arguments.pop(name, None)
    for name, value in arguments.items():
        if not _plain(value):
            return f"`{name}` is {type(value).__name__} {value!r:.80}, not a plain JSON value"
    return arguments


def config(layer, base):
    """`base` plus the recorded arguments of `layer`. Raises NotImplementedError (Keras's
    type) if they could not be recorded (a value that is no plain JSON, `*args`): a config
    without them would rebuild another layer."""
    recorded = layer.__dict__.get("_auto_config")
    if isinstance(recorded, dict):
        return {**base, **recorded}
    if recorded is None:
        return base
    parameters = inspect.signature(type(layer).__init__).parameters
    own = {name for name, p in parameters.items() if name not in BASE_PARAMETERS and p.kind
           not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)}
    example = ", ".join(f'"{p}": self.{p}' for p in sorted(own)) or '"...": ...'
    raise NotImplementedError(
        f"Layer {layer.name!r} (class {type(layer).__name__}) was created by passing "
        f"non-serializable argument values in `__init__()`: {recorded}. Therefore it must "
        f"override `get_config()` in order to be serializable. Please implement "
        f"`get_config()`, returning `{{**super().get_config(), {example}}}`.")


def _plain(value):
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return isinstance(value, PLAIN)
