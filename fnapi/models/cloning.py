"""clone_model: the same architecture with fresh weights.

The model is written down as its config and drawn again from it, so every layer is new:
same classes, settings, graph (shared layers stay shared, nested models nested), new
weights drawn by the layers' initializers. Keras's `clone_model` does the same by default.
"""
from fnapi.layers import config as layer_config


def clone_model(model):
    """A new, uncompiled model of `model`'s architecture with newly initialized weights.

    Raises ValueError if a layer of a learner's own class is not registered."""
    return layer_config.deserialize(layer_config.serialize(model))
