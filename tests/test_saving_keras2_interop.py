"""Models written by Keras 2 (tf_keras) open in fnapi: `to_json()` text and `.keras` files.

Keras 2's configs write arguments Keras 3 dropped (`activity_regularizer: null` on every
layer, an LSTM's `time_major` and `implementation`) and record calls in Keras 2's list
form; fnapi reads both, accepting those arguments at Keras's default only.
"""
import json

import numpy as np
import pytest
import tf_keras

import fnapi

ATOL = 1e-6


def _keras2_model():
    k = tf_keras
    ids, image, vector = k.Input((4,), dtype="int32"), k.Input((6, 6, 2)), k.Input((5,))
    a = k.layers.Dense(3)(vector)
    b = k.layers.LSTM(2)(k.layers.Embedding(10, 3)(ids))
    c = k.layers.Flatten()(k.layers.Conv2D(2, 3)(image))
    return k.Model([ids, image, vector], k.layers.Concatenate()([a, b, c]))


def _data():
    rng = np.random.default_rng(0)
    return [rng.integers(0, 10, (3, 4)).astype("int32"),
            rng.normal(size=(3, 6, 6, 2)).astype("float32"),
            rng.normal(size=(3, 5)).astype("float32")]


def test_keras2_json_opens_in_fnapi_and_predicts_the_same():
    theirs = _keras2_model()
    ours = fnapi.models.model_from_json(theirs.to_json())
    assert [l.name for l in ours.layers] == [l.name for l in theirs.layers]
    for layer in theirs.layers:
        ours.get_layer(layer.name).set_weights(layer.get_weights())
    np.testing.assert_allclose(ours.predict(_data(), verbose=0),
                               theirs.predict(_data(), verbose=0), atol=ATOL, rtol=0)


def test_a_keras2_keras_file_opens_in_fnapi_and_predicts_the_same(tmp_path):
    theirs = _keras2_model()
    theirs.save(tmp_path / "k2.keras")  # tf_keras writes Keras 3's zip format too
    ours = fnapi.models.load_model(tmp_path / "k2.keras")
    np.testing.assert_allclose(ours.predict(_data(), verbose=0),
                               theirs.predict(_data(), verbose=0), atol=ATOL, rtol=0)


def test_a_keras2_only_argument_other_than_its_default_is_refused():
    config = json.loads(_keras2_model().to_json())
    lstm = next(l for l in config["config"]["layers"] if l["class_name"] == "LSTM")
    lstm["config"]["time_major"] = True
    with pytest.raises(ValueError, match="time_major") as error:
        fnapi.models.model_from_json(json.dumps(config))
    assert str(error.value).count("Invalid functional model configuration") == 1


def test_an_error_in_a_nested_model_is_reported_once():
    inputs = fnapi.Input((2,))
    inner = fnapi.models.Model(inputs, fnapi.layers.Dense(2)(inputs))
    outer_inputs = fnapi.Input((2,))
    config = json.loads(fnapi.models.Model(outer_inputs, inner(outer_inputs)).to_json())
    dense = config["config"]["layers"][1]["config"]["layers"][1]
    dense["config"]["units"] = 0
    with pytest.raises(ValueError) as error:
        fnapi.models.model_from_json(json.dumps(config))
    assert str(error.value).count("Invalid functional model configuration") == 1


def _nested(kind):
    """The guide's nesting, written by Keras 2: models inside models (lessons 8-10)."""
    k = tf_keras
    inputs = k.Input((3,))
    if kind == "built Sequential":
        inner = k.Sequential([k.layers.Dense(4, input_shape=(3,))])
        return k.Model(inputs, k.layers.Dense(2)(inner(inputs)))
    if kind == "unbuilt Sequential":
        return k.Model(inputs, k.layers.Dense(2)(k.Sequential([k.layers.Dense(4)])(inputs)))
    inner_input = k.Input((3,))
    inner = k.Model(inner_input, k.layers.Dense(4)(inner_input))
    if kind == "functional called twice":
        other = k.Input((3,))
        return k.Model([inputs, other], k.layers.concatenate([inner(inputs), inner(other)]))
    return k.Model(inputs, inner(inputs))  # "functional as the output"


@pytest.mark.parametrize("kind", ["built Sequential", "unbuilt Sequential",
                                  "functional called twice", "functional as the output"])
def test_keras2_nested_models_open_in_fnapi(kind, tmp_path):
    """Keras 2 counts a nested model's calls from 1 (its creation was call 0)."""
    theirs = _nested(kind)
    x = [np.random.default_rng(0).normal(size=(4, 3)).astype("float32")] * len(theirs.inputs)
    theirs.save(tmp_path / "k2.keras")
    for ours in (fnapi.models.model_from_json(theirs.to_json()),
                 fnapi.models.load_model(tmp_path / "k2.keras")):
        ours.set_weights(theirs.get_weights())
        np.testing.assert_allclose(ours.predict(x), theirs.predict(x, verbose=0), atol=ATOL)


def test_keras2s_recorded_training_true_is_kept(tmp_path):
    """Monte Carlo dropout, `Dropout(0.5)(x, training=True)`, drops at inference in Keras 2
    and after loading its file (Keras 3's files record `training` in every call and ignore
    it; Keras 2's record it only where it was given)."""
    inputs = tf_keras.Input((400,))
    theirs = tf_keras.Model(inputs, tf_keras.layers.Dropout(0.5)(inputs, training=True))
    theirs.save(tmp_path / "k2.keras")
    x = np.ones((20, 400), "float32")
    for ours in (fnapi.models.model_from_json(theirs.to_json()),
                 fnapi.models.load_model(tmp_path / "k2.keras")):
        assert 0.4 < float(np.mean(ours.predict(x) == 0)) < 0.6


@pytest.mark.parametrize("lib_name", ["keras", "tf_keras"])
def test_a_constant_initializer_holding_an_array_opens_in_fnapi(lib_name):
    lib = __import__(lib_name)
    kernel = np.arange(6.0).reshape(3, 2)
    inputs = lib.Input((3,))
    theirs = lib.Model(inputs, lib.layers.Dense(
        2, kernel_initializer=lib.initializers.Constant(kernel))(inputs))
    ours = fnapi.models.model_from_json(theirs.to_json())  # writes {"class_name": "__numpy__"}
    np.testing.assert_array_equal(ours.layers[-1].kernel.numpy(), kernel)
