"""Lesson 11's checks refuse shortcuts and the classic mistakes, and its reference is Keras's.

The generic truths of every check (the untouched stub is "not yet", None is "forgot
`return`", one verdict line) are tests/test_checks.py's, which finds lesson 11 by itself.
Here: each exercise of lesson 11 refuses the finished pieces that would give its answer
away (fnapi's config reader, Keras's layer normalization, fnapi's structure walk and file
writer), and tells the usual mistakes apart.
"""
import contextlib
import importlib.util
import io
import os
import pathlib
import tempfile

import h5py
import keras
import numpy as np
import pytest
import tensorflow as tf

import fnapi
from exercises import lesson11, verdict

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def solution():
    path = ROOT / "solutions" / "11_save_load_extend.py"
    spec = importlib.util.spec_from_file_location("solution_11", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def line_of(k, answer):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = getattr(lesson11, f"check_{k}")(answer)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and bool(result) == lines[0].startswith(verdict.RIGHT), lines
    return lines[0]


def refused(k, answer, *words):
    line = line_of(k, answer)
    assert line.startswith(verdict.WRONG + " "), line
    for word in words:
        assert word in line, line
    return line


def test_the_worked_answers_pass(solution):
    assert line_of(1, solution.calls_from_config).startswith(verdict.RIGHT)
    assert line_of(2, solution.LayerNorm).startswith(verdict.RIGHT)
    assert line_of(3, solution.weight_paths).startswith(verdict.RIGHT)


# --- exercise 1 ---------------------------------------------------------------------------
def test_1_refuses_drawing_the_model_again():
    def from_the_model(config):
        model = fnapi.Model.from_config(config)
        return {layer.name: [[(t.history[0].name, t.history[1]) for t in node.input_tensors]
                             for node in layer._inbound_nodes if not node.is_input]
                for layer in model.layers}

    refused(1, from_the_model, "from_config")
    refused(1, lambda config: from_the_model(
        fnapi.models.model_from_json(__import__("json").dumps(config)).get_config()), "from_config")


def test_1_tells_the_usual_mistakes(solution):
    def top_level_only(config):  # misses the tensors inside a merge layer's list
        return {layer["name"]: [[tuple(a["config"]["keras_history"][:2]) for a in call["args"]
                                 if isinstance(a, dict)] for call in layer["inbound_nodes"]]
                for layer in config["layers"]}

    refused(1, top_level_only, "inside lists")

    def args_only(config):  # misses the tensor given by keyword
        found = solution.calls_from_config({"layers": [
            {**layer, "inbound_nodes": [{"args": call["args"]} for call in layer["inbound_nodes"]]}
            for layer in config["layers"]]})
        return found

    refused(1, args_only, "kwargs")

    def triples(config):
        found = solution.calls_from_config(config)
        return {name: [[(layer, index, 0) for layer, index in call] for call in calls]
                for name, calls in found.items()}

    refused(1, triples, "tensor index")

    def flat(config):
        found = solution.calls_from_config(config)
        return {name: [pair for call in calls for pair in call] for name, calls in found.items()}

    refused(1, flat)
    refused(1, lambda config: {k: v for k, v in solution.calls_from_config(config).items() if v},
            "Input layers too")


# --- exercise 2 ---------------------------------------------------------------------------
def _norm_class(name, call=None, config=None, build=None, register=True):
    """A variant of a correct LayerNorm with one method replaced."""
    def init(self, epsilon=1e-3, **kwargs):
        fnapi.layers.Layer.__init__(self, **kwargs)
        self.epsilon = epsilon

    def default_build(self, input_shape):
        self.gamma = self.add_weight(name="gamma", shape=(input_shape[-1],), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(input_shape[-1],), initializer="zeros")

    def default_call(self, inputs):
        mean, variance = tf.nn.moments(inputs, axes=[-1], keepdims=True)
        return (inputs - mean) / tf.sqrt(variance + self.epsilon) * self.gamma + self.beta

    def default_config(self):
        return {**fnapi.layers.Layer.get_config(self), "epsilon": self.epsilon}

    cls = type(name, (fnapi.layers.Layer,), {
        "__init__": init, "build": build or default_build, "call": call or default_call,
        "compute_output_shape": lambda self, input_shape: input_shape,
        "get_config": config or default_config})
    if register:
        fnapi.saving.register_serializable(package="t11_tests")(cls)
    return cls


def test_2_a_correct_variant_passes():
    assert line_of(2, _norm_class("T11RightNorm")).startswith(verdict.RIGHT)


def test_2_refuses_sizes_written_into_build():
    def fixed_build(self, input_shape):
        self.gamma = self.add_weight(name="gamma", shape=(6,), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(6,), initializer="zeros")
    line = line_of(2, _norm_class("T11FixedNorm", build=fixed_build))
    assert line.startswith(verdict.WRONG) and "input_shape[-1]" in line, line


def test_2_refuses_keras_layer_normalization():
    def borrowed_layer(self, inputs):
        inner = keras.layers.LayerNormalization(epsilon=self.epsilon)
        inner.build(inputs.shape)
        inner.set_weights([self.gamma.numpy(), self.beta.numpy()])
        return inner(inputs)

    refused(2, _norm_class("T11KerasLayerNorm", call=borrowed_layer), "Keras")

    def borrowed_op(self, inputs):
        return keras.ops.layer_normalization(inputs, self.gamma, self.beta, epsilon=self.epsilon)

    refused(2, _norm_class("T11KerasOpNorm", call=borrowed_op), "Keras")


def test_2_needs_registration_and_a_full_config():
    refused(2, _norm_class("T11UnregisteredNorm", register=False), "register")
    refused(2, _norm_class("T11NoEpsilonNorm", config=lambda self: fnapi.layers.Layer.get_config(
        self)), "epsilon")
    refused(2, _norm_class("T11NoSuperNorm", config=lambda self: {"epsilon": self.epsilon}),
            "super().get_config()")


def test_2_tells_the_usual_mistakes():
    def epsilon_outside(self, inputs):
        mean, variance = tf.nn.moments(inputs, axes=[-1], keepdims=True)
        return (inputs - mean) / (tf.sqrt(variance) + self.epsilon) * self.gamma + self.beta

    refused(2, _norm_class("T11EpsilonOutside", call=epsilon_outside), "square root")

    def no_affine(self, inputs):
        mean, variance = tf.nn.moments(inputs, axes=[-1], keepdims=True)
        return (inputs - mean) / tf.sqrt(variance + self.epsilon)

    refused(2, _norm_class("T11NoAffine", call=no_affine), "gamma and beta are not applied")

    def whole_sample(self, inputs):
        mean, variance = tf.nn.moments(inputs, axes=[1, 2], keepdims=True)
        return (inputs - mean) / tf.sqrt(variance + self.epsilon) * self.gamma + self.beta

    refused(2, _norm_class("T11WholeSample", call=whole_sample), "last axis")

    def random_gamma(self, input_shape):
        self.gamma = self.add_weight(name="gamma", shape=(input_shape[-1],))
        self.beta = self.add_weight(name="beta", shape=(input_shape[-1],), initializer="zeros")

    refused(2, _norm_class("T11RandomGamma", build=random_gamma), "ones")


def test_2_reference_is_layer_normalization_by_its_formula():
    x, gamma, beta = lesson11._norm_data()
    x64 = x.astype("float64")
    formula = (x64 - x64.mean(-1, keepdims=True)) / np.sqrt(x64.var(-1, keepdims=True) + 0.01)
    np.testing.assert_allclose(lesson11._keras_layer_norm(x, gamma, beta),
                               formula * gamma + beta, atol=1e-5)


# --- exercise 3 ---------------------------------------------------------------------------
def test_3_refuses_fnapis_structure_walk():
    from fnapi.layers import saved_tree

    refused(3, lambda model: dict(saved_tree.weight_paths(model)), "saved_tree")

    def from_groups(model):
        return {f"{group}/{i}": v for group, _, variables in saved_tree.variable_groups(model)
                for i, v in enumerate(variables)}

    refused(3, from_groups, "saved_tree")


def test_3_refuses_reading_a_file_fnapi_wrote():
    def from_a_file(model):
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "w.weights.h5")
        model.save_weights(path)
        paths = []
        with h5py.File(path) as h5file:
            h5file.visititems(lambda p, o: paths.append(p) if isinstance(o, h5py.Dataset) else None)
        return dict(zip(paths, model.weights))

    refused(3, from_a_file, "save_weights")

    def from_a_keras_file(model):
        folder = tempfile.mkdtemp()
        model.save(os.path.join(folder, "m.keras"))
        return {}

    refused(3, from_a_keras_file, "save")


def test_3_refuses_paths_by_name(solution):
    def by_name(model):
        return {f"layers/{layer.name}/vars/{i}": v for layer in model.layers
                for i, v in enumerate(layer.weights)}

    refused(3, by_name, "class")

    def flat(model):  # a nested model's weights as if they were the outer model's
        return {path.replace("layers/functional/", ""): v
                for path, v in solution.weight_paths(model).items()}

    refused(3, flat)
