"""Models as data: configs in Keras 3's format, read and written both ways.

Each layer's `get_config()` has exactly Keras 3's keys, and Keras 3's values for the
same arguments; `from_config` rebuilds an equal layer, from fnapi's config or Keras 3's.
A model's config is its graph: layers with inbound nodes whose `keras_history` addresses
match Keras 3's config of the same model. `Model.from_config`, `to_json` and
`model_from_json` rebuild the same graph (names, shared layers, nested models), a
learner's registered or `custom_objects` layer included; `clone_model` gives the same
architecture with fresh weights; feature extraction works as in Keras's guide.
"""
import json

import keras
import numpy as np
import pytest
import tensorflow as tf

import fnapi
import twins
from fnapi.layers import config as layer_config

LAYERS = [
    lambda L: L.Dense(3, activation="relu", use_bias=False),
    lambda L: L.Activation("tanh"),
    lambda L: L.Dropout(0.25, seed=3),
    lambda L: L.Flatten(),
    lambda L: L.Embedding(20, 4),
    lambda L: L.LSTM(5, return_sequences=True, unit_forget_bias=False),
    lambda L: L.Conv2D(6, (3, 2), strides=2, padding="same", activation="sigmoid"),
    lambda L: L.MaxPooling2D((3, 3), strides=(1, 2)),
    lambda L: L.Concatenate(axis=1),
    lambda L: L.Add(),
    lambda L: L.TimeDistributed(L.Dense(2)),
    lambda L: L.Dense(2, kernel_initializer="he_normal", bias_initializer="ones"),
]


def _without_names(config):
    """Layer names differ between libraries (automatic counters), so leave them out."""
    text = json.dumps(config)
    data = json.loads(text)
    if isinstance(data, dict):
        data.pop("name", None)
        if isinstance(data.get("layer"), dict):
            data["layer"]["config"].pop("name", None)
    return data


@pytest.mark.parametrize("make", LAYERS)
def test_layer_configs_are_keras3s_and_rebuild_equal_layers(make):
    ours, theirs = make(fnapi.layers), make(keras.layers)
    mine, expected = _without_names(ours.get_config()), _without_names(theirs.get_config())
    for config in (mine, expected):  # Keras 3 marks shared objects; not part of a config
        for value in config.values():
            if isinstance(value, dict):
                value.pop("shared_object_id", None)
    assert mine == expected
    again = type(ours).from_config(ours.get_config())
    assert again.get_config() == ours.get_config()
    from_keras = layer_config.deserialize(keras.layers.serialize(theirs))
    assert type(from_keras) is type(ours)
    assert _without_names(from_keras.get_config()) == mine


def test_keras_arguments_fnapi_lacks_are_refused_unless_at_keras_default():
    assert fnapi.layers.Conv2D(2, 3, dilation_rate=(1, 1), groups=1).kernel_size == (3, 3)
    with pytest.raises(ValueError, match="fnapi does not implement `dilation_rate`"):
        fnapi.layers.Conv2D(2, 3, dilation_rate=2)
    with pytest.raises(ValueError, match="fnapi does not implement `kernel_regularizer`"):
        fnapi.layers.Dense.from_config({**fnapi.layers.Dense(2).get_config(),
                                        "kernel_regularizer": {"class_name": "L2"}})
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to Dense"):
        fnapi.layers.Dense(2, kernel_regularizr=None)


def _graph(config):
    """(class, inbound addresses with names replaced by layer positions) per layer."""
    position = {layer["name"]: i for i, layer in enumerate(config["layers"])}

    def addresses(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            name, node, tensor = value["config"]["keras_history"]
            return [position[name], node, tensor]
        if isinstance(value, list):
            return [addresses(v) for v in value]
        return None
    return [(layer["class_name"], [addresses(n["args"]) for n in layer["inbound_nodes"]])
            for layer in config["layers"]]


@pytest.mark.parametrize("name", list(twins.GUIDE_ARCHITECTURES))
def test_a_models_config_is_its_graph_as_keras3_writes_it(name):
    build, _ = twins.GUIDE_ARCHITECTURES[name]
    ours, theirs = (json.loads(json.dumps(build(lib).get_config())) for lib in (fnapi, keras))
    if name == "sequential":
        assert [l["class_name"] for l in ours["layers"]] == \
            [l["class_name"] for l in theirs["layers"]]
        return
    assert _graph(ours) == _graph(theirs)
    for key in ("input_layers", "output_layers"):
        assert _ends(ours, key) == _ends(theirs, key)


def _ends(config, key):
    """A model's input or output addresses, with layer names replaced by positions."""
    position = {layer["name"]: i for i, layer in enumerate(config["layers"])}
    addresses = config[key] if not isinstance(config[key][0], str) else [config[key]]
    return [[position[name], node, tensor] for name, node, tensor in addresses]


@pytest.mark.parametrize("name", list(twins.GUIDE_ARCHITECTURES))
def test_from_config_and_json_rebuild_the_same_graph(name):
    build, _ = twins.GUIDE_ARCHITECTURES[name]
    model = build(fnapi)
    for rebuilt in (type(model).from_config(model.get_config()),
                    fnapi.models.model_from_json(model.to_json())):
        assert [l.name for l in rebuilt.layers] == [l.name for l in model.layers]
        assert [len(l._inbound_nodes) for l in rebuilt.layers] == \
            [len(l._inbound_nodes) for l in model.layers]
        assert rebuilt.get_config() == model.get_config()
        rebuilt.set_weights(model.get_weights())
        xs, _ = twins.sample_data(model, 3, np.random.default_rng(0), vocab=10)
        for a, b in zip(fnapi.graph.flatten(model.predict(xs, verbose=0)),
                        fnapi.graph.flatten(rebuilt.predict(xs, verbose=0))):
            np.testing.assert_array_equal(a, b)


class Scale(fnapi.layers.Layer):
    """A learner's layer: one learned scale per feature, times a fixed factor."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.scale = self.add_weight("scale", (input_shape[-1],), initializer="ones")

    def call(self, inputs):
        return inputs * self.scale * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def _scaled(layer_class):
    x = fnapi.Input((3,))
    return fnapi.Model(x, fnapi.layers.Dense(1)(layer_class(factor=3.0)(x)))


def test_a_custom_layer_round_trips_with_custom_objects_or_registration(tmp_path):
    model = _scaled(Scale)
    model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match=r"Could not locate class 'Scale'.*custom_objects"):
        fnapi.models.load_model(tmp_path / "m.keras")
    loaded = fnapi.models.load_model(tmp_path / "m.keras", custom_objects={"Scale": Scale})
    assert loaded.layers[1].factor == 3.0
    np.testing.assert_array_equal(loaded.predict(np.ones((2, 3)), verbose=0),
                                  model.predict(np.ones((2, 3)), verbose=0))

    @fnapi.saving.register_serializable(package="my_course")
    class Registered(Scale):
        pass
    model = _scaled(Registered)
    model.save(tmp_path / "r.keras")
    assert fnapi.saving.get_registered_name(Registered) == "my_course>Registered"
    loaded = fnapi.models.load_model(tmp_path / "r.keras")
    assert type(loaded.layers[1]) is Registered
    assert fnapi.Model.from_config(model.get_config()).layers[1].factor == 3.0


def test_clone_model_gives_the_same_architecture_with_fresh_weights():
    model = twins.video_qa(fnapi)
    clone = fnapi.models.clone_model(model)
    assert clone is not model and clone.get_config() == model.get_config()
    assert all(a is not b for a, b in zip(clone.layers, model.layers))
    assert any(not np.array_equal(a, b) for a, b in zip(clone.get_weights(), model.get_weights()))
    shared = fnapi.models.clone_model(twins.shared_lstm(fnapi))
    assert len(shared.get_layer(index=2)._inbound_nodes) == 2
    custom = fnapi.models.clone_model(_scaled(Scale))
    assert type(custom.layers[1]) is Scale and custom.layers[1].factor == 3.0


def test_feature_extraction_as_in_keras_guide():
    """Keras 2 refuses this for a model with a nested model (its `output` is the inner
    graph's), so, as in Keras's guide, a model of plain layers."""
    model = twins.headline(fnapi)
    extractor = fnapi.Model(model.input, [layer.output for layer in model.layers])
    xs, _ = twins.sample_data(model, 2, np.random.default_rng(0), vocab=10)
    features = extractor.predict(xs, verbose=0)
    assert len(features) == len(model.layers)
    by_layer = dict(zip([layer.name for layer in model.layers], features))
    for output, name in zip(model.predict(xs, verbose=0), model.output_names):
        np.testing.assert_allclose(by_layer[name], output, atol=1e-6)
    assert tf.is_tensor(extractor(xs)[0])


def test_a_subclass_of_a_registered_class_is_not_taken_for_it(tmp_path):
    @fnapi.saving.register_serializable(package="my_course")
    class Parent(Scale):
        pass

    class Child(Parent):
        def call(self, inputs):
            return -super().call(inputs)
    assert fnapi.saving.get_registered_name(Child) == "Child"
    _scaled(Child).save(tmp_path / "child.keras")
    with pytest.raises(ValueError, match="Could not locate class 'Child'"):
        fnapi.models.load_model(tmp_path / "child.keras")
    loaded = fnapi.models.load_model(tmp_path / "child.keras", custom_objects={"Child": Child})
    assert type(loaded.layers[1]) is Child
