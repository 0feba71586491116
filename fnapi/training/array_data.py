"""Arrays in memory as data: checked once, then cut into batches every epoch.

Without a `tf.distribute` strategy the batches are pre-cut blocks `(steps, batch, ...)`
with a row mask, which the step runner indexes (the fast path, many steps per call).
Under a strategy the same batches become a `tf.data` pipeline, which the strategy splits
across its replicas. Either way the stream is (inputs, targets, weights) per batch.
"""
import numpy as np
import tensorflow as tf

from fnapi.training.data import epoch_index, split_off


class ArrayData:
    """`xs`, `ys`, `ws`: lists of arrays with one row per sample (`ys`, `ws` None to predict).
    `class_factors`: each row's `class_weight` (None: all 1), which weights training only:
    the rows `split` holds out for validation keep their sample weights alone (Keras)."""

    def __init__(self, xs, ys, ws, batch_size, shuffle=False, class_factors=None):
        self.xs, self.ys, self.sample_ws, self.class_factors = xs, ys, ws, class_factors
        self.ws = ws if ws is None or class_factors is None else [
            (w * class_factors).astype(np.float32) for w in ws]
        self.rows = len(xs[0])
        self.batch_size, self.shuffle = min(batch_size, self.rows), shuffle
        self.steps = -(-self.rows // self.batch_size)
        self._tensors = None  # the arrays as tensors, made by the first epoch

    def _order(self):
        return np.random.permutation(self.rows) if self.shuffle else np.arange(self.rows)

    def blocks(self):
        """One epoch as tensors (steps, batch, ...): inputs, targets, weights, row masks.
        The arrays become tensors once; each epoch gathers its batches from them in one
        TensorFlow op (not two copies per epoch, by NumPy and into a tensor)."""
        if self._tensors is None:
            self._tensors = [tf.constant(a) for a in self.xs + (self.ys or []) + (self.ws or [])]
        index, masks = epoch_index(self.rows, self.batch_size, self._order())
        index = tf.constant(index)
        cut = [tf.gather(tensor, index) for tensor in self._tensors]
        n_x, n_y = len(self.xs), len(self.ys or [])
        return cut[:n_x], cut[n_x:n_x + n_y], cut[n_x + n_y:], tf.constant(masks)

    def dataset(self):
        """One epoch as a `tf.data.Dataset` of (inputs, targets, weights) batches."""
        order = self._order()
        parts = tuple(tuple(a[order] for a in group) for group in (self.xs, self.ys, self.ws))
        return tf.data.Dataset.from_tensor_slices(parts).batch(self.batch_size)

    def split(self, fraction):
        """Keras's `validation_split`: (training data, the last `fraction` of the samples)."""
        groups = [split_off(group, fraction) for group in (self.xs, self.ys, self.sample_ws)]
        train, held_out = ([group[i] for group in groups] for i in (0, 1))
        class_factors = (None if self.class_factors is None
                         else split_off([self.class_factors], fraction)[0][0])
        return (ArrayData(*train, self.batch_size, self.shuffle, class_factors),
                ArrayData(*held_out, self.batch_size))
