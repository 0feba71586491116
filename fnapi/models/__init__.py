"""Floor 3 of the house: models, i.e. graphs of layers that are layers themselves and
can be trained (they build on floor 2, training), plus the ways to load and copy them."""
from fnapi.models.cloning import clone_model
from fnapi.models.model import Model
from fnapi.models.sequential import Sequential


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """A model saved by `model.save(...)` (fnapi or Keras 3); see fnapi.saving.load_model."""
    from fnapi import saving
    return saving.load_model(filepath, custom_objects, compile, safe_mode)


def model_from_json(json_string, custom_objects=None):
    """A model (fresh weights) from `model.to_json()`'s text (fnapi's or Keras 3's)."""
    from fnapi import saving
    return saving.model_from_json(json_string, custom_objects)


__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_json"]
