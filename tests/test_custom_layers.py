"""A learner's own layer: only `build` and `call`, and it works in a graph.

Output shapes, dtypes and structure (several outputs, a dict, list inputs) come from
`call` itself, as Keras infers them; layers kept in attributes are tracked, so their
weights are the layer's. Each layer is written once as source and defined on both
`fnapi.layers.Layer` and `keras.layers.Layer`; symbolic shapes and dtypes, outputs (1e-5)
and one training step (1e-5) are compared with Keras 3.
"""
import keras
import numpy as np
import pytest
import tensorflow as tf

import fnapi

SOURCE = '''
class Gated(Base):
    """A learned gate: sigmoid(x @ w) * x, and the gate itself as a second output."""
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.proj = layers.Dense(4)          # a sublayer kept in an attribute

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1], input_shape[-1]),
                                 initializer="random_normal")

    def call(self, inputs):
        gate = tf.sigmoid(tf.matmul(inputs, self.w))
        return [self.proj(gate * inputs), gate]


class PairStats(Base):
    """Two tensors in a list -> a dict of statistics, one of them an integer count."""
    def call(self, inputs):
        a, b = inputs
        return {"mean": (a + b) / 2.0,
                "count": tf.reduce_sum(tf.cast(a > b, tf.int32), axis=-1, keepdims=True)}


class Window(Base):
    """Changes the shape: the last 2 steps of a sequence, flattened."""
    def call(self, inputs):
        return tf.reshape(inputs[:, -2:, :], (-1, 2 * inputs.shape[-1]))
'''


def define(lib):
    namespace = {"Base": lib.layers.Layer, "layers": lib.layers, "tf": tf}
    exec(SOURCE, namespace)
    return namespace


def graph(lib):
    ns = define(lib)
    x, y, seq = lib.Input((3,)), lib.Input((3,)), lib.Input((5, 3))
    mixed, gate = ns["Gated"](name="gated")(x)
    stats = ns["PairStats"]()([x, y])
    window = ns["Window"]()(seq)
    outputs = [mixed, gate, stats["mean"], stats["count"], window]
    return lib.Model([x, y, seq], outputs), outputs


def test_shapes_dtypes_and_structure_come_from_call_like_keras():
    (_, mine), (_, theirs) = graph(fnapi), graph(keras)
    assert [t.shape for t in mine] == [tuple(t.shape) for t in theirs]
    assert [t.dtype.name for t in mine] == [t.dtype for t in theirs]
    assert mine[3].dtype == tf.int32 and mine[0].shape == (None, 4)


def test_weights_of_sublayers_are_tracked_and_numbers_match_keras():
    (mine, _), (theirs, _) = graph(fnapi), graph(keras)
    gated = mine.get_layer("gated")
    assert [tuple(w.shape) for w in gated.weights] == [(3, 3), (3, 4), (4,)]
    assert mine.count_params() == theirs.count_params()
    theirs.get_layer("gated").set_weights(gated.get_weights())
    rng = np.random.default_rng(3)
    data = [rng.random((4, 3)).astype("float32"), rng.random((4, 3)).astype("float32"),
            rng.random((4, 5, 3)).astype("float32")]
    for ours, keras_out in zip(mine.predict(data, verbose=0), theirs.predict(data, verbose=0)):
        np.testing.assert_allclose(ours, keras_out, atol=1e-5)


def test_a_custom_layer_trains_like_keras():
    def head(lib):
        ns = define(lib)
        x = lib.Input((3,))
        mixed, _ = ns["Gated"](name="gated")(x)
        return lib.Model(x, lib.layers.Dense(1, name="out")(mixed))
    mine, theirs = head(fnapi), head(keras)
    for name in ("gated", "out"):
        theirs.get_layer(name).set_weights(mine.get_layer(name).get_weights())
    rng = np.random.default_rng(4)
    x, y = rng.random((8, 3)).astype("float32"), rng.random((8, 1)).astype("float32")
    mine.compile(fnapi.optimizers.SGD(0.5), "mse")
    theirs.compile(keras.optimizers.SGD(0.5), "mse")
    mine.train_on_batch(x, y)
    theirs.train_on_batch(x, y)
    for ours, keras_w in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(ours, keras_w, atol=1e-5)


def test_a_call_that_fails_on_the_symbolic_inputs_names_the_layer():
    class Broken(fnapi.layers.Layer):
        def call(self, inputs):
            return tf.matmul(inputs, tf.ones((7, 2)))
    with pytest.raises(ValueError, match=r"Layer broken \(Broken\) failed on symbolic inputs "
                                         r"of shape \[\[None, 3\]\]"):
        Broken()(fnapi.Input((3,)))


def test_building_by_hand_marks_the_layer_built_so_it_is_never_built_twice():
    dense = fnapi.layers.Dense(2)
    dense.build((None, 3))
    assert dense.built and len(dense.weights) == 2
    dense(fnapi.Input((3,)))
    assert len(dense.weights) == 2


def test_a_sublayer_a_shape_rule_never_builds_is_built_by_tracing_and_trains():
    """A wrapper with a shape rule whose `call` alone uses its sublayer: drawing the graph
    traces `call`, so the sublayer's weights exist and train (Keras 3 trains them too)."""
    class Wrap(fnapi.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = fnapi.layers.Dense(1)

        def compute_output_shape(self, input_shape):
            return (*input_shape[:-1], 1)

        def call(self, inputs):
            return self.inner(inputs)

    x = fnapi.Input((3,))
    model = fnapi.Model(x, Wrap()(x))
    assert len(model.trainable_weights) == 2
    model.compile(fnapi.optimizers.SGD(0.01), "mse")
    losses = model.fit(np.ones((8, 3)), np.full((8, 1), 5.0), epochs=3, verbose=0).history["loss"]
    assert losses[2] < losses[1] < losses[0]
