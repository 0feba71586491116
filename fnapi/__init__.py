"""fnapi: the Keras functional API, rebuilt small on TensorFlow's low-level pieces.

The house has four floors, each importing only the ones below it:

    graph/      symbolic tensors and nodes: the drawing of a model, no math
    layers/     Layer (build, shape rule, call) and the guide's layers
    models/     Functional graphs of layers, which are layers too; Model, Sequential
    training/   compile / fit / evaluate / predict on tf.GradientTape (used by Model)

Public names follow Keras: `fnapi.Input`, `fnapi.layers.Dense`, `fnapi.models.Model`.
"""
import os as _os

__version__ = "0.1.0"

if _os.environ.get("FNAPI_SHOW_TF_LOGS") != "1":
    # TensorFlow's C++ start-up (oneDNN, CUDA probing, XLA) writes log lines straight to the
    # process's stderr, which would clutter every notebook. Hide them unless asked to show.
    _os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    _saved_stderr, _devnull = _os.dup(2), _os.open(_os.devnull, _os.O_WRONLY)
    _os.dup2(_devnull, 2)
    try:
        import tensorflow  # noqa: F401
    finally:
        _os.dup2(_saved_stderr, 2)
        _os.close(_saved_stderr)
        _os.close(_devnull)

from fnapi import callbacks, layers, losses, metrics, models, optimizers, utils  # noqa: E402
from fnapi.layers import Input  # noqa: E402
from fnapi.models import Model, Sequential  # noqa: E402

__all__ = ["Input", "Model", "Sequential", "callbacks", "layers", "losses", "metrics", "models",
           "optimizers", "utils"]
