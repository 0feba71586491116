"""Helpers around models: seeing them (summary, plot_model) and repeatable runs."""
import random

import numpy as np
import tensorflow as tf

from fnapi.graph.names import clear_session


def set_random_seed(seed):
    """Seed Python, NumPy and TensorFlow at once, so that weights and shuffles repeat."""
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)


def plot_model(*args, **kwargs):
    from fnapi.utils.plot import plot_model as _plot_model
    return _plot_model(*args, **kwargs)


def model_to_dot(*args, **kwargs):
    from fnapi.utils.plot import model_to_dot as _model_to_dot
    return _model_to_dot(*args, **kwargs)


__all__ = ["clear_session", "set_random_seed", "plot_model", "model_to_dot"]
