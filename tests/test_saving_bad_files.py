"""Bad and crafted files: each refused with a clear ValueError, nothing changed, no code run.

A truncated or corrupt zip, a missing member, broken JSON, an HDF5 file with missing or
misshapen arrays, a config whose graph is inconsistent, an unknown class (the message
names it and points to `custom_objects`), a Lambda (refused in safe mode, and never run
outside it), and a config that names a module of code to import: loading imports and runs
nothing. A model loaded into (`load_weights`) is left unchanged by every failure.
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np
import pytest

import fnapi
import twins


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "good.keras"
    model = twins.shared_vision(fnapi)
    model.compile("adam", "binary_crossentropy")
    xs, ys = twins.sample_data(model, 4, np.random.default_rng(0))
    model.fit(xs, ys, verbose=0)  # so that the optimizer's state is in the file
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return path, members


def _write(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _edit_config(members, change):
    config = json.loads(members["config.json"])
    change(config)
    return {**members, "config.json": json.dumps(config)}


def _edit_weights(members, change):
    buffer = io.BytesIO(members["model.weights.h5"])
    with h5py.File(buffer, "a") as h5file:
        change(h5file)
    return {**members, "model.weights.h5": buffer.getvalue()}


def _replace(path, data):
    path.write_bytes(data)
    return path


def _layers(config):
    return config["config"]["layers"]


CASES = {
    "truncated zip": (lambda p, m: _replace(p, p.read_bytes()[:300]),
                      "not a valid `.keras` file"),
    "not a zip": (lambda p, m: _replace(p, b"hello, I am not a zip"),
                  "not a valid `.keras` file"),
    "missing member": (lambda p, m: _write(p, {k: v for k, v in m.items()
                                               if k != "model.weights.h5"}),
                       r"lacks \['model.weights.h5'\]"),
    "broken json": (lambda p, m: _write(p, {**m, "config.json": b"{not json"}),
                    "not valid JSON"),
    "missing array": (lambda p, m: _write(p, _edit_weights(
        m, lambda f: f.__delitem__("layers/dense/vars/1"))), r"no weights for dense.*bias"),
    "misshapen array": (lambda p, m: _write(p, _edit_weights(m, lambda f: (
        f.__delitem__("layers/dense/vars/0"),
        f.create_dataset("layers/dense/vars/0", data=np.zeros((3, 1)))))),
        r"kernel.*shape \(32, 1\) in model .* but \(3, 1\) in .*The model was not changed"),
    "unknown layer referenced": (lambda p, m: _write(p, _edit_config(m, lambda c: _layers(c)[
        -1]["inbound_nodes"][0]["args"][0]["config"]["keras_history"].__setitem__(0, "ghost"))),
        "Invalid functional model configuration.*ghost"),
    "a loop": (lambda p, m: _write(p, _edit_config(m, lambda c: _layers(c)[3]["inbound_nodes"][0][
        "args"][0][0]["config"].__setitem__("keras_history", [_layers(c)[-1]["name"], 0, 0]))),
        "Invalid functional model configuration.*never made"),
    "duplicate names": (lambda p, m: _write(p, _edit_config(
        m, lambda c: _layers(c)[-1].__setitem__("name", _layers(c)[0]["name"]))),
        "appears twice"),
    "unknown class": (lambda p, m: _write(p, _edit_config(m, lambda c: _layers(c)[-1].update(
        class_name="MyOwnLayer", module="my_course.layers"))),
        r"Could not locate class 'MyOwnLayer'.*custom_objects"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_clearly(case, saved):
    path, members = saved
    spoil, message = CASES[case]
    with pytest.raises(ValueError, match=message):
        fnapi.models.load_model(spoil(path, members))


def test_load_weights_from_a_bad_file_changes_nothing(saved, tmp_path):
    path, members = saved
    _write(path, _edit_weights(members, lambda f: f.__delitem__("layers/dense/vars/1")))
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "bad.weights.h5").write_bytes(archive.read("model.weights.h5"))
    model = twins.shared_vision(fnapi)
    before = [w.numpy().copy() for w in model.weights]
    for bad in (tmp_path / "bad.weights.h5", path):
        with pytest.raises(ValueError, match="no weights for|not a readable HDF5"):
            model.load_weights(bad if bad.suffix == ".h5" else tmp_path / "x.weights.h5")
    for old, w in zip(before, model.weights):
        np.testing.assert_array_equal(old, w.numpy())


def test_a_lambda_is_refused_in_safe_mode_and_never_run_outside_it(saved, tmp_path):
    path, members = saved
    lam = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
           "config": {"name": "evil", "function": {"class_name": "__lambda__", "config": {
               "code": "4wAAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAdABkAYMBUwApAk4=",
               "defaults": None, "closure": None}}}, "name": "evil", "inbound_nodes": []}
    _write(path, _edit_config(members, lambda c: _layers(c).append(lam)))
    with pytest.raises(ValueError, match="arbitrary code execution.*safe_mode"):
        fnapi.models.load_model(path)
    with pytest.raises(ValueError, match="never runs code from a file"):
        fnapi.models.load_model(path, safe_mode=False)


def test_loading_a_crafted_config_imports_and_runs_nothing(saved, tmp_path, monkeypatch):
    """A module on the path that would leave a mark if imported, named by the file."""
    marker = tmp_path / "ran"
    (tmp_path / "fnapi_crafted_payload.py").write_text(
        f"open({str(marker)!r}, 'w').write('imported')\nclass Payload: pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    path, members = saved
    crafted = [
        lambda c: _layers(c)[-1].update(module="fnapi_crafted_payload", class_name="Payload"),
        lambda c: c.update(module="fnapi_crafted_payload", class_name="Payload"),
        lambda c: _layers(c)[-1]["config"].update(activation={
            "module": "fnapi_crafted_payload", "class_name": "function", "config": "Payload",
            "registered_name": None}),
        lambda c: c["compile_config"].update(loss={
            "module": "fnapi_crafted_payload", "class_name": "function", "config": "Payload",
            "registered_name": "fnapi_crafted_payload>Payload"}),
    ]
    for change in crafted:
        _write(path, _edit_config(members, change))
        with pytest.raises(ValueError):
            fnapi.models.load_model(path)
    assert not marker.exists() and "fnapi_crafted_payload" not in sys.modules


@pytest.mark.parametrize("filename", ["model.keras", "model.weights.h5"])
def test_a_name_keras3_cannot_read_is_refused_before_any_file_is_written(tmp_path, filename):
    """Keras 2 allows '/' in a layer name; Keras 3's formats make names paths and refuse it."""
    x = fnapi.Input((3,))
    inner = fnapi.models.Model(x, fnapi.layers.Dense(2, name="head/dense")(x))
    outer_input = fnapi.Input((3,))
    model = fnapi.models.Model(outer_input, inner(outer_input))
    path = tmp_path / filename
    save = model.save if filename.endswith(".keras") else model.save_weights
    with pytest.raises(ValueError, match="'head/dense' contains '/'"):
        save(path)
    assert list(tmp_path.iterdir()) == []


def test_a_keras_file_renamed_npz_is_named_for_what_it_is(saved, tmp_path):
    path, _ = saved
    renamed = tmp_path / "weights.npz"
    renamed.write_bytes(path.read_bytes())
    with pytest.raises(ValueError, match="is a `.keras` model file"):
        twins.shared_vision(fnapi).load_weights(renamed)
