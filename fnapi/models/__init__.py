"""Floor 2 of the house: models, i.e. graphs of layers that are layers themselves."""
from fnapi.models.model import Model
from fnapi.models.sequential import Sequential

__all__ = ["Model", "Sequential"]
