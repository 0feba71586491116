"""Weight initializers with Keras's names and default formulas.

Each initializer is a function `(shape, dtype) -> tf.Tensor`. They draw from TensorFlow's
global random stream, so `fnapi.utils.set_random_seed(s)` makes model creation repeatable.
"""
import math

import numpy as np
import tensorflow as tf

from fnapi.lookup import by_name


def _fans(shape):
    """Keras's fan-in and fan-out: a conv kernel counts its receptive field."""
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def zeros(shape, dtype="float32"):
    return tf.zeros(shape, dtype)


def ones(shape, dtype="float32"):
    return tf.ones(shape, dtype)


def glorot_uniform(shape, dtype="float32"):
    fan_in, fan_out = _fans(shape)
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return tf.random.uniform(shape, -limit, limit, dtype)


def glorot_normal(shape, dtype="float32"):
    fan_in, fan_out = _fans(shape)
    stddev = math.sqrt(2.0 / (fan_in + fan_out))
    return tf.random.truncated_normal(shape, 0.0, stddev / 0.87962566103423978, dtype)


def he_normal(shape, dtype="float32"):
    fan_in, _ = _fans(shape)
    stddev = math.sqrt(2.0 / fan_in)
    return tf.random.truncated_normal(shape, 0.0, stddev / 0.87962566103423978, dtype)


def he_uniform(shape, dtype="float32"):
    fan_in, _ = _fans(shape)
    limit = math.sqrt(6.0 / fan_in)
    return tf.random.uniform(shape, -limit, limit, dtype)


def lecun_normal(shape, dtype="float32"):
    fan_in, _ = _fans(shape)
    stddev = math.sqrt(1.0 / fan_in)
    return tf.random.truncated_normal(shape, 0.0, stddev / 0.87962566103423978, dtype)


def lecun_uniform(shape, dtype="float32"):
    fan_in, _ = _fans(shape)
    limit = math.sqrt(3.0 / fan_in)
    return tf.random.uniform(shape, -limit, limit, dtype)


def random_normal(shape, dtype="float32"):
    """Keras's `RandomNormal()` default: N(0, 0.05)."""
    return tf.random.normal(shape, 0.0, 0.05, dtype)


def truncated_normal(shape, dtype="float32"):
    """Keras's `TruncatedNormal()` default: N(0, 0.05) cut at two standard deviations."""
    return tf.random.truncated_normal(shape, 0.0, 0.05, dtype)


def random_uniform(shape, dtype="float32"):
    """Keras's `'uniform'`: U(-0.05, 0.05), the default for Embedding."""
    return tf.random.uniform(shape, -0.05, 0.05, dtype)


def orthogonal(shape, dtype="float32"):
    """A (semi-)orthogonal matrix, Keras's default for an LSTM's recurrent kernel."""
    rows, cols = int(np.prod(shape[:-1])), shape[-1]
    a = tf.random.normal((max(rows, cols), min(rows, cols)), dtype=dtype)
    q, r = tf.linalg.qr(a)
    q *= tf.sign(tf.linalg.diag_part(r))
    if rows < cols:
        q = tf.transpose(q)
    return tf.reshape(q, shape)


_BY_NAME = {
    "zeros": zeros, "ones": ones,
    "glorot_uniform": glorot_uniform, "glorot_normal": glorot_normal,
    "he_normal": he_normal, "he_uniform": he_uniform,
    "lecun_normal": lecun_normal, "lecun_uniform": lecun_uniform,
    "uniform": random_uniform, "random_uniform": random_uniform,
    "normal": random_normal, "random_normal": random_normal,
    "truncated_normal": truncated_normal, "orthogonal": orthogonal,
}


def get(identifier):
    return by_name(identifier, _BY_NAME, "initializer", "or a callable (shape, dtype) -> tensor")


def check(identifier):
    """`identifier` itself, once known to name an initializer (raises ValueError if not)."""
    get(identifier)
    return identifier
