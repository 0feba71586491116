"""Model: the public class. A functional graph (`Functional`) that can also be trained
(`Trainer`: compile, fit, evaluate, predict) and saved.

Saving lives one floor up, in `fnapi.saving`, which needs models to rebuild them; the
methods here reach it with a late import, as Keras's own do.
"""

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
        TypeError for a `filepath` that is no path, ValueError for a missing folder, another
        suffix or an unbuilt model (no file is written)."""
        filepath = arguments.writable_filepath(filepath)
        suffix = _suffix(filepath, "save_weights writes", SAVED_FORMATS)
        require_built(self)
        if suffix == ".npz":
            weights_file.save(self, filepath)
        else:
            from fnapi import saving
            saving.save_weights(self, filepath)

    def load_weights(self, filepath):
        """Load the weights of a `.keras` file or of a `save_weights` file (`.weights.h5`,
        fnapi's or Keras 3's, or `.npz`); on any mismatch nothing is changed, and the error
        names the layer and both shapes."""
        filepath = arguments.filepath(filepath)
        suffix = _suffix(filepath, "load_weights reads", LOADED_FORMATS)
        if not self.built:
            raise ValueError(f"You are loading weights into a model ({self.name}) that has "
                             "not yet been built. Try building it (including by calling it on "
                             "some data) before loading weights.")
        if suffix == ".npz":
            weights_file.load(self, filepath)
        else:
            from fnapi import saving
            {".keras": saving.load_weights_of_model_file,
             ".weights.h5": saving.load_weights}[suffix](self, filepath)

    def to_json(self, **kwargs):
        """The model's graph and layers as Keras 3's JSON (no weights)."""
        from fnapi.saving.serialization import model_to_json
        return model_to_json(self, **kwargs)


SAVED_FORMATS = {".weights.h5": "Keras 3's weights format", ".npz": "NumPy arrays"}
LOADED_FORMATS = {".keras": "a whole model, Keras 3's format", **SAVED_FORMATS}


def require_built(model):
    """A model without weights yet cannot be saved: refused before any file is written."""
    if not model.built:
        raise ValueError(f"Model {model.name} is not built yet, so it has no weights to save: "
                         "call it on data or `build()` it first.")


def _suffix(filepath, doing, formats):
    """The suffix of `filepath` among `formats`; Keras 3's error for any other."""
    for suffix in formats:
        if filepath.endswith(suffix):
            return suffix
    raise ValueError(f"File format not supported: filepath={filepath}. fnapi's {doing} only "
                     + ", ".join(f"`{k}` files ({v})" for k, v in formats.items()) + ".")
