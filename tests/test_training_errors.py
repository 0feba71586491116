"""Bad input to the training methods gets a clear error, and changes nothing: the
weights (and the optimizer's step count) are the same before and after the error.
Weight files are written atomically and read without pickle."""
import os
import zipfile

import numpy as np
import pytest

import fnapi
import twins


@pytest.fixture
def model():
    fnapi.utils.set_random_seed(0)
    m = twins.two_heads(fnapi)
    m.compile(fnapi.optimizers.SGD(learning_rate=0.1),
              loss=["binary_crossentropy", "categorical_crossentropy"], metrics=["accuracy"])
    return m


@pytest.fixture
def arrays(model):
    return twins.sample_data(model, 10, np.random.default_rng(0))


def state(model):
    steps = getattr(getattr(model, "optimizer", None), "iterations", None)
    return model.get_weights(), None if steps is None else int(steps.numpy())


def assert_unchanged(model, before):
    weights, steps = state(model)
    assert steps == before[1]
    for a, b in zip(weights, before[0], strict=True):
        np.testing.assert_array_equal(a, b)


def raises_and_keeps(model, error, match, call):
    before = state(model)
    with pytest.raises(error, match=match):
        call()
    assert_unchanged(model, before)


def test_fit_evaluate_before_compile():
    m = twins.two_heads(fnapi)
    xs, ys = twins.sample_data(m, 4, np.random.default_rng(0))
    for method in (m.fit, m.evaluate, m.train_on_batch, m.test_on_batch):
        raises_and_keeps(m, RuntimeError, r"compile", lambda: method(xs, ys))


def test_a_dict_missing_an_input_names_the_expected_inputs(model, arrays):
    (a, b), ys = arrays
    raises_and_keeps(model, ValueError, r"\['a', 'b'\].*missing: \['b'\]",
                     lambda: model.fit({"a": a}, ys, verbose=0))
    raises_and_keeps(model, ValueError, r"unexpected: \['c'\]",
                     lambda: model.fit({"a": a, "b": b, "c": b}, ys, verbose=0))
    raises_and_keeps(model, ValueError, r"missing: \['b'\]", lambda: model.predict({"a": a}))


def test_a_dict_missing_an_output_names_the_expected_outputs(model, arrays):
    xs, (y1, _) = arrays
    raises_and_keeps(model, ValueError, r"\['o1', 'o2'\].*missing: \['o2'\]",
                     lambda: model.fit(xs, {"o1": y1}, verbose=0))
    raises_and_keeps(model, ValueError, r"missing: \['o2'\]",
                     lambda: model.evaluate(xs, {"o1": y1}))


def test_arrays_of_different_lengths(model, arrays):
    (a, b), (y1, y2) = arrays
    raises_and_keeps(model, ValueError, r"same number of samples",
                     lambda: model.fit([a, b[:9]], [y1, y2], verbose=0))
    raises_and_keeps(model, ValueError, r"same number of samples",
                     lambda: model.train_on_batch([a, b], [y1[:9], y2]))


def test_wrong_number_of_arrays(model, arrays):
    (a, b), (y1, y2) = arrays
    raises_and_keeps(model, ValueError, r"2 input\(s\).*1 input array",
                     lambda: model.fit([a], [y1, y2], verbose=0))
    raises_and_keeps(model, ValueError, r"2 output\(s\).*3 target array",
                     lambda: model.fit([a, b], [y1, y2, y2], verbose=0))


def test_an_input_of_the_wrong_shape(model, arrays):
    (a, b), ys = arrays
    raises_and_keeps(model, ValueError, r"'b'.*\(10, 4\)",
                     lambda: model.fit([a, np.ones((10, 4))], ys, verbose=0))


def test_a_target_that_does_not_fit_its_output(model, arrays):
    xs, (y1, y2) = arrays
    raises_and_keeps(model, ValueError, r"'o1'.*\(10, 3\)",
                     lambda: model.fit(xs, [y2, y2], verbose=0))
    raises_and_keeps(model, ValueError, r"'o2'",
                     lambda: model.evaluate(xs, [y1, y2[:, :2]]))


@pytest.mark.parametrize("arguments, names", [
    (dict(optimizer="adamw"), r"'adam'.*'rmsprop'.*'sgd'"),
    (dict(loss="binary_crossentropyy"), r"'binary_crossentropy'"),
    (dict(loss={"o1": "mse", "o3": "mse"}), r"\['o3'\].*\['o1', 'o2'\]"),
    (dict(metrics=["acuracy"]), r"'accuracy'"),
])
def test_unknown_names_in_compile_list_the_valid_ones(model, arrays, arguments, names):
    """The error comes at compile (or at the latest before the first step), and the model
    keeps what it was compiled with before."""
    optimizer = model.optimizer
    arguments = {"optimizer": "sgd", "loss": "mse", **arguments}
    raises_and_keeps(model, ValueError, names, lambda: (model.compile(**arguments),
                                                        model.fit(*arrays, verbose=0)))
    if "metrics" not in arguments:  # a compile that failed left the previous one in place
        assert model.optimizer is optimizer
        assert sorted(model.fit(*arrays, verbose=0).history) == sorted(
            ["loss", "o1_loss", "o2_loss", "o1_accuracy", "o2_accuracy"])


# --- weight files ------------------------------------------------------------------------
def other_model():
    inputs = fnapi.Input(shape=(5,))
    return fnapi.Model(inputs, fnapi.layers.Dense(2)(inputs))


def test_load_weights_of_another_model_changes_nothing(model, tmp_path):
    path = str(tmp_path / "other.npz")
    other_model().save_weights(path)
    raises_and_keeps(model, ValueError, r"not changed", lambda: model.load_weights(path))


def test_load_weights_with_a_wrong_shape_changes_nothing(model, tmp_path):
    path = str(tmp_path / "weights.npz")
    model.save_weights(path)
    with np.load(path) as file:
        arrays = dict(file)
    name = next(iter(arrays))
    arrays[name] = np.zeros(arrays[name].shape + (1,), "float32")
    np.savez(path, **arrays)
    raises_and_keeps(model, ValueError, r"shape.*not changed", lambda: model.load_weights(path))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "missing"])
def test_load_weights_of_a_damaged_file_changes_nothing(model, tmp_path, damage):
    path = tmp_path / "weights.npz"
    model.save_weights(str(path))
    content = path.read_bytes()
    assert zipfile.is_zipfile(path)
    if damage == "truncated":
        path.write_bytes(content[: len(content) // 2])
    elif damage == "garbage":
        path.write_bytes(bytes(range(256)) * 8)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    model.set_weights([w + 1 for w in model.get_weights()])  # a good load would now show
    raises_and_keeps(model, ValueError, r"not changed", lambda: model.load_weights(str(path)))


def test_save_weights_is_atomic_and_loads_back_exactly(model, arrays, tmp_path, monkeypatch):
    path = tmp_path / "weights.npz"
    model.save_weights(str(path))
    saved_bytes, saved_weights = path.read_bytes(), model.get_weights()
    model.fit(*arrays, verbose=0)
    real_savez = np.savez

    def fail_midway(file, **arrays):
        file.write(b"PK\x03\x04 half a file")
        raise OSError("disk full")
    monkeypatch.setattr(np, "savez", fail_midway)
    with pytest.raises(OSError, match="disk full"):
        model.save_weights(str(path))
    monkeypatch.setattr(np, "savez", real_savez)
    assert path.read_bytes() == saved_bytes          # the previous file survived whole
    assert os.listdir(tmp_path) == ["weights.npz"]    # and no temporary file is left over
    model.load_weights(str(path))
    for a, b in zip(model.get_weights(), saved_weights, strict=True):
        np.testing.assert_array_equal(a, b)


UNPICKLED = []


def _record_unpickling():
    UNPICKLED.append(True)
    return 0


class Trap:
    """Unpickling this calls `_record_unpickling`: proof that pickle ran."""

    def __reduce__(self):
        return _record_unpickling, ()


def test_load_weights_never_unpickles(model, tmp_path):
    path = str(tmp_path / "weights.npz")
    model.save_weights(path)
    with np.load(path) as file:
        arrays = dict(file)
    name = next(iter(arrays))
    arrays[name] = np.array([Trap()] * arrays[name].size, dtype=object)
    np.savez(path, **arrays)
    raises_and_keeps(model, ValueError, r"not changed", lambda: model.load_weights(path))
    assert UNPICKLED == []
