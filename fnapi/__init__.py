"""fnapi: the Keras functional API, rebuilt small on TensorFlow's low-level pieces.

The house has five floors, each importing only the ones below it:

    0 graph/      symbolic tensors and nodes: the drawing of a model, no math
    1 layers/     Layer (build, shape rule, call, config) and the guide's layers
    2 training/   compile / fit / evaluate / predict: data, steps, tf.distribute
    3 models/     Functional graphs of layers, which are layers too; Model, Sequential
    4 saving/     models as files: the `.keras` format, weights in HDF5

Beside floor 0 stand the toolbox modules (activations, initializers, losses, metrics,
optimizers, callbacks, registry, lookup, keras_defaults, argument_validation), which any
floor may use, and
`utils/` (summary, plot_model), used by floor 3. The one call upwards: `Model.save`,
`save_weights` and `to_json` reach `saving/` with a late import, as Keras's do.

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
        import tensorflow
        # Python-side INFO lines (tf.distribute announces every all-reduce it builds) too.
        tensorflow.get_logger().setLevel("WARNING")
    finally:
        _os.dup2(_saved_stderr, 2)
        _os.close(_saved_stderr)
        _os.close(_devnull)

from fnapi import (callbacks, initializers, layers, losses, metrics, models,  # noqa: E402
                   optimizers, saving, utils)
from fnapi.layers import Input  # noqa: E402
from fnapi.models import Model, Sequential  # noqa: E402

__all__ = ["Input", "Model", "Sequential", "callbacks", "initializers", "layers", "losses",
           "metrics", "models", "optimizers", "saving", "utils"]
