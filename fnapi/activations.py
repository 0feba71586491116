"""Activation functions, looked up by the names Keras uses (`activation='relu'`)."""
import tensorflow as tf


def linear(x):
    return x


def softmax(x):
    return tf.nn.softmax(x, axis=-1)


_BY_NAME = {
    "linear": linear,
    "relu": tf.nn.relu,
    "sigmoid": tf.math.sigmoid,
    "tanh": tf.math.tanh,
    "softmax": softmax,
}


def get(identifier):
    """A callable for `identifier`: a name, a callable, or None (meaning linear)."""
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if identifier in _BY_NAME:
        return _BY_NAME[identifier]
    raise ValueError(f"Unknown activation {identifier!r}. Expected one of {sorted(_BY_NAME)} "
                     "or a callable.")


def name_of(function):
    """The name Keras would print for an activation function."""
    for name, known in _BY_NAME.items():
        if known is function:
            return name
    return getattr(function, "__name__", repr(function))
