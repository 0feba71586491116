"""Getting the user's data into the shape the training loop wants.

`x` and `y` may be one array, a (nested) Python list of numbers, a list in the model's
input/output order, or a dict keyed by input/output names. They become lists of NumPy
arrays, checked once (names, counts, types, lengths, shapes) before anything changes.
`epoch_index` then cuts an epoch into equal batches with a mask, so that a compiled loop
sees one shape for the whole fit.
"""
import math

import numpy as np

from fnapi.graph.structure import first_keys, ordered_by_keys


def as_arrays(data, keys, tensors, role, model_name):
    """-> list of arrays in model order, each cast to its tensor's dtype and shape-checked.

    `keys` maps names (and the model's own dict keys) to positions; `role` is "input" or
    "target". Raises ValueError naming the input or output at fault.
    """
    names = first_keys(keys, len(tensors))
    if data is None:
        raise ValueError(f"Model {model_name} needs {role} data for {names}, got None.")
    if isinstance(data, dict):
        data = ordered_by_keys(data, keys, len(tensors), f"{role}s of model {model_name}")
    elif _is_one_array(data):
        data = [data]
    else:
        data = list(data)
    if not isinstance(data, list) or len(data) != len(tensors):
        count = len(data) if isinstance(data, list) else 1
        port = "input" if role == "input" else "output"
        raise ValueError(f"Model {model_name} has {len(tensors)} {port}(s) {names}, but "
                         f"{count} {role} array(s) were given. Pass a list in that order, or a "
                         "dict keyed by those names.")
    return [_fit_to(_as_array(a, n, role), t, n, role) for a, t, n in zip(data, tensors, names)]


def first_array(data):
    """The one input of a model that has not met data yet, to learn its shape from."""
    if isinstance(data, dict) and len(data) == 1:
        data = next(iter(data.values()))
    elif not _is_one_array(data) and len(data) == 1:
        data = data[0]
    if data is None:
        raise ValueError("The model has no input shape yet and was given no input data (x is "
                         "None).")
    return _as_array(data, "x", "input")


def _is_one_array(data):
    """Keras 2's rule: a (nested) list whose first leaf is a number is one array."""
    item = data
    while isinstance(item, (list, tuple)) and item:
        item = item[0]
    return not isinstance(data, (list, tuple)) or isinstance(item, (int, float, np.number))


def _as_array(value, name, role):
    array = np.asarray(value) if not hasattr(value, "numpy") else value.numpy()
    if array.dtype.kind not in "biuf":
        raise ValueError(f"Unrecognized data type for {role} {name!r}: {type(value).__name__} "
                         f"holding {array.dtype} values. Expected numbers: a NumPy array, a "
                         "tf.Tensor, or a (nested) list of numbers.")
    if array.ndim == 0:
        raise ValueError(f"The {role} {name!r} is a single number; expected an array with "
                         "one row per sample.")
    return array


def _fit_to(array, tensor, name, role):
    if array.ndim == len(tensor.shape) - 1 and tensor.shape[-1] == 1:
        array = array[..., None]  # targets of shape (n,) for an output of shape (None, 1)
    if role == "input" and (array.ndim != len(tensor.shape) or any(
            want not in (None, got) for want, got in zip(tensor.shape[1:], array.shape[1:]))):
        raise ValueError(f"Input {name!r} expects arrays of shape {tensor.shape}, got "
                         f"{array.shape}.")
    dtype = tensor.dtype.as_numpy_dtype if role == "input" else np.float32
    return array.astype(dtype, copy=False)


def check_targets(arrays, tensors, names, sparse):
    """Targets must fit their outputs (`target_fits`)."""
    for array, tensor, name, is_sparse in zip(arrays, tensors, names, sparse):
        if not target_fits(array.shape, tensor.shape, is_sparse):
            raise ValueError(f"Target for output {name!r} has shape {array.shape}, which does "
                             f"not fit the output's shape {tensor.shape}.")


def target_fits(got, want, sparse):
    """Whether targets of shape `got` fit an output of shape `want` (None: any size): the
    same shape; one axis short for an output of one unit; or, for a loss that takes class
    ids (`sparse`, `Objectives.sparse`), ids one axis short or any last axis."""
    got, want = tuple(got), tuple(want)
    if len(got) == len(want) - 1 and (sparse or want[-1] == 1):
        want = want[:-1]
    elif sparse:
        want, got = want[:-1], got[:-1]
    return len(got) == len(want) and all(
        w is None or g is None or w == g for w, g in zip(want[1:], got[1:]))


def check_lengths(xs, ys=()):
    """Every array must have the same number of samples, at least one (Keras's wording)."""
    sizes = {"x": [len(a) for a in xs], "y": [len(a) for a in ys]}
    if len({n for group in sizes.values() for n in group}) != 1:
        detail = " ".join(f"'{k}' sizes: {', '.join(map(str, v))}" for k, v in sizes.items() if v)
        raise ValueError("Data cardinality is ambiguous. Make sure all arrays contain the same "
                         f"number of samples. {detail}")
    if not xs[0].shape[0]:
        raise ValueError("Expected input data to be non-empty.")
    return len(xs[0])


def split_off(arrays, fraction):
    """Keras's validation_split: the *last* fraction of the samples, before shuffling.

    The first floor(n * (1 - fraction)) samples train, as in Keras, so that the same
    split gives the same two sets in both.
    """
    n = len(arrays[0])
    cut = math.floor(n * (1.0 - fraction))
    if not 0 < cut < n:
        raise ValueError(f"Training data contains {n} samples, which is not sufficient to split "
                         "it into a validation and training set as specified by "
                         f"`validation_split={fraction}`. Either provide more data, or a "
                         "different value for the `validation_split` argument.")
    return [a[:cut] for a in arrays], [a[cut:] for a in arrays]


def epoch_index(rows, batch_size, order):
    """Which row each batch slot reads: `order` cut into (steps, batch) plus a row mask.

    The last batch is padded to full size (with a repeated row); its mask marks which rows
    are real, so every sample counts once and the compiled loop never sees a second shape.
    """
    steps = -(-rows // batch_size)
    padded = np.concatenate([order, np.full(steps * batch_size - rows, order[0])])
    mask = (np.arange(steps * batch_size) < rows).astype(np.float32).reshape(steps, batch_size)
    return padded.reshape(steps, batch_size), mask
