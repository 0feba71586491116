"""A layer written down as data, and read back: Keras 3's config format.

`layer.get_config()` holds the constructor's arguments by name, with Keras 3's keys and
defaults, so that `Dense.from_config(dense.get_config())` is an equal layer and a config
written by fnapi opens in Keras 3 (and back). Keras arguments that fnapi does not
implement (regularizers, constraints, `dilation_rate`, ...) are written with Keras's
default, the only value fnapi accepts: any other value is refused, naming the argument.
Arguments only Keras 2 wrote (`keras2_defaults`) are read the same way, never written.

`serialize(layer)` wraps a config as Keras does (`{"module", "class_name", "config",
"registered_name"}`); `deserialize(data)` turns such a dict back into a layer. It only
ever creates classes it knows by name: fnapi's own layers and models, and those
registered or passed as `custom_objects` (`fnapi.registry`). Nothing named in a config
is imported or executed.
"""
import numpy as np
import tensorflow as tf

from fnapi import keras_defaults, registry
from fnapi.keras_defaults import plain as _plain
from fnapi.layers import auto_config

DTYPE_POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                "registered_name": None}
FNAPI_CLASSES = {}  # Keras class name -> fnapi class, filled as fnapi's layer classes are made
CODE_BEARING = {"Lambda", "TFOpLambda", "SlicingOpLambda", "__lambda__"}


class LayerConfig:
    """Mixed into `Layer`. Subclasses extend `get_config` and list `keras_defaults`."""

    #: Keras arguments fnapi does not implement, each with the one value it accepts.
    keras_defaults = {}
    #: Keras 2 (tf_keras) arguments that Keras 3 dropped, each with the one value accepted:
    #: read from Keras 2's configs, never written.
    keras2_defaults = {"activity_regularizer": None}
    #: How Keras 3 names the class in a config (models override these).
    keras_module, keras_registered_name = "keras.layers", None

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        layer._auto_config = auto_config.record(cls, args, kwargs)
        return layer

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__module__.startswith("fnapi.") and cls.__name__ not in ("Layer",) and \
                not cls.__name__.startswith("_"):
            FNAPI_CLASSES[cls.keras_class_name()] = cls

    @classmethod
    def keras_class_name(cls):
        return cls.__name__

    def get_config(self):
        """The constructor's arguments: `{"name": ..., "trainable": ..., "dtype": ...}` plus
        each layer's own; serializable to JSON. A learner's class that does not write its
        own gets the arguments it was created with (see `auto_config`)."""
        base = {"name": self.name, "trainable": self.trainable,
                "dtype": _plain(DTYPE_POLICY), **_plain(self.keras_defaults)}
        if type(self).get_config is LayerConfig.get_config:
            return auto_config.config(self, base)
        return base

    @classmethod
    def from_config(cls, config):
        """A new layer from `get_config()`'s dict (raises ValueError/TypeError on keys or
        values the constructor refuses)."""
        return cls(**config)

    def _check_keras_only(self, given):
        keras_defaults.check(type(self).__name__, given,
                             {**self.keras2_defaults, **self.keras_defaults})


def serialize(layer):
    """`{"module", "class_name", "config", "registered_name"}` for `layer`, as Keras 3 writes
    it. A learner's own class is written by name; loading it needs the class registered
    or passed in `custom_objects`."""
    cls = type(layer)
    key = registry.registered_name(layer)
    own = FNAPI_CLASSES.get(cls.keras_class_name()) is cls
    return {"module": cls.keras_module if own else cls.__module__,
            "class_name": cls.keras_class_name(),
            "config": _jsonable(layer.get_config(), layer),
            "registered_name": key or cls.keras_registered_name}


def _jsonable(value, layer, key=None):
    """`value` as JSON holds it: NumPy arrays, NumPy scalars and eager tensors become lists
    and numbers, as Keras writes them. Raises TypeError naming the layer and the config key
    for anything else (before any file is written)."""
    if isinstance(value, dict):
        return {k: _jsonable(v, layer, k if key is None else key) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_jsonable(v, layer, key) for v in value)
    if isinstance(value, tf.Tensor) and hasattr(value, "numpy"):
        value = value.numpy()
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"Layer {layer.name!r} ({type(layer).__name__}): get_config() holds "
                    f"{type(value).__name__} {value!r:.80} at key {key!r}, which cannot be "
                    "written as JSON. A config holds plain values (numbers, strings, lists, "
                    "dicts) that the constructor accepts back.")


def deserialize(data):
    """A layer (or model) from `serialize`'s dict.

    Raises ValueError for a class that is neither fnapi's, registered, nor in the current
    `custom_objects`, and for code-bearing classes such as Lambda (refused always: fnapi
    never runs code read from a file; in safe mode with Keras's message)."""
    safe_mode = registry.safe_mode()
    if not isinstance(data, dict) or "class_name" not in data:
        raise ValueError(f"Expected a serialized layer (a dict with 'class_name' and "
                         f"'config'), got {str(data)[:200]!r}.")
    name, key = data["class_name"], data.get("registered_name")
    if name in CODE_BEARING:
        raise ValueError(
            (f"Requested the deserialization of a {name} layer, whose function is Python "
             "code stored in the file. This carries a potential risk of arbitrary code "
             "execution and thus it is disallowed (safe_mode=True). "
             if safe_mode else f"A {name} layer holds Python code stored in the file. ")
            + "fnapi never runs code from a file: write the function as a custom layer class "
              "and pass it in `custom_objects`.")
    cls = registry.lookup(key, name) or FNAPI_CLASSES.get(name)
    if cls is None or not isinstance(cls, type) or not issubclass(cls, LayerConfig):
        raise ValueError(f"Could not locate class '{name}'"
                         + (f" (registered as '{key}')" if key else "") + ". Make sure custom "
                         "classes are decorated with "
                         "`@fnapi.saving.register_serializable(package=...)` or passed in "
                         f"`custom_objects`, e.g. load_model(path, custom_objects={{'{name}': "
                         f"{name}}}). fnapi knows: {sorted(FNAPI_CLASSES)}.")
    try:
        return cls.from_config(dict(data.get("config") or {}))
    except TypeError as error:
        raise ValueError(f"Class {name} could not be created from its config: {error}. A "
                         "custom layer needs get_config() to return its constructor's "
                         "arguments (and from_config to accept them).") from error
