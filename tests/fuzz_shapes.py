"""The shape model of the fuzz test's graphs (`fuzz_graphs`): what a layer, a merge or a
model call makes of a shape, or `Invalid` if it cannot be drawn.

Shapes are tuples without the batch axis, None for an unknown size. The rules are the
guide's (Keras 2's): the generator uses them to draw graphs that fit, the test then asks
the real Keras. Not a test file.
"""
import math


class Invalid(Exception):
    """The shape model's verdict: this call cannot be drawn."""


def _window(size, k, s, padding):
    if size is None:
        return None
    n = math.ceil(size / s) if padding == "same" else (size - k) // s + 1
    if n <= 0:
        raise Invalid("window larger than the input")
    return n


def _known(size):
    if size is None:
        raise Invalid("a weight needs this size")
    return size


def output_shape(layer, shape, dtype="float32"):
    """Shape (no batch axis) of `layer` called on `shape`; raises Invalid."""
    kind, *args = layer
    rank = len(shape)
    if dtype != "float32" and kind not in ("embedding", "model"):
        raise Invalid("ids go to an Embedding")
    if kind == "dense":
        _known(shape[-1])
        return (*shape[:-1], args[0])
    if kind == "lstm":
        if rank != 2 or not _known(shape[-1]):
            raise Invalid("LSTM wants (time, features)")
        return (shape[0], args[0]) if args[1] else (args[0],)
    if kind in ("conv2d", "max_pooling2d"):
        if rank != 3 or kind == "conv2d" and not _known(shape[-1]):
            raise Invalid("images are (height, width, channels)")
        window, strides, padding = args[-3:]
        strides = strides or window
        out = [_window(shape[i], window[i], strides[i], padding) for i in (0, 1)]
        return (*out, args[0] if kind == "conv2d" else shape[2])
    if kind == "flatten":
        return (None if None in shape else math.prod(shape),)
    if kind == "dropout":
        return shape
    if kind == "embedding":
        return (*shape, args[1])
    if kind == "time_distributed":
        if rank < 2:
            raise Invalid("TimeDistributed wants a time axis")
        return (shape[0], *output_shape(args[0], shape[1:]))
    if kind == "model":
        (model_shape, model_dtype), chain = args[1], args[2]
        if len(shape) != len(model_shape) or any(
                None not in (m, s) and m != s for m, s in zip(model_shape, shape)):
            raise Invalid("the model was made for another shape")
        for start in (model_shape, shape):  # drawn on its Input, then called on `shape`
            dtype = model_dtype
            for inner in chain:
                start, dtype = output_shape(inner, start, dtype), "float32"
        return start
    raise AssertionError(kind)


def merged_shape(op, shapes):
    """Shape of ("add", ...) or ("concatenate", axis, ...) of `shapes`; raises Invalid."""
    if len({len(s) for s in shapes}) != 1:
        raise Invalid("merge of different ranks")
    if op[0] == "add":
        if len(set(shapes)) != 1:
            raise Invalid("add of different shapes")
        return shapes[0]
    rank = len(shapes[0]) + 1  # with the batch axis
    if not -rank <= op[1] < rank or op[1] % rank == 0:
        raise Invalid("axis out of range, or the batch axis")
    axis = op[1] % rank - 1
    others = {s[:axis] + s[axis + 1:] for s in shapes}
    if len(others) != 1:
        raise Invalid("concatenate of mismatched sizes off the axis")
    sizes = [s[axis] for s in shapes]
    return (*shapes[0][:axis], None if None in sizes else sum(sizes), *shapes[0][axis + 1:])


def called_model(graph, index):
    """(Input shape, axes that TimeDistributed takes off) of the model that op `index`
    calls, directly or wrapped; None if it calls no model."""
    op = graph.ops[index]
    if op[0] not in ("call", "reuse"):
        return None
    layer, wrapped = op[1] if op[0] == "call" else graph.ops[op[1]][1], 0
    while layer[0] == "time_distributed":
        layer, wrapped = layer[1], wrapped + 1
    return (layer[2][0], wrapped) if layer[0] == "model" else None


def apply(layer, env, dtype="float32"):
    """`output_shape` on each shape of `env` (declared, first run, second run)."""
    return tuple(output_shape(layer, shape, dtype) for shape in env)


def runs(shape, sizes):
    """(declared, first run, second run): each unknown size set to each of `sizes`."""
    return (shape, *(tuple(n if d is None else d for d in shape) for n in sizes))
