"""Node indexing: every call of a layer is a node, numbered 0, 1, 2 ... in call order.

The guide's section 层「节点」的概念 (Keras 2's API, which Keras 3 dropped): with one node,
`layer.output` & co. are clear; with several only `get_output_at(i)` is, unless all
nodes agree on the shape asked for. Expected shapes come from the layers' shape rules
(units, 'same' padding), never from fnapi's own output.
"""
import numpy as np
import pytest

import fnapi
from fnapi.layers import LSTM, Concatenate, Conv2D, Dense, Input


def test_one_call_one_node():
    x = Input(shape=(7,))
    dense = Dense(3)
    y = dense(x)
    assert len(dense._inbound_nodes) == 1
    node = dense._inbound_nodes[0]
    assert node.layer is dense and node.index == 0
    assert node.input_tensors == [x] and node.output_tensors == [y]
    assert y.history == (dense, 0, 0)
    assert x.history[0]._outbound_nodes == [node]
    assert dense.input is x and dense.output is y
    assert dense.get_input_at(0) is x and dense.get_output_at(0) is y
    assert dense.input_shape == dense.get_input_shape_at(0) == (None, 7)
    assert dense.output_shape == dense.get_output_shape_at(0) == (None, 3)


def test_input_layer_input_is_its_output():
    x = Input(shape=(4, 2))
    layer = x.history[0]
    assert layer.input is x and layer.output is x
    assert layer.input_shape == layer.output_shape == (None, 4, 2)


def test_several_nodes_with_equal_shapes():
    a, b, c = (Input(shape=(5, 3)) for _ in range(3))
    lstm = LSTM(4)
    outputs = [lstm(a), lstm(b), lstm(c)]
    assert [node.index for node in lstm._inbound_nodes] == [0, 1, 2]
    for i, (given, made) in enumerate(zip([a, b, c], outputs)):
        assert lstm.get_input_at(i) is given and lstm.get_output_at(i) is made
        assert made.history == (lstm, i, 0)
    with pytest.raises(AttributeError, match="multiple inbound nodes"):
        lstm.output
    with pytest.raises(AttributeError, match="get_input_at"):
        lstm.input
    # All nodes agree on the shapes, so the layer's shapes are well defined.
    assert lstm.input_shape == (None, 5, 3)
    assert lstm.output_shape == (None, 4)


def test_several_nodes_with_different_shapes():
    """The guide's example: one Conv2D on 32x32 images, then on 64x64 ones."""
    a, b = Input(shape=(32, 32, 3)), Input(shape=(64, 64, 3))
    conv = Conv2D(16, (3, 3), padding="same")
    conv(a)
    assert conv.input_shape == (None, 32, 32, 3)
    conv(b)
    with pytest.raises(AttributeError, match=r'"conv2d\w*" has multiple inbound nodes.*'
                                             r"different input shapes"):
        conv.input_shape
    with pytest.raises(AttributeError, match="get_output_shape_at"):
        conv.output_shape
    assert conv.get_input_shape_at(0) == (None, 32, 32, 3)
    assert conv.get_input_shape_at(1) == (None, 64, 64, 3)
    assert conv.get_output_shape_at(0) == (None, 32, 32, 16)  # 'same' keeps height, width
    assert conv.get_output_shape_at(1) == (None, 64, 64, 16)


def test_multi_input_node_gives_lists():
    a, b = Input(shape=(2,)), Input(shape=(3,))
    merge = Concatenate()
    merge([a, b])
    assert merge.get_input_at(0) == [a, b]
    assert merge.input_shape == [(None, 2), (None, 3)]
    assert merge.output_shape == (None, 5)


@pytest.mark.parametrize("getter", ["get_input_at", "get_output_at", "get_input_shape_at",
                                    "get_output_shape_at"])
def test_bad_node_index_is_a_clear_error(getter):
    lstm = LSTM(2)
    lstm(Input(shape=(3, 1)))
    lstm(Input(shape=(3, 1)))
    with pytest.raises(ValueError, match=r"node 2.*only 2 inbound node.*0\.\.1"):
        getattr(lstm, getter)(2)
    with pytest.raises(ValueError, match=r"node 'x', .*valid indices: 0\.\.1"):
        getattr(lstm, getter)("x")


def test_never_called_layer_is_a_clear_error():
    dense = Dense(2, name="lonely")
    with pytest.raises(ValueError, match="lonely has never been called"):
        dense.get_output_at(0)
    with pytest.raises(AttributeError, match="lonely is not connected"):
        dense.output
    with pytest.raises(AttributeError, match="lonely has never been called"):
        dense.output_shape


def test_model_called_twice_has_two_nodes_and_one_set_of_weights():
    inputs = Input(shape=(4,))
    inner = fnapi.Model(inputs, Dense(2)(Dense(3)(inputs)))
    inner_nodes = [len(layer._inbound_nodes) for layer in inner.layers]
    a, b = Input(shape=(4,)), Input(shape=(4,))
    out_a, out_b = inner(a), inner(b)
    assert [node.index for node in inner._inbound_nodes] == [0, 1]
    assert inner.get_output_at(1) is out_b and out_a.shape == out_b.shape == (None, 2)
    # Calling a model adds nodes to the model only, not to the layers inside it.
    assert [len(layer._inbound_nodes) for layer in inner.layers] == inner_nodes
    outer = fnapi.Model([a, b], fnapi.layers.concatenate([out_a, out_b]))
    assert [id(w) for w in outer.weights] == [id(w) for w in inner.weights]
    assert outer.count_params() == inner.count_params() == (4 * 3 + 3) + (3 * 2 + 2)
    # Same weights at run time: equal inputs give equal halves, and new weights show up.
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    result = np.asarray(outer([x, x]))
    np.testing.assert_array_equal(result[:, :2], result[:, 2:])
    inner.set_weights([np.zeros_like(w) for w in inner.get_weights()])
    np.testing.assert_array_equal(np.asarray(outer([x, x])), np.zeros((5, 4)))
