"""Callbacks get Keras 2's hooks, in Keras 2's order (tf_keras is the oracle):
`on_train_batch_begin/end` (and the older `on_batch_begin/end` they call), `on_test_*`
around `fit`'s validation, and `stop_training` set from a batch hook ends training after
that batch, with the same weights as Keras 2 (float32 noise, 1e-6)."""
import numpy as np
import pytest
import tensorflow as tf
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


@pytest.mark.parametrize("hook", ["on_train_begin", "on_epoch_begin"])
def test_stop_training_set_before_an_epoch_runs_one_batch_as_keras2(hook):
    x, y = _data(rows=16)
    weights = []
    for model, lib in zip(_twins(), (fnapi, tf_keras)):
        def stop(self, *args, logs=None):
            self.model.stop_training = True
        callback = type("Stopper", (lib.callbacks.Callback,), {hook: stop})()
        model.fit(x, y, batch_size=4, epochs=3, callbacks=[callback], verbose=0, shuffle=False)
        weights.append(model.get_weights())
    for mine, theirs in zip(*weights):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)


def test_a_stream_of_unknown_length_ends_no_phantom_batch_and_train_end_gets_the_logs():
    x, y = _data()
    seen = []
    for model, lib in zip(_twins(), (fnapi, tf_keras)):
        recorder = _recorder(lib)()
        recorder.events = []
        batches = iter([(x[:4], y[:4]), (x[4:8], y[4:8])])
        model.fit(batches, epochs=1, callbacks=[recorder], verbose=0)
        seen.append(recorder.events)
    assert seen[0] == seen[1]
    assert [e for e in seen[0] if e[0] == "on_train_batch_end"] == [
        ("on_train_batch_end", 0), ("on_train_batch_end", 1)]

    class Last(fnapi.callbacks.Callback):
        def on_train_end(self, logs=None):
            self.logs = logs
    last = Last()
    history = _twins()[0].fit(x, y, epochs=2, callbacks=[last], verbose=0)
    assert last.logs == {k: v[-1] for k, v in history.history.items()}


def test_a_used_up_validation_generator_logs_no_numbers_and_evaluate_refuses_empty_data():
    """Keras 2 logs val_loss only while validation data comes; it never invents a 0.0."""
    x, y = _data(rows=12)
    model = _twins()[0]
    validation = ((x[k:k + 4], y[k:k + 4]) for k in range(0, 12, 4))
    history = model.fit(x, y, epochs=3, validation_data=validation, verbose=0)
    assert len(history.history["val_loss"]) == 1 and history.history["val_loss"][0] > 0
    empty = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).filter(lambda a, b: False)
    with pytest.raises(ValueError, match="evaluate got no batch"):
        model.evaluate(empty, verbose=0)
