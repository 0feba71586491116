"""Differential fuzz test: random functional graphs drawn in fnapi and in real Keras.

Hypothesis draws graphs as plain data (`fuzz_graphs`): 1-2 inputs (flat vectors,
sequences, word ids, images, videos; time axes and image sizes often unknown) and up to six
calls of Dense, Conv2D, MaxPooling2D, Flatten, LSTM, Embedding, Dropout, TimeDistributed
(of a layer or of a model), concatenate and add, shared layers, and nested functional and
Sequential models (with an Input, `input_shape=`, or built by their first call). One
builder (`fuzz_twins.build`) draws each graph in fnapi and in Keras.

- `test_valid_graphs_match_keras`: a graph that fits is drawn in fnapi and in one Keras
  (Keras 3 or Keras 2, drawn too: on such graphs they agree), both get the same random
  weights (layer by layer, into nested models and wrapped layers), then compared: layer
  classes in order, output shapes and dtypes as drawn, `count_params()`, and the outputs
  run in inference on the same data, shapes and values within 1e-5 (absolute, plus 1e-5
  relative for the rare large values) -- twice, every unknown size set to two different
  sizes; and fnapi run again gives exactly the same (Dropout draws nothing in inference).
- `test_wild_graphs_are_refused_as_keras_2_refuses`, once per kind of wild call: the graph
  ends with calls drawn without any check (a window larger than the image, add or
  concatenate of other shapes or on a wrong axis, Dense after a Flatten of unknown size,
  any layer on any rank -- LSTM or Conv2D on vectors --, a shared layer or a model given
  another shape). The oracle is Keras 2, the guide's Keras, whose choices fnapi follows
  where the Kerases differ: what it refuses, fnapi refuses (ValueError or TypeError);
  what it draws, fnapi draws with the same output shapes, dtypes and size, except for the
  differences documented in `DIFFERENCES` below. (Keras 3 is no oracle here: while
  drawing it skips checks that Keras 2 makes -- a layer inside TimeDistributed, a shared
  LSTM --, turns ids merged with floats into floats, adds or removes a model input's
  size-1 last axis only when run, and keeps a Concatenate's size unknown where one input
  knows it.)

Deterministic (`derandomize=True`, no example database). Sized to about a minute on two
cores: 70 valid graphs (~25 s), 6 x 12 wild ones (~35 s); later examples are the larger.
"""
import collections
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras
from hypothesis import given, settings, strategies as st

import fnapi
from fuzz_graphs import WILD_KINDS, graphs
from fuzz_shapes import called_model
from fuzz_twins import build, kind, run_data, same_weights

LIBS = {"keras": keras, "tf_keras": tf_keras}
# float32 results of the same formula computed by different kernels agree to ~1e-6.
ATOL = RTOL = 1e-5
FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=False)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # Keras 3 on `input_shape=`


def fresh():
    """Each example starts from fresh automatic names and an empty Keras graph. (Python's
    garbage collector runs by itself: Keras 3 running it at every example takes 0.3 s.)"""
    fnapi.utils.clear_session()
    keras.utils.clear_session(free_memory=False)
    tf_keras.backend.clear_session()


Drawn = collections.namedtuple("Drawn", "model tensors error")


def draw_in(lib, graph):
    """`Drawn(model, tensors, None)`, or `Drawn(None, tensors drawn before, the exception)`."""
    tensors = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Drawn(build(lib, graph, tensors), tensors, None)
    except Exception as error:  # noqa: BLE001 (any refusal counts; the type is checked below)
        return Drawn(None, tensors, error)


def signature(model):
    """What a drawn model says before running: output shapes and dtypes, its size."""
    return ([(tuple(t.shape), tf.as_dtype(t.dtype).name) for t in model.outputs],
            model.count_params())


def shapes(tensors):
    return [tuple(t.shape) for t in (tensors if isinstance(tensors, list) else [tensors])]


def flat_layers(model):
    """Layer classes, depth first into nested models and wrapped layers."""
    inner = getattr(model, "layers", None) or [getattr(model, "layer", None)]
    return [kind(model)] + [name for layer in inner if layer is not None
                            for name in flat_layers(layer)]


@settings(FUZZ, max_examples=70)
@given(graph=graphs(), oracle=st.sampled_from(sorted(LIBS)), seed=st.integers(0, 2**16))
def test_valid_graphs_match_keras(graph, oracle, seed):
    fresh()
    ours = build(fnapi, graph)
    theirs = build(LIBS[oracle], graph)
    assert flat_layers(ours) == flat_layers(theirs)
    rng = np.random.default_rng(seed)
    same_weights(ours, theirs, rng)
    assert signature(ours) == signature(theirs)
    for size in graph.sizes:
        data = run_data(graph, size, rng)
        got, want = tf.nest.flatten(ours(data)), tf.nest.flatten(theirs(data, training=False))
        assert shapes(got) == shapes(want)
        for a, b, again in zip(got, want, tf.nest.flatten(ours(data))):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=ATOL, rtol=RTOL)
            np.testing.assert_array_equal(a, again)  # inference draws nothing (Dropout)


# --- where fnapi differs from Keras 2 while drawing, and why ------------------------------
def refused_op(graph, ours):
    """(index of the op fnapi refused, the tensor it was called on), or (None, None) if
    fnapi refused no layer call (a merge, or the model itself)."""
    index = len(ours.tensors) - len(graph.inputs)
    op = graph.ops[index] if index < len(graph.ops) else ("model",)
    if op[0] not in ("call", "reuse"):
        return None, None
    return index, ours.tensors[op[-1]]


def model_input_refused(graph, ours, keras_2):
    """fnapi refused to call a model (maybe inside TimeDistributed) on a tensor whose rank
    or known sizes differ from the model's Input. Keras 2 checks a built model's inputs
    only through its layers, which may accept them (a Flatten, an Embedding), and compares
    shapes with `zip` after dropping a size-1 last axis, so that an axis or a size goes
    unchecked. A model made for one shape and given another is refused by fnapi."""
    index, _ = refused_op(graph, ours)
    return index is not None and called_model(graph, index) is not None and (
        "of model" in str(ours.error))


def conv_on_more_axes(graph, ours, keras_2):
    """Keras 2's Conv2D takes inputs of rank 4 or more, extra leading axes being more batch
    axes (its MaxPooling2D does not). Keras 3 and fnapi take images of rank 4 only; frames
    go through TimeDistributed, as in the guide."""
    index, tensor = refused_op(graph, ours)
    if index is None:
        return False
    op = graph.ops[index]
    layer = op[1] if op[0] == "call" else graph.ops[op[1]][1]
    return layer[0] == "conv2d" and len(tensor.shape) > 4


def keras_2_cannot_run(graph, ours, keras_2):
    """Keras 2 drew a graph that fails when run (every unknown size 16): it does not check
    the inputs of an already built layer while drawing (a shared Dense given other
    features, on inputs of rank 3 or more whose unknown sizes hide the mismatch from
    TensorFlow); fnapi checks every call while drawing."""
    try:
        keras_2.model(run_data(graph, 16, np.random.default_rng(0)), training=False)
    except Exception:  # noqa: BLE001 (any failure shows the graph should not be drawn)
        return True
    return False


DIFFERENCES = [model_input_refused, conv_on_more_axes, keras_2_cannot_run]


@pytest.mark.parametrize("wild", WILD_KINDS)  # each kind of wild call gets its examples
@settings(FUZZ, max_examples=12)
@given(data=st.data())
def test_wild_graphs_are_refused_as_keras_2_refuses(wild, data):
    graph = data.draw(graphs(wild=wild), label="graph")
    fresh()
    ours, theirs = draw_in(fnapi, graph), draw_in(tf_keras, graph)
    if ours.error is not None:
        assert isinstance(ours.error, (ValueError, TypeError)), ours.error
    if theirs.error is not None:
        assert ours.error is not None, f"Keras 2 refuses: {theirs.error}"
    elif ours.error is not None:
        assert any(difference(graph, ours, theirs) for difference in DIFFERENCES), ours.error
    else:
        assert signature(ours.model) == signature(theirs.model)
