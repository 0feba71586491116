"""Weights of samples with Keras's meaning: `sample_weight=`, `class_weight=` and
`weighted_metrics`, for every loss, from arrays and from datasets.

The oracle is Keras 2 (tf_keras), the guide's Keras; Keras 3 agrees except that it
refuses `class_weight` and `sample_weight` together, which Keras 2 multiplies (and so does
fnapi). Tolerance 1e-5 on evaluation, histories and weights after a few steps.
"""
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi
import twins

rng = np.random.default_rng(3)
N = 24


def _head(lib, units, activation):
    x = lib.Input((6,))
    h = lib.layers.Dense(5, activation="relu")(x)
    return lib.Model(x, lib.layers.Dense(units, activation=activation)(h))


CASES = {  # loss -> (units, activation, targets)
    "binary_crossentropy": (1, "sigmoid", lambda: rng.integers(0, 2, (N, 1)).astype("float32")),
    "categorical_crossentropy": (3, "softmax",
                                 lambda: np.eye(3, dtype="float32")[rng.integers(0, 3, N)]),
    "sparse_categorical_crossentropy": (3, "softmax", lambda: rng.integers(0, 3, N)),
    "mse": (2, None, lambda: rng.random((N, 2)).astype("float32")),
    "mae": (2, None, lambda: rng.random((N, 2)).astype("float32")),
}


def _twins(loss, weighted=("accuracy", "mse")):
    units, activation, targets = CASES[loss]
    # mae and mse of class ids against probabilities make no sense (both Kerases refuse).
    metrics = ("accuracy",) if loss.startswith("sparse") else ("mae",)
    weighted = ("accuracy",) if loss.startswith("sparse") else weighted
    mine, theirs = twins.twin(lambda lib: _head(lib, units, activation), tf_keras)
    for model, lib in ((mine, fnapi), (theirs, tf_keras)):
        model.compile(lib.optimizers.SGD(0.2), loss, metrics=list(metrics),
                      weighted_metrics=list(weighted))
    return mine, theirs, rng.random((N, 6)).astype("float32"), targets()


@pytest.mark.parametrize("loss", list(CASES))
def test_sample_weights_weigh_every_loss_and_weighted_metric_like_keras2(loss):
    mine, theirs, x, y = _twins(loss)
    weights = rng.random(N).astype("float32") * 3
    ours = mine.evaluate(x, y, sample_weight=weights, batch_size=5, return_dict=True)
    expected = theirs.evaluate(x, y, sample_weight=weights, batch_size=5, return_dict=True,
                               verbose=0)
    assert list(ours) == list(expected)
    np.testing.assert_allclose(list(ours.values()), list(expected.values()), atol=1e-5)
    history = mine.fit(x, y, sample_weight=weights, batch_size=5, epochs=2, shuffle=False,
                       verbose=0).history
    keras_history = theirs.fit(x, y, sample_weight=weights, batch_size=5, epochs=2,
                               shuffle=False, verbose=0).history
    for key in keras_history:
        np.testing.assert_allclose(history[key], keras_history[key], atol=1e-5)
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


@pytest.mark.parametrize("loss", ["binary_crossentropy", "categorical_crossentropy",
                                  "sparse_categorical_crossentropy"])
def test_class_weights_alone_and_times_sample_weights_like_keras2(loss):
    classes = 2 if loss == "binary_crossentropy" else 3
    class_weight = {c: float(c + 1) / 2 for c in range(classes)}
    mine, theirs, x, y = _twins(loss)
    weights = rng.random(N).astype("float32")
    for kwargs in ({"class_weight": class_weight},
                   {"class_weight": class_weight, "sample_weight": weights}):
        ours = mine.fit(x, y, batch_size=6, shuffle=False, verbose=0, **kwargs).history
        keras_history = theirs.fit(x, y, batch_size=6, shuffle=False, verbose=0,
                                   **kwargs).history
        for key in keras_history:
            np.testing.assert_allclose(ours[key], keras_history[key], atol=1e-5)
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_per_output_sample_weights_and_weights_from_a_dataset():
    mine, theirs = twins.twin(twins.two_heads, tf_keras)
    for model, lib in ((mine, fnapi), (theirs, tf_keras)):
        model.compile(lib.optimizers.SGD(0.1), ["binary_crossentropy", "categorical_crossentropy"],
                      loss_weights=[1.0, 0.5], weighted_metrics=[["accuracy"], ["accuracy"]])
    xs, ys = twins.sample_data(mine, N, rng)
    weights = {"o1": rng.random(N).astype("float32"), "o2": rng.random(N).astype("float32")}
    expected = theirs.evaluate(xs, ys, sample_weight=[weights["o1"], weights["o2"]],
                               batch_size=8, return_dict=True, verbose=0)
    ours = mine.evaluate(xs, ys, sample_weight=weights, batch_size=8, return_dict=True)
    np.testing.assert_allclose(list(ours.values()), list(expected.values()), atol=1e-5)
    dataset = tf.data.Dataset.from_tensor_slices(
        (tuple(xs), tuple(ys), (weights["o1"], weights["o2"]))).batch(8)
    from_dataset = mine.evaluate(dataset, return_dict=True)
    np.testing.assert_allclose(list(from_dataset.values()), list(expected.values()), atol=1e-5)


@pytest.mark.parametrize("kwargs, match", [
    ({"sample_weight": np.ones(N - 1)}, r"one weight per sample, shape \(24,\)"),
    ({"sample_weight": np.ones((N, 5))},
     r"shape \(24, 5\). Temporal weights, one per sample and time step .* not supported"),
    ({"class_weight": {1: 2.0, 2: 1.0, 3: 1.0}}, "keys from 0 to one less"),
    ({"class_weight": [1.0, 2.0]}, "a dict {class id: weight}"),
    ({"sample_weight": {"nope": np.ones(N)}}, r"unknown outputs \['nope'\]"),
    ({"class_weight": {0: 1.0, 1: 2.0}},
     r"weights for the classes 0 to 1 only, but the targets hold classes \[2\]"),
])
def test_bad_weights_are_refused_before_any_step(kwargs, match):
    mine, _, x, y = _twins("categorical_crossentropy")
    before = [w.copy() for w in mine.get_weights()]
    with pytest.raises(ValueError, match=match):
        mine.fit(x, y, verbose=0, **kwargs)
    for old, new in zip(before, mine.get_weights()):
        np.testing.assert_array_equal(old, new)


def _sequence_model():
    x = fnapi.Input((4, 3))
    model = fnapi.Model(x, fnapi.layers.Dense(5, activation="softmax")(x))
    model.compile("sgd", "categorical_crossentropy")
    return model


def test_class_weight_for_sequence_targets_is_refused_before_any_step():
    """Keras 2 would turn each time step's class into a temporal weight; fnapi weighs
    samples only (temporal sample weights are not supported), so it refuses clearly."""
    model = _sequence_model()
    before = [w.copy() for w in model.get_weights()]
    x = rng.random((6, 4, 3)).astype("float32")
    y = np.eye(5, dtype="float32")[rng.integers(0, 5, (6, 4))]
    for data in ({"x": x, "y": y}, {"x": tf.data.Dataset.from_tensor_slices((x, y)).batch(3)}):
        with pytest.raises(ValueError, match=r"`class_weight` not supported for 3\+ "
                                             r"dimensional targets.*\(None, 4, 5\)"):
            model.fit(**data, class_weight=dict.fromkeys(range(5), 1.0), verbose=0)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_a_class_without_weight_in_a_stream_is_named_at_its_batch():
    mine, _, x, _ = _twins("categorical_crossentropy")
    y = np.eye(3, dtype="float32")[np.arange(N) % 3]
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(6)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="weights for the classes 0 to 1 only, but the targets hold class"):
        mine.fit(dataset, class_weight={0: 1.0, 1: 2.0}, verbose=0)
