"""Bugs the differential fuzz test (`test_fuzz_graphs.py`) found, each pinned by a small case.

Each case is drawn in fnapi and in both Kerases (Keras 3 = `keras`, Keras 2 = `tf_keras`)
with the same code; what Keras says (it draws the graph or refuses it, and the output
shapes) is what fnapi must say.
"""
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi

KERASES = [keras, tf_keras]


def outcome(make, lib):
    """("drawn", output shapes) or ("refused", None): what `lib` makes of `make(lib)`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = make(lib)
    except (ValueError, TypeError):
        return "refused", None
    return "drawn", tuple(tuple(t.shape) for t in model.outputs)


def assert_as_keras(make):
    """Both Kerases agree on `make`, and fnapi agrees with them."""
    expected = {outcome(make, lib) for lib in KERASES}
    assert len(expected) == 1, expected
    assert outcome(make, fnapi) == expected.pop()


def model_on_unknown_size(K):
    """A model made for 3 features, called on features of unknown number."""
    inner_input = K.Input(shape=(3,))
    inner = K.Model(inner_input, K.layers.Dense(2)(inner_input))
    x = K.Input(shape=(None,))
    return K.Model(x, inner(x))


def test_a_model_takes_an_unknown_size_where_its_input_has_a_known_one():
    """Keras compares a size only where both are known; the data decides at run time."""
    assert_as_keras(model_on_unknown_size)
    model = model_on_unknown_size(fnapi)
    assert model(np.ones((2, 3), "float32")).shape == (2, 2)
    with pytest.raises(ValueError, match="expects shape"):
        model(np.ones((2, 4), "float32"))


def shared_time_distributed_on_other_features(K):
    """One TimeDistributed(Dense) called on steps of 1 feature, then on steps of 6."""
    a, b = K.Input(shape=(None, 1)), K.Input(shape=(None, 6))
    shared = K.layers.TimeDistributed(K.layers.Dense(3))
    return K.Model([a, b], [shared(a), shared(b)])


def test_a_shared_time_distributed_dense_is_refused_on_other_features():
    """Keras 2 refuses the second call while drawing: its wrapped Dense was built for 1
    feature. Keras 3 draws a model that fails when run; fnapi refuses, as Keras 2."""
    assert outcome(shared_time_distributed_on_other_features, tf_keras)[0] == "refused"
    fnapi.utils.clear_session()
    with pytest.raises(ValueError, match=r'"time_distributed" is incompatible.*axis 2.*value 1'):
        shared_time_distributed_on_other_features(fnapi)
    keras_3 = shared_time_distributed_on_other_features(keras)
    with pytest.raises(tf.errors.InvalidArgumentError, match="size-incompatible"):
        keras_3([np.ones((2, 5, 1)), np.ones((2, 5, 6))])


def model_on_one_axis_less(K):
    """A model made for (5, 5, 1) images, called on (5, 5) ones."""
    inner_input = K.Input(shape=(5, 5, 1))
    inner = K.Model(inner_input, K.layers.Conv2D(2, 3)(inner_input))
    x = K.Input(shape=(5, 5))
    return K.Model(x, inner(x))


def model_on_one_axis_more(K):
    """A model made for sequences of 4 steps, called on (4, 1): one feature per step."""
    inner_input = K.Input(shape=(4,))
    inner = K.Model(inner_input, K.layers.Dense(2)(inner_input))
    x = K.Input(shape=(4, 1))
    return K.Model(x, inner(x))


@pytest.mark.parametrize("make", [model_on_one_axis_less, model_on_one_axis_more],
                         ids=lambda f: f.__name__)
def test_a_model_adds_or_removes_a_last_axis_of_size_1(make):
    """Keras 2 lets a model's input have a size-1 last axis more or less than its Input,
    and removes or adds it, when drawing and when run. (Keras 3 does so only when run:
    while drawing it refuses the first case and gets the second's shape wrong; fnapi
    follows Keras 2.)"""
    assert outcome(make, fnapi) == outcome(make, tf_keras)
    model = make(fnapi)
    x = np.random.default_rng(0).standard_normal((2, *model.inputs[0].shape[1:]))
    inner = model.layers[-1]
    np.testing.assert_allclose(model(x), inner(x.reshape(2, *inner.inputs[0].shape[1:])),
                               atol=1e-6)


@pytest.mark.parametrize("merge", ["add", "concatenate"])
def test_merging_ids_keeps_them_ids_and_merging_ids_with_floats_is_refused(merge):
    """Keras 2: a merge of int32 tensors is int32, and one of int32 and float32 tensors is
    refused (TensorFlow's ops do not mix dtypes). fnapi said float32 for the first, and
    drew the second, which then failed when run."""
    def make(K, second_dtype):
        a, b = K.Input(shape=(4,), dtype="int32"), K.Input(shape=(4,), dtype=second_dtype)
        return K.Model([a, b], getattr(K.layers, merge)([a, b]))

    for second_dtype in ("int32", "float32"):
        assert outcome(lambda K: make(K, second_dtype), fnapi) == outcome(
            lambda K: make(K, second_dtype), tf_keras)
    ours, theirs = make(fnapi, "int32"), make(tf_keras, "int32")
    assert ours.outputs[0].dtype == theirs.outputs[0].dtype == tf.int32
    with pytest.raises(ValueError, match="different dtypes"):
        make(fnapi, "float32")


@pytest.mark.parametrize("layer", ["Flatten", "Dropout"])
def test_layers_that_move_values_keep_the_dtype_of_ids(layer):
    """Keras 2: Flatten and Dropout (at inference) of int32 ids give int32, when drawing and
    when run; fnapi said float32 when drawing."""
    def make(K):
        ids = K.Input(shape=(4,), dtype="int32")
        made = K.layers.Flatten() if layer == "Flatten" else K.layers.Dropout(0.5)
        return K.Model(ids, made(ids))

    ours, theirs = make(fnapi), make(tf_keras)
    assert ours.outputs[0].dtype == theirs.outputs[0].dtype == tf.int32
    assert ours(np.ones((2, 4), "int32")).dtype == tf.int32


def add_of_different_ranks(K):
    a, b = K.Input(shape=(3,)), K.Input(shape=(4, 1))
    return K.Model([a, b], K.layers.add([a, b]))


def test_add_aligns_inputs_of_different_ranks_on_their_last_axes():
    """Both Kerases add a (3,) and a (4, 1) input: the first gets an axis of size 1 after
    the batch axis, then sizes of 1 broadcast: (4, 3). fnapi refused different ranks."""
    assert_as_keras(add_of_different_ranks)
    rng = np.random.default_rng(0)
    data = [rng.standard_normal((2, 3)), rng.standard_normal((2, 4, 1))]
    np.testing.assert_allclose(add_of_different_ranks(fnapi)(data),
                               add_of_different_ranks(tf_keras)(data), atol=1e-6)


def shared_time_distributed_flatten(K):
    """One TimeDistributed(Flatten) on steps of 3x3, then on steps of 4x4."""
    a, b = K.Input(shape=(5, 3, 3)), K.Input(shape=(5, 4, 4))
    shared = K.layers.TimeDistributed(K.layers.Flatten())
    return K.Model([a, b], [shared(a), shared(b)])


def test_time_distributed_keeps_the_step_sizes_of_its_first_call():
    """Keras 2's TimeDistributed takes steps of the sizes it was built for only (its
    input spec: (None, None, *step sizes)), even around a layer without weights. Keras 2
    does not check a built layer while drawing, but refuses when run; fnapi refuses while
    drawing."""
    fnapi.utils.clear_session()
    with pytest.raises(ValueError, match=r'"time_distributed" is incompatible.*axis 2.*value 3'):
        shared_time_distributed_flatten(fnapi)
    keras_2 = shared_time_distributed_flatten(tf_keras)
    with pytest.raises(ValueError, match="expected shape=.*None, None, 3, 3"):
        keras_2([np.ones((2, 5, 3, 3)), np.ones((2, 5, 4, 4))])


@pytest.mark.parametrize("sizes", [((None,), (3,)), ((None,), (1,)), ((None, 4), (1, None))],
                         ids=str)
def test_add_of_an_unknown_and_a_known_size_takes_the_known_one(sizes):
    """Keras 2 (TensorFlow's broadcasting): an unknown size added to a known one other than
    1 must be 1 or that size, so the sum has that size. fnapi said unknown."""
    def make(K):
        a, b = K.Input(shape=sizes[0]), K.Input(shape=sizes[1])
        return K.Model([a, b], K.layers.add([a, b]))

    assert outcome(make, fnapi) == outcome(make, tf_keras)


def sequential_from_embedding(K, *tail):
    return K.Sequential([K.layers.Embedding(10, 4), *[make(K) for make in tail]])


@pytest.mark.parametrize("tail", [
    [lambda K: K.layers.LSTM(3)],
    [lambda K: K.layers.Flatten(), lambda K: K.layers.Dense(1)],
], ids=["lstm", "flatten_dense"])
def test_a_sequential_starting_with_an_embedding_is_built_at_once_for_unknown_steps(tail):
    """Keras 2's Embedding declares its input shape, (input_length,), unknown if not given:
    a Sequential that starts with one is built at once, for ids of any length -- and a
    Flatten of those vectors has an unknown size, on which a Dense is refused."""
    def make(K):
        model = sequential_from_embedding(K, *tail)
        model(K.Input(shape=(5,), dtype="int32"))  # a call cannot fix the length any more
        return model

    assert outcome(make, fnapi) == outcome(make, tf_keras)
    if len(tail) == 1:
        ours, theirs = sequential_from_embedding(fnapi, *tail), sequential_from_embedding(
            tf_keras, *tail)
        assert ours.built and theirs.built
        assert ours.inputs[0].shape == tuple(theirs.inputs[0].shape) == (None, None)
