"""Sequential as Keras builds it, and the Keras 2 spellings of input shapes.

A Sequential without an input shape is *unbuilt*: it builds on its first data (`fit`,
`predict`, `model(x)`) or on `build(input_shape)`; before that `weights` and `summary()`
raise Keras 2's errors. It may start with an `InputLayer`, an `Input` tensor or a built
model (Keras 3 is the oracle there: Keras 2 crashes on a model first), and `pop()`
removes its last layer. Numbers are compared with Keras 3 on copied weights (1e-5; 1e-4
after training); the spellings `input_dim=`, `input_shape=` + `batch_size=`,
`batch_input_shape=`, `Input(batch_shape=)`, `Input(dtype=None)`, `InputLayer(input_shape=)`
and `batch_size=None` are compared with Keras 2 (tf_keras), whose API they are.
"""
import keras
import numpy as np
import pytest
import tf_keras

import fnapi
import twins
from fnapi.layers import Dense, InputLayer

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
rng = np.random.default_rng(1)
x, y = rng.random((40, 5)).astype("float32"), rng.random((40, 1)).astype("float32")


def unbuilt(lib):
    return lib.Sequential([lib.layers.Dense(4, activation="relu"), lib.layers.Dense(1)])


@pytest.mark.parametrize("first_use", ["fit", "predict", "call", "build"])
def test_an_unbuilt_sequential_builds_on_its_first_data_and_trains_like_keras(first_use):
    mine, theirs = unbuilt(fnapi), unbuilt(keras)
    assert not mine.built and len(mine.layers) == 2
    with pytest.raises(ValueError, match="Weights for model .* have not yet been created"):
        mine.weights
    with pytest.raises(ValueError, match="This model has not yet been built"):
        mine.summary()
    mine.compile(fnapi.optimizers.SGD(0.1), "mse")
    if first_use == "fit":
        mine.fit(x[:1], y[:1], epochs=1, verbose=0)  # builds, then trains one step
    elif first_use == "predict":
        mine.predict(x, verbose=0)
    elif first_use == "call":
        mine(x)
    else:
        mine.build((None, 5))
    assert mine.built and mine.input_shape == (None, 5) and mine.output_shape == (None, 1)
    theirs.build((None, 5))
    twins.copy_weights(mine, theirs)
    np.testing.assert_allclose(mine.predict(x, verbose=0), np.asarray(theirs(x)), atol=1e-5)
    theirs.compile(keras.optimizers.SGD(0.1), "mse")
    history = mine.fit(x, y, shuffle=False, epochs=2, verbose=0).history["loss"]
    expected = theirs.fit(x, y, shuffle=False, epochs=2, verbose=0).history["loss"]
    np.testing.assert_allclose(history, expected, atol=1e-4)


def test_data_builds_with_an_unknown_batch_size_so_any_batch_follows():
    model = unbuilt(fnapi)
    assert model(x[:2]).shape == (2, 1) and model.input_shape == (None, 5)
    assert model(x[:7]).shape == (7, 1)


@pytest.mark.parametrize("first", [
    lambda lib: lib.layers.InputLayer(input_shape=(5,)),
    lambda lib: lib.Input(shape=(5,)),
    lambda lib: lib.Sequential([lib.Input(shape=(5,)), lib.layers.Dense(3)]),
])
def test_a_sequential_can_start_with_an_input_or_a_built_model(first):
    layers = [first(fnapi), Dense(2)]
    model = fnapi.Sequential(layers)
    assert model.built and model.input_shape == (None, 5) and model.output_shape == (None, 2)
    assert not any(isinstance(layer, InputLayer) for layer in model.layers)
    theirs = keras.Sequential([first(keras), keras.layers.Dense(2)])
    assert len(model.layers) == len(theirs.layers)
    twins.copy_weights(model, theirs)
    np.testing.assert_allclose(np.asarray(model(x)), np.asarray(theirs(x)), atol=1e-5)


def test_pop_removes_the_last_layer_and_its_node():
    first, second = Dense(3), Dense(2)
    model = fnapi.Sequential([fnapi.Input((5,)), first, second])
    assert model.pop() is second and model.output_shape == (None, 3)
    assert model.layers == [first] and second._inbound_nodes == [] and len(first._outbound_nodes) == 0
    assert model(x).shape == (40, 3)
    model.add(Dense(4))
    assert model.output_shape == (None, 4) and len(model.weights) == 4
    assert model.pop() and model.pop() is first and not model.built and model.layers == []
    with pytest.raises(TypeError, match="There are no layers in the model"):
        model.pop()
    theirs = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    theirs.pop()
    assert theirs.output_shape == (None, 3)


def test_adding_a_refused_layer_leaves_the_model_as_it_was():
    model = fnapi.Sequential([fnapi.Input((5,)), Dense(3, name="a")])
    before = (model.output_shape, len(model.layers), len(model.layers[0]._outbound_nodes))
    for bad, error, match in [
        (Dense(2, name="a"), ValueError, "unique names"),
        ("dense", TypeError, "Only instances of `fnapi.layers.Layer`"),
        (fnapi.layers.LSTM(2), ValueError, "expected ndim=3"),
        (fnapi.Input((5,)), ValueError, "an Input can only come first"),
    ]:
        with pytest.raises(error, match=match):
            model.add(bad)
        assert (model.output_shape, len(model.layers),
                len(model.layers[0]._outbound_nodes)) == before
    with pytest.raises(ValueError, match=r"already been configured to use input shape"):
        model.build((None, 6))


# --- Keras 2 spellings, compared with tf_keras --------------------------------------------
@pytest.mark.parametrize("spelling", [
    lambda L: L.Dense(4, input_dim=5),
    lambda L: L.Dense(4, input_shape=(5,)),
    lambda L: L.Dense(4, input_shape=(5,), batch_size=8),
    lambda L: L.Dense(4, batch_input_shape=(8, 5)),
])
def test_keras2_ways_to_give_a_first_layer_its_input_shape(spelling):
    ours = fnapi.Sequential([spelling(fnapi.layers)])
    keras_2 = tf_keras.Sequential([spelling(tf_keras.layers)])
    assert ours.input_shape == keras_2.input_shape and ours.built


@pytest.mark.parametrize("make", [
    lambda lib: lib.Input(batch_shape=(6, 3)),
    lambda lib: lib.Input(shape=(3,), dtype=None),
    lambda lib: lib.Input(shape=3),
    lambda lib: lib.Input((None, 2), batch_size=4),
    lambda lib: lib.layers.InputLayer(input_shape=(3,)).output,
    lambda lib: lib.layers.InputLayer(batch_input_shape=(2, 3)).output,
])
def test_keras2_spellings_of_input(make):
    ours, keras_2 = make(fnapi), make(tf_keras)
    assert ours.shape == tuple(keras_2.shape) and ours.dtype == keras_2.dtype


def test_batch_size_none_means_32_in_fit_evaluate_and_predict():
    def build(lib):
        return lib.Sequential([lib.layers.Dense(1, input_shape=(5,))])
    mine, theirs = build(fnapi), build(tf_keras)
    theirs.set_weights(mine.get_weights())
    mine.compile(fnapi.optimizers.SGD(0.1), "mse")
    theirs.compile(tf_keras.optimizers.SGD(0.1), "mse")
    # 40 samples: batches of 32 and 8, two steps; any other batch size moves other weights.
    mine.fit(x, y, batch_size=None, shuffle=False, verbose=0)
    theirs.fit(x, y, batch_size=None, shuffle=False, verbose=0)
    np.testing.assert_allclose(mine.get_weights()[0], theirs.get_weights()[0], atol=1e-5)
    assert mine.evaluate(x, y, batch_size=None) == pytest.approx(
        theirs.evaluate(x, y, batch_size=None, verbose=0), abs=1e-5)
    assert mine.predict(x, batch_size=None, verbose=0).shape == (40, 1)


@pytest.mark.parametrize("first_use", ["fit", "build"])
def test_data_of_other_sizes_redraws_the_chain_with_those_axes_unknown_as_keras2(first_use):
    """Keras 2 (tf_keras) "relaxes" a Sequential whose shape came from data or build():
    an LSTM first reads sequences of any length afterwards (outputs within 1e-6)."""
    rng = np.random.default_rng(0)
    models = []
    for lib in (fnapi, tf_keras):
        model = lib.Sequential([lib.layers.LSTM(3), lib.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.build((None, 5, 2))
        models.append(model)
    mine, theirs = models
    theirs.set_weights(mine.get_weights())
    if first_use == "fit":
        for model in models:
            model.fit(np.ones((4, 5, 2), "float32"), np.ones((4, 1)), verbose=0, shuffle=False)
    for steps in (7, 3):
        x = rng.normal(size=(2, steps, 2)).astype("float32")
        np.testing.assert_allclose(mine.predict(x, verbose=0), theirs.predict(x, verbose=0),
                                   atol=1e-6)
        np.testing.assert_allclose(mine(x), theirs(x), atol=1e-6)
    assert mine.inputs[0].shape == (None, None, 2)


def test_sizes_a_built_layer_cannot_take_leave_the_chain_as_it_was():
    model = fnapi.Sequential([fnapi.layers.Flatten(), fnapi.layers.Dense(1)])
    model.predict(np.ones((2, 3, 2)), verbose=0)
    with pytest.raises(ValueError, match=r"flatten(_\d+)?_input.*expects shape \(None, 3, 2\)"):
        model.predict(np.ones((2, 4, 2)), verbose=0)
    assert model.inputs[0].shape == (None, 3, 2) and len(model.layers) == 2
    assert model.predict(np.ones((2, 3, 2)), verbose=0).shape == (2, 1)


def test_build_with_a_shape_that_fits_the_declared_one_is_accepted_as_in_keras2():
    """Keras 2 accepts it (a common call before `summary()`); Keras 3 refuses it."""
    for lib in (fnapi, tf_keras):
        model = lib.Sequential([lib.layers.Input((None,), dtype="int32"),
                                lib.layers.Embedding(10, 3), lib.layers.LSTM(4),
                                lib.layers.Dense(1)])
        model.build((None, 5))
        assert tuple(model.inputs[0].shape) == (None, None)
    with pytest.raises(ValueError, match="already been configured"):
        model = fnapi.Sequential([fnapi.layers.Input((None, 2)), fnapi.layers.LSTM(4)])
        model.build((None, 5, 3))
