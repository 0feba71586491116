"""How a layer is called and frozen, off the guide's path, against Keras 2 (tf_keras).

`training` given by position, required by a learner's `call`, or as a boolean tensor;
`trainable` set on a model reaching its layers; a one-input layer given several tensors;
Dropout's rate 1. Each was a crash or a silent difference found by a break-test.
"""
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi


def zero_fraction(values):
    return float(np.mean(np.asarray(values) == 0))


@pytest.mark.parametrize("lib", [fnapi, tf_keras])
def test_training_given_by_position_in_a_graph_is_kept(lib):
    """Monte Carlo dropout: `Dropout(0.5)(x, True)` drops also in predict."""
    inputs = lib.Input((200,))
    model = lib.Model(inputs, lib.layers.Dropout(0.5)(inputs, True))
    assert 0.4 < zero_fraction(model.predict(np.ones((50, 200), "float32"), verbose=0)) < 0.6


def custom_layers(lib):
    class PassesTraining(lib.layers.Layer):
        """The common idiom: an inner layer called with `training` by position."""
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.drop = lib.layers.Dropout(0.5)

        def call(self, inputs, training=None):
            return self.drop(inputs, training)

    class NeedsTraining(lib.layers.Layer):
        """A `call` whose `training` has no default."""
        def call(self, inputs, training):
            return inputs * (2.0 if training else 1.0)
    return PassesTraining, NeedsTraining


@pytest.mark.parametrize("lib", [fnapi, tf_keras])
def test_a_learners_layer_passing_training_by_position_drops_in_fit_only(lib):
    passes, needs = custom_layers(lib)
    inputs = lib.Input((200,))
    model = lib.Model(inputs, needs()(passes()(inputs)))
    x = np.ones((40, 200), "float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)  # inference: training False
    np.testing.assert_array_equal(model(x), x)
    seen = model(x, training=True).numpy()
    assert 0.4 < zero_fraction(seen) < 0.6 and set(np.unique(seen)) == {0.0, 4.0}
    model.compile(lib.optimizers.SGD(1e-9), "mse")
    assert model.fit(x, 4 * x, epochs=1, verbose=0).history["loss"][0] > 1.0  # dropped


@pytest.mark.parametrize("lib", [fnapi, tf_keras])
def test_training_as_a_boolean_tensor_is_decided_at_run_time(lib):
    layer = lib.layers.Dropout(0.5)
    x = tf.ones((50, 200))

    @tf.function
    def run(training):
        return layer(x, training=training)
    assert 0.4 < zero_fraction(run(tf.constant(True))) < 0.6
    assert zero_fraction(run(tf.constant(False))) == 0.0


def test_setting_trainable_on_a_model_sets_its_layers_as_keras2_does():
    flags = {}
    for lib in (fnapi, tf_keras):
        inputs = lib.Input((3,))
        frozen_at_first = lib.layers.Dense(2, trainable=False)
        base = lib.Model(inputs, lib.layers.Dense(2)(frozen_at_first(inputs)))
        base.trainable = False
        off = [layer.trainable for layer in base.layers[1:]]
        base.trainable = True
        flags[lib] = (off, [layer.trainable for layer in base.layers[1:]],
                      len(base.trainable_weights))
    assert flags[fnapi] == flags[tf_keras] == ([False, False], [True, True], 4)


@pytest.mark.parametrize("make", [
    lambda L: L.Dense(3), lambda L: L.LSTM(2), lambda L: L.Flatten(),
    lambda L: L.Embedding(10, 2)])
def test_a_one_input_layer_given_two_tensors_is_named_as_keras_names_it(make):
    a, b = fnapi.Input((4, 4)), fnapi.Input((4, 4))
    layer = make(fnapi.layers)
    with pytest.raises(ValueError, match=f'Layer "{layer.name}" expects 1 input\\(s\\), but it '
                                         "received 2 input tensors"):
        layer([a, b])
    assert not layer.built


def test_dropout_rate_one_is_refused_where_it_is_given():
    with pytest.raises(ValueError, match="rate=1 would drop every value"):
        fnapi.layers.Dropout(1.0)
    with pytest.raises(ValueError, match="between 0 and 1. Received: rate=1.5"):
        fnapi.layers.Dropout(1.5)


def test_keras2_spellings_and_values_that_mean_the_default_are_accepted():
    x = np.ones((2, 5, 5, 3), "float32")
    conv = fnapi.layers.Conv2D(2, 3, dilation_rate=1)  # the int for (1, 1), as Keras takes
    assert conv(x).shape == (2, 3, 3, 2)
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    dense = fnapi.layers.Dense(2, kernel_initializer=fnapi.initializers.Constant(kernel))
    dense(np.ones((1, 3), "float32"))
    np.testing.assert_array_equal(dense.kernel.numpy(), kernel)
    assert fnapi.layers.Dense(2, kernel_initializer=fnapi.initializers.Constant(
        kernel)).get_config()["kernel_initializer"]["config"]["value"] == kernel.tolist()

    class Weighted(fnapi.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(3,), regularizer=None, constraint=None)

        def call(self, inputs):
            return inputs * self.w
    assert len(Weighted()(np.ones((1, 3), "float32")).shape) == 2


def test_what_fnapi_does_not_implement_is_named_when_used():
    class Regularized(fnapi.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(3,), regularizer="l2")

        def call(self, inputs):
            self.add_loss(tf.reduce_sum(inputs))
            return inputs
    with pytest.raises(ValueError, match="add_weight: fnapi does not implement `regularizer`"):
        Regularized()(np.ones((1, 3), "float32"))

    class AddsLoss(fnapi.layers.Layer):
        def call(self, inputs):
            self.add_loss(tf.reduce_sum(inputs))
            return inputs
    with pytest.raises(NotImplementedError, match="does not implement `add_loss`"):
        AddsLoss()(np.ones((1, 3), "float32"))

    class Subclassed(fnapi.models.Model):
        def __init__(self):
            super().__init__()

        def call(self, inputs):
            return inputs
    with pytest.raises(TypeError, match="needs `inputs` and `outputs`.*subclass "
                                        "fnapi.layers.Layer"):
        Subclassed()


def test_merging_tensors_of_shapes_that_do_not_fit_gets_keras_message_also_on_data():
    with pytest.raises(ValueError, match="Inputs have incompatible shapes. Received shapes "
                                         "\\(3,\\) and \\(4,\\)"):
        fnapi.layers.Add()([tf.ones((2, 3)), tf.ones((2, 4))])
    with pytest.raises(ValueError, match="A `Concatenate` layer requires inputs with matching "
                                         "shapes"):
        fnapi.layers.Concatenate(axis=1)([tf.ones((2, 3)), tf.ones((3, 4))])


def test_training_given_by_position_is_saved_by_keyword_and_opens_in_keras3(tmp_path):
    import keras
    inputs = fnapi.Input((200,))
    model = fnapi.Model(inputs, fnapi.layers.Dropout(0.5)(inputs, True))
    model.save(tmp_path / "mc.keras")
    x = np.ones((20, 200), "float32")
    for loaded in (fnapi.models.load_model(tmp_path / "mc.keras"),
                   keras.models.load_model(tmp_path / "mc.keras")):
        loaded.predict(x, verbose=0)  # Keras 3 reads it (it ignores a recorded training)
    assert 0.4 < zero_fraction(fnapi.models.load_model(tmp_path / "mc.keras").predict(x)) < 0.6


@pytest.mark.parametrize("lib", [fnapi, tf_keras])
def test_a_required_training_gets_none_outside_any_training_context(lib):
    class Seen(lib.layers.Layer):
        def call(self, inputs, training):
            self.seen = training
            return inputs
    layer = Seen()
    layer(np.ones((1, 2), "float32"))
    assert layer.seen is None


def test_the_learning_rate_may_be_set_from_a_tensor_as_in_keras2():
    optimizer = fnapi.optimizers.SGD(0.01)
    optimizer.learning_rate = optimizer.learning_rate * 10.0   # a decay written by hand
    assert optimizer.learning_rate.numpy() == pytest.approx(0.1)
    with pytest.raises(ValueError, match="scalar"):
        optimizer.learning_rate = tf.ones((2,))


@pytest.mark.parametrize("draw", [lambda a, b: a + b, lambda a, b: a * 2.0, lambda a, b: -a,
                                  lambda a, b: a[:, :2], lambda a, b: tf.nn.relu(a),
                                  lambda a, b: tf.concat([a, b], axis=-1)])
def test_operators_and_tf_ops_on_symbolic_tensors_say_to_use_a_layer(draw):
    """Keras 2 wraps them as hidden TFOpLambda layers; fnapi refuses, naming the way."""
    a, b = fnapi.Input((3,)), fnapi.Input((3,))
    with pytest.raises(TypeError, match="layer"):
        draw(a, b)


def test_a_layers_nodes_are_public_as_in_keras2():
    shared = fnapi.layers.Dense(2)
    a, b = fnapi.Input((3,)), fnapi.Input((3,))
    fnapi.layers.add([shared(a), shared(b)])
    assert len(shared.inbound_nodes) == 2 and len(shared.outbound_nodes) == 2
    assert shared.inbound_nodes[1].output_tensors[0] is shared.get_output_at(1)


def test_a_legacy_hdf5_model_file_is_named_as_such(tmp_path):
    inputs = tf_keras.Input((3,))
    tf_keras.Model(inputs, tf_keras.layers.Dense(2)(inputs)).save(tmp_path / "old.h5")
    with pytest.raises(ValueError, match="legacy HDF5 model file"):
        fnapi.models.load_model(tmp_path / "old.h5")
