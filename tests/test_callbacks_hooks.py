"""Callbacks get Keras 2's hooks, in Keras 2's order (tf_keras is the oracle):
`on_train_batch_begin/end` (and the older `on_batch_begin/end` they call), `on_test_*`
around `fit`'s validation, and `stop_training` set from a batch hook ends training after
that batch, with the same weights as Keras 2 (float32 noise, 1e-6)."""
import numpy as np
import pytest
import tf_keras

import fnapi

HOOKS = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
         "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end",
         "on_test_batch_begin", "on_test_batch_end"]


def _recorder(lib):
    """A callback of `lib` that writes down every hook call (name and batch/epoch)."""
    def hook(name):
        def record(self, *args, logs=None):  # Keras passes logs by position or keyword
            self.events.append((name, *[a for a in args[:1] if isinstance(a, int)]))
        return record
    return type("Recorder", (lib.callbacks.Callback,),
                {"events": None, **{name: hook(name) for name in HOOKS}})


def _twins(seed=0):
    models = []
    for lib in (fnapi, tf_keras):
        x = lib.layers.Input((3,))
        model = lib.models.Model(x, lib.layers.Dense(1)(lib.layers.Dense(4, "relu")(x)))
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="mse")
        models.append(model)
    models[1].set_weights(models[0].get_weights())
    return models


def _data(rows=10, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(rows, 3)).astype("float32"), rng.normal(size=(rows, 1)).astype(
        "float32")


def test_every_hook_is_called_in_keras2_order():
    x, y = _data()
    seen = []
    for model, lib in zip(_twins(), (fnapi, tf_keras)):
        recorder = _recorder(lib)()
        recorder.events = []
        model.fit(x, y, batch_size=4, epochs=2, validation_data=_data(6, seed=1),
                  callbacks=[recorder], verbose=0, shuffle=False)
        seen.append(recorder.events)
    assert seen[0] == seen[1]
    assert ("on_test_batch_end", 1) in seen[0]


@pytest.mark.parametrize("hook", ["on_batch_end", "on_train_batch_end"])
def test_stop_training_from_a_batch_hook_stops_after_that_batch(hook):
    x, y = _data()
    weights, batches = [], []
    for model, lib in zip(_twins(), (fnapi, tf_keras)):
        done = []

        def stop(self, batch, logs=None, done=done):
            done.append(batch)
            self.model.stop_training = True
        callback = type("Stopper", (lib.callbacks.Callback,), {hook: stop})()
        model.fit(x, y, batch_size=4, epochs=3, callbacks=[callback], verbose=0, shuffle=False)
        weights.append(model.get_weights())
        batches.append(done)
    assert batches[0] == batches[1] == [0]
    for mine, theirs in zip(*weights):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)
