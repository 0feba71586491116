"""A learner's layer in a saved, loaded or cloned model keeps its constructor's arguments.

Without `get_config`, the arguments it was created with are recorded when they are plain
JSON values, as Keras 3 does (`Operation.__new__`'s auto config); compared with Keras 3.
Otherwise saving refuses, naming the layer and asking for `get_config()`, before any file
is written. A `get_config` holding NumPy arrays, NumPy scalars or eager tensors is written
as lists and numbers, as Keras 2 (tf_keras) writes them; anything else JSON cannot hold is
refused naming the layer and the key.
"""
import json

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi

ONES = np.ones((1, 2), "float32")


def _mul_class(base):
    class Mul(base):
        def __init__(self, k=1.0, **kwargs):
            super().__init__(**kwargs)
            self.k = k

        def call(self, x):
            return x * self.k
    return Mul


def _model(lib, layer):
    inputs = lib.Input((2,))
    return lib.Model(inputs, layer(inputs))


def test_arguments_of_a_layer_without_get_config_survive_save_load_and_clone(tmp_path):
    ours, theirs = _mul_class(fnapi.layers.Layer), _mul_class(keras.layers.Layer)
    model, keras_model = _model(fnapi, ours(3.0)), _model(keras, theirs(3.0))
    model.save(tmp_path / "mul.keras")
    keras_model.save(tmp_path / "keras_mul.keras")
    loaded = fnapi.models.load_model(tmp_path / "mul.keras", custom_objects={"Mul": ours})
    keras_loaded = keras.models.load_model(tmp_path / "keras_mul.keras",
                                           custom_objects={"Mul": theirs})
    expected = keras_loaded.predict(ONES, verbose=0)
    np.testing.assert_array_equal(expected, [[3.0, 3.0]])
    np.testing.assert_array_equal(loaded.predict(ONES, verbose=0), expected)
    np.testing.assert_array_equal(fnapi.models.clone_model(model).predict(ONES, verbose=0),
                                  expected)
    assert model.layers[1].get_config()["k"] == keras_model.layers[1].get_config()["k"] == 3.0
    assert ours().get_config()["k"] == theirs().get_config()["k"] == 1.0  # defaults too


def test_a_layer_writing_its_own_get_config_and_fnapis_layers_record_nothing_extra():
    class Scale(fnapi.layers.Layer):
        def __init__(self, k, **kwargs):
            super().__init__(**kwargs)
            self.scale = k

        def get_config(self):
            return {**super().get_config(), "k": self.scale}
    assert set(Scale(2.0).get_config()) == {"name", "trainable", "dtype", "k"}
    assert fnapi.layers.Dense(3)._auto_config is None
    assert "k" not in fnapi.layers.Dense(3).get_config()


def test_a_layer_without_arguments_of_its_own_needs_no_get_config(tmp_path):
    class Double(fnapi.layers.Layer):
        def call(self, x):
            return 2 * x
    layer = Double(name="double", trainable=False)
    assert layer.get_config()["trainable"] is False
    assert set(layer.get_config()) == {"name", "trainable", "dtype"}


def _weighted_class(base):
    class Weighted(base):
        def __init__(self, w, **kwargs):
            super().__init__(**kwargs)
            self.w = w

        def call(self, x):
            return x * self.w
    return Weighted


def test_arguments_that_cannot_be_recorded_refuse_saving_before_any_file(tmp_path):
    weighted = _weighted_class(fnapi.layers.Layer)(np.ones(2, "float32"), name="weighted")
    model = _model(fnapi, weighted)
    with pytest.raises(NotImplementedError, match=r"Layer 'weighted' \(class Weighted\) .*`w` "
                       r"is ndarray.*Please implement `get_config\(\)`"):
        model.save(tmp_path / "w.keras")
    with pytest.raises(NotImplementedError, match="implement `get_config"):
        fnapi.models.clone_model(model)
    assert list(tmp_path.iterdir()) == []
    theirs = _weighted_class(keras.layers.Layer)(np.ones(2, "float32"))
    with pytest.raises(NotImplementedError, match="implement `get_config"):  # Keras 3 too
        _model(keras, theirs).save(tmp_path / "k.keras")


def _variadic_classes(base):
    class FromKwargs(base):  # its argument arrives through **kwargs only
        def __init__(self, **kwargs):
            self.k = kwargs.pop("k", 1.0)
            super().__init__(**kwargs)

        def call(self, x):
            return x * self.k

    class FromArgs(base):  # its arguments arrive through *args
        def __init__(self, *factors, **kwargs):
            super().__init__(**kwargs)
            self.factor = float(np.prod(factors)) if factors else 1.0

        def call(self, x):
            return x * self.factor
    return FromKwargs, FromArgs


@pytest.mark.parametrize("which", [0, 1])
def test_variadic_arguments_that_cannot_be_recorded_refuse_saving_as_in_keras3(tmp_path, which):
    """Never a silent default: `**kwargs` holding a NumPy value, or `*args`, as in Keras 3."""
    arguments = ((), {"k": np.float32(3.0)}) if which == 0 else ((2.0, 5.0), {})
    for lib in (fnapi, keras):
        layer = _variadic_classes(lib.layers.Layer)[which](*arguments[0], **arguments[1])
        with pytest.raises(NotImplementedError, match="get_config"):
            _model(lib, layer).save(tmp_path / f"{lib.__name__}.keras")
    assert not list(tmp_path.glob("fnapi.keras"))


class _Stored(fnapi.layers.Layer):
    """A config holding NumPy and TensorFlow values."""
    def __init__(self, w, bias, count, **kwargs):
        super().__init__(**kwargs)
        self.w, self.bias, self.count = np.asarray(w, "float32"), bias, count

    def call(self, x):
        return x * self.w + self.bias * self.count

    def get_config(self):
        return {**super().get_config(), "w": self.w, "bias": tf.constant(self.bias),
                "count": np.int64(self.count)}


def test_numpy_and_tensor_values_in_get_config_are_written_as_lists_like_keras2(tmp_path):
    model = _model(fnapi, _Stored([2.0, 3.0], 0.5, 2))
    config = json.loads(model.to_json())["config"]["layers"][1]["config"]
    assert (config["w"], config["bias"], config["count"]) == ([2.0, 3.0], 0.5, 2)
    k2_layer = tf_keras.layers.Layer()
    k2_layer.get_config = lambda: {"w": np.array([2.0, 3.0]), "count": np.int64(2)}
    assert json.loads(json.dumps(k2_layer.get_config(),
                                 default=tf_keras.src.saving.legacy.saved_model.json_utils
                                 .get_json_type)) == {"w": [2.0, 3.0], "count": 2}
    model.save(tmp_path / "stored.keras")
    loaded = fnapi.models.load_model(tmp_path / "stored.keras",
                                     custom_objects={"_Stored": _Stored})
    np.testing.assert_array_equal(loaded.predict(ONES, verbose=0), [[3.0, 4.0]])


def test_a_value_json_cannot_hold_is_refused_naming_the_layer_and_key(tmp_path):
    class Opaque(fnapi.layers.Layer):
        def call(self, x):
            return x

        def get_config(self):
            return {**super().get_config(), "helper": {"fn": object()}}
    model = _model(fnapi, Opaque(name="opaque"))
    with pytest.raises(TypeError, match=r"Layer 'opaque' \(Opaque\): get_config\(\) holds "
                       r"object .* at key 'helper'"):
        model.save(tmp_path / "o.keras")
    assert list(tmp_path.iterdir()) == []
