"""Random functional graphs as plain data, drawn by hypothesis, for the differential fuzz test.

A graph is `Graph(inputs, ops, sizes)`:
- `inputs`: `[(shape, dtype)]`, shapes without the batch axis, None for an unknown size;
- `ops`: each makes one tensor; tensor i is input i, then the ops' results in order:
    ("call", layer, src)            a new `layer` called on tensor `src`
    ("reuse", op, src)              the layer of op number `op` called again: a shared layer
    ("concatenate", axis, srcs)     ("add", srcs)
- `sizes`: the two sizes every unknown axis takes when the model is run (two runs).
The model's outputs are the tensors that no op uses, in order.

A layer is a tuple: ("dense", units, activation), ("lstm", units, return_sequences),
("conv2d", filters, kernel, strides, padding), ("max_pooling2d", pool, strides, padding),
("flatten",), ("dropout", rate), ("embedding", input_dim, output_dim),
("time_distributed", layer), ("model", style, (shape, dtype), [layer, ...]): a nested model,
a chain from its own Input, built as `style` (see `fuzz_twins.make_model`).

`graphs()` draws valid graphs: every op is checked by the shape model (`fuzz_shapes`) on
the declared shapes and on both run shapes. `graphs(wild=True)` ends a valid graph with one or two ops
drawn without that check (windows too big, merges of any shapes, a model called on a shape
it was not made for, ...): the test asks the real Keras whether such a graph can be drawn.
Not a test file.
"""
import collections

from hypothesis import strategies as st

from fuzz_shapes import Invalid, apply, merged_shape, runs

Graph = collections.namedtuple("Graph", "inputs ops sizes")
VOCAB = 10  # every Embedding's input_dim: the run data's ids are below it
ACTIVATIONS = [None, "relu", "tanh", "sigmoid", "softmax"]
STYLES = ["functional", "sequential", "sequential_input_shape", "sequential_deferred"]
MAX_DEPTH = 2  # a model in a model in the graph, no deeper


# --- valid layers ---------------------------------------------------------------------
def _image_window(draw, env, most):
    """A (kh, kw) window no larger than the smallest run image."""
    smallest = [min(shape[i] for shape in env[1:]) for i in (0, 1)]
    return tuple(draw(st.integers(1, max(1, min(most, s)))) for s in smallest)


@st.composite
def layers(draw, env, dtype="float32", depth=0):
    """One layer that can be called on a tensor of shapes `env`; falls back to Dropout
    (float) when the drawn parameters do not fit."""
    if dtype != "float32" and (depth >= MAX_DEPTH or draw(st.booleans())):
        return ("embedding", VOCAB, draw(st.integers(1, 6)))
    if dtype != "float32":
        return draw(models(env, dtype, depth + 1))
    declared, known = env[0], env[0][-1] is not None
    kinds = {2: ["lstm"] * known + ["time_distributed", "flatten"],
             3: ["conv2d", "max_pooling2d", "time_distributed", "flatten"],
             4: ["time_distributed"]}.get(len(declared), [])
    kinds += ["dense"] * known + ["model"] * (depth < MAX_DEPTH) + ["dropout"]
    kind = draw(st.sampled_from(kinds))
    if kind == "dense":
        layer = ("dense", draw(st.integers(1, 8)), draw(st.sampled_from(ACTIVATIONS)))
    elif kind == "lstm":
        layer = ("lstm", draw(st.integers(1, 6)), draw(st.booleans()))
    elif kind == "conv2d":
        kernel = _image_window(draw, env, 3)
        layer = ("conv2d", draw(st.integers(1, 4)), kernel,
                 draw(st.sampled_from([(1, 1), (2, 2), (1, 2)])),
                 draw(st.sampled_from(["valid", "same"])))
    elif kind == "max_pooling2d":
        pool = _image_window(draw, env, 3)
        layer = ("max_pooling2d", pool, draw(st.sampled_from([None, (1, 1), (2, 2)])),
                 draw(st.sampled_from(["valid", "same"])))
    elif kind == "flatten":
        layer = ("flatten",)
    elif kind == "dropout":
        layer = ("dropout", draw(st.sampled_from([0.0, 0.25, 0.5])))
    elif kind == "time_distributed":
        layer = ("time_distributed", draw(layers(tuple(s[1:] for s in env), depth=depth + 1)))
    else:
        layer = draw(models(env, dtype, depth + 1))
    try:
        apply(layer, env)
        return layer
    except Invalid:
        return ("dropout", 0.5)


@st.composite
def models(draw, env, dtype="float32", depth=1):
    """A nested model for inputs of shapes `env`: a chain of 1 to 3 layers from its own
    Input, in one of the `STYLES`."""
    style, first = draw(st.sampled_from(STYLES)), draw(layers(env, dtype, depth))
    if style == "sequential_input_shape" and first[0] == "model":
        style = "sequential"  # a model takes no `input_shape=`
    if style == "sequential_deferred" and first[0] == "embedding":
        env = ((None,) * len(env[0]), *env[1:])  # Keras 2's Embedding declares (None,)
    chain, shapes = [first], apply(first, env, dtype)
    for _ in range(draw(st.integers(0, 2))):
        chain.append(draw(layers(shapes, depth=depth)))
        shapes = apply(chain[-1], shapes)
    return ("model", style, (env[0], dtype), chain)


# --- graphs ---------------------------------------------------------------------------
@st.composite
def input_specs(draw, kinds=("image", "sequence", "video", "ids", "flat")):
    """(shape, dtype): flat vectors, sequences, word ids, images or videos (frames of
    images), with unknown (None) time axes and image sizes among the choices."""
    maybe_none = lambda sizes: st.one_of(st.none(), sizes)  # noqa: E731
    kind = draw(st.sampled_from(kinds))
    if kind == "flat":
        return (draw(st.integers(1, 8)),), "float32"
    if kind == "sequence":
        return (draw(maybe_none(st.integers(1, 6))), draw(st.integers(1, 6))), "float32"
    if kind == "ids":
        return (draw(maybe_none(st.integers(1, 6))),), "int32"
    side = st.one_of(st.integers(3, 8), st.none())
    image = (draw(side), draw(side), draw(st.integers(1, 3)))
    if kind == "image":
        return image, "float32"
    return (draw(maybe_none(st.integers(1, 4))), *image), "float32"


class _Drawing:
    """The graph being drawn: its ops and, per tensor, (shapes env, dtype)."""

    def __init__(self, inputs, sizes):
        self.inputs, self.sizes, self.ops = inputs, sizes, []
        self.tensors = [(runs(shape, sizes), dtype) for shape, dtype in inputs]
        self.layer_inputs = {}  # op index -> the (env, dtype) its layer was first called on

    def result_of(self, op):
        """(env, dtype) of the tensor `op` makes; raises Invalid."""
        if op[0] in ("add", "concatenate"):
            envs = zip(*(self.tensors[i][0] for i in op[-1]))
            if any(self.tensors[i][1] != "float32" for i in op[-1]):
                raise Invalid("merge of ids")
            return tuple(merged_shape(op, list(shapes)) for shapes in envs), "float32"
        env, dtype = self.tensors[op[2]]
        if op[0] == "reuse":
            if (env, dtype) != self.layer_inputs[op[1]]:
                raise Invalid("left to Keras: a shared layer on another shape")
            return apply(self.ops[op[1]][1], env, dtype), "float32"
        return apply(op[1], env, dtype), "float32"

    def add(self, op):
        result = self.result_of(op)
        if op[0] == "call":
            self.layer_inputs[len(self.ops)] = self.tensors[op[2]]
        self.ops.append(op)
        self.tensors.append(result)

    def merges(self):
        """Every valid ("add", srcs) and ("concatenate", axis, srcs) of two tensors."""
        found = []
        for i in range(len(self.tensors)):
            for j in range(i, len(self.tensors)):
                rank = len(self.tensors[i][0][0])
                for op in [("add", [i, j])] + [("concatenate", a, [i, j]) for a in (-1, 1, rank)]:
                    try:
                        self.result_of(op)
                        found.append(op)
                    except Invalid:
                        pass
        return found

    def shared(self):
        """Every ("reuse", op, src): a layer called again on another tensor of its shape."""
        return [("reuse", op, src) for op, first in self.layer_inputs.items()
                for src, tensor in enumerate(self.tensors)
                if tensor == first and src != self.ops[op][2]]


@st.composite
def graphs(draw, wild=None):
    """A valid graph: 1-2 inputs, each used, and at most 6 ops at the top level. `wild` (one
    of `WILD_KINDS`): then 1-2 ops more, drawn without checking that they fit."""
    first, second = draw(st.integers(2, 8)), draw(st.integers(2, 8))
    inputs = [draw(input_specs(("image",)) if wild == "window" else input_specs())]
    if draw(st.booleans()):  # a second input: the same kind (for merges and sharing) or any
        inputs.append(draw(st.one_of(st.just(inputs[0]), input_specs())))
    drawing = _Drawing(inputs, (first, second if second != first else first % 8 + 2))
    for src in range(len(inputs)):
        drawing.add(("call", draw(layers(*drawing.tensors[src])), src))
    for _ in range(draw(st.integers(0, 6 - len(inputs)))):
        action = draw(st.sampled_from(["call", "call", "merge", "reuse"]))
        merges, shared = drawing.merges(), drawing.shared()
        if action == "merge" and merges:
            drawing.add(draw(st.sampled_from(merges)))
        elif action == "reuse" and shared:
            drawing.add(draw(st.sampled_from(shared)))
        else:
            src = draw(_recent(drawing))
            drawing.add(("call", draw(layers(*drawing.tensors[src])), src))
    wild_calls = draw(wild_ops(drawing, wild)) if wild else []
    for op in wild_calls:
        try:
            drawing.add(op)
        except Invalid:  # probably refused: the test asks Keras; the rest goes as drawn
            drawing.ops += wild_calls[wild_calls.index(op):]
            break
    return Graph(drawing.inputs, drawing.ops, drawing.sizes)


def _recent(drawing):
    """A tensor to call the next layer on: often the newest, else any."""
    n = len(drawing.tensors)
    return st.one_of(st.just(n - 1), st.integers(0, n - 1))


# --- wild ops: drawn without the shape model ------------------------------------------
@st.composite
def wild_layers(draw, depth=0):
    """Any layer with parameters that may not fit: windows up to 9, strides up to 3."""
    window = st.tuples(st.integers(1, 9), st.integers(1, 9))
    strides = st.tuples(st.integers(1, 3), st.integers(1, 3))
    padding = st.sampled_from(["valid", "same"])
    kind = draw(st.sampled_from(["dense", "lstm", "conv2d", "max_pooling2d", "flatten",
                                 "embedding"] + ["time_distributed"] * (depth == 0)))
    if kind == "dense":
        return ("dense", draw(st.integers(1, 8)), None)
    if kind == "lstm":
        return ("lstm", draw(st.integers(1, 4)), draw(st.booleans()))
    if kind == "conv2d":
        return ("conv2d", draw(st.integers(1, 3)), draw(window), draw(strides), draw(padding))
    if kind == "max_pooling2d":
        return ("max_pooling2d", draw(window), draw(st.one_of(st.none(), strides)),
                draw(padding))
    if kind == "embedding":
        return ("embedding", VOCAB, draw(st.integers(1, 4)))
    if kind == "flatten":
        return ("flatten",)
    return ("time_distributed", draw(wild_layers(depth + 1)))


WILD_KINDS = ["window", "merge", "flatten_dense", "layer", "reuse", "model"]


@st.composite
def wild_ops(draw, drawing, kind):
    """One or two calls of `kind` that may not fit, on the newest tensor or any: "window":
    a Conv2D or MaxPooling2D window of about the image's size (or on no image at all);
    "merge": an add or a concatenate (on any axis) of two tensors; "flatten_dense": a Dense
    after a Flatten (of unknown size?); "layer": any layer on any rank; "reuse": a shared
    layer on another tensor; "model": a model made for a shape close to the tensor's (a size
    changed, unknown, known, an axis more or less)."""
    n = len(drawing.tensors)
    src = draw(_recent(drawing))
    rank_of = [len(env[0]) for env, _ in drawing.tensors]
    images = [i for i in range(n) if rank_of[i] == 3]
    if kind == "window" and images:  # mostly on an image
        src = draw(st.one_of(st.sampled_from(images), st.just(src)))
    (shape, *_), dtype = drawing.tensors[src]
    # mostly another tensor of the same rank, whose sizes may differ
    alike = [i for i in range(n) if rank_of[i] == len(shape) and i != src] or [src]
    other = draw(st.one_of(st.sampled_from(alike), st.integers(0, n - 1)))
    if kind == "window":
        near = [st.sampled_from([size + 1, size, size + 2, max(1, size - 1)]) if size
                else st.sampled_from([9, 2]) for size in shape[:2]]  # mostly one too big
        window = draw(st.tuples(*(near + [st.integers(1, 9)] * 2)[:2]))
        strides = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
        padding = draw(st.sampled_from(["valid", "same"]))
        return [("call", ("conv2d", 2, window, strides, padding) if draw(st.booleans())
                 else ("max_pooling2d", window, strides, padding), src)]
    if kind == "merge":  # mostly with a tensor of the same rank and other sizes
        unlike = [i for i in alike if drawing.tensors[i][0][0] != shape]
        other = draw(st.sampled_from(unlike)) if unlike else other
        rank, other_shape = len(shape) + 1, drawing.tensors[other][0][0]
        differ = [a + 1 for a, sizes in enumerate(zip(shape, other_shape)) if len(set(sizes)) > 1]
        off = [a for a in range(1, rank) if differ and a not in differ][:1]  # joins mismatches
        axis = draw(st.sampled_from(off + [-1, 1, rank, 0, -rank - 1]))
        return [("add", [src, other]) if draw(st.booleans()) else
                ("concatenate", axis, [src, other])]
    if kind == "flatten_dense":
        return [("call", ("flatten",), src), ("call", ("dense", 2, None), n)]
    if kind == "layer":
        return [("call", draw(wild_layers()), src)]
    if kind == "reuse":
        return [("reuse", draw(st.sampled_from(sorted(drawing.layer_inputs))), src)]
    shape, axis = list(shape), draw(st.integers(0, len(shape) - 1))
    change = draw(st.sampled_from(["size", "unknown", "known", "rank"]))
    if change == "rank":
        shape = shape[:-1] if len(shape) > 1 and draw(st.booleans()) else shape + [1]
    elif change == "unknown":
        shape[axis] = None
    else:
        shape[axis] = (shape[axis] or 3) + (change == "size")
    return [("call", draw(models(runs(tuple(shape), drawing.sizes), dtype)), src)]
