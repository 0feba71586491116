"""Activation functions, looked up by the names Keras uses (`activation='relu'`)."""
import tensorflow as tf

from fnapi.lookup import by_name


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
    return linear if identifier is None else by_name(identifier, _BY_NAME, "activation")


def name_of(function):
    """The name Keras would print for an activation function."""
    for name, known in _BY_NAME.items():
        if known is function:
            return name
    return getattr(function, "__name__", repr(function))
