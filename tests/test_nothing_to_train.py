"""fit on a model with nothing to train: frozen layers, a frozen model, no weights at all.

Keras 2 (tf_keras) trains such a model: each step reports the loss and updates nothing.
fnapi must do the same, with the same losses (float32 noise, 1e-5) and the weights
unchanged; it once crashed inside TensorFlow summing an empty list of gradients.
"""
import numpy as np
import pytest
import tf_keras

import fnapi
import twins

rng = np.random.default_rng(5)


def _frozen_dense(lib):
    x = lib.Input((3,))
    return lib.Model(x, lib.layers.Dense(2, trainable=False)(x))


def _frozen_model(lib):
    x = lib.Input((3,))
    model = lib.Model(x, lib.layers.Dense(2)(lib.layers.Dense(4)(x)))
    model.trainable = False
    return model


def _no_weights(lib):
    x = lib.Input((1, 2))
    return lib.Model(x, lib.layers.Dropout(0.5)(lib.layers.Flatten()(x)))


@pytest.mark.parametrize("build", [_frozen_dense, _frozen_model, _no_weights])
def test_a_model_with_nothing_to_train_reports_keras2_losses_and_stays(build):
    mine, theirs = twins.twin(build, tf_keras)
    for model, lib in ((mine, fnapi), (theirs, tf_keras)):
        model.compile(lib.optimizers.SGD(0.1), "mse", metrics=["mae"])
    shape = (12, 3) if build is not _no_weights else (12, 1, 2)
    x, y = rng.random(shape).astype("float32"), rng.random((12, 2)).astype("float32")
    before = [w.copy() for w in mine.get_weights()]
    ours = mine.fit(x, y, batch_size=5, epochs=2, shuffle=False, verbose=0).history
    keras_history = theirs.fit(x, y, batch_size=5, epochs=2, shuffle=False, verbose=0).history
    if build is _no_weights:  # each library draws its own Dropout masks; evaluate agrees
        assert np.isfinite(ours["loss"]).all()
    else:
        for key in keras_history:
            np.testing.assert_allclose(ours[key], keras_history[key], atol=1e-5)
    for old, new in zip(before, mine.get_weights()):
        np.testing.assert_array_equal(old, new)
    np.testing.assert_allclose(mine.evaluate(x, y, return_dict=True)["loss"],
                               theirs.evaluate(x, y, return_dict=True, verbose=0)["loss"],
                               atol=1e-5)


class _Liar(fnapi.layers.Layer):
    """Claims 5 units but returns 1: it once led to the same crash, without a word."""

    def call(self, x):
        return x[:, :1]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 5)


@pytest.mark.parametrize("run", ["fit", "predict"])
def test_a_layer_whose_shape_rule_lies_is_named_before_any_step(run):
    x = fnapi.Input((3,))
    model = fnapi.Model(x, _Liar(name="liar")(fnapi.layers.Dense(3)(x)))
    model.compile("sgd", "mse")
    before = [w.copy() for w in model.get_weights()]
    data = rng.random((6, 3)).astype("float32")
    with pytest.raises(ValueError, match=r"Output 'liar' .* shape \((6|None), 1\) when run, but "
                                         r"\(None, 5\) in the model's graph"):
        if run == "fit":
            model.fit(data, rng.random((6, 5)).astype("float32"), verbose=0)
        else:
            model.predict(data)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
