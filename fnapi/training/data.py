"""Getting the user's data into the shape the training loop wants.

`x` and `y` may be one array, a list in the model's input/output order, or a dict keyed
by input/output names. They become lists of NumPy arrays, checked once (names, counts,
lengths, shapes) before anything changes. `epoch_batches` then cuts them into equal
batches with a mask, so that a compiled loop sees one shape for the whole fit.
"""
import math

import numpy as np

from fnapi.graph import flatten


def as_arrays(data, names, tensors, role, model_name):
    """-> list of arrays in model order, each cast to its tensor's dtype and shape-checked."""
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        extra = [n for n in data if n not in names]
        if missing or extra:
            raise ValueError(f"Model {model_name} expects {role}s named {names}; missing: "
                             f"{missing}, unexpected: {extra}.")
        data = [data[n] for n in names]
    arrays = [np.asarray(a) for a in flatten(data)]
    if len(arrays) != len(tensors):
        raise ValueError(f"Model {model_name} has {len(tensors)} {role}(s) {names}, but "
                         f"{len(arrays)} array(s) were given.")
    return [_fit_to(a, t, n, role) for a, t, n in zip(arrays, tensors, names)]


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
    """Targets must fit their outputs: same shape, or class ids for a sparse loss."""
    for array, tensor, name, is_sparse in zip(arrays, tensors, names, sparse):
        want = tensor.shape[:-1] if is_sparse else tensor.shape
        got = array.shape[:-1] if is_sparse and array.ndim == len(tensor.shape) else array.shape
        if len(got) != len(want) or any(w not in (None, g) for w, g in zip(want[1:], got[1:])):
            raise ValueError(f"Target for output {name!r} has shape {array.shape}, which does "
                             f"not fit the output's shape {tensor.shape}.")


def check_lengths(*groups):
    lengths = {len(a) for group in groups for a in group}
    if len(lengths) != 1:
        raise ValueError("All input and target arrays must have the same number of samples; "
                         f"got lengths {[len(a) for group in groups for a in group]}.")
    return lengths.pop()


def split_off(arrays, fraction):
    """Keras's validation_split: the *last* fraction of the samples, before shuffling.

    The first floor(n * (1 - fraction)) samples train, as in Keras, so that the same
    split gives the same two sets in both.
    """
    n = len(arrays[0])
    cut = math.floor(n * (1.0 - fraction))
    if not 0 < cut < n:
        raise ValueError(f"validation_split={fraction} leaves {max(cut, 0)} of {n} samples for "
                         "training; both training and validation need at least one.")
    return [a[:cut] for a in arrays], [a[cut:] for a in arrays]


def epoch_batches(arrays, batch_size, order):
    """Cut `arrays` (taken in `order`) into (steps, batch, ...) blocks plus a mask.

    The last batch is padded to full size; its mask marks which rows are real, so every
    sample counts once and the compiled loop never sees a second shape.
    """
    n = len(order)
    steps = -(-n // batch_size)
    padded = np.concatenate([order, np.full(steps * batch_size - n, order[0])])
    blocks = [a[padded].reshape(steps, batch_size, *a.shape[1:]) for a in arrays]
    mask = (np.arange(steps * batch_size) < n).astype(np.float32).reshape(steps, batch_size)
    return blocks, mask
