"""Build a `fuzz_graphs.Graph` in any library, give twins the same weights, run them.

One builder for all three libraries (`fnapi`, `keras` = Keras 3, `tf_keras` = Keras 2):
they spell the API the same way, as in `twins.py`. Not a test file.
"""
import numpy as np

from fuzz_graphs import VOCAB


def make_layer(lib, layer, **kwargs):
    """The layer described by the tuple `layer`; `kwargs` go to its constructor."""
    L = lib.layers
    kind, *args = layer
    if kind == "dense":
        return L.Dense(args[0], activation=args[1], **kwargs)
    if kind == "lstm":
        return L.LSTM(args[0], return_sequences=args[1], **kwargs)
    if kind == "conv2d":
        filters, kernel, strides, padding = args
        return L.Conv2D(filters, kernel, strides=strides, padding=padding, **kwargs)
    if kind == "max_pooling2d":
        pool, strides, padding = args
        return L.MaxPooling2D(pool, strides=strides, padding=padding, **kwargs)
    if kind == "flatten":
        return L.Flatten(**kwargs)
    if kind == "dropout":
        return L.Dropout(args[0], **kwargs)
    if kind == "embedding":
        return L.Embedding(args[0], args[1], **kwargs)
    if kind == "time_distributed":
        return L.TimeDistributed(make_layer(lib, args[0]), **kwargs)
    assert kind == "model" and not kwargs, layer
    return make_model(lib, *args)


def make_model(lib, style, spec, chain):
    """A chain of layers from an input of `spec` = (shape, dtype), built as `style`:
    "functional": `Model(Input, ...)`; "sequential": `Sequential([Input, ...])`;
    "sequential_input_shape": the first layer gets `input_shape=` (Keras 2's way);
    "sequential_deferred": no shape given, the Sequential is built by its first call."""
    shape, dtype = spec
    if style == "functional":
        x = inputs = lib.Input(shape=shape, dtype=dtype)
        for layer in chain:
            x = make_layer(lib, layer)(x)
        return lib.Model(inputs, x)
    if style == "sequential_input_shape":
        first = make_layer(lib, chain[0], input_shape=shape)
        return lib.Sequential([first] + [make_layer(lib, layer) for layer in chain[1:]])
    start = [lib.Input(shape=shape, dtype=dtype)] if style == "sequential" else []
    return lib.Sequential(start + [make_layer(lib, layer) for layer in chain])


def build(lib, graph, tensors=None):
    """The graph as a model of `lib`. Raises whatever `lib` raises while drawing it.

    Each tensor is appended to `tensors` (inputs, then one per op) as it is drawn, so after
    a refusal `len(tensors) - len(graph.inputs)` is the index of the op refused."""
    L = lib.layers
    tensors = [] if tensors is None else tensors
    tensors += [lib.Input(shape=shape, dtype=dtype) for shape, dtype in graph.inputs]
    made, used = {}, set()
    for index, op in enumerate(graph.ops):
        kind, *args = op
        if kind == "call":
            made[index] = make_layer(lib, args[0])
            tensors.append(made[index](tensors[args[1]]))
        elif kind == "reuse":
            tensors.append(made[args[0]](tensors[args[1]]))
        elif kind == "add":
            tensors.append(L.add([tensors[i] for i in args[0]]))
        else:
            tensors.append(L.concatenate([tensors[i] for i in args[1]], axis=args[0]))
        used.update(args[-1] if isinstance(args[-1], list) else [args[-1]])
    inputs = tensors[:len(graph.inputs)]
    outputs = [t for i, t in enumerate(tensors) if i not in used]
    return lib.Model(_one(inputs), _one(outputs))


def _one(tensors):
    return tensors[0] if len(tensors) == 1 else tensors


def kind(layer):
    """A layer's class; Keras calls a functional model `Functional`, fnapi `Model`."""
    name = type(layer).__name__
    return "Model" if name == "Functional" else name


def same_weights(ours, theirs, rng):
    """Give both the same random weights, layer by layer in `layers` order, into nested
    models and wrapped layers; asserts that the two line up (classes, weight shapes).

    Each weight is Keras's initial value plus uniform noise in [-0.1, 0.1], so that biases
    (zero at first) count too while values keep Keras's scale."""
    assert kind(ours) == kind(theirs), (ours.name, theirs.name)
    if hasattr(theirs, "layers"):
        assert len(ours.layers) == len(theirs.layers), (ours.name, theirs.name)
        for mine, other in zip(ours.layers, theirs.layers):
            same_weights(mine, other, rng)
    elif hasattr(theirs, "layer"):  # TimeDistributed
        same_weights(ours.layer, theirs.layer, rng)
    else:
        values = [v + rng.uniform(-0.1, 0.1, v.shape).astype(v.dtype)
                  for v in theirs.get_weights()]
        assert [w.shape for w in ours.get_weights()] == [v.shape for v in values], ours.name
        ours.set_weights(values)
        theirs.set_weights(values)


def run_data(graph, size, rng, batch=2):
    """A batch for each input, every unknown size set to `size`: ids below VOCAB for int
    inputs, standard normal noise otherwise."""
    data = []
    for shape, dtype in graph.inputs:
        full = (batch, *(size if d is None else d for d in shape))
        data.append(rng.integers(0, VOCAB, full).astype("int32") if dtype == "int32"
                    else rng.standard_normal(full).astype("float32"))
    return _one(data)
