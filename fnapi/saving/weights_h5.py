"""Weights in HDF5, laid out as Keras 3's `model.weights.h5` (read and written by h5py).

The file holds one group per layer, at the layer's structural path (see
`fnapi.layers.saved_tree`): `layers/dense_1/vars/0` is a dataset holding the kernel of the
model's second Dense layer. A compiled model's optimizer state goes to `optimizer/vars/0..`
(iterations, learning rate, slots, in Keras 3's order). Reading checks every path and
shape before assigning anything: on any mismatch the model is left unchanged, and the
error names the weight, its path and both shapes.
"""
import os
import tempfile
import warnings

import h5py
import numpy as np

from fnapi.layers.saved_tree import state_paths, variable_groups, weight_paths


def check_names(layer):
    """Keras 3 makes layer names parts of paths and refuses a '/' in them (Keras 2 allows
    it): such a model cannot be written in Keras 3's formats. Raises ValueError naming it."""
    for sublayer in layer._sublayers():
        if "/" in sublayer.name:
            raise ValueError(f"Layer name {sublayer.name!r} contains '/', which Keras 3's file "
                             "formats cannot hold (a name is part of a path there, and Keras 3 "
                             "refuses it). Rename the layer (name=...) to save this model.")
        check_names(sublayer)


def write(model, h5file, optimizer=None):
    """Write `model`'s weights (and `optimizer`'s state) into an open `h5py.File`. Raises
    ValueError for a layer name Keras 3 cannot read (`check_names`), before writing."""
    check_names(model)
    for group_path, owner, variables in variable_groups(model, with_state=True):
        group = h5file.require_group(group_path)
        group.attrs["name"] = owner
        for i, variable in enumerate(variables):
            group.create_dataset(str(i), data=variable.numpy())
    if optimizer is not None:
        group = h5file.require_group("optimizer/vars")
        group.attrs["name"] = optimizer.name
        for i, variable in enumerate(optimizer.variables):
            group.create_dataset(str(i), data=variable.numpy())


def read(model, h5file, source):
    """[(variable, array)] for every weight of `model` in `h5file`, plus the optional state
    found there. Raises ValueError naming the weight (nothing is assigned here)."""
    found = []
    for path, variable in weight_paths(model):
        owner = variable.name.split(":")[0]
        if path not in h5file:
            raise ValueError(f"{source} has no weights for {owner} (at {path}): it was saved "
                             f"from a model of another architecture than {model.name}.")
        found.append((variable, _array(h5file[path], variable, owner, path, source,
                                       f"model {model.name}")))
    for path, variable in state_paths(model):
        if path in h5file and h5file[path].shape == tuple(variable.shape):
            found.append((variable, np.asarray(h5file[path])))
    return found


def read_optimizer(optimizer, h5file, source):
    """[(variable, array)] for the optimizer's state; it must have been built already.

    A state of another size (a layer frozen or unfrozen after `compile`, then saved) is
    skipped with Keras 3's warning: the weights load, the optimizer starts afresh."""
    if "optimizer/vars" not in h5file:
        raise ValueError(f"{source} holds no optimizer state (`optimizer/vars`).")
    stored = h5file["optimizer/vars"]
    variables = optimizer.variables
    if len(stored) == 2 < len(variables):  # saved before any step: no slots yet, only
        variables = variables[:2]          # the step count and the learning rate
    if len(stored) != len(variables):
        warnings.warn(f"Skipping variable loading for optimizer '{optimizer.name}', because "
                      f"it has {len(variables)} variables whereas the saved optimizer has "
                      f"{len(stored)} variables ({source}: another layout, such as Keras "
                      "2's, which keeps no learning rate, or layers frozen or unfrozen after "
                      "compile). The optimizer starts afresh.", stacklevel=2)
        return []
    return [(v, _array(stored[str(i)], v, f"Optimizer variable {i}", f"optimizer/vars/{i}",
                       source, type(optimizer).__name__)) for i, v in enumerate(variables)]


def assign(pairs):
    """Assign every (variable, array), once all have been read and checked."""
    for variable, array in pairs:
        variable.assign(array)


def _array(dataset, variable, owner, path, source, where):
    if not hasattr(dataset, "shape") or dataset.shape != tuple(variable.shape):
        got = getattr(dataset, "shape", "a group")
        raise ValueError(f"Weight {owner} (at {path}) has shape {tuple(variable.shape)} in "
                         f"{where} but {got} in {source!r}. The model was not changed.")
    return np.asarray(dataset).astype(variable.dtype.as_numpy_dtype)


def save_weights(model, filepath):
    """`model.save_weights("name.weights.h5")`: the weights alone, as Keras 3 writes them;
    written to a temporary file first, so a failed save leaves any old file intact."""
    filepath = os.fspath(filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".weights.h5.tmp")
    os.close(handle)
    try:
        with h5py.File(temporary, "w") as h5file:
            write(model, h5file)
        os.replace(temporary, filepath)
    except BaseException:
        os.unlink(temporary)
        raise


def load_weights(model, filepath):
    """Load a `.weights.h5` file (fnapi's or Keras 3's) into `model`; every weight is read
    and checked first, so on any error the model is unchanged."""
    filepath = os.fspath(filepath)
    try:
        with h5py.File(filepath, "r") as h5file:
            pairs = read(model, h5file, filepath)
    except OSError as error:
        raise ValueError(f"Cannot read weights from {filepath!r}: not a readable HDF5 file "
                         f"({error}). The model was not changed.") from error
    assign(pairs)
