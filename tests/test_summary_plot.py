"""summary() and plot_model() on every model of the guide, nested and shared ones included.

The summary is checked against tf_keras's (Keras 2, whose summary the guide's readers
know): same rows in the same order, same `layer[node][tensor]` connections, same totals.
The plot is checked through its DOT text (one box per layer, node indices on the arrows
into a shared layer) and through the image that comes back.
"""
import re
import sys

import pytest

import fnapi
import guide
from fnapi.utils import plot

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _model(key, name="model"):
    return guide.run(key)[name]


def _rows(text):
    """(name, class) of each layer row; the header `Layer (type)` is not a layer."""
    return [(name, "Model" if cls == "Functional" else cls)
            for name, cls in re.findall(r"^\s*(\w+) \((\w+)\)", text, re.M)][1:]


def _links(text):
    return re.findall(r"\w+\[\d+\]\[\d+\]", text)


def _totals(text):
    return [int(n.replace(",", "")) for n in re.findall(r"params: ([\d,]+)", text)]


def test_summary_matches_keras_2(section, oracle):
    keras_2 = oracle(section.key, "tf_keras").summaries
    assert section.models and list(section.models) == list(keras_2)
    for name, model in section.models.items():
        ours, theirs = guide.summary_text(model), keras_2[name]
        assert ours.startswith(f'Model: "{model.name}"')
        assert _rows(ours) == _rows(theirs) and len(_rows(ours)) == len(model.layers)
        assert _links(ours) == _links(theirs), name
        assert _totals(ours) == _totals(theirs) and _totals(ours)[0] > 0


def test_summary_of_a_shared_layer_shows_each_call():
    text = guide.summary_text(_model("shared_lstm"))
    concatenate_row = text[text.index("concatenate (Concatenate)"):text.index("dense (Dense)")]
    assert _links(concatenate_row) == ["lstm[0][0]", "lstm[1][0]"]


def _boxes(dot):
    return re.findall(r'^  "([^"]+)" \[label=<', dot, re.M)


def test_plot_every_guide_model(section):
    assert section.models
    for name, model in section.models.items():
        dot = fnapi.utils.model_to_dot(model)
        drawn = {t.history[0].name for t in model.inputs} | {layer.name for layer in model.layers}
        assert sorted(_boxes(dot)) == sorted(drawn), name  # one box per layer
        image = fnapi.utils.plot_model(model)
        assert image.data.startswith(PNG_MAGIC), name


def test_shared_layer_box_lists_each_node_and_arrows_say_which():
    dot = fnapi.utils.model_to_dot(_model("shared_lstm"))
    assert re.findall(r'^  "(\w+)" -> "lstm" \[label="into node (\d)"\];', dot, re.M) == [
        ("input_1", "0"), ("input_2", "1")]
    assert re.findall(r'"lstm" -> "concatenate" \[label="from node (\d)"\];', dot) == ["0", "1"]
    box = re.search(r'^  "lstm" \[label=(.*)\];$', dot, re.M).group(1)
    assert box.count("(None, 280, 256)") == 2 and box.count("(None, 64)") == 2
    assert '"concatenate" -> "dense";' in dot  # a layer called once: no node label


def test_nested_shared_model_is_one_box():
    dot = fnapi.utils.model_to_dot(_model("shared_vision", "classification_model"))
    assert "conv2d" not in dot and _boxes(dot).count("model") == 1
    assert re.findall(r'-> "model" \[label="into node (\d)"\]', dot) == ["0", "1"]
    assert re.findall(r'"model" -> "concatenate" \[label="from node (\d)"\]', dot) == ["0", "1"]


def test_identically_built_models_give_identical_dot():
    first = guide.run("shared_vision")["classification_model"]
    second = guide.run("shared_vision")["classification_model"]  # clears names first
    assert first is not second
    assert fnapi.utils.model_to_dot(first) == fnapi.utils.model_to_dot(second)
    assert fnapi.utils.model_to_dot(first) != fnapi.utils.model_to_dot(first, rankdir="LR")


def test_options_shape_the_dot():
    model = _model("dense")
    assert "rankdir=LR" in fnapi.utils.model_to_dot(model, rankdir="LR")
    assert "(None, 784)" not in fnapi.utils.model_to_dot(model, show_shapes=False)
    unnamed = fnapi.utils.model_to_dot(model, show_layer_names=False)
    assert "<b>" not in unnamed and "Dense" in unnamed


def test_plot_to_files(tmp_path):
    model = _model("multi_io")
    svg = fnapi.utils.plot_model(model, to_file=tmp_path / "model.svg")
    assert type(svg).__name__ == "SVG" and "main_output" in svg.data
    assert b"<svg" in (tmp_path / "model.svg").read_bytes()
    png = fnapi.utils.plot_model(model, to_file=str(tmp_path / "model.png"), dpi=48)
    assert (tmp_path / "model.png").read_bytes() == png.data and png.data.startswith(PNG_MAGIC)
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        fnapi.utils.plot_model(model, to_file=tmp_path / "model.pdf")


def test_without_ipython_the_bytes_or_the_path_come_back(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    model = _model("dense")
    assert fnapi.utils.plot_model(model).startswith(PNG_MAGIC)
    target = tmp_path / "model.png"
    assert fnapi.utils.plot_model(model, to_file=target) == target


def test_without_renderer_a_message_and_none(monkeypatch, capsys):
    monkeypatch.setattr(plot, "find_renderer", lambda: None)
    assert fnapi.utils.plot_model(_model("dense")) is None
    assert "pip install graphviz-pure" in capsys.readouterr().out
