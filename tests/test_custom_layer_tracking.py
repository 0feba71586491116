"""Which weights a learner's layer owns: layers anywhere in its attributes, and variables.

Keras tracks a layer kept in an attribute wherever it sits: inside nested lists, next to
plain functions in a list, in a (layer, option) pair. Keras 2 also tracks a `tf.Variable`
set as an attribute. Missing one is silent (its weights never train), so each case is
trained against Keras 2 (tf_keras) with the same weights (1e-5), and the weights file is
compared with Keras 3's own layout (paths, and values loading across).
"""
import h5py
import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi

SOURCE = '''
class Stages(Base):
    """Sublayers in nested lists, in a list beside a plain function, in a pair."""
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stages = [[layers.Dense(4), layers.Dense(4)], [layers.Dense(3)]]
        self.steps = [layers.Dense(3), tf.nn.relu]
        self.head = (layers.Dense(2), "linear")

    def call(self, x):
        for stage in self.stages:
            for layer in stage:
                x = tf.tanh(layer(x))
        return self.head[0](self.steps[1](self.steps[0](x)))


class Scaled(Base):
    """A raw tf.Variable kept as an attribute."""
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scale = tf.Variable([1.0, 0.5, -0.5, 2.0, 0.25], name="scale")

    def call(self, x):
        return x * self.scale
'''
TOL = 1e-5


def define(lib):
    namespace = {"Base": lib.layers.Layer, "layers": lib.layers, "tf": tf}
    exec(SOURCE, namespace)
    return namespace


def model_of(lib, layer_name):
    inputs = lib.Input((5,))
    return lib.Model(inputs, define(lib)[layer_name]()(inputs))


def data():
    r = np.random.RandomState(0)
    return r.randn(40, 5).astype("float32"), r.randn(40, 2).astype("float32")


def trains_as_keras2(ours, keras2, x, targets):
    """Two epochs of SGD in both libraries end with the same weights (1e-5)."""
    for model, lib in ((ours, fnapi), (keras2, tf_keras)):
        model.compile(lib.optimizers.SGD(0.1), "mse")
        model.fit(x, targets, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), keras2.get_weights()):
        np.testing.assert_allclose(a, b, atol=TOL)


@pytest.mark.parametrize("layer_name, count", [("Stages", 10), ("Scaled", 1)])
def test_every_tracked_weight_trains_as_in_keras2(layer_name, count):
    x, y = data()
    ours, keras2 = model_of(fnapi, layer_name), model_of(tf_keras, layer_name)
    assert len(ours.trainable_weights) == len(keras2.trainable_weights) == count
    keras2.set_weights(ours.get_weights())  # the same order, else shapes or numbers differ
    np.testing.assert_allclose(ours.predict(x), keras2.predict(x, verbose=0), atol=TOL)
    trains_as_keras2(ours, keras2, x, y if layer_name == "Stages" else x)
    assert not np.allclose(ours.get_weights()[-1], model_of(fnapi, layer_name).get_weights()[-1])


def weight_paths(path):
    found = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, item: found.append(name)
                     if isinstance(item, h5py.Dataset) else None)
    return sorted(found)


def test_nested_containers_are_saved_in_keras3s_layout_and_load_across(tmp_path):
    x, _ = data()
    ours, keras3 = model_of(fnapi, "Stages"), model_of(keras, "Stages")
    keras3.save_weights(tmp_path / "k3.weights.h5")
    ours.save_weights(tmp_path / "ours.weights.h5")
    assert weight_paths(tmp_path / "ours.weights.h5") == weight_paths(tmp_path / "k3.weights.h5")
    assert any("/container/" in p for p in weight_paths(tmp_path / "ours.weights.h5"))
    ours.load_weights(tmp_path / "k3.weights.h5")
    np.testing.assert_allclose(ours.predict(x), keras3.predict(x, verbose=0), atol=TOL)


def test_dropouts_random_state_is_no_weight():
    inputs = fnapi.Input((5,))
    model = fnapi.Model(inputs, fnapi.layers.Dropout(0.5)(inputs))
    assert model.weights == []


def test_forgetting_super_init_is_named_as_keras_names_it():
    class Forgetful(fnapi.layers.Layer):
        def __init__(self):
            self.units = 3

        def call(self, x):
            return x

    with pytest.raises(RuntimeError, match="You must call `super\\(\\).__init__\\(\\)` in the "
                                           "layer constructor"):
        Forgetful()(np.ones((2, 3), "float32"))

    class SetsAVariableFirst(fnapi.layers.Layer):
        def __init__(self):
            self.w = tf.Variable(1.0)

    with pytest.raises(RuntimeError, match="You must call `super"):
        SetsAVariableFirst()


KERAS2_ORDER_SOURCE = '''
class Later(Base):
    """Variables put into list and dict attributes after they were set (in build)."""
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scales, self.table = [], {}
        self.w = tf.Variable(tf.ones((5,)), name="dropped")
        self.w = tf.Variable(tf.ones((5,)) * 0.5, name="kept")  # the first one is no weight

    def build(self, input_shape):
        self.scales.append(tf.Variable(tf.ones((5,)) * 2.0))
        self.table["b"] = tf.Variable(tf.zeros((5,)))

    def call(self, x):
        return x * self.w * self.scales[0] + self.table["b"]


class Heads(Base):
    """Two heads of one shape in a dict: Keras 2 orders them by sorted key."""
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.heads = {"zeta": layers.Dense(2), "alpha": layers.Dense(2)}

    def call(self, x):
        return self.heads["zeta"](x) - 2.0 * self.heads["alpha"](x)


class Mid(Base):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stat = tf.Variable(tf.zeros((7,)), trainable=False)
        self.d = layers.Dense(2)

    def call(self, x):
        return self.d(x) + tf.reduce_sum(self.stat)


class Outer(Base):
    """Frozen from the start, holding a layer with its own frozen variable."""
    def __init__(self, **kwargs):
        super().__init__(trainable=False, **kwargs)
        self.m = Mid()
        self.e = layers.Dense(2)

    def call(self, x):
        return self.m(x) + self.e(x)
'''


@pytest.mark.parametrize("layer_name", ["Later", "Heads", "Outer"])
def test_weights_are_those_and_in_the_order_of_keras2(layer_name):
    x, y = data()
    made = {}
    for lib in (fnapi, tf_keras):
        namespace = {"Base": lib.layers.Layer, "layers": lib.layers, "tf": tf}
        exec(KERAS2_ORDER_SOURCE, namespace)
        inputs = lib.Input((5,))
        made[lib] = lib.Model(inputs, namespace[layer_name]()(inputs))
    ours, keras2 = made[fnapi], made[tf_keras]
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in keras2.weights]
    assert len(ours.trainable_weights) == len(keras2.trainable_weights)
    start = [np.random.RandomState(i).randn(*w.shape).astype("float32")
             for i, w in enumerate(keras2.weights)]
    for model in (ours, keras2):
        model.set_weights(start)
    np.testing.assert_allclose(ours.predict(x), keras2.predict(x, verbose=0), atol=TOL)
    trains_as_keras2(ours, keras2, x, x if layer_name == "Later" else y)
