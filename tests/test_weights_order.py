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
