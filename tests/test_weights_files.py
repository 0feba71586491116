"""Weights files survive rebuilding: matched by structure, never by automatic names.

`save_weights` from one model and `load_weights` into a freshly built model of the same
architecture, whose automatic names differ (`dense_3` vs `dense`), restores every weight
exactly, as in Keras (whose `.weights.h5` layout, `layers/dense_1/vars/0`, fnapi's paths
follow). A file of another architecture is refused naming the layer and both shapes,
and the model being loaded into is left unchanged: nothing ever lands in the wrong layer.
"""
import numpy as np
import pytest

import fnapi
import twins

L = fnapi.layers


@pytest.mark.parametrize("build", [twins.mlp, twins.headline, twins.shared_lstm,
                                   twins.shared_vision, twins.time_distributed])
def test_a_rebuilt_model_with_other_names_loads_the_weights(build, tmp_path):
    fnapi.utils.clear_session()
    L.Dense(1), L.Input((1,)), L.LSTM(1), L.Conv2D(1, 1)  # shift the automatic names
    saved = build(fnapi)
    fnapi.utils.clear_session()
    rebuilt = build(fnapi)                       # fresh automatic names
    other_names = [a.name != b.name for a, b in zip(saved.layers, rebuilt.layers)]
    path = tmp_path / "weights.npz"
    saved.save_weights(path)
    rebuilt.load_weights(path)
    for a, b in zip(saved.weights, rebuilt.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    xs, _ = twins.sample_data(saved, 3, np.random.default_rng(0))
    for a, b in zip(fnapi.graph.flatten(saved.predict(xs, verbose=0)),
                    fnapi.graph.flatten(rebuilt.predict(xs, verbose=0))):
        np.testing.assert_array_equal(a, b)
    assert any(other_names)  # the Dense layers at least are named differently


def _mlp(hidden, extra=False):
    x = L.Input((4,))
    h = L.Dense(hidden, name=None)(x)
    if extra:
        h = L.Dense(hidden)(h)
    return fnapi.Model(x, L.Dense(2)(h))


@pytest.mark.parametrize("other, match", [
    (lambda: _mlp(6), r"dense.*kernel.*shape \(4, 6\) in model .* but \(4, 5\)"),
    (lambda: _mlp(5, extra=True), r"another architecture.*no array for dense.*dense_2"),
])
def test_a_file_of_another_architecture_is_refused_and_changes_nothing(other, match, tmp_path):
    path = tmp_path / "w.npz"
    _mlp(5).save_weights(path)
    model = other()
    before = [w.numpy().copy() for w in model.weights]
    with pytest.raises(ValueError, match=match):
        model.load_weights(path)
    for old, w in zip(before, model.weights):
        np.testing.assert_array_equal(old, w.numpy())


def test_a_layer_of_another_class_at_the_same_place_is_never_loaded_silently(tmp_path):
    """Same weight shapes, another class: the structural path differs, so it is refused."""
    x = L.Input((3, 4))
    lstm = fnapi.Model(x, L.Dense(2)(L.Flatten()(L.Dense(4)(x))))
    path = tmp_path / "w.npz"
    lstm.save_weights(path)
    y = L.Input((3, 4))
    other = fnapi.Model(y, L.Dense(2)(L.Flatten()(L.TimeDistributed(L.Dense(4))(y))))
    assert [w.shape for w in other.weights] == [w.shape for w in lstm.weights]
    with pytest.raises(ValueError, match="another architecture"):
        other.load_weights(path)
