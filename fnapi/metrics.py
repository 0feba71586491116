"""Accuracy metrics, one value per sample, and Keras's rule for what 'accuracy' means."""
import tensorflow as tf

from fnapi import losses
from fnapi.losses import _per_sample


def binary_accuracy(y_true, y_pred, threshold=0.5):
    predicted = tf.cast(y_pred > threshold, y_pred.dtype)
    return _per_sample(tf.cast(tf.equal(y_true, predicted), tf.float32))


def categorical_accuracy(y_true, y_pred):
    hits = tf.equal(tf.argmax(y_true, axis=-1), tf.argmax(y_pred, axis=-1))
    return _per_sample(tf.cast(hits, tf.float32)[..., None])


def sparse_categorical_accuracy(y_true, y_pred):
    ids = tf.reshape(tf.cast(y_true, tf.int64), tf.shape(y_pred)[:-1])
    hits = tf.equal(ids, tf.argmax(y_pred, axis=-1))
    return _per_sample(tf.cast(hits, tf.float32)[..., None])


_BY_NAME = {
    "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    **losses._BY_NAME,  # any loss can be reported as a metric too ('mae', 'mse', ...)
}
ACCURACY_NAMES = ("accuracy", "acc")


def label(identifier):
    """The name Keras logs for a metric: its string, or its function's name.

    Raises ValueError at once for a name that is no metric, or a metric object that keeps
    state between batches (Keras's `keras.metrics.AUC()`), before any training."""
    if hasattr(identifier, "update_state"):
        raise ValueError(
            f"fnapi's metrics are functions of (y_true, y_pred), averaged over the batches; "
            f"a metric object that keeps state ({type(identifier).__name__}, with "
            "`update_state`/`result`) is not supported. Give its name (e.g. "
            "'binary_accuracy') or a function. Received: " + repr(identifier))
    if callable(identifier):
        return getattr(identifier, "__name__", type(identifier).__name__)
    if identifier in ACCURACY_NAMES or identifier in _BY_NAME:
        return identifier
    raise ValueError(f"Unknown metric {identifier!r}. Expected one of "
                     f"{sorted(set(_BY_NAME) | set(ACCURACY_NAMES))} or a callable.")


def get(identifier, output_shape, target_shape):
    """A per-sample metric function. 'accuracy' is resolved from the shapes, as Keras does:
    binary when the output has one unit, sparse when targets are class ids, else categorical.
    """
    if callable(identifier):
        return identifier
    if identifier in ACCURACY_NAMES:
        if output_shape[-1] == 1:
            return binary_accuracy
        if len(target_shape) < len(output_shape) or target_shape[-1] == 1:
            return sparse_categorical_accuracy
        return categorical_accuracy
    if identifier in _BY_NAME:
        return _BY_NAME[identifier]
    raise ValueError(f"Unknown metric {identifier!r}. Expected one of "
                     f"{sorted(set(_BY_NAME) | set(ACCURACY_NAMES))} or a callable.")
