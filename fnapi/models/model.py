"""Model: the public class. A functional graph (`Functional`) that can also be trained
(`Trainer`: compile, fit, evaluate, predict) and saved.

Saving lives one floor up, in `fnapi.saving`, which needs models to rebuild them; the
methods here reach it with a late import, as Keras's own do.
"""
import os

from fnapi.models.functional import Functional
from fnapi.training import arguments, weights_file
from fnapi.training.trainer import Trainer


class Model(Trainer, Functional):
    """`Model(inputs, outputs, name=None)`: everything between `inputs` and `outputs`.

    Raises TypeError if an input or output is not a symbolic tensor; ValueError for no
    outputs, an input given twice, an output that needs an Input not among `inputs`
    ("Graph disconnected"), or two layers of one name."""

    def save(self, filepath, overwrite=True):
        """The whole model (graph, weights, compile state) in a `.keras` file, Keras 3's
        format, which Keras 3 opens too. See `fnapi.saving.save_model`."""
        from fnapi import saving
        saving.save_model(self, arguments.writable_filepath(filepath), overwrite=overwrite)

    def save_weights(self, filepath):
        """The weights alone: `*.weights.h5` in Keras 3's HDF5 layout, `*.npz` as NumPy
        arrays. Either file loads into any model of the same architecture. Raises
        TypeError for a `filepath` that is no path, ValueError for a missing folder."""
        filepath = arguments.writable_filepath(filepath)
        if _suffix(filepath) == ".weights.h5":
            from fnapi import saving
            saving.save_weights(self, filepath)
        else:
            weights_file.save(self, _npz(filepath))

    def load_weights(self, filepath):
        """Load a file of `save_weights` (fnapi's or Keras 3's `.weights.h5`); on any
        mismatch nothing is changed, and the error names the layer and both shapes."""
        filepath = arguments.filepath(filepath)
        if _suffix(filepath) == ".weights.h5":
            from fnapi import saving
            saving.load_weights(self, filepath)
        else:
            weights_file.load(self, _npz(filepath))

    def to_json(self, **kwargs):
        """The model's graph and layers as Keras 3's JSON (no weights)."""
        from fnapi.saving.serialization import model_to_json
        return model_to_json(self, **kwargs)


def _suffix(filepath):
    return ".weights.h5" if os.fspath(filepath).endswith(".weights.h5") else ""


def _npz(filepath):
    """`save_weights` without `.weights.h5` writes NumPy's npz format."""
    filepath = os.fspath(filepath)
    if filepath.endswith(".h5"):
        raise ValueError("The filename must end in `.weights.h5` (Keras 3's weights format) "
                         f"or be an `.npz` file. Received: filepath={filepath}")
    return filepath
