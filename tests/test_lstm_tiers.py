"""An LSTM's loops run as plain TensorFlow first and XLA-compiled later (lstm_loop.py).

The switch must not show in the numbers beyond float32 noise: both tiers give the outputs
and gradients of Keras 2's LSTM; a fit that crosses the switch trains as Keras 2 does; a
whole step compiled with `jit_compile=True` trains as the default step. In `fit`,
`evaluate` and `predict` of a compiled model the tier follows the optimizer's step count,
so a fit resumed from a file crosses the switch at the same step as an unbroken one, bit
for bit; elsewhere the layer counts its own time steps, in a variable that is no weight
(Keras has no such variable: weights lists, files and `get_weights` stay Keras's).
"""
import numpy as np
import pytest
import tensorflow as tf

import fnapi
import twins
from fnapi.layers import lstm_loop
from fnapi.layers.call_context import trained_for

ATOL = 1e-5  # against Keras 2 (tf_keras), as the other parity tests
TIERS_TOLERANCE = 1e-6  # plain against compiled (abs. and rel.): the same math, fused differently


def _sequence_model(lib, steps=30, features=5, units=4):
    inputs = lib.layers.Input(shape=(steps, features))
    return lib.Model(inputs, lib.layers.Dense(1)(lib.layers.LSTM(units)(inputs)))


def _outputs_and_gradients(model, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        outputs = model(x)
        loss = tf.reduce_sum(outputs * tf.range(1.0, 1.0 + outputs.shape[0])[:, None])
    gradients = tape.gradient(loss, [x] + model.trainable_weights)
    return [outputs.numpy()] + [g.numpy() for g in gradients]


def test_both_tiers_give_keras_numbers_and_the_compiled_one_is_xla():
    import tf_keras
    mine, keras2 = twins.twin(_sequence_model, tf_keras)
    x = tf.constant(np.random.default_rng(0).normal(size=(8, 30, 5)).astype("float32"))
    expected = _outputs_and_gradients(keras2, x)

    with trained_for(tf.constant(0)):  # as in fit before its first step: plain
        plain = _outputs_and_gradients(mine, x)
    compiled = _outputs_and_gradients(mine, x)  # an uncompiled model: compiled tier

    for p, c, e in zip(plain, compiled, expected):
        np.testing.assert_allclose(p, e, atol=ATOL)
        np.testing.assert_allclose(c, e, atol=ATOL)
        np.testing.assert_allclose(c, p, atol=TIERS_TOLERANCE, rtol=TIERS_TOLERANCE)
    # XLA fuses the gates and approximates tanh its own way: its last bits differ, which
    # shows that the second call really ran the compiled loops.
    assert any(not np.array_equal(p, c) for p, c in zip(plain, compiled))


def test_a_fit_that_crosses_the_switch_trains_as_keras_2(monkeypatch):
    import tf_keras
    monkeypatch.setattr(lstm_loop, "COMPILE_AFTER_STEPS", 5 * 6)  # from the 6th of 8 steps
    mine, keras2 = twins.twin(twins.shared_lstm, tf_keras)  # one LSTM, two calls, T=6
    xs, ys = twins.sample_data(mine, 32, np.random.default_rng(2))
    for model in (mine, keras2):
        model.compile(optimizer="rmsprop", loss="binary_crossentropy")
    fit = dict(batch_size=4, epochs=1, shuffle=False, verbose=0)
    history = mine.fit(xs, ys, **fit).history
    expected = keras2.fit(xs, ys, **fit).history
    np.testing.assert_allclose(history["loss"], expected["loss"], atol=ATOL)
    for a, b in zip(mine.get_weights(), keras2.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL)
    # The switch did happen: a twin that never switches ends with other last bits.
    monkeypatch.setattr(lstm_loop, "COMPILE_AFTER_STEPS", 10 ** 9)
    plain_only, _ = twins.twin(twins.shared_lstm, tf_keras)
    plain_only.compile(optimizer="rmsprop", loss="binary_crossentropy")
    plain_only.fit(xs, ys, **fit)
    assert any(not np.array_equal(a, b)
               for a, b in zip(plain_only.get_weights(), mine.get_weights()))


def test_a_fit_resumed_from_a_file_crosses_the_switch_as_an_unbroken_one(monkeypatch, tmp_path):
    # The switch falls on the first step after the checkpoint (3 steps of 20 time steps).
    monkeypatch.setattr(lstm_loop, "COMPILE_AFTER_STEPS", 3 * 20)
    fnapi.utils.set_random_seed(1)
    unbroken = _sequence_model(fnapi, steps=20, units=8)
    unbroken.compile(optimizer="rmsprop", loss="mse")
    x = np.random.default_rng(5).normal(size=(12, 20, 5)).astype("float32")
    y = np.random.default_rng(6).normal(size=(12, 1)).astype("float32")
    fit = dict(batch_size=4, shuffle=False, verbose=0, validation_data=(x[:4], y[:4]))
    unbroken.fit(x, y, epochs=1, **fit)
    unbroken.save(tmp_path / "checkpoint.keras")
    expected = unbroken.fit(x, y, epochs=2, **fit).history
    resumed = fnapi.models.load_model(tmp_path / "checkpoint.keras")
    history = resumed.fit(x, y, epochs=2, **fit).history
    assert history == expected  # every logged number, validation included, bit for bit
    for a, b in zip(resumed.get_weights(), unbroken.get_weights()):
        np.testing.assert_array_equal(a, b)
    # and the switch did happen in there: without it the last bits differ
    monkeypatch.setattr(lstm_loop, "COMPILE_AFTER_STEPS", 10 ** 9)
    never_switched = fnapi.models.load_model(tmp_path / "checkpoint.keras")
    assert never_switched.fit(x, y, epochs=2, **fit).history != expected


def test_a_compiled_models_call_predict_and_reload_agree_before_the_switch(tmp_path):
    model = _sequence_model(fnapi, steps=20, units=8)
    model.compile(optimizer="rmsprop", loss="mse")
    x = np.random.default_rng(8).normal(size=(8, 20, 5)).astype("float32")
    model.fit(x, x[:, 0, :1], batch_size=4, epochs=1, verbose=0)  # 2 steps: still plain
    prediction = model.predict(x, verbose=0)
    np.testing.assert_array_equal(model(x).numpy(), prediction)
    model.save(tmp_path / "m.keras")
    np.testing.assert_array_equal(fnapi.models.load_model(tmp_path / "m.keras").predict(
        x, verbose=0), prediction)
    # An uncompiled view runs the compiled tier: the same numbers, other last bits.
    uncompiled = fnapi.models.load_model(tmp_path / "m.keras", compile=False)
    np.testing.assert_allclose(uncompiled.predict(x, verbose=0), prediction,
                               atol=TIERS_TOLERANCE, rtol=TIERS_TOLERANCE)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("traced_first_without_a_tape", [False, True])
def test_second_order_gradients_are_refused_by_name(compiled, traced_first_without_a_tape):
    """Also when the inner gradient is a tf.function traced before any outer tape existed."""
    layer = fnapi.layers.LSTM(3)
    x = tf.constant(np.random.default_rng(9).normal(size=(2, 4, 5)).astype("float32"))

    def input_gradient(x):
        with tf.GradientTape() as inner:
            inner.watch(x)
            with trained_for(None if compiled else tf.constant(0)):
                y = tf.reduce_sum(layer(x))
        return inner.gradient(y, x)

    if traced_first_without_a_tape:
        input_gradient = tf.function(input_gradient)
        input_gradient(x)
    with pytest.raises(LookupError, match="second-order gradients .* through an LSTM"):
        with tf.GradientTape() as outer:
            outer.watch(x)
            penalty = tf.reduce_sum(input_gradient(x) ** 2)
        outer.gradient(penalty, layer.trainable_weights)


def test_a_feature_extractor_sharing_a_trained_lstm_gives_the_models_bits(monkeypatch):
    monkeypatch.setattr(lstm_loop, "COMPILE_AFTER_STEPS", 2 * 20)  # compiled after 2 steps
    model = _sequence_model(fnapi, steps=20, units=8)
    model.compile(optimizer="rmsprop", loss="mse")
    x = np.random.default_rng(7).normal(size=(12, 20, 5)).astype("float32")
    model.fit(x, x[:, 0, :1], batch_size=4, epochs=1, verbose=0)
    extractor = fnapi.Model(model.inputs, [model.layers[1].output, model.output])
    features, prediction = extractor.predict(x, verbose=0)  # an uncompiled model
    np.testing.assert_array_equal(prediction, model.predict(x, verbose=0))
    np.testing.assert_array_equal(model(x).numpy(), prediction)


def test_a_step_compiled_whole_with_xla_trains_as_the_default():
    fnapi.utils.set_random_seed(0)
    default = _sequence_model(fnapi, steps=9, units=3)
    whole = _sequence_model(fnapi, steps=9, units=3)
    whole.set_weights(default.get_weights())
    x = np.random.default_rng(3).normal(size=(12, 9, 5)).astype("float32")
    y = np.random.default_rng(4).normal(size=(12, 1)).astype("float32")
    default.compile(optimizer="sgd", loss="mse")
    whole.compile(optimizer="sgd", loss="mse", jit_compile=True)
    h1 = default.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    h2 = whole.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    np.testing.assert_allclose(h1["loss"], h2["loss"], atol=ATOL)
    for a, b in zip(default.get_weights(), whole.get_weights()):
        np.testing.assert_allclose(a, b, atol=ATOL)
