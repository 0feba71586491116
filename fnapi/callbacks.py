"""Callbacks: code that `fit` calls at the start and end of training, epochs and batches.

`logs` is a dict of the current numbers (`{'loss': 0.31, 'val_loss': 0.35, ...}`).
`self.model` is the model being trained; setting `model.stop_training = True` ends
training after the current batch (from a batch hook) or epoch. The hooks are Keras 2's:
`on_train_batch_begin/end` (whose default calls the older `on_batch_begin/end`) around
every training batch, `on_test_begin/end` and `on_test_batch_begin/end` around `fit`'s
validation. Overriding a batch hook makes `fit` run its steps one by one, so that the
hook sees every batch.
"""
import warnings

import numpy as np

from fnapi.argument_validation import integer, number, one_of


class Callback:
    """`self.model`: the model being trained; `self.params`: `fit`'s `verbose`, `epochs`
    and `steps` (per epoch; None when unknown), as Keras sets them before training."""
    params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs)

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass


BATCH_HOOKS = {True: ("on_train_batch_begin", "on_train_batch_end", "on_batch_begin",
                      "on_batch_end"),
               False: ("on_test_batch_begin", "on_test_batch_end")}


def wants_every_batch(callbacks, train=True):
    """True if some callback really overrides a batch hook of training (`train`) or of
    validation, so those steps must run one by one."""
    return any(getattr(type(c), hook) is not getattr(Callback, hook)
               for c in callbacks for hook in BATCH_HOOKS[train])


class History(Callback):
    """Records every epoch's logs: `history.history['loss'][epoch]`."""

    def on_train_begin(self, logs=None):
        self.epoch, self.history = [], {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


class EarlyStopping(Callback):
    """Stop when `monitor` has not improved by `min_delta` for `patience` epochs; with
    `restore_best_weights`, end training with the best epoch's weights (also when it ran
    all its epochs, as in Keras 2.11+). `mode='auto'` maximizes names ending in `acc`,
    `accuracy` or `auc` and minimizes the rest (Keras 2's rule). A `monitor` missing from
    the logs is warned about every epoch, as in Keras, and training goes on.

    Raises ValueError for a `monitor` that is no name, a `min_delta` that is no number, a
    `patience` that is not an integer >= 0, or a `mode` other than 'auto', 'min', 'max'."""

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, mode="auto",
                 restore_best_weights=False, verbose=0):
        if not isinstance(monitor, str) or not monitor:
            raise ValueError("Expected `monitor` to be the name of a logged value, such as "
                             f"'val_loss' or 'val_accuracy'. Received: monitor={monitor!r}")
        min_delta = number(min_delta, "min_delta")
        self.patience = integer(patience, "patience", at_least=0)
        mode = one_of(mode, ("auto", "min", "max"), "mode")
        self.monitor, self.verbose = monitor, verbose
        self.restore_best_weights = restore_best_weights
        higher_is_better = mode == "max" or (
            mode == "auto" and monitor.endswith(("acc", "accuracy", "auc")))
        self.sign = 1.0 if higher_is_better else -1.0
        self.min_delta = abs(min_delta)

    def on_train_begin(self, logs=None):
        self.wait, self.stopped_epoch, self.best_epoch = 0, 0, 0
        self.best, self.best_weights = -np.inf, None

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"Early stopping conditioned on metric `{self.monitor}` which is not "
                          f"available. Available metrics are: {','.join(logs or {})}",
                          stacklevel=2)
            return
        if self.restore_best_weights and self.best_weights is None:
            # The first epoch's weights, in case no epoch ever improves (a NaN loss).
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch
        self.wait += 1
        if self.sign * current - self.min_delta > self.best:
            self.best, self.best_epoch, self.wait = self.sign * current, epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch, self.model.stop_training = epoch, True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose:
                print("Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
