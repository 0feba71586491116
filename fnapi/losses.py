"""Loss functions with Keras's math, down to its arithmetic in saturated regimes.

Each takes `y_true` and `y_pred` shaped (batch, ..., units) and returns one value per
sample, shape (batch,): the mean over every non-batch axis (Keras takes the mean over the
last axis; the training loop then averages the rest). fit and evaluate check the targets'
shapes; called directly with targets of another shape, a loss broadcasts them or raises
TensorFlow's error (ValueError or InvalidArgumentError), as Keras 2's does.

Crossentropy after a sigmoid or softmax. In float32, sigmoid(17) is already exactly 1.0,
so probabilities alone cannot tell a confident mistake from a wild one, and clipping them
leaves no gradient. Keras therefore computes a crossentropy that follows a sigmoid or
softmax from that op's input, the logits (`_get_logits` in tf_keras/src/backend.py and in
keras/src/backend/tensorflow/nn.py). fnapi does the same, in the same two ways:
- inside a `tf.function` (fit, evaluate), when `y_pred` is *directly* the output of a
  TensorFlow `Sigmoid` / `Softmax` op: `y_pred.op.type`, read in Python while tracing, so
  free at run time. A reshape or slice of that output is another op and is not
  recognised. TensorFlow's `Softmax` op works on the last axis (`tf.nn.softmax` over
  another axis ends in a `Transpose`), so only softmaxes over the last axis qualify;
- eagerly (`loss(y, model(x))`), through the `_keras_logits` attribute that
  fnapi.activations.sigmoid / softmax leave on their output, as Keras's do.
Any other `y_pred` is taken as probabilities and clipped to [EPSILON, 1 - EPSILON].
"""
import tensorflow as tf

from fnapi.lookup import by_name

EPSILON = 1e-7  # Keras's backend.epsilon()


def _per_sample(values):
    """(batch, ...) -> (batch,): the mean over every axis but the batch axis."""
    return tf.reduce_mean(tf.reshape(values, (tf.shape(values)[0], -1)), axis=-1)


def logits_behind(y_pred, op_type):
    """The logits `y_pred` was computed from by an `op_type` op ('Sigmoid' or 'Softmax'),
    or None. Keras's rule (`_get_logits`): a `_keras_logits` attribute first, else, for a
    graph tensor only, the single input of the op that made `y_pred`."""
    logits = getattr(y_pred, "_keras_logits", None)
    if logits is not None:
        return logits
    if tf.is_symbolic_tensor(y_pred) and y_pred.op.type == op_type:
        return y_pred.op.inputs[0]
    return None


def _clip(probabilities):
    return tf.clip_by_value(probabilities, EPSILON, 1.0 - EPSILON)


def binary_crossentropy(y_true, y_pred):
    """Targets in [0, 1], shaped like `y_pred`. From probabilities, Keras 2's form
    (tf_keras/src/backend.py, `binary_crossentropy`): clip, then add EPSILON inside each
    log. Keras 3 leaves out that second EPSILON; the course follows Keras 2."""
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(y_true, y_pred.dtype)
    logits = logits_behind(y_pred, "Sigmoid")
    if logits is not None:
        return _per_sample(tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true,
                                                                   logits=logits))
    p = _clip(y_pred)
    return _per_sample(-(y_true * tf.math.log(p + EPSILON)
                         + (1.0 - y_true) * tf.math.log(1.0 - p + EPSILON)))


def categorical_crossentropy(y_true, y_pred):
    """One-hot (or any distribution) targets, shaped like `y_pred`. From probabilities,
    as both Kerases do: rows are rescaled to sum to 1, clipped, then logged."""
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(y_true, y_pred.dtype)
    logits = logits_behind(y_pred, "Softmax")
    if logits is not None:
        return _per_sample(tf.nn.softmax_cross_entropy_with_logits(labels=y_true,
                                                                   logits=logits))
    p = _clip(y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True))
    return _per_sample(-tf.reduce_sum(y_true * tf.math.log(p), axis=-1))


def sparse_categorical_crossentropy(y_true, y_pred):
    """Targets are class ids, shape (batch, ...) or (batch, ..., 1), for `y_pred` of shape
    (batch, ..., classes). From probabilities, as both Kerases do: clip, log, then a
    softmax crossentropy, which rescales the *clipped* row to sum to 1. An id outside
    [0, classes) raises InvalidArgumentError on a CPU (TensorFlow gives NaN on a GPU)."""
    y_pred = tf.convert_to_tensor(y_pred)
    logits = logits_behind(y_pred, "Softmax")
    if logits is None:
        logits = tf.math.log(_clip(y_pred))
    ids = tf.reshape(tf.cast(y_true, tf.int64), tf.shape(logits)[:-1])
    return _per_sample(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids,
                                                                      logits=logits))


def mean_squared_error(y_true, y_pred):
    """mean((y_pred - y_true)**2): no clipping or epsilon in either Keras."""
    return _per_sample(tf.square(y_pred - y_true))


def mean_absolute_error(y_true, y_pred):
    """mean(|y_pred - y_true|): no clipping or epsilon in either Keras."""
    return _per_sample(tf.abs(y_pred - y_true))


_BY_NAME = {
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "mean_squared_error": mean_squared_error, "mse": mean_squared_error,
    "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error,
}


def get(identifier):
    """The loss for a Keras name ('mse', ...); a callable passes through. ValueError else."""
    return by_name(identifier, _BY_NAME, "loss", "or a callable (y_true, y_pred) -> loss per sample")
