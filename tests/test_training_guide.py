"""The guide's training code runs verbatim on fnapi (`keras` replaced by `fnapi`).

`guide.py` reads the code blocks from `lessons/guide_zh.md`; with `RUN_TRAINING` on they
keep their compile / fit / predict lines. The guide leaves some data to the reader
(`data`, `labels`, `data_a`, ...): those are small random arrays of the right shapes.
"""
import numpy as np
import pytest

import guide


@pytest.fixture(autouse=True)
def with_training(monkeypatch):
    monkeypatch.setattr(guide, "RUN_TRAINING", True)


def run_blocks(key, ns):
    """Run the section's blocks one by one; -> [(code, value of a bare expression)]."""
    results = []
    for code in guide.code_blocks(key):
        try:
            value = eval(compile(code, f"<guide {key}>", "eval"), ns)
        except SyntaxError:
            exec(compile(code, f"<guide {key}>", "exec"), ns)
            value = None
        results.append((code, value, ns["model"].history.history
                        if ".fit(" in code else None))
    return results


def assert_learned(history, keys, epochs):
    assert sorted(history) == sorted(keys)
    assert all(len(values) == epochs and np.isfinite(values).all()
               for values in history.values())
    assert history["loss"][-1] < history["loss"][0]


def test_multi_input_multi_output_section(capsys):
    """Both compile forms (one loss string with loss_weights=[1., 0.2]; dicts), both fit
    forms (lists; dicts), predict with a dict and with a list."""
    ns = guide.namespace("multi_io")
    results = run_blocks("multi_io", ns)
    fits = [history for _, _, history in results if history is not None]
    assert len(fits) == 2
    for history in fits:
        assert_learned(history, ["loss", "main_output_loss", "aux_output_loss"], epochs=50)
        # 12 samples, batches of 32: one batch per epoch, so the weights show exactly.
        np.testing.assert_allclose(history["loss"], np.add(history["main_output_loss"], np.multiply(
            0.2, history["aux_output_loss"])), rtol=1e-5, atol=1e-6)
    assert fits[1]["loss"][0] < fits[0]["loss"][0]   # the second fit goes on from the first
    by_dict = next(value for code, value, _ in results if "model.predict({" in code)
    by_list = ns["pred"]
    for prediction in (by_dict, by_list):
        assert isinstance(prediction, list) and len(prediction) == 2
        assert all(p.shape == (12, 1) and ((p >= 0) & (p <= 1)).all() for p in prediction)
    for a, b in zip(by_dict, by_list):
        np.testing.assert_array_equal(a, b)
    assert capsys.readouterr().out.count("Epoch 50/50") == 2    # verbose=1 by default


def test_mlp_section():
    ns = guide.namespace("dense")
    rng = np.random.default_rng(0)
    ns["data"] = rng.random((40, 784))
    ns["labels"] = np.eye(10)[rng.integers(0, 10, 40)]
    guide.run("dense", ns=ns)
    history = ns["model"].history.history
    assert sorted(history) == ["accuracy", "loss"] and len(history["loss"]) == 1
    assert 0 <= history["accuracy"][0] <= 1 and np.isfinite(history["loss"][0])
    # Then the model is used as a layer: the next section of the guide still runs.
    for code in guide.code_blocks("model_as_layer"):
        exec(code, ns)
    assert ns["processed_sequences"].shape == (None, 20, 10)


def test_shared_lstm_section():
    ns = guide.namespace("shared_lstm")
    rng = np.random.default_rng(0)
    ns["data_a"], ns["data_b"] = rng.random((4, 280, 256)), rng.random((4, 280, 256))
    ns["labels"] = np.array([[0], [1], [1], [0]])
    guide.run("shared_lstm", ns=ns)
    assert_learned(ns["model"].history.history, ["loss", "accuracy"], epochs=10)


def test_shared_vision_section():
    """The guide stops at the model; train it briefly. The vision model's weights, used by
    both branches, are the ones that learn."""
    ns = guide.run("shared_vision")
    model, vision = ns["classification_model"], ns["vision_model"]
    before = vision.get_weights()
    rng = np.random.default_rng(0)
    images = [rng.random((6, 27, 27, 1)), rng.random((6, 27, 27, 1))]
    labels = rng.integers(0, 2, (6, 1))
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(images, labels, epochs=3, batch_size=4, verbose=0).history
    assert_learned(history, ["loss", "accuracy"], epochs=3)
    assert all(not np.array_equal(a, b) for a, b in zip(before, vision.get_weights()))
    assert model.predict(images).shape == (6, 1)
