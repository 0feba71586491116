"""Helpers around models: seeing them (summary, plot_model) and repeatable runs."""
import random

import numpy as np
import tensorflow as tf

from fnapi.graph.names import clear_session
from fnapi import argument_validation as arguments
from fnapi.utils.plot import model_to_dot, plot_model


def set_random_seed(seed):
    """Seed Python, NumPy and TensorFlow at once, so that weights and shuffles repeat.

    Raises ValueError if `seed` is not an integer >= 0 (NumPy's seeds are)."""
    seed = arguments.integer(seed, "seed", at_least=0)
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)


__all__ = ["clear_session", "set_random_seed", "plot_model", "model_to_dot"]
