"""fit, evaluate and predict on every form of data Keras takes, with Keras's numbers.

A batched `tf.data.Dataset` of `x`, `(x, y)` or `(x, y, sample_weight)` (each part one
array, a tuple in model order, or a dict by name) and a generator of the same give the
same History, weights, evaluation and predictions as the arrays, and as Keras 3 on the
same dataset (1e-5; 1e-4 after several epochs); `steps_per_epoch` and `validation_data`
as a dataset with `validation_steps` work as in Keras. Bad data is refused before any
step, naming the input or output.
"""
import keras
import numpy as np
import pytest
import tensorflow as tf

import fnapi
import twins

rng = np.random.default_rng(0)


def _pair(build=twins.two_heads, optimizer=lambda lib: lib.optimizers.SGD(0.1)):
    mine, theirs = twins.twin(build, keras)
    losses = ["binary_crossentropy", "categorical_crossentropy"] if len(mine.outputs) == 2 \
        else "categorical_crossentropy"
    for model, lib in ((mine, fnapi), (theirs, keras)):
        model.compile(optimizer(lib), losses, metrics=[["accuracy"]] * len(model.outputs))
    return mine, theirs


def _two_heads_data(n=40):
    return ({"a": rng.random((n, 5)).astype("float32"), "b": rng.random((n, 3)).astype("float32")},
            {"o1": rng.integers(0, 2, (n, 1)).astype("float32"),
             "o2": np.eye(3, dtype="float32")[rng.integers(0, 3, n)]})


@pytest.mark.parametrize("form", ["dict", "tuple"])
def test_a_dataset_trains_like_the_arrays_and_like_keras(form):
    x, y = _two_heads_data()
    mine, theirs = _pair()
    arrays, _ = _pair()
    arrays.set_weights(mine.get_weights())
    if form == "dict":
        dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)
    else:
        dataset = tf.data.Dataset.from_tensor_slices(((x["a"], x["b"]), (y["o1"], y["o2"]))).batch(8)
    ours = mine.fit(dataset, epochs=3, verbose=0).history
    from_arrays = arrays.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0).history
    keras_history = theirs.fit(dataset, epochs=3, verbose=0).history
    assert set(ours) == set(from_arrays) == set(keras_history)
    for key in ours:
        np.testing.assert_allclose(ours[key], from_arrays[key], atol=1e-5)
        np.testing.assert_allclose(ours[key], keras_history[key], atol=1e-4)
    for a, b, c in zip(mine.get_weights(), arrays.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)
        np.testing.assert_allclose(a, c, atol=1e-4)
    assert mine.evaluate(dataset, return_dict=True) == pytest.approx(
        theirs.evaluate(dataset, return_dict=True, verbose=0), abs=1e-5)


def test_a_generator_streams_like_its_dataset_and_predict_takes_inputs_only():
    x, y = _two_heads_data(30)
    mine, _ = _pair()

    def batches():
        for i in range(0, 30, 7):
            yield {"a": x["a"][i:i + 7], "b": x["b"][i:i + 7]}, [y["o1"][i:i + 7], y["o2"][i:i + 7]]
    from_generator = mine.evaluate(batches(), return_dict=True)
    assert from_generator == pytest.approx(mine.evaluate(x, y, batch_size=7, return_dict=True),
                                           abs=1e-6)
    inputs = tf.data.Dataset.from_tensor_slices(x).batch(7)
    predicted = mine.predict(inputs, verbose=0)
    for a, b in zip(predicted, mine.predict(x, verbose=0)):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_steps_per_epoch_reads_on_across_epochs_and_validation_takes_a_dataset():
    x, y = _two_heads_data(32)
    mine, theirs = _pair()
    endless = tf.data.Dataset.from_tensor_slices((x, y)).batch(8).repeat()
    validation = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    ours = mine.fit(endless, epochs=3, steps_per_epoch=3, validation_data=validation,
                    validation_steps=1, verbose=0).history
    keras_history = theirs.fit(endless, epochs=3, steps_per_epoch=3, validation_data=validation,
                               validation_steps=1, verbose=0).history
    for key in keras_history:
        np.testing.assert_allclose(ours[key], keras_history[key], atol=1e-4)


def test_an_unbuilt_sequential_builds_from_a_dataset():
    model = fnapi.Sequential([fnapi.layers.Dense(3), fnapi.layers.Dense(1)])
    model.compile("sgd", "mse")
    data = tf.data.Dataset.from_tensor_slices((rng.random((10, 4)), rng.random((10, 1)))).batch(5)
    model.fit(data, verbose=0)
    assert model.input_shape == (None, 4)


def test_a_generator_used_up_stops_training_as_keras_does(capsys):
    x, y = _two_heads_data(16)
    mine, _ = _pair()
    batches = ((x, y) for _ in range(2))
    history = mine.fit(batches, epochs=3, verbose=0).history
    assert len(history["loss"]) == 1
    assert "ran out of data" in capsys.readouterr().out
    with pytest.raises(ValueError, match="yielded no batch at all"):
        mine.fit(batches, verbose=0)


TARGETS = _two_heads_data(8)[1]


@pytest.mark.parametrize("data, kwargs, match", [
    (lambda x, y: tf.data.Dataset.from_tensor_slices((x, y)), {},
     r"one axis short .*unbatched.*dataset.batch"),
    (lambda x, y: tf.data.Dataset.from_tensor_slices(({"a": x["a"], "c": x["b"]}, y)).batch(4), {},
     r"unexpected: \['c'\], missing: \['b'\]"),
    (lambda x, y: tf.data.Dataset.from_tensor_slices(((x["a"], x["a"]), y)).batch(4), {},
     r"input 'b' has shape \(None, 5\).*\(None, 3\)"),
    (lambda x, y: tf.data.Dataset.from_tensor_slices(x).batch(4), {},
     "needs targets"),
    (lambda x, y: tf.data.Dataset.from_tensor_slices((x, y)).batch(4), {"batch_size": 4},
     "`batch_size` must not be given when x is a tf.data.Dataset"),
    (lambda x, y: tf.data.Dataset.from_tensor_slices((x, y)).batch(4), {"y": TARGETS},
     "`y` must not be given"),
    (lambda x, y: ((x, y) for _ in ()), {}, "yielded no batch at all"),
    (lambda x, y: (("text", 1) for _ in range(2)), {}, "arrays of numbers"),
    (lambda x, y: x, {"validation_split": 0.2, "steps_per_epoch": 2},
     r"`steps_per_epoch` is only for datasets, generators and iterators; with arrays .*"
     r"Received: steps_per_epoch=2 with arrays"),
])
def test_bad_data_is_refused_before_any_step(data, kwargs, match):
    x, y = _two_heads_data(8)
    mine, _ = _pair()
    before = [w.copy() for w in mine.get_weights()]
    given = data(x, y)
    with pytest.raises((ValueError, TypeError), match=match):
        if isinstance(given, dict):
            mine.fit(given, y, verbose=0, **kwargs)
        else:
            mine.fit(given, verbose=0, **kwargs)
    for old, new in zip(before, mine.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_elements_of_one_tuple_holding_several_inputs_are_inputs():
    """`((a, b),)`: x = (a, b), no targets (Keras's rule), as `element_spec` says."""
    a, b = fnapi.Input((4,), name="a"), fnapi.Input((2,), name="b")
    model = fnapi.Model([a, b], fnapi.layers.Dense(3)(fnapi.layers.concatenate([a, b])))
    xa, xb = np.ones((8, 4), "float32"), np.ones((8, 2), "float32")
    dataset = tf.data.Dataset.from_tensor_slices(((xa, xb),)).batch(4)
    np.testing.assert_allclose(model.predict(dataset), model.predict([xa, xb]), atol=1e-6)


@pytest.mark.parametrize("method, steps_name", [("fit", "steps_per_epoch"),
                                                ("evaluate", "steps"), ("predict", "steps")])
def test_an_infinite_dataset_without_steps_is_refused_at_once(method, steps_name):
    inputs = fnapi.Input((4,))
    model = fnapi.Model(inputs, fnapi.layers.Dense(1)(inputs))
    model.compile("sgd", "mse")
    x, y = np.ones((8, 4), "float32"), np.ones((8, 1), "float32")
    data = (x, y) if method != "predict" else x
    dataset = tf.data.Dataset.from_tensor_slices(data).batch(4).repeat()
    with pytest.raises(ValueError, match=f"infinite dataset.*`{steps_name}`"):
        getattr(model, method)(dataset, verbose=0)
