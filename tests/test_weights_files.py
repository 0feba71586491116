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


def _unbuilt():
    return fnapi.models.Sequential([L.Dense(5), L.Dense(2)])  # no input shape: no weights yet


@pytest.mark.parametrize("suffix", [".weights.h5", ".npz"])
def test_an_unbuilt_model_refuses_save_weights_and_writes_no_file(suffix, tmp_path):
    with pytest.raises(ValueError, match="sequential.* is not built yet"):
        _unbuilt().save_weights(tmp_path / f"w{suffix}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".weights.h5", ".npz"])
def test_an_unbuilt_model_refuses_load_weights_with_keras3s_message(suffix, tmp_path):
    _mlp(5).save_weights(tmp_path / f"w{suffix}")
    model = _unbuilt()
    with pytest.raises(ValueError, match=r"You are loading weights into a model \(sequential"
                       r"\w*\) that has not yet been built. Try building it"):
        model.load_weights(tmp_path / f"w{suffix}")
    assert not model.built


def test_load_weights_reads_the_weights_of_a_keras_file(tmp_path):
    saved = _mlp(5)
    saved.save(tmp_path / "m.keras")
    model = _mlp(5)
    model.load_weights(tmp_path / "m.keras")
    for a, b in zip(saved.weights, model.weights, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("name, content, match", [
    ("w.txt", "not weights", r"File format not supported: filepath=.*w\.txt\. fnapi's "
                             r"load_weights reads only `\.keras` files"),
    ("w.h5", "not weights", r"File format not supported"),
    ("w.npz", "text, not a zip", r"is not an `\.npz` file.*not changed"),
    ("w.keras", "text, not a zip", r"is not a valid `\.keras` file"),
    ("w.weights.h5", "text, not HDF5", r"not a readable HDF5 file.*not changed"),
])
def test_a_file_that_is_not_what_its_suffix_says_is_refused_without_pickle_advice(
        name, content, match, tmp_path):
    (tmp_path / name).write_text(content)
    model = _mlp(5)
    before = [w.numpy().copy() for w in model.weights]
    with pytest.raises(ValueError, match=match) as error:
        model.load_weights(tmp_path / name)
    assert "pickle" not in str(error.value)
    for old, w in zip(before, model.weights):
        np.testing.assert_array_equal(old, w.numpy())


def test_an_npz_of_python_objects_is_refused_without_pickle_advice(tmp_path):
    model = _mlp(5)
    np.savez(tmp_path / "w.npz", a=np.array([object()], dtype=object))
    with pytest.raises(ValueError, match="Python objects, which fnapi never loads") as error:
        model.load_weights(tmp_path / "w.npz")
    assert "pickle" not in str(error.value)


def test_save_weights_refuses_another_suffix_and_writes_no_file(tmp_path):
    with pytest.raises(ValueError, match=r"File format not supported.*save_weights writes "
                       r"only `\.weights\.h5` files"):
        _mlp(5).save_weights(tmp_path / "w.keras")
    assert list(tmp_path.iterdir()) == []


def test_a_weights_h5_file_with_more_layers_loads_its_first_ones_as_keras3_does(tmp_path):
    """Keras 3 loads a `.weights.h5` by walking the *model's* layers and looking each one up
    in the file (keras/src/saving/saving_lib.py, `_load_state`): entries the model has no
    layer for are never visited, so a file of three Dense layers loads into a model of two
    of the same shapes without error. fnapi's `.weights.h5` is Keras 3's format and does
    the same (which also lets it skip state Keras 3 alone writes); its own `.npz` refuses
    such a file (test above)."""
    import keras
    for K in (keras, fnapi):
        saved, model = _chain(K, 3), _chain(K, 2)
        saved.save_weights(tmp_path / f"{K.__name__}.weights.h5")
        model.load_weights(tmp_path / f"{K.__name__}.weights.h5")
        for i in (1, 2):
            for a, b in zip(saved.layers[i].get_weights(), model.layers[i].get_weights(),
                            strict=True):
                np.testing.assert_array_equal(a, b)


def _chain(K, depth):
    x = h = K.Input((2,))
    for _ in range(depth):
        h = K.layers.Dense(2)(h)
    return K.Model(x, h)
