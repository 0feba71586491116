"""What `compile` was told, written down as Keras 3's `compile_config` and told again.

Losses and metrics are written as their names (`"binary_crossentropy"`), in the
structure they were given (one, a list, a dict); a learner's own function by its
registered name, or by its plain name, to be found in `custom_objects` on loading.
Keras 3 loss and metric *classes* with their default settings read as those names.
"""
from fnapi import losses, metrics, optimizers, registry

KERAS_CLASSES = {  # Keras 3 class -> fnapi name, when its config holds Keras's defaults
    "BinaryCrossentropy": "binary_crossentropy", "CategoricalCrossentropy":
    "categorical_crossentropy", "SparseCategoricalCrossentropy":
    "sparse_categorical_crossentropy", "MeanSquaredError": "mean_squared_error",
    "MeanAbsoluteError": "mean_absolute_error", "BinaryAccuracy": "binary_accuracy",
    "CategoricalAccuracy": "categorical_accuracy",
    "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
}
DEFAULTS = {"from_logits": False, "label_smoothing": 0.0, "axis": -1, "threshold": 0.5,
            "reduction": "sum_over_batch_size", "ignore_class": None}


def compile_config(model):
    """Keras 3's `compile_config` of a compiled model, or None."""
    if not hasattr(model, "compile_arguments"):
        return None
    given = model.compile_arguments
    return {"optimizer": optimizers.serialize(model.optimizer),
            "loss": _encode(given["loss"]), "loss_weights": given["loss_weights"],
            "metrics": _encode(given["metrics"]), "weighted_metrics": None,
            "run_eagerly": False, "steps_per_execution": 1, "jit_compile": model.jit_compile}


def compile_from_config(model, config):
    """`model.compile(...)` as `config` says. Raises ValueError for what fnapi cannot
    compile (weighted metrics, an unknown loss or optimizer), naming it."""
    if config.get("weighted_metrics"):
        raise ValueError("The file's model was compiled with `weighted_metrics`, which fnapi "
                         "does not support; load it with compile=False.")
    model.compile(optimizer=optimizers.get(config["optimizer"]),
                  loss=_decode(config.get("loss")), loss_weights=config.get("loss_weights"),
                  metrics=_decode(config.get("metrics")),
                  jit_compile=bool(config.get("jit_compile")))


def _encode(spec):
    if isinstance(spec, dict):
        return {k: _encode(v) for k, v in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [_encode(v) for v in spec]
    if spec is None or isinstance(spec, str):
        return spec
    for table in (losses._BY_NAME, metrics._BY_NAME):
        for name, function in table.items():
            if function is spec:
                return name
    return {"module": getattr(spec, "__module__", None), "class_name": "function",
            "config": getattr(spec, "__name__", repr(spec)),
            "registered_name": registry.registered_name(spec)}


def _decode(spec):
    if isinstance(spec, dict) and "class_name" in spec:
        return _decode_object(spec)
    if isinstance(spec, dict):
        return {k: _decode(v) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_decode(v) for v in spec]
    return spec


def _decode_object(spec):
    name, config = spec["class_name"], spec.get("config")
    if name == "function":
        found = registry.lookup(spec.get("registered_name"), config)
        if found is None and config in {**losses._BY_NAME, **metrics._BY_NAME}:
            return config
        if found is None:
            raise ValueError(f"The file's model was compiled with the function {config!r}, "
                             "which is not known here: pass it in `custom_objects`, register "
                             "it, or load with compile=False.")
        return found
    settings = {k: v for k, v in (config or {}).items() if k not in ("name", "dtype")}
    if name in KERAS_CLASSES and all(DEFAULTS.get(k, v) == v for k, v in settings.items()):
        return KERAS_CLASSES[name]
    raise ValueError(f"The file's model was compiled with {name}({settings}), which fnapi "
                     "does not implement; load it with compile=False.")
