"""Mistakes give clear errors, and a failed call changes nothing.

"Clear" means the message names what is wrong (which layer, what it expected, what it
got). "Changes nothing" means no half-made node in the graph and no weight modified.
"""
import numpy as np
import pytest

import fnapi
from fnapi.layers import LSTM, Conv2D, Dense, Input, add, concatenate


def test_built_layer_rejects_an_incompatible_input_and_adds_no_node():
    dense = Dense(3, name="scorer")
    dense(Input(shape=(4,)))
    kernel = dense.kernel
    for wrong, shown in [(Input(shape=(5,)), r"\(None, 5\)"),
                         (np.zeros((2, 5), "float32"), r"\(2, 5\)")]:
        with pytest.raises(ValueError, match=rf'layer "scorer" is incompatible.*axis -1 .*value 4.*{shown}'):
            dense(wrong)
    assert len(dense._inbound_nodes) == 1
    assert dense.weights[0] is kernel and tuple(kernel.shape) == (4, 3)


def test_rank_and_channel_checks_name_the_layer():
    conv = Conv2D(2, (3, 3), name="edges")
    conv(Input(shape=(8, 8, 3)))
    with pytest.raises(ValueError, match=r'layer "edges" is incompatible.*axis -1 .*value 3.*\(None, 8, 8, 1\)'):
        conv(Input(shape=(8, 8, 1)))
    with pytest.raises(ValueError, match=r'layer "edges" is incompatible.*ndim=4.*\(None, 8, 3\)'):
        conv(Input(shape=(8, 3)))
    assert len(conv._inbound_nodes) == 1


def test_failed_first_call_does_not_tie_the_layer_to_the_wrong_input():
    lstm = LSTM(4, name="reader")
    with pytest.raises(ValueError, match=r'layer "reader" is incompatible.*expected ndim=3.*\(None, 5\)'):
        lstm(Input(shape=(5,)))
    assert lstm.weights == [] and not lstm.built and lstm._inbound_nodes == []
    out = lstm(Input(shape=(7, 3)))  # the first *good* call decides the weights
    assert out.shape == (None, 4)
    assert [tuple(w.shape) for w in lstm.weights] == [(3, 16), (4, 16), (16,)]


def test_concatenate_of_mismatched_shapes():
    a, b = Input(shape=(3, 4)), Input(shape=(5, 4))
    with pytest.raises(ValueError, match=r"Concatenate` layer requires inputs with matching shapes.*\(None, 3, 4\).*\(None, 5, 4\)"):
        concatenate([a, b])
    assert a.history[0]._outbound_nodes == [] and b.history[0]._outbound_nodes == []
    assert concatenate([a, b], axis=1).shape == (None, 8, 4)  # along the axis that differs


def test_add_of_different_shapes():
    a, b = Input(shape=(3,)), Input(shape=(4,))
    with pytest.raises(ValueError, match=r"Inputs have incompatible shapes.*\(3,\) and \(4,\).*layer add"):
        add([a, b])
    assert a.history[0]._outbound_nodes == []
    with pytest.raises(ValueError, match="merge layer should be called on a list"):
        add(a)


def _built_dense():
    dense = Dense(2, name="head")
    dense(Input(shape=(3,)))
    return dense, [w.copy() for w in dense.get_weights()]


def test_set_weights_with_wrong_count_keeps_old_weights():
    dense, before = _built_dense()
    with pytest.raises(ValueError, match=r"head expects 2 weight arrays .*kernel.*bias.*got 1"):
        dense.set_weights([np.ones((3, 2))])
    for kept, old in zip(dense.get_weights(), before):
        np.testing.assert_array_equal(kept, old)


def test_set_weights_with_wrong_shape_keeps_old_weights():
    dense, before = _built_dense()
    # The kernel is right, the bias is not: nothing may be assigned, not even the kernel.
    with pytest.raises(ValueError, match=r"head/bias.*\(2,\).*\(3,\).*No weight was changed"):
        dense.set_weights([np.ones((3, 2)), np.ones(3)])
    for kept, old in zip(dense.get_weights(), before):
        np.testing.assert_array_equal(kept, old)


def test_get_output_at_out_of_range():
    dense, _ = _built_dense()
    with pytest.raises(ValueError, match=r"node 1, but layer head has only 1 inbound node"):
        dense.get_output_at(1)


def test_disconnected_graph_names_the_missing_input_and_who_needs_it():
    a, b = Input(shape=(2,), name="left"), Input(shape=(2,), name="right")
    y = Dense(1)(concatenate([a, b], name="join"))
    with pytest.raises(ValueError) as error:
        fnapi.Model(a, y)
    message = str(error.value)
    assert message.startswith("Graph disconnected")
    assert '"right"' in message and '"join"' in message
    assert "left" not in message


def _two_input_model():
    main = Input(shape=(3,), name="main_input")
    aux = Input(shape=(2,), name="aux_input")
    return fnapi.Model([main, aux], Dense(1)(concatenate([main, aux])))


@pytest.mark.parametrize("run", ["call", "predict"])
def test_dict_with_a_missing_input_lists_expected_names(run):
    model = _two_input_model()
    data = {"main_input": np.zeros((2, 3), "float32")}
    expected = r"\['main_input', 'aux_input'\].*missing: \['aux_input'\]"
    with pytest.raises(ValueError, match=expected):
        model(data) if run == "call" else model.predict(data)


def test_wrong_number_of_inputs_and_wrong_input_shape():
    model = _two_input_model()
    with pytest.raises(ValueError, match=r"2 input\(s\) \['main_input', 'aux_input'\], got 1"):
        model(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match=r"'aux_input' of model \w+ expects shape \(None, 2\)"):
        model([Input(shape=(3,)), Input(shape=(4,))])
    assert model._inbound_nodes == []


def test_symbolic_and_real_values_do_not_mix():
    x = Input(shape=(2,))
    with pytest.raises(TypeError, match="mix of symbolic tensors"):
        concatenate([x, np.zeros((1, 2), "float32")])
    with pytest.raises(TypeError, match="no value yet"):
        bool(x)
