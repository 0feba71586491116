"""save_weights / load_weights: plain NumPy arrays in an `.npz` file, never pickle.

Each array is stored at its structural path (`layers/dense_1/vars/0`, see
`fnapi.layers.saved_tree`), so a file saved from one model loads into a freshly built model
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

from fnapi.layers.saved_tree import weight_paths


def save(model, path):
    directory = os.path.dirname(os.path.abspath(path))
    arrays = {name: v.numpy() for name, v in weight_paths(model)}
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def load(model, path):
    paths = weight_paths(model)
    try:
        if os.path.isfile(path) and not zipfile.is_zipfile(path):  # numpy would try pickle
            raise ValueError("File format not supported: it is not an `.npz` file (a zip of "
                             "NumPy arrays)")
        with np.load(path, allow_pickle=False) as file:
            if "config.json" in file.files:
                raise ValueError("it is a `.keras` model file, not an `.npz` of weights: keep "
                                 "its `.keras` suffix (load_weights reads both)")
            arrays = {name: file[name] for name in file.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        detail = ("it holds an array of Python objects, which fnapi never loads" if
                  "pickle" in str(error) else error)
        raise ValueError(f"Cannot read weights from {path!r}: {detail}. The model was not "
                         "changed.") from error
    missing = [(name, v) for name, v in paths if name not in arrays]
    extra = sorted(set(arrays) - {name for name, _ in paths})
    if missing or extra:
        detail = (f"it has no array for {missing[0][1].name.split(':')[0]} (at "
                  f"{missing[0][0]})" if missing else f"it holds weights this model does "
                  f"not have: {extra[:4]}")
        raise ValueError(f"Weight file {path!r} was saved from a model of another "
                         f"architecture than {model.name}: {detail}. The model was not "
                         "changed.")
    for name, variable in paths:
        if arrays[name].shape != tuple(variable.shape):
            raise ValueError(f"Weight {variable.name.split(':')[0]} (at {name}) has shape "
                             f"{tuple(variable.shape)} in model {model.name} but "
                             f"{arrays[name].shape} in {path!r}. The model was not changed.")
    for name, variable in paths:
        variable.assign(arrays[name])
