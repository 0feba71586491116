"""save_weights / load_weights: plain NumPy arrays in an `.npz` file, never pickle.

Each array is stored at its structural path (`layers/dense_1/vars/0`, see
`Layer._weight_paths`), so a file saved from one model loads into a freshly built model
of the same architecture, whose automatic names differ (`dense_3` vs `dense`): weights
are matched by position and class, as Keras does, never by automatic names. Saving
writes a temporary file and renames it, so an interrupted save never destroys the
previous file. Loading reads and checks every path and shape first, and only then
assigns: on a mismatch nothing changes, and the error names the layer and both shapes.
"""
import os
import tempfile
import zipfile

import numpy as np


def save(model, path):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise ValueError(f"Cannot save weights to filepath={path!r}: the folder {directory!r} "
                         "does not exist. Create it first (os.makedirs).")
    arrays = {name: v.numpy() for name, v in model._weight_paths()}
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def load(model, path):
    paths = model._weight_paths()
    try:
        with np.load(path, allow_pickle=False) as file:
            arrays = {name: file[name] for name in file.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"Cannot read weights from {path!r}: {error}. The model was not "
                         "changed.") from error
    for name, variable in paths:
        owner = variable.name.split(":")[0]
        if name not in arrays:
            raise ValueError(f"Weight file {path!r} has no array for {owner} (at {name}): it "
                             "was saved from a model of another architecture (it holds "
                             f"{sorted(arrays)[:4]}...). The model was not changed.")
        if arrays[name].shape != tuple(variable.shape):
            raise ValueError(f"Weight {owner} (at {name}) has shape {tuple(variable.shape)} in "
                             f"model {model.name} but {arrays[name].shape} in {path!r}. The "
                             "model was not changed.")
    extra = sorted(set(arrays) - {name for name, _ in paths})
    if extra:
        raise ValueError(f"Weight file {path!r} holds weights this model does not have: "
                         f"{extra[:5]} (a model of another architecture?). The model was not "
                         "changed.")
    for name, variable in paths:
        variable.assign(arrays[name])
