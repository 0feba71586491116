"""clone_model: the same architecture with fresh weights.

The model is written down as its config and drawn again from it, so every layer is new:
same classes, settings, graph (shared layers stay shared, nested models nested), new
weights drawn by the layers' initializers. Keras's `clone_model` does the same by default.
"""
from fnapi import registry
from fnapi.layers import config as layer_config
from fnapi.layers.saved_tree import saved_tree


def clone_model(model):
    """A new, uncompiled model of `model`'s architecture with newly initialized weights.
    A learner's own layer classes are taken from the model itself."""
    classes = {type(layer).__name__: type(layer) for _, layer in saved_tree(model)}
    with registry.loading(classes):
        return layer_config.deserialize(layer_config.serialize(model))
