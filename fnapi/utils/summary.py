"""`model.summary()`: one row per layer with its output shape, parameters and inputs.

The "Connected to" column names each input as `layer[node_index][tensor_index]`, the
address of a tensor in the graph: a shared layer shows up as `lstm[0][0]`, `lstm[1][0]`.
As in Keras, a model that is a plain chain of layers leaves that column out.
"""
import numpy as np

from fnapi import argument_validation as arguments

NOT_BUILT = ("This model has not yet been built. Build the model first by calling `build()` "
             "or by calling the model on a batch of data.")


def _count(weights):
    return int(sum(np.prod(w.shape) for w in weights))


def _shape_text(shapes):
    distinct = {repr(s) for s in shapes}
    if len(distinct) != 1:
        return "multiple"
    shape = shapes[0]
    return str(shape) if not isinstance(shape, list) else ", ".join(map(str, shape))


def _is_chain(model):
    """Keras's "sequential-like" test: one path, each layer called once on the previous
    layer's single output. Such a summary needs no "Connected to" column."""
    previous = model.inputs
    for node in model._nodes:
        if len(previous) != 1 or [id(t) for t in node.input_tensors] != [id(previous[0])]:
            return False
        previous = node.output_tensors
    return len({node.layer for node in model._nodes}) == len(model._nodes)


def _rows(model, with_connections):
    rows = []
    for layer in model.layers:
        nodes = [n for n in layer._inbound_nodes if n.is_input or n in model._nodes]
        shapes = [n.output_shapes for n in nodes]
        links = [f"{t.history[0].name}[{t.history[1]}][{t.history[2]}]"
                 for n in nodes for t in n.input_tensors]
        row = [f"{layer.name} ({type(layer).__name__})", _shape_text(shapes),
               f"{layer.count_params():,}"]
        rows.append(row + [links] if with_connections else row)
    return rows


def print_summary(model, line_length=None, print_fn=None):
    """Print (or give each line to `print_fn`) the table of `model`'s layers, at least
    `line_length` characters wide. Raises ValueError for a model that is not built yet, a
    `line_length` that is not a positive integer, TypeError for a `print_fn` that is not a
    function; both before anything is printed."""
    if line_length is not None:
        arguments.positive_int(line_length, "line_length")
    print_fn = arguments.callable_or_none(print_fn, "print_fn") or print
    if not model.built:
        raise ValueError(NOT_BUILT)
    with_connections = type(model).__name__ != "Sequential" and not _is_chain(model)
    headers = ["Layer (type)", "Output Shape", "Param #"] + (
        ["Connected to"] if with_connections else [])
    rows = _rows(model, with_connections)
    widths = [max(len(headers[i]), *(len(r[i]) for r in rows)) + 3 for i in range(3)]
    if with_connections:
        widths.append(max(len(headers[3]), *(len(s) for r in rows for s in r[3] or ["[]"])))
    total = line_length or sum(widths)

    def line(cells):
        return "".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * total)
    print_fn(line(headers))
    print_fn("=" * total)
    for row in rows:
        first, *more = row[3] if with_connections and row[3] else (["[]"] if with_connections else [""])
        print_fn(line(row[:3] + ([first] if with_connections else [])))
        for link in more:
            print_fn(line(["", "", "", link]))
    trainable, frozen = _count(model.trainable_weights), _count(model.non_trainable_weights)
    print_fn("=" * total)
    print_fn(f"Total params: {trainable + frozen:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {frozen:,}")
    print_fn("_" * total)
