"""Call arguments are recorded faithfully and replayed exactly.

A layer called with several positional tensors, tensors by keyword, or constants and
None beside tensors keeps that call in its node, and running the model replays it: the
model's output equals the eager call of the same layers (1e-6). `training=` given when
the graph is drawn is kept (Keras 2; Keras 3 lets the outer call override it):
`base(x, training=False)` keeps dropout off during `fit`, `Dropout(...)(x, training=True)`
stays on in `predict`; numbers are compared with tf_keras (Keras 2) on copied weights.
"""
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi

rng = np.random.default_rng(2)
a_value, b_value = rng.random((4, 3)).astype("float32"), rng.random((4, 3)).astype("float32")


def scaled_sum(base):
    """One layer class for both libraries: tensors by position and keyword, a constant."""
    class ScaledSum(base):
        def call(self, a, b, scale=1.0, offset=None):
            total = (a + b) * scale
            return total if offset is None else total + offset
    return ScaledSum


@pytest.mark.parametrize("call", [
    lambda layer, a, b: layer(a, b),
    lambda layer, a, b: layer(a, b, 2.0),
    lambda layer, a, b: layer(a, b=b, scale=3.0),
    lambda layer, a, b: layer(a, b, offset=a),
    lambda layer, a, b: layer(a, b, 0.5, None),
    lambda layer, a, b: layer(a=a, b=b, scale=-1.0),
])
def test_a_node_replays_the_call_as_it_was_made(call):
    layer = scaled_sum(fnapi.layers.Layer)()
    a, b = fnapi.Input((3,)), fnapi.Input((3,))
    model = fnapi.Model([a, b], call(layer, a, b))
    expected = call(layer, tf.constant(a_value), tf.constant(b_value)).numpy()
    np.testing.assert_allclose(model.predict([a_value, b_value], verbose=0), expected, atol=1e-6)
    np.testing.assert_allclose(np.asarray(model([a_value, b_value])), expected, atol=1e-6)
    keras_layer = scaled_sum(tf_keras.layers.Layer)()
    np.testing.assert_allclose(call(keras_layer, a_value, b_value).numpy(), expected, atol=1e-6)
    node = layer._inbound_nodes[0]
    assert {id(t) for t in node.input_tensors} == {id(a), id(b)}


def _fine_tuning(lib):
    """The fine-tuning idiom: a base whose dropout must stay off (training=False)."""
    inner_input = lib.Input((6,))
    hidden = lib.layers.Dense(8, activation="relu")(inner_input)
    base = lib.Model(inner_input, lib.layers.Dropout(0.5)(hidden))
    x = lib.Input((6,))
    return lib.Model(x, lib.layers.Dense(1)(base(x, training=False)))


def test_training_false_given_when_drawn_keeps_dropout_off_in_fit_like_keras2():
    mine, keras_2 = _fine_tuning(fnapi), _fine_tuning(tf_keras)
    keras_2.set_weights(mine.get_weights())
    x, y = rng.random((16, 6)).astype("float32"), rng.random((16, 1)).astype("float32")
    mine.compile(fnapi.optimizers.SGD(0.1), "mse")
    keras_2.compile(tf_keras.optimizers.SGD(0.1), "mse")
    ours = mine.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0).history["loss"]
    theirs = keras_2.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(ours, theirs, atol=1e-5)  # equal only if dropout stayed off
    for w_mine, w_theirs in zip(mine.get_weights(), keras_2.get_weights()):
        np.testing.assert_allclose(w_mine, w_theirs, atol=1e-5)


def test_training_true_given_when_drawn_keeps_dropout_on_in_predict():
    x = fnapi.Input((1000,))
    model = fnapi.Model(x, fnapi.layers.Dropout(0.5)(x, training=True))
    out = model.predict(np.ones((2, 1000), "float32"), verbose=0)
    assert 800 < (out == 0).sum() < 1200 and set(np.unique(out)) == {0.0, 2.0}
    keras_2 = tf_keras.layers.Dropout(0.5)
    k_in = tf_keras.Input((1000,))
    k_out = tf_keras.Model(k_in, keras_2(k_in, training=True)).predict(
        np.ones((2, 1000), "float32"), verbose=0)
    assert 800 < (k_out == 0).sum() < 1200  # Keras 2 keeps it too


def test_an_inner_layer_called_without_training_follows_the_outer_call():
    """Keras's call context: a learner's layer that calls a Dropout inside `call`."""
    class Noisy(fnapi.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dropout = fnapi.layers.Dropout(0.5)

        def call(self, inputs):
            return self.dropout(inputs)

    x = fnapi.Input((1000,))
    model = fnapi.Model(x, Noisy()(x))
    ones = np.ones((1, 1000), "float32")
    assert (np.asarray(model(ones, training=True)) == 0).sum() > 300
    assert (np.asarray(model(ones)) == 0).sum() == 0
    assert (model.predict(ones, verbose=0) == 0).sum() == 0
