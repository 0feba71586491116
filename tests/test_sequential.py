"""Sequential: a chain of layers added one at a time, which is a functional model inside.

Its input comes from the first layer's `input_shape=`, from an added `Input`, or from
the first call (deferred build). Names and layer lists are compared with tf_keras
(Keras 2, whose names fnapi follows), numbers with Keras 3 on copied weights.
"""
import keras
import numpy as np
import pytest
import tf_keras

import fnapi
import guide
from fnapi.layers import Dense, Input, InputLayer

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Keras 3 on `input_shape=`
x = np.random.default_rng(0).standard_normal((3, 5)).astype("float32")


def _chain_with_input_shape(K):
    model = K.Sequential()
    model.add(K.layers.Dense(4, activation="relu", input_shape=(5,)))
    model.add(K.layers.Dense(2))
    return model


def _chain_with_input(K):
    model = K.Sequential()
    model.add(K.Input(shape=(5,)))
    model.add(K.layers.Dense(4, activation="relu"))
    model.add(K.layers.Dense(2))
    return model


def _copy_weights(source, target):
    for theirs, ours in zip(source.layers, target.layers):
        ours.set_weights(theirs.get_weights())


@pytest.mark.parametrize("make", [_chain_with_input_shape, _chain_with_input])
def test_built_chain_matches_keras(make):
    guide.clear_session(tf_keras)
    keras_2 = make(tf_keras)
    guide.clear_session(fnapi)
    ours = make(fnapi)
    assert ours.built and ours.input_shape == (None, 5) and ours.output_shape == (None, 2)
    assert [layer.name for layer in ours.layers] == [layer.name for layer in keras_2.layers]
    assert ours.input_names == keras_2.input_names  # `dense_input` from input_shape=
    assert not any(isinstance(layer, InputLayer) for layer in ours.layers)
    assert ours.count_params() == keras_2.count_params()
    keras_3 = make(keras)
    _copy_weights(keras_3, ours)
    np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(keras_3(x)), rtol=0, atol=1e-5)


def test_input_made_from_input_shape_does_not_use_up_an_input_name():
    guide.clear_session(fnapi)
    _chain_with_input_shape(fnapi)
    guide.clear_session(tf_keras)
    _chain_with_input_shape(tf_keras)
    assert fnapi.Input(shape=(1,)).name == tf_keras.Input(shape=(1,)).name.split(":")[0]


def test_deferred_build_on_first_call_on_data():
    model = fnapi.Sequential([Dense(4, activation="relu"), Dense(2)])
    assert not model.built
    with pytest.raises(ValueError, match="not yet been built"):
        model.summary()
    result = model(x)
    assert model.built and model.input_shape == (None, 5) and tuple(result.shape) == (3, 2)
    first, second = model.layers
    expected = np.maximum(x @ first.kernel.numpy() + first.bias.numpy(), 0)
    expected = expected @ second.kernel.numpy() + second.bias.numpy()
    np.testing.assert_allclose(np.asarray(result), expected, rtol=0, atol=1e-5)


def test_deferred_build_on_first_symbolic_call_and_use_as_a_layer():
    model = fnapi.Sequential([Dense(4), Dense(2)])
    inputs = Input(shape=(5,))
    outputs = model(inputs)
    assert outputs.shape == (None, 2) and outputs.history == (model, 0, 0)
    outer = fnapi.Model(inputs, Dense(1)(outputs))
    assert outer.layers[1] is model
    assert outer.count_params() == (5 * 4 + 4) + (4 * 2 + 2) + (2 + 1)
    np.testing.assert_allclose(np.asarray(outer(x)),
                               np.asarray(outer.layers[-1](model(x))), rtol=0, atol=1e-6)


def test_input_shape_of_a_later_layer_is_ignored_as_in_keras():
    guide.clear_session(tf_keras)
    keras_2 = tf_keras.Sequential([tf_keras.layers.Dense(4),
                                   tf_keras.layers.Dense(2, input_shape=(9,))])
    ours = fnapi.Sequential([Dense(4), Dense(2, input_shape=(9,))])
    assert not ours.built and not keras_2.built
    assert ours(x).shape == (3, 2)
