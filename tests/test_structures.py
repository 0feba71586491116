"""Structure in, structure out, as in Keras.

`predict` returns the model's output structure (a dict for dict outputs, a tuple for a
tuple, one array for a list of one), as `model(x)` does; `evaluate(..., return_dict=True)`
and `metrics_names`; nested Python lists of numbers are data; a one-tensor list to
`concatenate`/`add` is the identity. Dict models list their inputs and outputs in sorted
key order, and their logs use the output layers' names (Keras 2, the oracle here).
"""
import numpy as np
import pytest
import tf_keras

import fnapi

rng = np.random.default_rng(5)


def dict_model(lib):
    x = lib.Input((3,), name="features")
    wide = lib.layers.Dense(2, name="wide")(x)
    narrow = lib.layers.Dense(1, name="narrow", activation="sigmoid")(x)
    return lib.Model({"features": x}, {"w": wide, "n": narrow})


def test_dict_outputs_come_back_as_a_dict_and_log_like_keras2():
    mine, keras_2 = dict_model(fnapi), dict_model(tf_keras)
    keras_2.set_weights(mine.get_weights())
    x = {"features": rng.random((6, 3)).astype("float32")}
    ours, theirs = mine.predict(x, verbose=0), keras_2.predict(x, verbose=0)
    assert isinstance(ours, dict) and list(ours) == list(theirs) == ["w", "n"]
    for key in ours:
        np.testing.assert_allclose(ours[key], theirs[key], atol=1e-6)
    assert set(np.asarray(mine(x["features"])["w"]).shape) == {6, 2}
    y = {"w": rng.random((6, 2)).astype("float32"), "n": rng.integers(0, 2, (6, 1)).astype("float32")}
    for model in (mine, keras_2):
        model.compile("sgd", {"w": "mse", "n": "binary_crossentropy"}, metrics={"n": "accuracy"})
    ours = mine.evaluate(x, y, return_dict=True)
    theirs = keras_2.evaluate(x, y, return_dict=True, verbose=0)
    assert list(ours) == list(theirs) == mine.metrics_names == keras_2.metrics_names
    np.testing.assert_allclose(list(ours.values()), list(theirs.values()), atol=1e-5)


@pytest.mark.parametrize("wrap, kind", [(lambda y, z: (y, z), tuple),
                                        (lambda y, z: [y], np.ndarray),
                                        (lambda y, z: [y, z], list)])
def test_predict_keeps_the_structure_of_the_outputs(wrap, kind):
    for lib in (fnapi, tf_keras):
        x = lib.Input((3,))
        model = lib.Model(x, wrap(lib.layers.Dense(2)(x), lib.layers.Dense(1)(x)))
        assert type(model.predict(np.ones((2, 3)), verbose=0)) is kind


def test_nested_python_lists_are_data_like_in_keras2():
    def build(lib):
        return lib.Sequential([lib.layers.Dense(2, input_shape=(3,))])
    mine, keras_2 = build(fnapi), build(tf_keras)
    keras_2.set_weights(mine.get_weights())
    rows, targets = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[1.0, 0.0], [0.0, 1.0]]
    np.testing.assert_allclose(mine.predict(rows, verbose=0), keras_2.predict(rows, verbose=0),
                               atol=1e-5)
    np.testing.assert_allclose(np.asarray(mine(rows)), keras_2.predict(rows, verbose=0), atol=1e-5)
    for model in (mine, keras_2):
        model.compile("sgd", "mse")
    assert mine.fit(rows, targets, verbose=0).history["loss"] == pytest.approx(
        keras_2.fit(rows, targets, verbose=0).history["loss"], abs=1e-5)


@pytest.mark.parametrize("merge", ["concatenate", "add"])
def test_a_list_of_one_tensor_is_the_identity(merge):
    x = fnapi.Input((3,))
    model = fnapi.Model(x, getattr(fnapi.layers, merge)([x]))
    data = rng.random((2, 3)).astype("float32")
    assert model.output_shape == (None, 3)
    np.testing.assert_array_equal(model.predict(data, verbose=0), data)
    keras_x = tf_keras.Input((3,))
    assert tuple(getattr(tf_keras.layers, merge)([keras_x]).shape) == model.output_shape


def test_a_dict_keyed_by_input_names_works_for_a_list_model_too():
    a, b = fnapi.Input((2,), name="a"), fnapi.Input((1,), name="b")
    model = fnapi.Model([a, b], fnapi.layers.concatenate([a, b]))
    out = model.predict({"b": np.ones((2, 1)), "a": np.zeros((2, 2))}, verbose=0)
    np.testing.assert_array_equal(out, [[0, 0, 1], [0, 0, 1]])
    with pytest.raises(ValueError, match=r"unexpected: \['c'\], missing: \['b'\]"):
        model.predict({"a": np.zeros((2, 2)), "c": np.ones((2, 1))}, verbose=0)
