"""Any Python iterator is streaming data, as in Keras 2, and its batches may differ in
every size the model leaves unknown (a sequence's length).

The oracle is Keras 2 (tf_keras) fed the same batches: histories, evaluation and
predictions agree to 1e-5 (float32 noise). A batch that does not fit is refused naming
the input: the first one before any step, a later one when it comes.
"""
import itertools

import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi
import twins

rng = np.random.default_rng(11)


def _lstm(lib):
    inputs = lib.Input((None, 2))
    return lib.Model(inputs, lib.layers.LSTM(2)(inputs))


def _dense(lib):
    inputs = lib.Input((3,))
    return lib.Model(inputs, lib.layers.Dense(2)(inputs))


def _pair(build):
    mine, theirs = twins.twin(build, tf_keras)
    for model, lib in ((mine, fnapi), (theirs, tf_keras)):
        model.compile(lib.optimizers.SGD(0.1), "mse", metrics=["mae"])
    return mine, theirs


def _assert_close(ours, expected):
    for key in expected:
        np.testing.assert_allclose(ours[key], expected[key], atol=1e-5)


SEQUENCES = [(rng.standard_normal((2, steps, 2)).astype("float32"),
              rng.standard_normal((2, 2)).astype("float32")) for steps in (1, 2, 3)]


def test_a_generator_of_sequences_of_several_lengths_fits_evaluates_predicts_like_keras2():
    mine, theirs = _pair(_lstm)
    _assert_close(mine.fit((b for b in SEQUENCES), epochs=1, verbose=0).history,
                  theirs.fit((b for b in SEQUENCES), epochs=1, verbose=0).history)
    _assert_close(mine.evaluate((b for b in SEQUENCES), return_dict=True),
                  theirs.evaluate((b for b in SEQUENCES), return_dict=True, verbose=0))
    np.testing.assert_allclose(mine.predict((x for x, _ in SEQUENCES)),
                               theirs.predict((x for x, _ in SEQUENCES), verbose=0), atol=1e-5)


def test_a_batch_that_does_not_fit_is_refused_naming_the_input():
    mine, _ = _pair(_lstm)
    before = [w.copy() for w in mine.get_weights()]
    wide = (np.zeros((2, 1, 3), "float32"), np.zeros((2, 2), "float32"))
    with pytest.raises(ValueError, match=r"input 'input_\d+' has shape \(None, None, 3\)"):
        mine.fit(iter([wide]), verbose=0)  # the first batch: before any step
    for old, new in zip(before, mine.get_weights()):
        np.testing.assert_array_equal(old, new)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"batch whose input 'input_\d+' has shape \(2, 1, 3\), where "
                             r"\(None, None, 2\) was expected"):
        mine.fit(iter([SEQUENCES[0], wide]), verbose=0)  # a later batch: when it comes


X, Y = rng.random((6, 3)).astype("float32"), rng.random((6, 2)).astype("float32")
DATASET = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
ITERATORS = {
    "iter(list)": lambda: iter([(X, Y)] * 2),
    "map": lambda: map(lambda i: (X[i::2], Y[i::2]), range(2)),
    "iter(dataset)": lambda: iter(DATASET),
    "as_numpy_iterator": lambda: DATASET.as_numpy_iterator(),
}


@pytest.mark.parametrize("form", list(ITERATORS))
def test_any_iterator_trains_and_evaluates_like_keras2(form):
    mine, theirs = _pair(_dense)
    make = ITERATORS[form]
    _assert_close(mine.fit(make(), validation_data=make(), verbose=0).history,
                  theirs.fit(make(), validation_data=make(), verbose=0).history)
    _assert_close(mine.evaluate(make(), return_dict=True),
                  theirs.evaluate(make(), return_dict=True, verbose=0))
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_an_endless_iterator_reads_steps_per_epoch_and_predict_reads_steps():
    mine, theirs = _pair(_dense)
    _assert_close(mine.fit(itertools.cycle([(X, Y)]), steps_per_epoch=2, epochs=2,
                           verbose=0).history,
                  theirs.fit(itertools.cycle([(X, Y)]), steps_per_epoch=2, epochs=2,
                             verbose=0).history)
    np.testing.assert_allclose(mine.predict(itertools.cycle([X]), steps=2),
                               theirs.predict(itertools.cycle([X]), steps=2, verbose=0),
                               atol=1e-5)


def test_an_unbuilt_sequential_builds_from_a_generators_first_batch_like_keras2():
    x = rng.normal(size=(8, 3)).astype("float32")
    y = rng.normal(size=(8, 1)).astype("float32")
    mine = fnapi.Sequential([fnapi.layers.Dense(1)])
    theirs = tf_keras.Sequential([tf_keras.layers.Dense(1)])
    for model in (mine, theirs):
        model.compile(optimizer=model.optimizer or "sgd", loss="mse")
    mine.fit(iter([(x[:4], y[:4])]), verbose=0)  # builds it (one SGD step)
    theirs.build((None, 3))
    theirs.set_weights(mine.get_weights())
    np.testing.assert_allclose(mine.predict((b for b in [x[:4], x[4:]]), verbose=0),
                               theirs.predict(x, verbose=0), atol=1e-6)
