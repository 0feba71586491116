"""Loss functions with Keras's math.

Each returns one value per sample: the mean over the last axis (and any other non-batch
axes). The training loop then averages over the batch. Probabilities are clipped to
[1e-7, 1 - 1e-7] so that log(0) never happens.
"""
import tensorflow as tf

from fnapi.lookup import by_name

EPSILON = 1e-7


def _per_sample(values):
    """Mean over every axis but the batch axis."""
    return tf.reduce_mean(tf.reshape(values, (tf.shape(values)[0], -1)), axis=-1)


def binary_crossentropy(y_true, y_pred):
    p = tf.clip_by_value(y_pred, EPSILON, 1.0 - EPSILON)
    return _per_sample(-(y_true * tf.math.log(p) + (1.0 - y_true) * tf.math.log(1.0 - p)))


def categorical_crossentropy(y_true, y_pred):
    p = y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True)
    p = tf.clip_by_value(p, EPSILON, 1.0 - EPSILON)
    return _per_sample(-tf.reduce_sum(y_true * tf.math.log(p), axis=-1, keepdims=True))


def sparse_categorical_crossentropy(y_true, y_pred):
    """Targets are class ids, shape (batch,) or (batch, 1), instead of one-hot vectors."""
    classes = y_pred.shape[-1]
    ids = tf.reshape(tf.cast(y_true, tf.int32), tf.shape(y_pred)[:-1])
    return categorical_crossentropy(tf.one_hot(ids, classes, dtype=y_pred.dtype), y_pred)


def mean_squared_error(y_true, y_pred):
    return _per_sample(tf.square(y_pred - y_true))


def mean_absolute_error(y_true, y_pred):
    return _per_sample(tf.abs(y_pred - y_true))


_BY_NAME = {
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "mean_squared_error": mean_squared_error, "mse": mean_squared_error,
    "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error,
}


def get(identifier):
    return by_name(identifier, _BY_NAME, "loss", "or a callable (y_true, y_pred) -> loss per sample")
