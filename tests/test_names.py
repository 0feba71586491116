"""Names inside a model are unique, as in both Kerases.

A duplicate layer name is refused at `Model(...)`; an output layer used twice gets
`name_1` (Keras 2), so that no output's loss disappears from `History` or `evaluate`;
the same Input listed twice is refused; `get_layer` wants exactly one of name and index.
The oracle is Keras 2 (tf_keras), whose names fnapi follows; its messages are reused.
"""
import numpy as np
import pytest
import tf_keras

import fnapi


def test_a_duplicate_layer_name_is_refused_at_model():
    for lib in (fnapi, tf_keras):
        x = lib.Input((3,))
        y = lib.layers.Dense(2, name="same")(lib.layers.Dense(2, name="same")(x))
        with pytest.raises(ValueError, match='The name "same" is used 2 times in the model'):
            lib.Model(x, y)


def _twice(lib):
    x = lib.Input((3,))
    y = lib.layers.Dense(1, name="score")(x)
    return lib.Model(x, [y, y])


def test_an_output_used_twice_keeps_both_losses_in_history_and_evaluate():
    mine, keras_2 = _twice(fnapi), _twice(tf_keras)
    assert mine.output_names == keras_2.output_names == ["score", "score_1"]
    keras_2.set_weights(mine.get_weights())
    x, y = np.ones((4, 3), "float32"), [np.zeros((4, 1), "float32"), np.ones((4, 1), "float32")]
    mine.compile("sgd", "mse", loss_weights=[1.0, 0.5])
    keras_2.compile("sgd", "mse", loss_weights=[1.0, 0.5])
    ours = mine.evaluate(x, y, return_dict=True)
    theirs = keras_2.evaluate(x, y, return_dict=True, verbose=0)
    assert list(ours) == list(theirs) == ["loss", "score_loss", "score_1_loss"]
    np.testing.assert_allclose(list(ours.values()), list(theirs.values()), atol=1e-5)
    assert mine.metrics_names == keras_2.metrics_names
    history = mine.fit(x, y, verbose=0, epochs=2).history
    assert set(history) == {"loss", "score_loss", "score_1_loss"}


def test_the_same_input_twice_is_refused():
    x = fnapi.Input((3,))
    before = len(x.history[0]._outbound_nodes)
    with pytest.raises(ValueError, match="contains the same input multiple times"):
        fnapi.Model([x, x], fnapi.layers.Dense(1)(x))
    assert len(x.history[0]._outbound_nodes) == before + 1  # only the Dense call itself


@pytest.mark.parametrize("kwargs, match", [
    ({}, "Provide either a layer name or layer index at `get_layer`"),
    ({"name": "dense", "index": 0}, "Provide only a layer name or a layer index"),
    ({"index": 7}, "retrieve layer at index 7 but model .* only has 2 layers"),
    ({"name": "nope"}, "No such layer: nope"),
])
def test_get_layer_wants_exactly_one_of_name_and_index(kwargs, match):
    fnapi.utils.clear_session()
    x = fnapi.Input((3,))
    model = fnapi.Model(x, fnapi.layers.Dense(1)(x))
    with pytest.raises(ValueError, match=match):
        model.get_layer(**kwargs)
    assert model.get_layer("dense") is model.get_layer(index=1) is model.layers[1]
