"""A model's `weights` (and so `get_weights`/`set_weights`) run layer by layer, whatever is
frozen, as in Keras 2 (tf_keras), the oracle here.

Listing trainable weights first would move a frozen layer's weights to the end: arrays
taken with `get_weights` while a layer is frozen would then land in other layers after
unfreezing, silently when the shapes agree.
"""
import numpy as np
import pytest
import tf_keras

import fnapi
import twins


def _freeze_first_layer_with_weights(model):
    layer = next(layer for layer in model.layers if layer.weights)
    layer.trainable = False
    return layer


@pytest.mark.parametrize("name", ["mlp", "headline", "shared_vision", "video_qa"])
def test_weights_are_listed_layer_by_layer_as_in_keras2(name):
    build, _ = twins.GUIDE_ARCHITECTURES[name]
    mine, theirs = twins.twin(build, tf_keras)
    for model in (mine, theirs):
        _freeze_first_layer_with_weights(model)
    for listing in ("weights", "trainable_weights", "non_trainable_weights"):
        assert [tuple(w.shape) for w in getattr(mine, listing)] == \
            [tuple(w.shape) for w in getattr(theirs, listing)], listing
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_weights_taken_while_frozen_go_back_to_the_same_layers():
    x = fnapi.Input((4,))
    first, second = fnapi.layers.Dense(4), fnapi.layers.Dense(4)
    model = fnapi.models.Model(x, second(first(x)))
    data = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    first.trainable = False
    before, values = model.predict(data, verbose=0), model.get_weights()
    first.trainable = True
    model.set_weights(values)
    np.testing.assert_array_equal(model.predict(data, verbose=0), before)
    assert [w.name for w in model.weights][:2] == [w.name for w in first.weights]


def test_keras_other_names_for_the_lists_and_the_state_before_compile():
    mine, theirs = twins.twin(twins.mlp, tf_keras)
    for model in (mine, theirs):
        assert model.optimizer is None and model.history is None and not model.stop_training
        _freeze_first_layer_with_weights(model)
    for alias, listing in (("variables", "weights"), ("trainable_variables", "trainable_weights"),
                           ("non_trainable_variables", "non_trainable_weights")):
        assert getattr(mine, alias) == getattr(mine, listing)
        assert [tuple(w.shape) for w in getattr(mine, alias)] == \
            [tuple(w.shape) for w in getattr(theirs, alias)]


def _wrapped_partly_frozen(lib, freeze_inner_model=False):
    """TimeDistributed over a model whose first Dense is frozen (a wrapper is a layer, not a
    model: Keras 2 lists its trainable weights first), and a frozen nested model."""
    L = lib.layers
    x = lib.Input((4,))
    first, second = L.Dense(4, name="first"), L.Dense(4, name="second")
    inner = lib.models.Model(x, second(first(x)))
    first.trainable = False
    if freeze_inner_model:
        inner.trainable = False
    sequence = lib.Input((5, 4))
    wrapped = L.Flatten()(L.TimeDistributed(inner)(sequence))
    return lib.models.Model(sequence, L.Dense(1, name="head")(wrapped))


@pytest.mark.parametrize("freeze_inner_model", [False, True])
def test_a_wrapper_lists_trainable_first_and_a_frozen_model_layer_by_layer_as_keras2(
        freeze_inner_model):
    fnapi.utils.set_random_seed(0)
    mine = _wrapped_partly_frozen(fnapi, freeze_inner_model)
    theirs = _wrapped_partly_frozen(tf_keras, freeze_inner_model)
    for listing in ("weights", "trainable_weights", "non_trainable_weights"):
        assert [w.name.split("/")[0] for w in getattr(mine, listing)] == [
            w.name.split("/")[0] for w in getattr(theirs, listing)], listing
    theirs.set_weights(mine.get_weights())
    data = np.random.default_rng(0).normal(size=(2, 5, 4)).astype("float32")
    np.testing.assert_allclose(mine.predict(data, verbose=0), theirs.predict(data, verbose=0),
                               atol=1e-6)
