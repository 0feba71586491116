"""save_weights / load_weights: plain NumPy arrays in an `.npz` file, never pickle.

Each array is stored under `layer_name/weight_name`. Saving writes a temporary file and
renames it, so an interrupted save never destroys the previous file. Loading reads and
checks every name and shape first, and only then assigns: on a mismatch nothing changes.
"""
import os
import tempfile
import zipfile

import numpy as np


def _named_weights(model):
    """{'dense/kernel': variable, ...} in the model's weight order, each weight once."""
    named, seen = {}, set()
    for layer in model.layers:
        for variable in layer.weights:
            if variable.ref() not in seen:
                seen.add(variable.ref())
                own_name = variable.name.split(":")[0].removeprefix(layer.name + "/")
                named[f"{layer.name}/{own_name}"] = variable
    return named


def save(model, path):
    arrays = {name: v.numpy() for name, v in _named_weights(model).items()}
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def load(model, path):
    named = _named_weights(model)
    try:
        with np.load(path, allow_pickle=False) as file:
            arrays = {name: file[name] for name in file.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"Cannot read weights from {path!r}: {error}. The model was not "
                         "changed.") from error
    for name, variable in named.items():
        if name not in arrays:
            raise ValueError(f"Weight file {path!r} has no array for {name!r} (it holds "
                             f"{sorted(arrays)[:5]}...). The model was not changed.")
        if arrays[name].shape != tuple(variable.shape):
            raise ValueError(f"Weight {name!r} has shape {tuple(variable.shape)} in model "
                             f"{model.name} but {arrays[name].shape} in {path!r}. The model "
                             "was not changed.")
    extra = sorted(set(arrays) - set(named))
    if extra:
        raise ValueError(f"Weight file {path!r} holds weights this model does not have: "
                         f"{extra[:5]}. The model was not changed.")
    for name, variable in named.items():
        variable.assign(arrays[name])
