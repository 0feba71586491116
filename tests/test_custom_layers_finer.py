"""A learner's layer, finer points. One that holds another learner's layer: both calls are
rewritten by AutoGraph (a Python `if` on a tensor works in each), fnapi's own machinery
between them is not, and no AutoGraph warning reaches the learner (tf_keras gives the same
numbers). A shape rule may answer with a list of sizes or a `tf.TensorShape` (Keras 3
accepts both)."""
import logging

import numpy as np
import tensorflow as tf
import tf_keras

import fnapi


def _layers(lib):
    class Inner(lib.layers.Layer):  # no build: the base class's is used
        def call(self, x):
            if tf.reduce_sum(x) > 0:
                return x * 2.0
            return -x

    class Outer(lib.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = Inner()

        def call(self, x):
            return self.inner(x) + 1.0
    return Outer


def test_a_layer_inside_a_learners_layer_runs_quietly_as_in_keras(caplog):
    data = np.array([[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]], "float32")
    results = []
    for lib in (fnapi, tf_keras):
        with caplog.at_level(logging.WARNING, logger="tensorflow"):
            x = lib.layers.Input((3,))
            model = lib.models.Model(x, _layers(lib)()(x))
            results.append([model.predict(row[None], verbose=0) for row in data])
        if lib is fnapi:
            assert not [r for r in caplog.records if "AutoGraph" in r.getMessage()]
    for mine, theirs in zip(*results):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)


def test_a_shape_rule_may_answer_with_a_list_or_a_tensorshape_as_in_keras():
    for answer in (list, tf.TensorShape):
        class Twice(fnapi.layers.Layer):
            def call(self, x):
                return tf.concat([x, x], axis=-1)

            def compute_output_shape(self, input_shape, answer=answer):
                return answer([*input_shape[:-1], 2 * input_shape[-1]])
        x = fnapi.Input((5, 3))
        model = fnapi.models.Model(x, Twice()(x))
        assert model.outputs[0].shape == (None, 5, 6)
        assert model.predict(np.ones((2, 5, 3)), verbose=0).shape == (2, 5, 6)
