"""`fit`'s rules off the guide's path, against Keras 2 (tf_keras): which rows validation
reads, what EarlyStopping restores and maximizes, what History and callbacks see.

Each case was a silent difference found by a break-test (fnapi trained or reported other
numbers than Keras without a word). Numbers agree to 1e-5 (float32 noise).
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tf_keras  # noqa: E402

import fnapi  # noqa: E402
from fnapi.callbacks import Callback, EarlyStopping  # noqa: E402

TOL = 1e-5


def data(rows=50, seed=0):
    r = np.random.RandomState(seed)
    x = r.randn(rows, 4).astype("float32")
    return x, (x[:, :1] + 0.5 * x[:, 1:2] > 0).astype("float32")


def twins(optimizer=0.1, **compile_args):
    """The same small classifier in fnapi and in Keras 2, with equal weights, compiled."""
    models = []
    for lib in (fnapi, tf_keras):
        inputs = lib.Input((4,))
        hidden = lib.layers.Dense(5, activation="tanh")(inputs)
        model = lib.Model(inputs, lib.layers.Dense(1, activation="sigmoid")(hidden))
        model.compile(lib.optimizers.SGD(optimizer), "binary_crossentropy", **compile_args)
        models.append(model)
    start = [np.random.RandomState(1).randn(*w.shape).astype("float32") * 0.5
             for w in models[0].get_weights()]
    for model in models:
        model.set_weights(start)
    return models


def fit_both(models, callbacks=lambda lib: [], **fit_args):
    histories = [model.fit(verbose=0, shuffle=False, callbacks=callbacks(lib), **fit_args).history
                 for model, lib in zip(models, (fnapi, tf_keras))]
    return histories


def assert_same_history(ours, keras):
    assert set(ours) == set(keras)
    for key in keras:
        np.testing.assert_allclose(ours[key], keras[key], atol=TOL, err_msg=key)


def test_class_weight_weights_training_rows_only_not_the_validation_split():
    x, y = data()
    models = twins(weighted_metrics=["accuracy"])
    ours, keras = fit_both(models, x=x, y=y, batch_size=16, epochs=2,
                           class_weight={0: 0.2, 1: 5.0}, validation_split=0.2)
    assert_same_history(ours, keras)
    # The last val_loss is the unweighted loss of the held-out rows.
    np.testing.assert_allclose(ours["val_loss"][-1],
                               models[0].evaluate(x[40:], y[40:])[0], atol=TOL)


def test_validation_data_wins_over_validation_split():
    x, y = data()
    x_val, y_val = data(20, seed=3)
    models = twins()
    ours, keras = fit_both(models, x=x, y=y, batch_size=5, epochs=2, validation_split=0.5,
                           validation_data=(x_val, y_val))
    assert_same_history(ours, keras)
    assert models[0].optimizer.iterations.numpy() == 20    # all 50 rows trained, 10 steps
    for a, b in zip(models[0].get_weights(), models[1].get_weights()):
        np.testing.assert_allclose(a, b, atol=TOL)


def test_restore_best_weights_also_when_training_runs_all_its_epochs():
    x, y = data()
    x_val, y_val = data(20, seed=3)
    y_val = 1 - y_val  # flipped labels: the better the model learns, the worse val_loss
    models = twins(optimizer=0.5)
    ours, keras = fit_both(
        models, lambda lib: [lib.callbacks.EarlyStopping(patience=10, restore_best_weights=True)],
        x=x, y=y, batch_size=10, epochs=4, validation_data=(x_val, y_val))
    assert_same_history(ours, keras)
    best = int(np.argmin(ours["val_loss"]))
    assert best < 3                                        # the last epoch was not the best
    np.testing.assert_allclose(models[0].evaluate(x_val, y_val), ours["val_loss"][best], atol=TOL)
    for a, b in zip(models[0].get_weights(), models[1].get_weights()):
        np.testing.assert_allclose(a, b, atol=TOL)


@pytest.mark.parametrize("monitor, maximized", [
    ("val_acc_error", False), ("val_account_mae", False), ("val_accuracy", True),
    ("acc", True), ("val_auc", True), ("val_loss", False)])
def test_auto_mode_maximizes_only_names_ending_in_acc_accuracy_or_auc(monitor, maximized):
    rising = [0.1, 0.2, 0.3, 0.4, 0.5]
    for lib_stopper in (EarlyStopping, tf_keras.callbacks.EarlyStopping):
        stopper = lib_stopper(monitor=monitor, patience=1)
        stopper.set_model(type("M", (), {"stop_training": False})())
        stopper.on_train_begin()
        for epoch, value in enumerate(rising):
            stopper.on_epoch_end(epoch, {monitor: value})
        assert stopper.model.stop_training is not maximized, lib_stopper


def test_a_monitor_missing_from_the_logs_warns_and_training_goes_on():
    x, y = data()
    model = twins()[0]
    with pytest.warns(UserWarning, match="val_loss.*not available"):
        history = model.fit(x, y, epochs=3, verbose=0,
                            callbacks=[EarlyStopping(monitor="val_loss")]).history
    assert len(history["loss"]) == 3


class AddsToLogs:
    """A callback (in either library) that writes a value into each epoch's logs and reads
    `self.params` as Keras sets it."""

    @staticmethod
    def make(lib):
        base = Callback if lib is fnapi else tf_keras.callbacks.Callback

        class Adds(base):
            def on_train_begin(self, logs=None):
                self.seen_params = dict(self.params)

            def on_epoch_end(self, epoch, logs=None):
                logs["lr"] = 0.5 ** epoch
                logs["loss"] = logs["loss"] * 0 + 7.0  # a callback may change a value too
        return Adds()


def test_history_records_what_callbacks_add_and_callbacks_see_params():
    x, y = data()
    models = twins()
    made = {}
    ours, keras = fit_both(models, lambda lib: [made.setdefault(lib, AddsToLogs.make(lib))],
                           x=x, y=y, batch_size=16, epochs=3)
    assert_same_history(ours, keras)
    assert ours["lr"] == [1.0, 0.5, 0.25] and ours["loss"] == [7.0] * 3
    assert made[fnapi].seen_params == made[tf_keras].seen_params == {
        "verbose": 0, "epochs": 3, "steps": 4}
    assert models[0].history.params == made[fnapi].seen_params


def test_setting_the_learning_rate_takes_effect_at_the_next_step():
    x, y = data()
    models = twins()
    for model in models:
        model.fit(x, y, epochs=1, verbose=0, shuffle=False)
        model.optimizer.learning_rate = 0.0  # a schedule written by hand, as in Keras 2
    before = [m.get_weights() for m in models]
    for model, start in zip(models, before):
        model.fit(x, y, epochs=2, verbose=0, shuffle=False)
        for a, b in zip(model.get_weights(), start):
            np.testing.assert_array_equal(a, b)
    models[0].optimizer.learning_rate = 0.05
    assert models[0].optimizer.get_config()["learning_rate"] == pytest.approx(0.05)
    with pytest.raises(ValueError, match="learning_rate"):
        models[0].optimizer.learning_rate = -1.0
    assert models[0].optimizer.learning_rate.numpy() == pytest.approx(0.05)


def test_a_metric_object_that_keeps_state_is_refused_at_compile():
    model = twins()[0]
    with pytest.raises(ValueError, match="AUC.*update_state"):
        model.compile("sgd", "binary_crossentropy", metrics=[tf_keras.metrics.AUC()])
    assert model.metrics_names == ["loss"]  # the earlier compile stands


def sparse_loss(y_true, y_pred):
    """A learner's loss for class ids, as Keras hands them over: (n,) against (n, 3)."""
    return tf_keras.losses.sparse_categorical_crossentropy(y_true, y_pred)


def test_a_learners_loss_receives_class_ids_as_in_keras():
    x, _ = data()
    ids = np.random.RandomState(2).randint(0, 3, len(x))
    models = []
    for lib in (fnapi, tf_keras):
        inputs = lib.Input((4,))
        model = lib.Model(inputs, lib.layers.Dense(3, activation="softmax")(inputs))
        model.compile(lib.optimizers.SGD(0.1), sparse_loss)
        models.append(model)
    models[1].set_weights(models[0].get_weights())
    ours, keras = fit_both(models, x=x, y=ids, batch_size=16, epochs=2)
    assert_same_history(ours, keras)


def test_dataset_targets_one_axis_short_are_refused_for_a_loss_of_whole_arrays():
    import tensorflow as tf
    x, _ = data(12)
    inputs = fnapi.Input((4,))
    model = fnapi.Model(inputs, fnapi.layers.Dense(3)(inputs))
    model.compile("sgd", "mse")
    before = model.get_weights()
    dataset = tf.data.Dataset.from_tensor_slices((x, np.zeros(12, "float32"))).batch(3)
    with pytest.raises(ValueError, match="target 'dense.*' has shape \\(None,\\)"):
        model.fit(dataset, verbose=0)
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_targets_by_name_may_leave_out_outputs_without_a_loss():
    x, y = data()
    models = []
    for lib in (fnapi, tf_keras):
        inputs = lib.Input((4,))
        hidden = lib.layers.Dense(3)(inputs)
        model = lib.Model(inputs, [lib.layers.Dense(1, name="a")(hidden),
                                   lib.layers.Dense(2, name="b")(hidden)])
        model.compile(lib.optimizers.SGD(0.1), {"a": "mse"})
        models.append(model)
    models[1].set_weights(models[0].get_weights())
    ours, keras = fit_both(models, x=x, y={"a": y}, batch_size=8, epochs=2)
    assert_same_history(ours, keras)
    for a, b in zip(models[0].get_weights(), models[1].get_weights()):
        np.testing.assert_allclose(a, b, atol=TOL)
    models[0].compile("sgd", {"a": "mse"}, metrics={"b": "mae"})  # b is measured: needs targets
    with pytest.raises(ValueError, match="missing: \\['b'\\]"):
        models[0].fit(x, {"a": y}, verbose=0)
