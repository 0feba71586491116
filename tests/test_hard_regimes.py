"""Numbers in hard regimes against real Keras: saturated outputs, extreme gradients.

Where Keras 2 (`tf_keras`) and Keras 3 (`keras`) differ, fnapi follows Keras 2, the Keras
of the course's guide, so Keras 2 is the oracle here. The differences that matter:
- binary crossentropy from clipped probabilities: Keras 2 adds epsilon inside each log,
  Keras 3 does not (only reached when y_pred is not a sigmoid's output);
- RMSprop: Keras 2 multiplies by rsqrt(denominator), Keras 3 divides by its sqrt
  (1 ulp apart).
Tolerances: optimizer trajectories 1e-6 relative (the same float32 operations in the same
order); losses, metrics and gradients 1e-5 absolute plus 1e-6 relative (saturated losses
reach the hundreds); training histories and weights 1e-4 absolute plus 1e-6 relative.
The non-saturated regime is covered by test_training_parity.py (Keras 3, 1e-4).
"""
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi
import twins

# --- optimizers ------------------------------------------------------------------------
OPTIMIZERS = {
    "sgd": ("SGD", {"learning_rate": 0.1}),
    "sgd_momentum": ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", {"learning_rate": 0.01}),
    "rmsprop_momentum": ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5}),
    "rmsprop_centered": ("RMSprop", {"learning_rate": 0.01, "centered": True}),
    "rmsprop_centered_momentum": ("RMSprop", {"learning_rate": 0.01, "centered": True,
                                              "momentum": 0.5}),
    "adam": ("Adam", {"learning_rate": 0.01}),
}
# Zero, tiny (their squares underflow to 0, leaving only epsilon), ordinary, and huge:
# from 2e19 on the squares overflow to inf (then RMSprop and Adam step 0, centered RMSprop
# gives NaN: inf - inf), as in Keras.
EXTREME = np.array([0.0, 1e-30, -1e-30, 1e-20, 1e-10, 1e-4, 1.0, -1.0, 1e10, 1e19, -1e19,
                    1e20, 1e30, 3e38], "float32")
GRADIENTS = {
    "extreme": [EXTREME, EXTREME[::-1].copy(), np.zeros_like(EXTREME), -EXTREME],
    # A steady gradient: velocity -> g**2 and, centered, velocity - average**2 -> 0, where
    # only epsilon is left in the denominator and its place in the sum decides the step.
    "steady": [np.array([1.0, 1e-3, 100.0, -2.5], "float32")] * 200,
}


def trajectory(lib, key, gradients):
    """The variable after each step of `lib`'s optimizer, fed the given gradients."""
    class_name, kwargs = OPTIMIZERS[key]
    optimizer = getattr(lib.optimizers, class_name)(**kwargs)
    variable = tf.Variable(np.linspace(-1.0, 1.0, gradients[0].size, dtype="float32"))
    if lib is fnapi:
        optimizer.build([variable])
    values = []
    for gradient in gradients:
        optimizer.apply_gradients([(tf.constant(gradient), variable)])
        values.append(variable.numpy())
    return np.array(values)


@pytest.mark.parametrize("gradients", list(GRADIENTS))
@pytest.mark.parametrize("key", list(OPTIMIZERS))
def test_optimizer_steps_match_keras2(key, gradients):
    """Step by step, NaN for NaN. Centered RMSprop once added epsilon before subtracting
    average**2; with a steady gradient of 1.0 its 200th step was then -16.72, Keras's -17.19."""
    mine = trajectory(fnapi, key, GRADIENTS[gradients])
    theirs = trajectory(tf_keras, key, GRADIENTS[gradients])
    assert np.any(np.diff(theirs, axis=0) != 0)  # the steps do move the variable
    np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=0)


# --- losses and metrics at saturated outputs --------------------------------------------
def dense_head(lib, units, activation, input_shape=(3,)):
    L = lib.layers
    inputs = L.Input(shape=input_shape)
    return lib.Model(inputs, L.Dense(units, activation=activation)(inputs))


def activation_layer(lib):
    L = lib.layers
    inputs = L.Input(shape=(3,))
    return lib.Model(inputs, L.Activation("softmax")(L.Dense(4)(inputs)))


def time_distributed(lib):
    """The softmax is inside; the output is a reshape of it: no logits, in Keras neither."""
    L = lib.layers
    inputs = L.Input(shape=(5, 3))
    return lib.Model(inputs, L.TimeDistributed(L.Dense(4, activation="softmax"))(inputs))


def flattened_sigmoid(lib):
    """A reshape of a sigmoid's output: taken as probabilities, as in Keras."""
    L = lib.layers
    inputs = L.Input(shape=(5, 3))
    return lib.Model(inputs, L.Flatten()(L.Dense(1, activation="sigmoid")(inputs)))


def small_conv(lib, classes=3):
    L = lib.layers
    inputs = L.Input(shape=(6, 6, 1))
    x = L.MaxPooling2D((2, 2))(L.Conv2D(2, (3, 3), activation="relu")(inputs))
    return lib.Model(inputs, L.Dense(classes, activation="softmax")(L.Flatten()(x)))


def sequence_head(lib):
    """A softmax over the last axis of a sequence: (batch, 5, 4)."""
    return dense_head(lib, 4, "softmax", input_shape=(5, 3))


# name -> (builder, loss, kind of targets): "binary" and "one_hot" are shaped like the
# output; class "ids" are (batch, ...), an "ids_column" (batch, ..., 1).
CASES = {
    "sigmoid_1": (lambda lib: dense_head(lib, 1, "sigmoid"), "binary_crossentropy", "binary"),
    "sigmoid_3": (lambda lib: dense_head(lib, 3, "sigmoid"), "binary_crossentropy", "binary"),
    "softmax": (lambda lib: dense_head(lib, 4, "softmax"), "categorical_crossentropy",
                "one_hot"),
    "softmax_ids": (lambda lib: dense_head(lib, 4, "softmax"),
                    "sparse_categorical_crossentropy", "ids"),
    "softmax_id_column": (lambda lib: dense_head(lib, 4, "softmax"),
                          "sparse_categorical_crossentropy", "ids_column"),
    "sequence_softmax": (sequence_head, "categorical_crossentropy", "one_hot"),
    "sequence_softmax_ids": (sequence_head, "sparse_categorical_crossentropy", "ids"),
    "activation_layer": (activation_layer, "categorical_crossentropy", "one_hot"),
    "conv": (small_conv, "categorical_crossentropy", "one_hot"),
    # tf.nn.softmax itself leaves no `_keras_logits`: logits from the op in fit/evaluate,
    # clipped probabilities eagerly, in Keras as in fnapi. Both paths are thus tested apart.
    "tf_nn_softmax": (lambda lib: dense_head(lib, 4, tf.nn.softmax), "categorical_crossentropy",
                      "one_hot"),
    "time_distributed": (time_distributed, "categorical_crossentropy", "one_hot"),
    # A softmax over another axis ends in a Transpose op: probabilities, as in Keras.
    "softmax_over_steps": (lambda lib: dense_head(lib, 4, lambda t: tf.nn.softmax(t, axis=1),
                                                  input_shape=(5, 3)),
                           "categorical_crossentropy", "one_hot"),
    "flattened_sigmoid": (flattened_sigmoid, "binary_crossentropy", "binary"),
}


def saturated_twins(build, factor=30.0):
    """(fnapi model, Keras 2 model), same weights: fnapi's seeded initial ones times
    `factor`."""
    fnapi.utils.set_random_seed(0)
    mine, theirs = twins.twin(build, tf_keras)
    saturated = [w * factor for w in mine.get_weights()]
    for model in (mine, theirs):
        model.set_weights(saturated)
    return mine, theirs


def targets_for(output, kind, n, rng):
    """Random targets of `kind` for `n` samples of a (symbolic) model output."""
    shape = output.shape[1:]
    if kind == "binary":
        return rng.integers(0, 2, (n, *shape)).astype("float32")
    ids = rng.integers(0, shape[-1], (n, *shape[:-1]))
    return {"one_hot": np.eye(shape[-1], dtype="float32")[ids], "ids": ids,
            "ids_column": ids[..., None]}[kind]


def case_data(name, n=8):
    """(fnapi model, Keras 2 model, loss name, x, y) for one of CASES."""
    build, loss, kind = CASES[name]
    mine, theirs = saturated_twins(build)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, *mine.inputs[0].shape[1:])).astype("float32")
    return mine, theirs, loss, x, targets_for(mine.outputs[0], kind, n, rng)


def eager_loss_and_gradients(lib, model, loss, x, y):
    """The batch mean of `lib`'s loss on `model(x)`, called eagerly, and its gradients."""
    with tf.GradientTape() as tape:
        value = tf.reduce_mean(lib.losses.get(loss)(y, model(x)))
    grads = tape.gradient(value, model.trainable_weights)
    return float(value), [g.numpy() for g in grads]


def assert_close(actual, expected, atol=1e-5):
    np.testing.assert_allclose(actual, expected, atol=atol, rtol=1e-6)


@pytest.mark.parametrize("name", list(CASES))
def test_saturated_loss_metric_and_gradients_match_keras2(name):
    """evaluate (a tf.function) with the loss also as a metric, and accuracy, and the loss
    called eagerly on model(x) with its gradients: each equal to Keras 2's."""
    mine, theirs, loss, x, y = case_data(name)
    probabilities = mine.predict(x)
    assert np.any((probabilities == 0) | (probabilities == 1))  # saturated in float32
    for model in (mine, theirs):
        model.compile(optimizer="sgd", loss=loss, metrics=[loss, "accuracy"])
    assert_close(mine.evaluate(x, y), theirs.evaluate(x, y, verbose=0))
    our_loss, our_grads = eager_loss_and_gradients(fnapi, mine, loss, x, y)
    keras_loss, keras_grads = eager_loss_and_gradients(tf_keras, theirs, loss, x, y)
    assert_close(our_loss, keras_loss)
    for a, b in zip(our_grads, keras_grads, strict=True):
        assert_close(a, b)


def test_the_issue_example_wrong_and_saturated_softmax_still_learns():
    """Dense(2, softmax) with logits (30, -30) and the wrong label: the loss is the logit
    gap, 60 (it was 16.1, from clipped probabilities), and the gradient is not zero (it
    was), in evaluate, eagerly and in one SGD step; all equal to Keras 2's."""
    x, y = np.ones((1, 1), "float32"), np.array([[0.0, 1.0]], "float32")
    mine, theirs = (dense_head(lib, 2, "softmax", input_shape=(1,)) for lib in (fnapi, tf_keras))
    for lib, model in ((fnapi, mine), (tf_keras, theirs)):
        model.set_weights([np.array([[30.0, -30.0]], "float32"), np.zeros(2, "float32")])
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1),
                      loss="categorical_crossentropy")
    assert_close(mine.evaluate(x, y), theirs.evaluate(x, y, verbose=0))
    eager, grads = eager_loss_and_gradients(fnapi, mine, "categorical_crossentropy", x, y)
    keras_eager, _ = eager_loss_and_gradients(tf_keras, theirs, "categorical_crossentropy", x, y)
    assert_close(eager, keras_eager)
    assert eager > 59 and np.abs(grads[0]).max() > 0.5
    for model in (mine, theirs):
        model.train_on_batch(x, y)
    assert_close(mine.get_weights()[0], theirs.get_weights()[0])
    assert not np.array_equal(mine.get_weights()[0], [[30.0, -30.0]])


# --- training from saturated weights ------------------------------------------------------
def two_heads(lib):
    """A sigmoid head with 2 units and a softmax head with 3, on one hidden layer."""
    L = lib.layers
    inputs = L.Input(shape=(4,))
    hidden = L.Dense(5, activation="relu")(inputs)
    return lib.Model(inputs, [L.Dense(2, activation="sigmoid", name="tags")(hidden),
                              L.Dense(3, activation="softmax", name="label")(hidden)])


TRAINING = {
    "two_heads_sgd_momentum": (two_heads, ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
                               ["binary_crossentropy", "categorical_crossentropy"]),
    "conv_high_learning_rate": (small_conv, ("SGD", {"learning_rate": 0.5}),
                                ["categorical_crossentropy"]),
    "conv_adam": (small_conv, ("Adam", {"learning_rate": 0.05}),
                  ["sparse_categorical_crossentropy"]),
}


@pytest.mark.parametrize("name", list(TRAINING))
def test_training_from_saturated_weights_follows_keras2(name):
    """Same saturated weights, data and optimizer; 4 epochs of 3 batches, no shuffling:
    the same loss (and per-output losses, and the loss as a metric) each epoch, and the
    same weights at the end. The loss must also move: from clipped probabilities it sat
    still."""
    build, (class_name, kwargs), losses = TRAINING[name]
    mine, theirs = saturated_twins(build)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(12, *mine.inputs[0].shape[1:])).astype("float32")
    kinds = {"binary_crossentropy": "binary", "categorical_crossentropy": "one_hot",
             "sparse_categorical_crossentropy": "ids"}
    ys = [targets_for(t, kinds[loss], 12, rng) for t, loss in zip(mine.outputs, losses)]
    histories = []
    for lib, model in ((fnapi, mine), (tf_keras, theirs)):
        model.compile(optimizer=getattr(lib.optimizers, class_name)(**kwargs), loss=losses,
                      metrics=[losses[-1]] if len(losses) == 1 else None)
        histories.append(model.fit(x, ys, batch_size=4, epochs=4, shuffle=False,
                                   verbose=0).history)
    ours, theirs_history = histories
    assert sorted(ours) == sorted(theirs_history)
    for key in theirs_history:
        assert_close(ours[key], theirs_history[key], atol=1e-4)
    assert len(set(np.round(ours["loss"], 3))) == 4
    for a, b in zip(mine.get_weights(), theirs.get_weights(), strict=True):
        assert_close(a, b, atol=1e-4)
