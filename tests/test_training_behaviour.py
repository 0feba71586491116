"""How fit, evaluate and the *_on_batch methods behave: the keys they log, what they
print, which callbacks they call and when, how they stop, and that a run repeats.

Expected values come from Keras (its rules, or Keras 3 itself), from NumPy, or from a
second fnapi computation that must agree (e.g. validation_split vs. an explicit split).
"""
import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest

import fnapi
import twins
from fnapi.callbacks import Callback, EarlyStopping


def small_mlp(classes=3, seed=0):
    fnapi.utils.set_random_seed(seed)
    return twins.mlp(fnapi, features=6, hidden=8, classes=classes)


def data(n=10, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.random((n, 6)).astype("float32"),
            np.eye(classes, dtype="float32")[rng.integers(0, classes, n)])


def copy_of(model, build):
    other = build()
    other.set_weights(model.get_weights())
    return other


def compiled(model, optimizer=None, **kwargs):
    model.compile(optimizer or fnapi.optimizers.SGD(learning_rate=0.1),
                  loss=kwargs.pop("loss", "categorical_crossentropy"),
                  metrics=kwargs.pop("metrics", ["accuracy"]), **kwargs)
    return model


# --- History and validation ------------------------------------------------------------
def test_history_keys_single_and_multi_output():
    x, y = data()
    h = compiled(small_mlp()).fit(x, y, epochs=2, verbose=0).history
    assert sorted(h) == ["accuracy", "loss"] and len(h["loss"]) == 2
    model = twins.two_heads(fnapi)
    model.compile("sgd", loss=["binary_crossentropy", "categorical_crossentropy"],
                  metrics=["accuracy"])
    xs, ys = twins.sample_data(model, 10, np.random.default_rng(0))
    h = model.fit(xs, ys, epochs=2, verbose=0, validation_data=(xs, ys)).history
    keys = ["loss", "o1_loss", "o2_loss", "o1_accuracy", "o2_accuracy"]
    assert sorted(h) == sorted(keys + [f"val_{k}" for k in keys])


@pytest.mark.parametrize("shuffle", [False, True])
def test_validation_split_takes_the_last_samples_before_shuffling(shuffle):
    """Keras: the first floor(n * (1 - split)) samples train, the rest validate, and only
    the training part is shuffled. 10 samples, split 0.25 -> 7 train, 3 validate."""
    x, y = data()
    first = compiled(small_mlp())
    second = compiled(copy_of(first, small_mlp))
    np.random.seed(1)
    h1 = first.fit(x, y, batch_size=3, epochs=3, validation_split=0.25, shuffle=shuffle,
                   verbose=0).history
    np.random.seed(1)
    h2 = second.fit(x[:7], y[:7], batch_size=3, epochs=3, validation_data=(x[7:], y[7:]),
                    shuffle=shuffle, verbose=0).history
    assert sorted(h1) == sorted(h2) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for key in h1:
        np.testing.assert_allclose(h1[key], h2[key], atol=1e-6, err_msg=key)
    np.testing.assert_array_equal(first.get_weights()[0], second.get_weights()[0])


def test_validation_split_too_small_is_refused():
    x, y = data(n=3)                                 # floor(3 * 0.3) = 0 samples to train
    model = compiled(small_mlp())
    with pytest.raises(ValueError, match="validation_split"):
        model.fit(x, y, validation_split=0.7, verbose=0)


def test_val_logs_equal_evaluate_on_the_validation_data():
    x, y = data()
    model = compiled(small_mlp())
    h = model.fit(x[:6], y[:6], epochs=1, validation_data=(x[6:], y[6:]), verbose=0).history
    loss, accuracy = model.evaluate(x[6:], y[6:])
    assert h["val_loss"] == [pytest.approx(loss, abs=1e-6)]
    assert h["val_accuracy"] == [pytest.approx(accuracy, abs=1e-6)]


def test_last_partial_batch_is_trained_on():
    """10 samples in batches of 4: three steps, the last on 2 samples, as train_on_batch
    on the three slices does."""
    x, y = data()
    model = compiled(small_mlp())
    by_hand = compiled(copy_of(model, small_mlp))
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for part in (slice(0, 4), slice(4, 8), slice(8, 10)):
        by_hand.train_on_batch(x[part], y[part])
    assert int(model.optimizer.iterations.numpy()) == 3
    for a, b in zip(model.get_weights(), by_hand.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)


# --- printing --------------------------------------------------------------------------
def test_verbose_0_prints_nothing(capsys):
    x, y = data()
    compiled(small_mlp()).fit(x, y, epochs=2, verbose=0, validation_split=0.2)
    assert capsys.readouterr().out == ""


def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, y = data()
    compiled(small_mlp()).fit(x, y, batch_size=4, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("Epoch")] == [
        "Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    results = [line for line in lines if "loss:" in line]
    assert len(results) == 3 and all(line.startswith("3/3") for line in results)
    assert all("accuracy:" in line and "[" not in line and "\r" not in line for line in results)


def test_verbose_1_draws_a_progress_bar(capsys):
    x, y = data()
    compiled(small_mlp()).fit(x, y, batch_size=4, epochs=1, verbose=1)
    out = capsys.readouterr().out
    assert out.startswith("Epoch 1/1\n")
    assert "3/3 [" + "=" * 30 + "]" in out and "loss:" in out and out.endswith("\n")


# --- callbacks -------------------------------------------------------------------------
class Recorder(Callback):
    def __init__(self):
        self.events = []

    def on_train_begin(self, logs=None):
        self.events.append("train_begin")

    def on_epoch_begin(self, epoch, logs=None):
        self.events.append(("epoch_begin", epoch))

    def on_batch_end(self, batch, logs=None):
        self.events.append(("batch_end", batch))
        assert "loss" in logs

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(("epoch_end", epoch, sorted(logs)))

    def on_train_end(self, logs=None):
        self.events.append("train_end")


def test_callbacks_are_called_in_keras_order_with_every_batch():
    x, y = data()
    model = compiled(small_mlp())
    twin = compiled(copy_of(model, small_mlp))
    recorder = Recorder()
    h = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0,
                  callbacks=[recorder]).history
    epoch = [("batch_end", 0), ("batch_end", 1), ("batch_end", 2)]
    keys = ["accuracy", "loss"]
    assert recorder.events == ["train_begin",
                               ("epoch_begin", 0), *epoch, ("epoch_end", 0, keys),
                               ("epoch_begin", 1), *epoch, ("epoch_end", 1, keys),
                               "train_end"]
    # Running batch by batch (for the callback) changes no number.
    h_twin = twin.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    np.testing.assert_allclose(h_twin["loss"], h["loss"], atol=1e-6)
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)


class FakeModel:
    stop_training = False

    def get_weights(self):
        return []

    def set_weights(self, weights):
        pass


def stopping_epoch(callback, monitor, values):
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        if model.stop_training:
            return epoch
    return None


@pytest.mark.parametrize("monitor, mode, patience, min_delta, values", [
    ("val_loss", "auto", 2, 0.0, [1.0, 0.9, 0.95, 0.94, 0.93, 0.92]),
    ("val_loss", "min", 0, 0.0, [1.0, 0.9, 0.9, 0.8]),
    ("val_loss", "auto", 1, 0.05, [1.0, 0.97, 0.9, 0.86, 0.84, 0.8]),
    ("loss", "min", 3, 0.0, [5.0, 4.0, 3.0, 2.0, 1.0]),
    ("val_accuracy", "max", 1, 0.0, [0.5, 0.6, 0.6, 0.7, 0.65, 0.7]),
    ("val_accuracy", "max", 2, 0.1, [0.5, 0.55, 0.7, 0.75, 0.79]),
])
def test_early_stopping_stops_at_the_same_epoch_as_keras3(monitor, mode, patience, min_delta,
                                                           values):
    expected = stopping_epoch(keras.callbacks.EarlyStopping(
        monitor=monitor, mode=mode, patience=patience, min_delta=min_delta), monitor, values)
    got = stopping_epoch(EarlyStopping(monitor=monitor, mode=mode, patience=patience,
                                       min_delta=min_delta), monitor, values)
    assert got == expected
    if mode == "max":  # 'auto' must read "accuracy" as higher-is-better
        assert stopping_epoch(EarlyStopping(monitor=monitor, patience=patience,
                                            min_delta=min_delta), monitor, values) == expected


class Script(Callback):
    """Puts a scripted score in the logs, and remembers the weights after every epoch."""

    def __init__(self, scores):
        self.scores, self.weights = scores, []

    def on_epoch_end(self, epoch, logs=None):
        logs["score"] = self.scores[epoch]
        self.weights.append(self.model.get_weights())


def test_early_stopping_restores_the_best_epochs_weights():
    x, y = data()
    model = compiled(small_mlp())
    script = Script([3.0, 1.0, 2.0, 2.5, 0.5, 0.1])
    stopper = EarlyStopping(monitor="score", patience=2, restore_best_weights=True)
    h = model.fit(x, y, epochs=6, verbose=0, callbacks=[script, stopper]).history
    assert len(h["loss"]) == 4                       # best at epoch 1, stop at epoch 3
    for final, best, last in zip(model.get_weights(), script.weights[1], script.weights[3]):
        np.testing.assert_array_equal(final, best)
        assert not np.array_equal(final, last)


# --- not-finite losses -----------------------------------------------------------------
def assert_stopped_cleanly(model, history, epochs, capsys):
    out = capsys.readouterr().out
    assert "not finite" in out
    assert len(history["loss"]) < epochs
    assert not np.isfinite(history["loss"][-1])      # the failed epoch is not reported as fine
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_a_nan_target_stops_training_and_keeps_the_weights(capsys):
    x, y = data()
    y[5, 0] = np.nan
    model = compiled(small_mlp())
    before = model.get_weights()
    h = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0).history
    assert_stopped_cleanly(model, h, 3, capsys)
    after = model.get_weights()
    assert not all(np.array_equal(a, b) for a, b in zip(before, after))  # batch 0 was applied
    by_hand = compiled(copy_of(model, small_mlp))
    by_hand.set_weights(before)
    by_hand.train_on_batch(x[:4], y[:4])
    for a, b in zip(after, by_hand.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_a_huge_learning_rate_stops_training_with_finite_weights(capsys):
    fnapi.utils.set_random_seed(0)
    inputs = fnapi.Input(shape=(6,))
    model = fnapi.Model(inputs, fnapi.layers.Dense(1)(inputs))
    model.compile(fnapi.optimizers.SGD(learning_rate=1e30), loss="mse")
    x = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
    h = model.fit(x, x.sum(1, keepdims=True), batch_size=4, epochs=5, verbose=0).history
    assert_stopped_cleanly(model, h, 5, capsys)


# --- evaluate and the *_on_batch methods -----------------------------------------------
def numpy_bce(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def numpy_cce(y, p):
    return float(np.mean(-np.sum(y * np.log(np.clip(p, 1e-7, 1 - 1e-7)), axis=-1)))


def test_evaluate_returns_loss_output_losses_then_metrics():
    model = twins.two_heads(fnapi)
    model.compile("sgd", loss=["binary_crossentropy", "categorical_crossentropy"],
                  loss_weights=[1.0, 0.2], metrics=["accuracy"])
    xs, ys = twins.sample_data(model, 10, np.random.default_rng(0))
    result = model.evaluate(xs, ys, batch_size=4)
    p1, p2 = model.predict(xs)
    o1, o2 = numpy_bce(ys[0], p1), numpy_cce(ys[1], p2)
    expected = [o1 + 0.2 * o2, o1, o2, np.mean((p1 > 0.5) == ys[0]),
                np.mean(p2.argmax(-1) == ys[1].argmax(-1))]
    np.testing.assert_allclose(result, expected, atol=1e-5)
    assert list(model.evaluate(xs, ys, return_dict=True)) == [
        "loss", "o1_loss", "o2_loss", "o1_accuracy", "o2_accuracy"]
    x, y = data()
    single = compiled(small_mlp(), metrics=None)
    loss = single.evaluate(x, y)
    assert isinstance(loss, float) and loss == pytest.approx(numpy_cce(y, single.predict(x)))


def test_train_test_and_predict_on_batch():
    x, y = data()
    model = compiled(small_mlp())
    before = model.get_weights()
    tested = model.test_on_batch(x, y)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    np.testing.assert_allclose(tested, model.evaluate(x, y, batch_size=10), atol=1e-6)
    trained = model.train_on_batch(x, y)             # the loss before this step's update
    np.testing.assert_allclose(trained, tested, atol=1e-6)
    assert not all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert model.test_on_batch(x, y)[0] < tested[0]
    predicted = model.predict_on_batch(x)
    np.testing.assert_allclose(predicted, model.predict(x, batch_size=3), atol=1e-6)
    np.testing.assert_allclose(predicted, model(x).numpy(), atol=1e-6)


# --- shared weights, dtypes ------------------------------------------------------------
def lstm_pair(shared):
    L = fnapi.layers
    a, b = L.Input(shape=(6, 5)), L.Input(shape=(6, 5))
    first = L.LSTM(4)
    second = first if shared else L.LSTM(4)
    merged = L.concatenate([first(a), second(b)])
    return fnapi.Model([a, b], L.Dense(1, activation="sigmoid")(merged)), first, second


def vision_pair(shared):
    L = fnapi.layers

    def vision():
        image = L.Input(shape=(8, 8, 1))
        return fnapi.Model(image, L.Flatten()(L.MaxPooling2D((2, 2))(
            L.Conv2D(4, (3, 3))(L.Conv2D(4, (3, 3))(image)))))
    first = vision()
    second = first if shared else vision()
    a, b = L.Input(shape=(8, 8, 1)), L.Input(shape=(8, 8, 1))
    merged = L.concatenate([first(a), second(b)])
    return fnapi.Model([a, b], L.Dense(1, activation="sigmoid")(merged)), first, second


@pytest.mark.parametrize("pair", [lstm_pair, vision_pair])
def test_a_shared_layer_or_model_sums_the_gradients_of_its_uses(pair):
    """One SGD step (learning rate 1) on the shared model moves the shared weights by the
    sum of what the two uses move in an unshared copy with equal weights."""
    shared_model, shared, _ = pair(True)
    model, first, second = pair(False)
    assert len(shared_model.trainable_weights) == len(model.trainable_weights) / 2 + 1
    first.set_weights(shared.get_weights())
    second.set_weights(shared.get_weights())
    model.layers[-1].set_weights(shared_model.layers[-1].get_weights())
    xs, ys = twins.sample_data(model, 6, np.random.default_rng(0))
    before = shared.get_weights()
    for m in (shared_model, model):
        m.compile(fnapi.optimizers.SGD(learning_rate=1.0), loss="binary_crossentropy",
                  jit_compile=False)                 # XLA would only add compile time
        m.train_on_batch(xs, ys)
    for old, new, new_1, new_2 in zip(before, shared.get_weights(), first.get_weights(),
                                      second.get_weights()):
        assert np.abs(new_1 - old).max() > 1e-4
        np.testing.assert_allclose(new - old, (new_1 - old) + (new_2 - old), atol=1e-6)


def test_float_data_for_an_int32_input_is_cast():
    """The guide feeds word ids made with np.round (floats) to an int32 Input."""
    def build():
        ids = fnapi.Input(shape=(7,), dtype="int32")
        vectors = fnapi.layers.Flatten()(fnapi.layers.Embedding(50, 4)(ids))
        return fnapi.Model(ids, fnapi.layers.Dense(1, activation="sigmoid")(vectors))
    model = build()
    twin = copy_of(model, build)
    rng = np.random.default_rng(0)
    ids, y = rng.integers(0, 50, (8, 7)), rng.integers(0, 2, (8, 1))
    floats = np.round(ids * 1.0)
    assert floats.dtype == np.float64
    for m in (model, twin):
        m.compile("rmsprop", loss="binary_crossentropy")
    h_float = model.fit(floats, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    h_int = twin.fit(ids, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    np.testing.assert_allclose(h_float["loss"], h_int["loss"], atol=1e-6)
    np.testing.assert_allclose(model.predict(floats), twin.predict(ids), atol=1e-6)


# --- repeatability ---------------------------------------------------------------------
RUN = """
import json, sys
import numpy as np
import tensorflow as tf
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
import fnapi
L = fnapi.layers
histories = []
for seed in (0, 1):
    fnapi.utils.set_random_seed(seed)
    inputs = L.Input(shape=(6,))
    x = L.Dropout(0.5)(L.Dense(8, activation="relu")(inputs))
    model = fnapi.Model(inputs, L.Dense(3, activation="softmax")(x))
    model.compile("adam", loss="categorical_crossentropy", metrics=["accuracy"])
    data = np.random.default_rng(0)
    x, y = data.random((20, 6)), np.eye(3)[data.integers(0, 3, 20)]
    histories.append(model.fit(x, y, batch_size=6, epochs=3, shuffle=True, verbose=0,
                               validation_split=0.2).history)
json.dump(histories, sys.stdout)
"""


def test_same_seed_gives_the_same_history_bit_for_bit_in_fresh_processes():
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    runs = [subprocess.Popen([sys.executable, "-c", RUN], stdout=subprocess.PIPE, env=env)
            for _ in range(2)]
    (first_0, first_1), (second_0, _) = [json.loads(run.communicate(timeout=300)[0])
                                         for run in runs]
    assert first_0 == second_0                       # JSON floats round-trip exactly
    assert first_0 != first_1                        # the seed matters: shuffling, dropout
