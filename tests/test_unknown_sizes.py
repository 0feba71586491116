"""Unknown sizes: every axis Keras lets be None may be None in fnapi.

The time axis of an LSTM, the frame and time axes under TimeDistributed (of a layer or a
whole model), height and width of Conv2D and MaxPooling2D. One model then meets data of
several lengths in one session: `predict`, `model(x)`, `evaluate` and `fit` each give the
numbers Keras 3 gives with the same weights (tolerance 1e-5; 1e-4 after a training step),
and `predict` equals the eager call. A size that a weight needs is refused when the graph
is drawn, naming the layer and the axis (Keras 2's message).
"""
import keras
import numpy as np
import pytest

import fnapi
import twins

rng = np.random.default_rng(0)
ATOL = 1e-5


def lstm_model(lib, units=3, features=4, return_sequences=False):
    inputs = lib.Input(shape=(None, features))
    x = lib.layers.LSTM(units, return_sequences=return_sequences)(inputs)
    if return_sequences:
        x = lib.layers.TimeDistributed(lib.layers.Dense(2, activation="tanh"))(x)
    return lib.Model(inputs, x)


def conv_model(lib):
    image = lib.Input(shape=(None, None, 3))
    x = lib.layers.Conv2D(4, (3, 3), padding="same", activation="relu")(image)
    x = lib.layers.MaxPooling2D((2, 2))(x)
    return lib.Model(image, lib.layers.Conv2D(2, (3, 3))(x))


def video_model(lib):
    """A whole model under TimeDistributed, with unknown time, height and width."""
    frame = lib.Input(shape=(None, None, 1))
    x = lib.layers.Conv2D(3, (3, 3), padding="same", activation="relu")(frame)
    frame_model = lib.Model(frame, lib.layers.MaxPooling2D((2, 2))(x))
    video = lib.Input(shape=(None, None, None, 1))
    return lib.Model(video, lib.layers.TimeDistributed(frame_model)(video))


@pytest.mark.parametrize("build, shapes", [
    (lstm_model, [(5, 3, 4), (5, 7, 4), (2, 1, 4)]),
    (lambda lib: lstm_model(lib, return_sequences=True), [(4, 3, 4), (4, 6, 4)]),
    (conv_model, [(2, 8, 8, 3), (3, 13, 6, 3)]),
    (video_model, [(2, 3, 8, 6, 1), (1, 5, 4, 4, 1)]),
])
def test_one_model_reads_several_sizes_like_keras(build, shapes):
    mine, theirs = twins.twin(build, keras)
    assert [t.shape for t in mine.outputs] == [tuple(t.shape) for t in theirs.outputs]
    for shape in shapes:
        x = rng.random(shape).astype("float32")
        expected = np.asarray(theirs(x))
        predicted = mine.predict(x, verbose=0)
        assert predicted.shape == expected.shape
        np.testing.assert_allclose(predicted, expected, atol=ATOL)
        np.testing.assert_allclose(np.asarray(mine(x)), predicted, atol=ATOL)


def test_fit_and_evaluate_on_sequences_of_several_lengths_follow_keras():
    mine, theirs = twins.twin(lstm_model, keras)
    mine.compile(fnapi.optimizers.SGD(0.5), "mse")
    theirs.compile(keras.optimizers.SGD(0.5), "mse")
    for steps in (3, 6, 4):
        x, y = rng.random((8, steps, 4)).astype("float32"), rng.random((8, 3)).astype("float32")
        ours = mine.fit(x, y, batch_size=4, shuffle=False, verbose=0).history["loss"]
        keras_loss = theirs.fit(x, y, batch_size=4, shuffle=False, verbose=0).history["loss"]
        np.testing.assert_allclose(ours, keras_loss, atol=1e-4)
        np.testing.assert_allclose(mine.evaluate(x, y, verbose=0), theirs.evaluate(x, y, verbose=0),
                                   atol=1e-4)
    twins.assert_close_nested(twins.layer_weights(mine), twins.layer_weights(theirs), atol=1e-4)


def test_gradients_through_an_unknown_time_axis_match_keras():
    mine, theirs = twins.twin(lstm_model, keras)
    x, y = rng.random((4, 5, 4)).astype("float32"), rng.random((4, 3)).astype("float32")
    expected = twins.keras_gradients(theirs, ["mse"], [1.0], [x], [y])
    mine.compile(fnapi.optimizers.SGD(1.0), "mse")
    before = twins.layer_weights(mine)
    mine.train_on_batch(x, y)
    change = [[b - a for a, b in zip(new, old)] for new, old in
              zip(twins.layer_weights(mine), before)]
    twins.assert_close_nested(change, expected, atol=ATOL)


@pytest.mark.parametrize("draw, axis_words", [
    (lambda L, I: L.Dense(2, name="head")(L.Flatten()(I((None, 3)))), "last dimension"),
    (lambda L, I: L.LSTM(2, name="head")(I((5, None))), "last dimension"),
    (lambda L, I: L.Conv2D(2, 3, name="head")(I((8, 8, None))), "channel dimension"),
    (lambda L, I: L.TimeDistributed(L.Dense(2, name="head"))(I((None, None))), "last dimension"),
])
def test_a_size_that_a_weight_needs_is_refused_when_the_graph_is_drawn(draw, axis_words):
    fnapi.utils.clear_session()
    with pytest.raises(ValueError, match=rf"The {axis_words} \(axis -1\).*'head'.*Found None"):
        draw(fnapi.layers, fnapi.Input)
    with pytest.raises(Exception):  # Keras refuses these graphs too
        draw(keras.layers, keras.Input)


def test_the_refused_layer_is_left_unbuilt_and_can_be_used_on_a_known_size():
    dense = fnapi.layers.Dense(2)
    with pytest.raises(ValueError):
        dense(fnapi.layers.Flatten()(fnapi.Input((None, 3))))
    assert not dense.built and dense.weights == [] and dense._inbound_nodes == []
    assert dense(fnapi.Input((6,))).shape == (None, 2)
