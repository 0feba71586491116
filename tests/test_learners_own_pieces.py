"""A learner's own losses, metrics and training loop, as Keras 2 (tf_keras) takes them.

A loss or metric may return a value per element (Keras averages it over the axes after
the batch's) or one value for the whole batch (a loss then counts for every row; a metric
is averaged over the batches, as Keras 2's Mean does). fnapi's optimizers make their slots
on first use in a learner's own `GradientTape` loop. Numbers agree with tf_keras to 1e-5
(float32 noise) on copied weights; the row counts divide evenly by the batch size.
"""
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi

rng = np.random.default_rng(5)
X = rng.normal(size=(40, 6)).astype("float32")
Y = rng.normal(size=(40, 2)).astype("float32")


def _twins(**compile_args):
    models = []
    for lib in (fnapi, tf_keras):
        x = lib.layers.Input((6,))
        model = lib.models.Model(x, lib.layers.Dense(2)(lib.layers.Dense(4, "tanh")(x)))
        if compile_args:
            model.compile(optimizer=lib.optimizers.SGD(0.05), **compile_args)
        models.append(model)
    models[1].set_weights(models[0].get_weights())
    return models


def _per_element(y, p):
    return tf.square(y - p)


def _per_batch(y, p):
    return tf.reduce_mean(tf.abs(y - p))


def _largest_error(y, p):
    return tf.reduce_max(tf.abs(y - p))


@pytest.mark.parametrize("loss", [_per_element, _per_batch])
def test_a_loss_per_element_or_per_batch_trains_as_in_keras2(loss):
    mine, theirs = _twins(loss=loss, metrics=[_largest_error])
    histories = [m.fit(X, Y, batch_size=8, epochs=2, shuffle=False, verbose=0).history
                 for m in (mine, theirs)]
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-5)
    np.testing.assert_allclose(histories[0]["_largest_error"], histories[1]["_largest_error"],
                               rtol=1e-5)
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_a_learners_own_loop_builds_the_optimizer_on_first_use():
    mine, theirs = _twins()
    for model, optimizer in ((mine, fnapi.optimizers.Adam(0.01)),
                             (theirs, tf_keras.optimizers.Adam(0.01))):
        @tf.function
        def step(x, y, model=model, optimizer=optimizer):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(y - model(x, training=True)))
            grads = tape.gradient(loss, model.trainable_weights)
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
        for start in range(0, 40, 8):
            step(X[start:start + 8], Y[start:start + 8])
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_a_metric_that_cannot_compare_its_shapes_is_named_before_any_step():
    x = fnapi.Input((6,))
    model = fnapi.models.Model(x, fnapi.layers.Dense(3, activation="softmax", name="probs")(x))
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["mae"])
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"cannot compare the targets of output 'probs', shape "
                                         r"\(8,\), with its predictions, shape \(8, 3\)"):
        model.fit(X, rng.integers(0, 3, 40), batch_size=8, verbose=0)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_an_input_of_fixed_batch_size_predicts_any_number_of_rows_as_keras2():
    x = fnapi.layers.Input((6,), batch_size=2)
    model = fnapi.models.Model(x, fnapi.layers.Dense(2)(x))
    np.testing.assert_allclose(model.predict(X[:6], verbose=0), model(X[:6]), atol=1e-6)


def test_evaluate_reports_a_nan_loss_as_nan_not_as_empty_data():
    model = _twins(loss="mse")[0]
    bad = X.copy()
    bad[0, 0] = np.nan
    assert np.isnan(model.evaluate(bad, Y, batch_size=8, verbose=0))


def _centered(lib):
    """A layer mixing rows: each feature minus its mean over the batch."""
    class Centered(lib.layers.Layer):
        def call(self, x):
            return x - tf.reduce_mean(x, axis=0, keepdims=True)
    return Centered


@pytest.mark.parametrize("batch_size", [16, 12])
def test_a_last_smaller_batch_is_not_padded_for_a_batch_loss_or_a_layer_mixing_rows(
        batch_size):
    """40 rows in batches of 16 or 12: Keras has no padded rows, nor may fnapi's last batch."""
    models = []
    for lib in (fnapi, tf_keras):
        x = lib.layers.Input((6,))
        model = lib.models.Model(x, lib.layers.Dense(2)(_centered(lib)()(x)))
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss=_per_batch,
                      metrics=[_largest_error])
        models.append(model)
    mine, theirs = models
    theirs.set_weights(mine.get_weights())
    np.testing.assert_allclose(mine.predict(X, batch_size=batch_size, verbose=0),
                               theirs.predict(X, batch_size=batch_size, verbose=0), atol=1e-5)
    np.testing.assert_allclose(mine.evaluate(X, Y, batch_size=batch_size, verbose=0),
                               theirs.evaluate(X, Y, batch_size=batch_size, verbose=0), rtol=1e-5)
    histories = [m.fit(X, Y, batch_size=batch_size, epochs=2, shuffle=False, verbose=0).history
                 for m in models]
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-5)
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)
