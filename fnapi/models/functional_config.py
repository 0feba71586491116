"""A functional model written down as data, and drawn again from it (Keras 3's format).

`functional_config(model)` lists the model's layers (in `model.layers` order), each with
its config, its `name` and its `inbound_nodes`: one entry per call of the layer inside
this model, holding the call's arguments with every symbolic tensor written as its
address, `keras_history: [layer name, node index, tensor index]`. This is the graph of
lesson 5 as JSON. Node indices count the calls inside this model only. One quirk is
Keras 3's: in `input_layers`/`output_layers` (not in `inbound_nodes`), a nested
functional model's calls are counted from 1, and read back the same way. Keras 2's
configs (their `inbound_nodes` are lists, not dicts) count a nested model's calls (a
functional model's or a Sequential's) from 1 everywhere: its own creation was call 0.

`functional_from_config` creates every layer, then replays the calls: a call whose input
tensors exist is made, the others wait for a later pass; a pass that makes no call means
the config's graph is inconsistent, and it is refused.
"""
import numpy as np

from fnapi import registry
from fnapi.graph import SymbolicTensor
from fnapi.layers import config as layer_config

TENSOR = "__keras_tensor__"
INVALID = "Invalid functional model configuration: "


def _index_offset(layer, keras2=False):
    """Keras 3's quirk for input/output addresses, Keras 2's for every address (see the
    module docstring)."""
    nested = ("Functional", "Sequential") if keras2 else ("Functional",)
    return 1 if type(layer).keras_class_name() in nested else 0


def functional_config(model):
    """`{"name", "trainable", "layers": [...], "input_layers", "output_layers"}`."""
    new_index = {}
    for layer in model.layers:
        kept = [n for n in layer._inbound_nodes if n.is_input or n in model._nodes]
        new_index.update({id(n): i for i, n in enumerate(kept)})

    def address(tensor, offset=False):
        layer, node_index, tensor_index = tensor.history
        index = new_index[id(layer._inbound_nodes[node_index])]
        return [layer.name, index + (_index_offset(layer) if offset else 0), tensor_index]

    def encode(value):
        if isinstance(value, SymbolicTensor):
            return {"class_name": TENSOR, "config": {
                "shape": list(value.shape), "dtype": value.dtype.name,
                "keras_history": address(value)}}
        if isinstance(value, tuple):
            return {"class_name": "__tuple__", "config": {"value": [encode(v) for v in value]}}
        if isinstance(value, list):
            return [encode(v) for v in value]
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        if isinstance(value, (np.ndarray, np.generic)):
            return {"class_name": "__numpy__", "config": {"value": value.tolist(),
                                                          "dtype": value.dtype.name}}
        return value

    layers = []
    for layer in model.layers:
        nodes = [n for n in layer._inbound_nodes if not n.is_input and n in model._nodes]
        layers.append({**layer_config.serialize(layer), "name": layer.name, "inbound_nodes": [
            {"args": encode(list(n.call_args)), "kwargs": encode(n.call_kwargs)}
            for n in nodes]})

    def addresses(structure):
        if isinstance(structure, SymbolicTensor):
            return address(structure, offset=True)
        if isinstance(structure, dict):
            return {k: addresses(v) for k, v in structure.items()}
        return [addresses(t) for t in structure]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": addresses(model._input_structure),
            "output_layers": addresses(model._output_structure)}


def functional_from_config(cls, config):
    """A new `cls` model drawn from `functional_config`'s dict.

    In a config written by Keras 3 (`registry.keeps_training()` is False while it loads),
    every call records a `training` value that Keras 3's models ignore at run time: those
    values are dropped, so the model runs as it did in Keras 3 (Keras 2's, and fnapi's,
    are kept: `Dropout(0.5)(x, training=True)` drops at inference). Raises ValueError for
    an unknown class, a node that refers to a missing layer, call or tensor, or a graph
    whose calls can never all be made."""
    keras2 = any(isinstance(node, list) for data in config.get("layers", [])
                 for node in data.get("inbound_nodes") or [])
    try:
        created, pending = {}, {}
        for data in config["layers"]:
            layer = layer_config.deserialize(data)
            if data["name"] in created:
                raise ValueError(f"the layer name {data['name']!r} appears twice")
            created[data["name"]] = layer
            pending[data["name"]] = list(data.get("inbound_nodes") or [])

        def tensor(address, offset=False):
            name, node_index, tensor_index = address
            if name not in created:
                raise ValueError(f"a tensor refers to layer {name!r}, which the config does "
                                 "not define")
            layer = created[name]
            node_index -= _index_offset(layer, keras2) if offset or keras2 else 0
            if node_index >= len(layer._inbound_nodes):
                raise LookupError  # that call is not made yet
            return layer._inbound_nodes[node_index].output_tensors[tensor_index]

        def decode(value):
            if isinstance(value, dict) and value.get("class_name") == TENSOR:
                return tensor(value["config"]["keras_history"])
            if isinstance(value, dict) and value.get("class_name") == "__tuple__":
                return tuple(decode(v) for v in value["config"]["value"])
            if isinstance(value, dict) and value.get("class_name") == "__numpy__":
                return np.asarray(value["config"]["value"], value["config"]["dtype"])
            if isinstance(value, dict):
                return {k: decode(v) for k, v in value.items()}
            if isinstance(value, list):
                return [decode(v) for v in value]
            return value

        def arguments(node):
            """(args, kwargs) of one call: Keras 3's dict, or Keras 2's list holding
            `[layer name, node index, tensor index, kwargs]` per input tensor."""
            if isinstance(node, dict):
                return decode(node.get("args", [])), decode(node.get("kwargs", {}))
            inputs = [tensor(entry[:3]) for entry in node]
            kwargs = decode(node[0][3]) if node and len(node[0]) > 3 else {}
            return [inputs[0] if len(inputs) == 1 else inputs], kwargs

        while any(pending.values()):
            progress = False
            for name, nodes in pending.items():
                while nodes:
                    try:
                        args, kwargs = arguments(nodes[0])
                    except LookupError:
                        break
                    created[name](*args, **_supported_kwargs(created[name], kwargs, keras2))
                    nodes.pop(0)
                    progress = True
            if not progress:
                waiting = {n: len(v) for n, v in pending.items() if v}
                raise ValueError(f"its graph has loops or disconnected calls: the calls of "
                                 f"{waiting} wait for tensors that are never made")

        def tensors(structure):
            if isinstance(structure, list) and len(structure) == 3 and isinstance(
                    structure[0], str):
                return tensor(structure, offset=True)
            if isinstance(structure, dict):
                return {k: tensors(v) for k, v in structure.items()}
            return [tensors(v) for v in structure]

        return cls(tensors(config["input_layers"]), tensors(config["output_layers"]),
                   name=config.get("name"), trainable=config.get("trainable", True))
    except (KeyError, LookupError, TypeError, IndexError) as error:
        raise ValueError(f"{INVALID}{type(error).__name__}: "
                         f"{error}") from error
    except ValueError as error:
        if str(error).startswith(INVALID):  # a nested model's error, said once
            raise
        raise ValueError(f"{INVALID}{error}") from error


def _supported_kwargs(layer, kwargs, keras2):
    """Keras 3 records `mask` (fnapi has no masking) and `training` in every call."""
    kwargs = dict(kwargs)
    if kwargs.pop("mask", None) is not None:
        raise ValueError(f"layer {layer.name} is called with a mask; fnapi has no masking")
    if not (keras2 or registry.keeps_training()):
        kwargs.pop("training", None)
    return kwargs


def sequential_config(model):
    """Keras 3's Sequential config: its layers, an InputLayer first once the input is known."""
    first = [] if model._input_tensor is None else [model._input_tensor.history[0]]
    config = {"name": model.name, "trainable": model.trainable,
              "dtype": layer_config.DTYPE_POLICY,
              "layers": [layer_config.serialize(layer) for layer in first + model.layers]}
    if model.built:
        config["build_input_shape"] = list(model.input_shape)
    return config


def sequential_from_config(cls, config):
    try:
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for data in config["layers"]:
            model.add(layer_config.deserialize(data))
        if not model.built and config.get("build_input_shape") and model.layers:
            model.build(tuple(config["build_input_shape"]))
        return model
    except (KeyError, TypeError) as error:
        raise ValueError(f"Invalid Sequential model configuration: {type(error).__name__}: "
                         f"{error}") from error
