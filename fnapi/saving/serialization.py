"""A whole model as Keras 3's JSON: the layer graph, its build and compile configs.

`serialize_model(model)` is what `config.json` of a `.keras` file holds, and what
`model.to_json()` prints; `deserialize_model(data)` draws the model again and compiles it
as it was. An fnapi marker (`fnapi_version`) tells fnapi's own files from Keras's, whose
recorded `training=` values are dropped (Keras 3 ignores them); Keras 3 ignores the key.
"""
import json

from fnapi import __version__, registry
from fnapi.layers import config as layer_config
from fnapi.saving.compile_config import compile_config, compile_from_config


def serialize_model(model, include_compile=True):
    data = layer_config.serialize(model)
    data["build_config"] = {"input_shape": None if type(model).keras_class_name() ==
                            "Functional" or not model.built else list(model.input_shape)}
    config = compile_config(model) if include_compile else None
    if config is not None:
        data["compile_config"] = config
    data["fnapi_version"] = __version__
    return data


def deserialize_model(data, custom_objects=None, compile=True, safe_mode=True,
                      keep_training=None):
    """The model described by `serialize_model`'s dict (compiled if it was and `compile`).

    `keep_training=None` decides from the data itself (fnapi's marker). Raises ValueError
    for unknown or code-bearing classes and inconsistent graphs."""
    keep = "fnapi_version" in data if keep_training is None else keep_training
    with registry.loading(custom_objects, safe_mode, keep):
        model = layer_config.deserialize(data)
        if compile and data.get("compile_config"):
            compile_from_config(model, data["compile_config"])
    return model


def model_to_json(model, **kwargs):
    return json.dumps(serialize_model(model, include_compile=False), **kwargs)


def model_from_json(json_string, custom_objects=None):
    """The model (uncompiled, fresh weights) described by `model.to_json()`'s text, or by
    Keras 3's. Raises ValueError for text that is not such JSON."""
    try:
        data = json.loads(json_string)
    except (TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"model_from_json expects the text of model.to_json(): {error}") \
            from error
    return deserialize_model(data, custom_objects, compile=False)
