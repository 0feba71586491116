"""fnapi's training against real Keras: the same model with the same weights, trained on
the same data, must give the same numbers.

The expected numbers all come from Keras: Keras 3 (`keras`), or Keras 2 (`tf_keras`)
where Keras 3 is knowingly inexact (see `test_embedding_repeated_ids_match_keras2`).
Tolerances: gradients 1e-5; histories, metrics, evaluate and weights 1e-4 (3 epochs of
float32 arithmetic done in a different order); loss functions 1e-6.
"""
import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi
import twins

HISTORY_TOL = 1e-4


@pytest.mark.parametrize("name", list(twins.MODELS))
def test_one_sgd_step_moves_each_weight_by_minus_the_keras_gradient(name):
    """SGD with learning rate 1: new weight = old weight - gradient, exactly Keras's
    gradient of the weighted loss (shared layers and nested models included)."""
    build, losses, loss_weights = twins.MODELS[name]
    mine, theirs = twins.twin(build, keras)
    xs, ys = twins.sample_data(mine, 6, np.random.default_rng(0))
    gradients = twins.keras_gradients(theirs, losses, loss_weights, xs, ys)
    assert max(np.abs(g).max() for layer in gradients for g in layer) > 1e-2
    before = twins.layer_weights(mine)
    mine.compile(fnapi.optimizers.SGD(learning_rate=1.0), loss=losses, loss_weights=loss_weights)
    mine.train_on_batch(xs, ys)
    change = [[a - b for a, b in zip(new, old)] for new, old in
              zip(twins.layer_weights(mine), before)]
    twins.assert_close_nested(change, [[-g for g in layer] for layer in gradients], atol=1e-5)


OPTIMIZERS = {
    "sgd": ("SGD", {"learning_rate": 0.1}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", {"learning_rate": 0.01}),
    "rmsprop_centered_momentum": ("RMSprop", {"learning_rate": 0.01, "centered": True,
                                              "momentum": 0.5}),
    "adam": ("Adam", {"learning_rate": 0.01}),
}


def make_optimizer(lib, key):
    class_name, kwargs = OPTIMIZERS[key]
    return getattr(lib.optimizers, class_name)(**kwargs)


def fit_both(mine, theirs, lib, compile_args, x, y, batch_size=4):
    """Compile both (`compile_args(lib)` gives each library its own objects), fit 3 epochs
    without shuffling, return both histories."""
    mine.compile(**compile_args(fnapi))
    theirs.compile(**compile_args(lib))
    fit = dict(batch_size=batch_size, epochs=3, shuffle=False, verbose=0)
    return mine.fit(x, y, **fit).history, theirs.fit(x, y, **fit).history


def assert_same_history(mine, theirs):
    assert sorted(mine) == sorted(theirs)
    for key in theirs:
        np.testing.assert_allclose(mine[key], theirs[key], atol=HISTORY_TOL, err_msg=key)


def assert_same_weights(mine, theirs):
    for a, b in zip(mine.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=HISTORY_TOL)


@pytest.mark.parametrize("key", list(OPTIMIZERS))
def test_each_optimizer_matches_keras3_over_three_epochs(key):
    """10 samples in batches of 4: the last batch has 2. History, weights and evaluate."""
    mine, theirs = twins.twin(twins.mlp, keras, features=6, hidden=8, classes=3)
    (x,), (y,) = twins.sample_data(mine, 10, np.random.default_rng(1))
    history = fit_both(mine, theirs, keras, lambda lib: dict(
        optimizer=make_optimizer(lib, key), loss="categorical_crossentropy",
        metrics=["accuracy"]), x, y)
    assert_same_history(*history)
    assert history[0]["loss"][-1] < history[0]["loss"][0]
    assert_same_weights(mine, theirs)
    np.testing.assert_allclose(mine.evaluate(x, y), theirs.evaluate(x, y, verbose=0),
                               atol=HISTORY_TOL)


@pytest.mark.parametrize("kind", ["binary", "sparse"])
def test_accuracy_kinds_match_keras3(kind):
    """'accuracy' means binary accuracy for one sigmoid unit, sparse categorical for class
    ids (categorical is covered above)."""
    rng = np.random.default_rng(2)
    if kind == "binary":
        mine, theirs = twins.twin(twins.mlp, keras, features=6, hidden=8, classes=1,
                                  activation="sigmoid")
        loss, y = "binary_crossentropy", rng.integers(0, 2, (10, 1)).astype("float32")
    else:
        mine, theirs = twins.twin(twins.mlp, keras, features=6, hidden=8, classes=3)
        loss, y = "sparse_categorical_crossentropy", rng.integers(0, 3, (10,))
    x = rng.random((10, 6)).astype("float32")
    history = fit_both(mine, theirs, keras, lambda lib: dict(
        optimizer=make_optimizer(lib, "adam"), loss=loss, metrics=["accuracy"]), x, y)
    assert_same_history(*history)
    np.testing.assert_allclose(mine.evaluate(x, y), theirs.evaluate(x, y, verbose=0),
                               atol=HISTORY_TOL)


def unique_id_batches(n, batch_size, steps, vocab, rng):
    """Word ids that never repeat inside one batch (Keras 3's sparse updates need that)."""
    return np.concatenate([rng.permutation(vocab)[:min(batch_size, n - start) * steps]
                           .reshape(-1, steps) for start in range(0, n, batch_size)])


@pytest.fixture(scope="module")
def keras3_headline():
    """The headline model trained by Keras 3 with Adam: (initial weights, data, history,
    final weights, evaluate). Ids are unique within each batch of 5."""
    theirs = twins.headline(keras)
    rng = np.random.default_rng(3)
    initial = twins.layer_weights(theirs)
    xs = [unique_id_batches(10, 5, 7, 50, rng).astype("int32"),
          rng.random((10, 5)).astype("float32")]
    ys = [rng.integers(0, 2, (10, 1)).astype("float32") for _ in range(2)]
    theirs.compile(optimizer=make_optimizer(keras, "adam"),
                   loss=["binary_crossentropy", "binary_crossentropy"], loss_weights=[1.0, 0.2],
                   metrics={"main_output": ["accuracy"], "aux_output": ["accuracy"]})
    history = theirs.fit(xs, ys, batch_size=5, epochs=3, shuffle=False, verbose=0).history
    evaluated = theirs.evaluate(xs, ys, verbose=0, return_dict=True)
    return initial, xs, ys, history, theirs.get_weights(), evaluated


LOSS_FORMS = {
    "one_string": dict(loss="binary_crossentropy", loss_weights=[1.0, 0.2],
                       metrics=["accuracy"]),
    "lists": dict(loss=["binary_crossentropy"] * 2, loss_weights=[1.0, 0.2],
                  metrics=[["accuracy"], ["accuracy"]]),
    "dicts": dict(loss={"main_output": "binary_crossentropy",
                        "aux_output": "binary_crossentropy"},
                  loss_weights={"main_output": 1.0, "aux_output": 0.2},
                  metrics={"main_output": ["accuracy"], "aux_output": ["accuracy"]}),
}


@pytest.mark.parametrize("form", list(LOSS_FORMS))
def test_multi_output_loss_forms_match_keras3(form, keras3_headline):
    """Total, per-output losses and accuracies for every way of writing the losses (Keras 3
    refuses one string for two outputs, so its side always uses a list). Batches of 5
    divide the 10 samples: Keras 3 averages per-output losses over batches unweighted.
    evaluate is compared as a dict: Keras 3's list puts metrics in name order."""
    initial, xs, ys, expected, final, evaluated = keras3_headline
    mine = twins.headline(fnapi)
    for layer, values in zip(mine.layers, initial, strict=True):
        layer.set_weights(values)
    mine.compile(optimizer=make_optimizer(fnapi, "adam"), **LOSS_FORMS[form])
    history = mine.fit(xs, ys, batch_size=5, epochs=3, shuffle=False, verbose=0).history
    assert_same_history(history, expected)
    for a, b in zip(mine.get_weights(), final, strict=True):
        np.testing.assert_allclose(a, b, atol=HISTORY_TOL)
    assert_same_history(mine.evaluate(xs, ys, return_dict=True), evaluated)


@pytest.mark.parametrize("key", ["rmsprop", "adam"])
def test_embedding_repeated_ids_match_keras2(key):
    """Ids repeat within each batch (vocabulary of 10). fnapi sums an Embedding's repeated
    rows before the update, as Keras 2 does; Keras 3 updates row by row and drifts (~5e-3),
    so Keras 2 is the reference here. The last batch is partial (10 samples, batches of 4),
    and Keras 2 weighs every output's loss by batch size, as fnapi does."""
    mine, theirs = twins.twin(twins.headline, tf_keras, vocab=10)
    xs, ys = twins.sample_data(mine, 10, np.random.default_rng(4), vocab=10)
    assert len(np.unique(xs[0][:4])) < xs[0][:4].size
    history = fit_both(mine, theirs, tf_keras, lambda lib: dict(
        optimizer=make_optimizer(lib, key), loss=["binary_crossentropy"] * 2,
        loss_weights=[1.0, 0.2]), xs, ys)
    assert_same_history(*history)
    assert_same_weights(mine, theirs)


def test_embedding_rows_no_batch_touched_read_as_the_dense_update_left_them():
    """fnapi's RMSprop updates only the rows a batch touches and lets the others' velocity
    decay lazily (rho ** steps missed), applied when the optimizer's state is read. Read
    after a fit in which most rows of a vocabulary of 50 missed most steps, the velocity
    equals Keras 2's, which decays every row every step."""
    mine, theirs = twins.twin(twins.headline, tf_keras, vocab=50)
    xs, ys = twins.sample_data(mine, 10, np.random.default_rng(6), vocab=50)
    fit_both(mine, theirs, tf_keras, lambda lib: dict(
        optimizer=make_optimizer(lib, "rmsprop"), loss=["binary_crossentropy"] * 2), xs, ys)
    table = mine.layers[1].embeddings.shape
    [velocity] = [v for v in mine.optimizer.variables if v.shape == table]
    [expected] = [v for v in theirs.optimizer.variables if v.shape == table]
    skipped = np.setdiff1d(np.arange(50), xs[0][-2:])  # rows the last step did not touch
    assert np.abs(expected.numpy()[skipped]).max() > 1e-6  # they hold decayed velocity
    np.testing.assert_allclose(velocity.numpy(), expected.numpy(), rtol=1e-5, atol=1e-9)
    assert_same_weights(mine, theirs)


RNG = np.random.default_rng(5)
EDGES = np.array([0.0, 1e-9, 1e-7, 0.3, 1 - 1e-7, 1 - 1e-9, 1.0], "float32")


def _probabilities(shape):
    p = RNG.random(shape).astype("float32")
    p.flat[:EDGES.size] = EDGES  # values at and near 0 and 1, where clipping matters
    return p


def _one_hot_and_rows(classes=4, n=9):
    rows = RNG.random((n, classes)).astype("float32")
    rows /= rows.sum(-1, keepdims=True)
    rows[0] = [1.0, 0.0, 0.0, 0.0]                       # certain and right / wrong
    rows[1] = [0.0, 1.0, 0.0, 0.0]
    rows[2] = [2.0, 1.0, 0.5, 0.5]                       # not normalized
    ids = RNG.integers(0, classes, n)
    ids[:2] = 0
    return ids, rows


@pytest.mark.parametrize("name", ["binary_crossentropy", "mean_squared_error",
                                  "mean_absolute_error"])
def test_elementwise_losses_match_keras2(name):
    """Keras 2 is the reference: from clipped probabilities its binary crossentropy adds
    epsilon inside each log, Keras 3's does not (fnapi follows Keras 2, see fnapi.losses;
    at p = 1e-7 the two differ by 0.4). mse and mae are the same in both."""
    y_true = np.concatenate([RNG.integers(0, 2, (6, 5)), RNG.random((4, 5))]).astype("float32")
    y_pred = _probabilities((10, 5))
    np.testing.assert_allclose(getattr(fnapi.losses, name)(y_true, y_pred),
                               tf_keras.losses.get(name)(y_true, y_pred), rtol=1e-6, atol=1e-6)


def test_categorical_losses_match_keras():
    """Rows not summing to 1 too: the categorical loss rescales them before clipping, the
    sparse one after clipping (its softmax of the logged row), in both Kerases."""
    ids, rows = _one_hot_and_rows()
    one_hot = np.eye(4, dtype="float32")[ids]
    np.testing.assert_allclose(fnapi.losses.categorical_crossentropy(one_hot, rows),
                               keras.losses.categorical_crossentropy(one_hot, rows),
                               rtol=1e-6, atol=1e-6)
    normalized = rows / rows.sum(-1, keepdims=True)
    for targets in (ids, ids[:, None]):
        for probabilities in (normalized, rows):
            np.testing.assert_allclose(
                fnapi.losses.sparse_categorical_crossentropy(targets, probabilities),
                keras.losses.sparse_categorical_crossentropy(targets, probabilities),
                rtol=1e-6, atol=1e-6)


def test_losses_of_sequences_average_over_steps_like_keras():
    """(batch, steps, classes) outputs, as after TimeDistributed: Keras's batch mean of the
    per-step losses equals the mean of fnapi's per-sample values."""
    y_pred = tf.nn.softmax(RNG.normal(size=(3, 4, 5)).astype("float32")).numpy()
    y_true = np.eye(5, dtype="float32")[RNG.integers(0, 5, (3, 4))]
    for name in ("categorical_crossentropy", "mean_squared_error"):
        ours = getattr(fnapi.losses, name)(y_true, y_pred)
        assert ours.shape == (3,)
        np.testing.assert_allclose(np.mean(ours), keras.losses.get(name)(y_true, y_pred).numpy()
                                   .mean(), rtol=1e-6)


def test_accuracy_functions_match_keras():
    ids, rows = _one_hot_and_rows()
    one_hot = np.eye(4, dtype="float32")[ids]
    y_true = RNG.integers(0, 2, (9, 1)).astype("float32")
    y_pred = _probabilities((9, 1))
    pairs = [(fnapi.metrics.binary_accuracy(y_true, y_pred),
              keras.metrics.binary_accuracy(y_true, y_pred)),
             (fnapi.metrics.categorical_accuracy(one_hot, rows),
              keras.metrics.categorical_accuracy(one_hot, rows)),
             (fnapi.metrics.sparse_categorical_accuracy(ids[:, None], rows),
              keras.metrics.sparse_categorical_accuracy(ids[:, None], rows))]
    for ours, theirs in pairs:
        np.testing.assert_array_equal(np.reshape(ours, -1), np.reshape(theirs, -1))
