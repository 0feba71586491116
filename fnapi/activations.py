"""Activation functions, looked up by the names Keras uses (`activation='relu'`).

`sigmoid` and `softmax` leave their input on their output as `_keras_logits`, as Keras's
activations do (keras/src/activations/activations.py). A crossentropy computed eagerly on
such an output then uses the logits (see fnapi.losses). Inside a `tf.function` the losses
find the logits from the op instead, so the attribute only matters for eager calls.
"""
import tensorflow as tf

from fnapi import registry
from fnapi.lookup import by_name


def linear(x):
    return x


def sigmoid(x):
    """1 / (1 + exp(-x)), elementwise; any shape."""
    return _with_logits(tf.math.sigmoid(x), x)


def softmax(x):
    """exp(x) / sum(exp(x)) over the last axis; shape (batch, ..., units)."""
    return _with_logits(tf.nn.softmax(x, axis=-1), x)


def _with_logits(output, logits):
    output._keras_logits = logits
    return output


_BY_NAME = {
    "linear": linear,
    "relu": tf.nn.relu,
    "sigmoid": sigmoid,
    "tanh": tf.math.tanh,
    "softmax": softmax,
}


def get(identifier):
    """A callable for `identifier`: a name, a callable, None (meaning linear), or a Keras 3
    config of a registered function. Raises ValueError naming the valid names otherwise."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        identifier = identifier.get("registered_name") or identifier.get("config")
    if isinstance(identifier, str) and identifier not in _BY_NAME and registry.lookup(identifier):
        return registry.lookup(identifier)
    return by_name(identifier, _BY_NAME, "activation")


def serialize(function):
    """How a config names `function`: Keras's name, or a registered function's config.

    Raises ValueError for a function that is neither (it could not be loaded again)."""
    name = name_of(function)
    if name in _BY_NAME:
        return name
    key = registry.registered_name(function)
    if key is None:
        raise ValueError(f"The activation {name!r} is not one of fnapi's {sorted(_BY_NAME)} and "
                         "is not registered, so it cannot be saved. Register it with "
                         "@fnapi.saving.register_serializable(package=...).")
    return {"module": None, "class_name": "function", "config": name, "registered_name": key}


def name_of(function):
    """The name Keras would print for an activation function."""
    for name, known in _BY_NAME.items():
        if known is function:
            return name
    return getattr(function, "__name__", repr(function))
