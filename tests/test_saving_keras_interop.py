"""`.keras` files between fnapi and real Keras 3.15, both ways, for every guide architecture.

A file saved by fnapi opens with `keras.models.load_model` and predicts what fnapi
predicts; a file saved by Keras 3 opens with `fnapi.models.load_model` and predicts what
Keras predicts (tolerance 1e-6), including the compile state: training continued in
fnapi after loading a Keras file moves the weights as Keras moves them (1e-5). That last
check leaves out models with an Embedding (Keras 3's sparse Adam update drifts when ids
repeat in a batch, see test_training_parity.py) or a Dropout (each library draws its own
random masks); for those, the restored iteration count is checked instead. Where fnapi follows Keras 2 (names, node indexing), the file
still opens in Keras 3. Keras's own fnapi-free `.weights.h5` files load too.
"""
import warnings

import keras
import numpy as np
import pytest

import fnapi
import twins

ARCHITECTURES = twins.GUIDE_ARCHITECTURES
ATOL = 1e-6


def _data(model, n=6):
    return twins.sample_data(model, n, np.random.default_rng(0), vocab=10)


def _assert_same_predictions(ours, theirs, xs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras 3 on a list of one input
        expected = keras.tree.flatten(theirs.predict(xs if len(xs) > 1 else xs[0], verbose=0))
    got = fnapi.graph.flatten(ours.predict(xs, verbose=0))
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_a_file_saved_by_fnapi_opens_in_keras3(name, tmp_path):
    build, losses = ARCHITECTURES[name]
    model = build(fnapi)
    model.compile(fnapi.optimizers.RMSprop(0.01), losses)
    xs, ys = _data(model)
    model.fit(xs, ys, verbose=0)
    model.save(tmp_path / "fnapi.keras")
    theirs = keras.models.load_model(tmp_path / "fnapi.keras")
    assert [l.name for l in theirs.layers] == [l.name for l in model.layers]
    _assert_same_predictions(model, theirs, xs)
    assert [tuple(v.shape) for v in theirs.optimizer.variables] == \
        [tuple(v.shape) for v in model.optimizer.variables]
    np.testing.assert_array_equal(theirs.optimizer.variables[0].numpy(), 1)  # iterations


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_a_file_saved_by_keras3_opens_in_fnapi(name, tmp_path):
    build, losses = ARCHITECTURES[name]
    theirs = build(keras)
    theirs.compile(keras.optimizers.Adam(0.01), losses)
    xs, ys = _data(theirs)
    theirs.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0], verbose=0)
    theirs.save(tmp_path / "keras.keras")
    ours = fnapi.models.load_model(tmp_path / "keras.keras")
    _assert_same_predictions(ours, theirs, xs)
    assert [v.numpy().shape for v in ours.optimizer.variables] == \
        [tuple(v.shape) for v in theirs.optimizer.variables]
    assert int(ours.optimizer.iterations.numpy()) == int(theirs.optimizer.iterations.numpy()) == 1
    if name in ("headline", "vqa", "video_qa", "sequential"):
        return
    ours.fit(xs, ys, batch_size=len(xs[0]), shuffle=False, verbose=0)
    theirs.fit(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0],
               batch_size=len(xs[0]), shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_keras3_weights_files_load_into_fnapi_and_back(tmp_path):
    theirs = twins.video_qa(keras)
    theirs.save_weights(tmp_path / "keras.weights.h5")
    ours = twins.video_qa(fnapi)
    ours.load_weights(tmp_path / "keras.weights.h5")
    _assert_same_predictions(ours, theirs, _data(ours)[0])
    ours.save_weights(tmp_path / "fnapi.weights.h5")
    again = twins.video_qa(keras)
    again.load_weights(tmp_path / "fnapi.weights.h5")
    _assert_same_predictions(ours, again, _data(ours)[0])


def test_recorded_training_values_of_keras3_files_are_ignored_as_keras3_does(tmp_path):
    """Keras 3 records `training: False` in every Dropout call it draws and ignores it at
    run time; read from a Keras file, the Dropout must still train in fnapi's `fit`."""
    x = keras.Input((200,))
    keras.Model(x, keras.layers.Dropout(0.5)(x)).save(tmp_path / "drop.keras")
    ours = fnapi.models.load_model(tmp_path / "drop.keras")
    ones = np.ones((1, 200), "float32")
    assert (np.asarray(ours(ones, training=True)) == 0).sum() > 50
    assert (ours.predict(ones, verbose=0) == 0).sum() == 0
