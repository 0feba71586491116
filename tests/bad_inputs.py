"""The bench of the bad-input battery: what a row of the tables is, where its call starts
from, and how a refusal is judged. Not a test file: `test_bad_inputs.py` runs the tables
(`bad_inputs_layers.py`, `bad_inputs_models.py`, `bad_inputs_training.py`).

A row writes its call once, for any library `K`: fnapi, `keras` (Keras 3) or `tf_keras`
(Keras 2). The call receives a `Bench` holding `K`, `K.layers` as `L`, a scratch folder,
and whatever the row's setup put there (tensors, a compiled model and its data, ...).
"""
import collections
import pathlib
import re
import types

import numpy as np

import fnapi
import twins
from fnapi.graph import is_symbolic

# What a Keras does with a row's call (checked by running it, see `outcome`):
CLEAR = "clear"        # ValueError or TypeError at the call, naming the row's `about`
UNCLEAR = "unclear"    # another error, one naming none of `about`, or one raised from
                       # inside a traced tf.function ("in user code: ...")
ACCEPTS = "accepts"    # no error: the nonsense goes through
ABSENT = "absent"      # no such API in that Keras: the row is not run there

Case = collections.namedtuple("Case", "id setup call about match keras_3 keras_2")
Case.__doc__ = """One bad input. `call(bench)` makes it, after `setup(bench)`. fnapi must
refuse it clearly: ValueError or TypeError, a message matching `match` (the layer or
argument, what was expected, what was given), and nothing changed. `about`: a regex of the
names (argument, layer, layer class) one of which a clear message contains;
`keras_3`/`keras_2`: what each Keras does with the same call, judged at that call (an
error deferred to a later call, as Keras 3's compile defers its checks to fit, is ACCEPTS)."""


class Bench(types.SimpleNamespace):
    def __init__(self, K, folder):
        super().__init__(K=K, L=K.layers, folder=pathlib.Path(folder))


# --- setups: where a row's call starts from --------------------------------------------
def nothing(bench):
    """Constructors need nothing."""


def tensors(bench):
    """Symbolic inputs of rank 2, 3 and 4; a Dense `dense` built for 4 features; `joined`,
    vectors joined with another Input named "other"; `twins`, two Dense named "twin"."""
    K, L = bench.K, bench.L
    bench.vectors, bench.sequences = K.Input((4,)), K.Input((5, 3))
    bench.images = K.Input((3, 3, 1))
    bench.dense = L.Dense(2, name="dense_for_4")
    bench.dense(bench.vectors)
    bench.other = K.Input((4,), name="other")
    bench.joined = L.Concatenate(name="join")([bench.vectors, bench.other])
    bench.twins = L.Dense(3, name="twin")(L.Dense(3, name="twin")(bench.vectors))


def compiled(bench):
    """Two inputs a (5,), b (3,); two outputs o1 (sigmoid), o2 (softmax of 3); compiled;
    ten samples of data `x`, `y` (lists); in the folder, the weights files of this model
    and of `other_weights`, another model's."""
    K = bench.K
    bench.model = twins.two_heads(K)
    bench.model.compile(K.optimizers.SGD(learning_rate=0.1),
                        loss=["binary_crossentropy", "categorical_crossentropy"],
                        metrics={"o1": "accuracy", "o2": "accuracy"})
    bench.x, bench.y = twins.sample_data(bench.model, 10, np.random.default_rng(0))
    bench.model.save_weights(str(bench.folder / "model.weights.h5"))  # Keras 3's suffix
    inputs = K.Input((5,))
    bench.other_weights = bench.folder / "other.weights.h5"
    K.Model(inputs, bench.L.Dense(2)(inputs)).save_weights(str(bench.other_weights))


def unbuilt(bench):
    """`model`: a Sequential of two Dense layers with no input shape yet; `empty`: none."""
    bench.model = bench.K.Sequential([bench.L.Dense(4, name="hidden"), bench.L.Dense(1)])
    bench.empty = bench.K.Sequential()


# --- judging --------------------------------------------------------------------------
def outcome(case, error):
    """CLEAR, UNCLEAR or ACCEPTS, for the error (or None) that `case.call` raised."""
    if error is None:
        return ACCEPTS
    message = str(error)
    clear = (isinstance(error, (ValueError, TypeError)) and not message.startswith(
        "in user code:") and re.search(case.about, message, re.IGNORECASE) is not None)
    return CLEAR if clear else UNCLEAR


def state(bench):
    """What a refused call must leave as it was: each layer the setup made (and the layers
    inside it) with its built flag, node counts, layer list and weights; a model's compile
    state and step count; the data arrays; the bytes of each file in the scratch folder."""
    layers, seen, arrays = [], set(), []

    def visit(value):
        if isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, fnapi.layers.Layer) and id(value) not in seen:
            seen.add(id(value))
            layers.append(value)
            visit(value._sublayers())
        elif is_symbolic(value):
            visit(value.history[0])  # the layer that made it
        elif isinstance(value, np.ndarray):
            arrays.append(value.tobytes())

    visit([value for key, value in vars(bench).items() if key not in ("K", "L")])
    files = {p.name: p.read_bytes() for p in sorted(bench.folder.iterdir())}
    return [_layer_state(layer) for layer in layers], arrays, files


def _layer_state(layer):
    optimizer = getattr(layer, "optimizer", None)
    return (layer.name, layer.built, len(layer._inbound_nodes), len(layer._outbound_nodes),
            [id(sub) for sub in getattr(layer, "layers", [])], repr(layer.input_spec),
            [v.numpy().tobytes() for v in layer._own_trainable + layer._own_frozen],
            id(optimizer), id(getattr(layer, "objectives", None)),
            None if optimizer is None else int(optimizer.iterations.numpy()))
