"""`plot_model(model)`: a picture of the graph, with nothing to install by hand.

The picture is described in DOT, Graphviz's small graph language, written here as plain
text (no `graphviz` Python package). It is drawn by `graphviz-pure`, a self-contained port
of Graphviz's `dot` program that ships as a Python wheel, so no system Graphviz is needed.

One box per layer: its name, class and shapes. A layer called several times in the model
(a shared layer) lists the shapes of each call, and every arrow into or out of it says
which call it feeds or comes from ("into node 1", "from node 1"): the node indices of
`get_output_at(1)` and of the summary's `lstm[1][0]`. A nested model is one box.
"""
import html
import os
import pathlib
import shutil
import subprocess
import sys

from fnapi import argument_validation as arguments
from fnapi.utils.summary import NOT_BUILT

RENDERER = "graphviz-pure"
RANKDIRS = ("TB", "LR", "BT", "RL")  # top to bottom, left to right, ...
FORMATS = (".png", ".svg")


def _nodes_in(model, layer):
    """The calls of `layer` that belong to this model (a layer may be used in others too)."""
    return [n for n in layer._inbound_nodes if n.is_input or n in model._nodes]


def _drawn_layers(model):
    """`model.layers`, plus the Input layers a Sequential leaves out of its `layers`."""
    layers = list(model.layers)
    inputs = [t.history[0] for t in model.inputs if t.history[0] not in layers]
    return inputs + layers


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _row(cells):
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _label(layer, nodes, show_shapes, show_layer_names):
    """An HTML-like table: a title row, then one row of shapes per call of the layer."""
    shared = len(nodes) > 1
    title = type(layer).__name__
    if show_layer_names:
        title = f"<b>{html.escape(layer.name)}</b>: {title}"
    rows = [f"<tr><td colspan='{3 if shared else 2}'>{title}</td></tr>"]
    if show_shapes:
        rows.append(_row(["node"] * shared + ["input", "output"]))
        for node in nodes:
            given = node.output_shapes if node.is_input else node.input_shapes
            rows.append(_row([str(node.index)] * shared +
                             [html.escape(str(given)), html.escape(str(node.output_shapes))]))
    return ("<<table border='0' cellborder='1' cellspacing='0' cellpadding='4'>"
            + "".join(rows) + "</table>>")


def model_to_dot(model, show_shapes=True, show_layer_names=True, rankdir="TB"):
    """The model's graph as DOT text.

    Only layer names (unique within a model), classes and shapes go in, never object
    ids, so two identically built models give identical text: pictures can be compared.
    Raises ValueError for a model not built yet or a `rankdir` not in RANKDIRS.
    """
    arguments.one_of(rankdir, RANKDIRS, "rankdir")
    if not model.built:
        raise ValueError(NOT_BUILT)
    lines = ["digraph model {", f"  graph [rankdir={rankdir}, nodesep=0.5];",
             '  node [shape=plaintext, fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    layers = _drawn_layers(model)
    for layer in layers:
        label = _label(layer, _nodes_in(model, layer), show_shapes, show_layer_names)
        lines.append(f"  {_quote(layer.name)} [label={label}];")
    shared = {layer for layer in layers if len(_nodes_in(model, layer)) > 1}
    for layer in layers:
        for node in _nodes_in(model, layer):
            for tensor in node.input_tensors:
                source, source_node, _ = tensor.history
                ends = ([f"from node {source_node}"] if source in shared else []) + (
                    [f"into node {node.index}"] if layer in shared else [])
                edge_label = f' [label="{", ".join(ends)}"]' if ends else ""
                lines.append(f"  {_quote(source.name)} -> {_quote(layer.name)}{edge_label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def find_renderer():
    """The `graphviz-pure` program: on PATH, or beside this Python (a venv not activated)."""
    return (shutil.which(RENDERER)
            or shutil.which(RENDERER, path=os.path.dirname(sys.executable)))


def plot_model(model, to_file=None, show_shapes=True, show_layer_names=True, rankdir="TB",
               dpi=96):
    """Draw `model`, save it to `to_file` if given (`.png` or `.svg`), and return an image
    that a notebook displays. Without the renderer: print what to install, return None.

    Raises ValueError (before drawing or writing anything) for a model not built yet, a
    `to_file` of another format, a `rankdir` not in RANKDIRS or a `dpi` that is not a
    positive integer.
    """
    suffix = pathlib.Path(to_file).suffix.lower() if to_file else ".png"
    if suffix not in FORMATS:
        raise ValueError(f"The `to_file` argument must name a .png or .svg file (plot_model "
                         f"draws those formats). Received: to_file={str(to_file)!r}")
    arguments.positive_int(dpi, "dpi")
    dot = model_to_dot(model, show_shapes, show_layer_names, rankdir)
    program = find_renderer()
    if program is None:
        print(f"plot_model: the `{RENDERER}` program was not found. Install it with "
              f"`pip install {RENDERER}` (a Python wheel; no system Graphviz needed).")
        return None
    done = subprocess.run([program, f"-T{suffix[1:]}", f"-Gdpi={dpi}"], input=dot.encode(),
                          capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"{RENDERER} failed to draw model {model.name}:\n"
                           f"{done.stderr.decode(errors='replace')}")
    if to_file:
        pathlib.Path(to_file).write_bytes(done.stdout)
    try:
        from IPython.display import SVG, Image
    except ImportError:
        return to_file or done.stdout
    return SVG(data=done.stdout) if suffix == ".svg" else Image(data=done.stdout)
