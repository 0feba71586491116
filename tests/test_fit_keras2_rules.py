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
