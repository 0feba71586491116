"""The `.keras` file: Keras 3's format, a zip of three members.

- `config.json`: the model as data (`serialization.serialize_model`): layers, graph,
  compile settings;
- `metadata.json`: the format's Keras version, the date, and fnapi's version;
- `model.weights.h5`: every weight and the optimizer's state (`weights_h5`).

Python's `zipfile`, `json` and `h5py` read and write it: no pickle, no code. Saving goes
to a temporary file that replaces the target only when complete, so a failed save leaves
no partial file and an existing file intact. Loading reads and checks everything before
it builds the model, and says which member or weight is wrong.
"""
import datetime
import io
import json
import os
import tempfile
import zipfile

import h5py

from fnapi import __version__
from fnapi.models.model import require_built
from fnapi.saving import weights_h5
from fnapi.saving.serialization import deserialize_model, serialize_model

KERAS_FORMAT_VERSION = "3.15.1"  # the Keras release whose format is written
MEMBERS = ("metadata.json", "config.json", "model.weights.h5")


def save_model(model, filepath, overwrite=True):
    """Write `model` (graph, weights, compile state) to `filepath`, which must end in
    `.keras`. Raises ValueError for another suffix, an unbuilt model or an existing file
    with `overwrite=False`; the target is untouched by any failure."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError("The filename must end in `.keras` (Keras 3's format). Received: "
                         f"filepath={filepath}")
    require_built(model)
    if os.path.exists(filepath) and not overwrite:
        raise ValueError(f"{filepath} already exists and overwrite=False.")
    config = json.dumps(serialize_model(model))
    metadata = json.dumps({"keras_version": KERAS_FORMAT_VERSION, "fnapi_version": __version__,
                           "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})
    weights = io.BytesIO()
    with h5py.File(weights, "w") as h5file:
        weights_h5.write(model, h5file, getattr(model, "optimizer", None)
                         if hasattr(model, "compile_arguments") else None)
    directory = os.path.dirname(os.path.abspath(filepath))
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".keras.tmp")
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            archive.writestr("metadata.json", metadata)
            archive.writestr("config.json", config)
            archive.writestr("model.weights.h5", weights.getvalue())
        os.replace(temporary, filepath)
    except BaseException:
        os.unlink(temporary)
        raise


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model saved in a `.keras` file (by fnapi or by Keras 3), with its weights and,
    if `compile`, its compile state and optimizer, so that training resumes exactly.

    `custom_objects` maps class or function names to a learner's own classes/functions.
    Raises ValueError for a file that is not a `.keras` zip, a missing member, unknown or
    code-bearing classes (`safe_mode`), and missing or misshapen weights."""
    filepath = os.fspath(filepath)
    members = _read_members(filepath)
    try:
        config, metadata = json.loads(members["config.json"]), json.loads(
            members["metadata.json"])
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{filepath}: config.json or metadata.json is not valid JSON "
                         f"({error}).") from error
    model = deserialize_model(config, custom_objects, compile, safe_mode,
                              keep_training="fnapi_version" in metadata)
    _load_weights(model, filepath, members, with_optimizer=compile)
    return model


def load_weights_of_model_file(model, filepath):
    """`model.load_weights("x.keras")`: the weights stored in a `.keras` file, as Keras 3
    loads them; read and checked first, so on any error the model is unchanged."""
    _load_weights(model, filepath, _read_members(filepath), with_optimizer=False)


def _load_weights(model, filepath, members, with_optimizer):
    try:
        with h5py.File(io.BytesIO(members["model.weights.h5"]), "r") as h5file:
            source = f"{filepath} (model.weights.h5)"
            pairs = weights_h5.read(model, h5file, source)
            if with_optimizer and hasattr(model, "compile_arguments") and \
                    "optimizer" in h5file:
                model.optimizer.build(model.trainable_weights)
                pairs += weights_h5.read_optimizer(model.optimizer, h5file, source)
    except OSError as error:
        raise ValueError(f"{filepath}: model.weights.h5 is not a readable HDF5 file "
                         f"({error}).") from error
    weights_h5.assign(pairs)


def _read_members(filepath):
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath}. Please ensure the file is an "
                         "accessible `.keras` zip file.")
    with open(filepath, "rb") as file:
        if file.read(8) == b"\x89HDF\r\n\x1a\n":
            raise ValueError(f"{filepath} is a legacy HDF5 model file (Keras 2's "
                             "`model.save('name.h5')`), which fnapi does not read. Open it in "
                             "Keras 2 and save it as `name.keras` (its zip format), or save "
                             "and load only the weights (`.weights.h5`).")
    try:
        with zipfile.ZipFile(filepath) as archive:
            missing = [m for m in MEMBERS if m not in archive.namelist()]
            if missing:
                raise ValueError(f"{filepath} is not a complete `.keras` file: it lacks "
                                 f"{missing} (it holds {archive.namelist()}).")
            return {m: archive.read(m) for m in MEMBERS}
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as error:
        raise ValueError(f"{filepath} is not a valid `.keras` file (a zip archive): {error}. "
                         "It may be truncated or corrupt.") from error

