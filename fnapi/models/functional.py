"""Functional: a graph of layers that is itself a layer.

`Functional(inputs, outputs)` keeps the nodes between its inputs and outputs (found by
`map_graph`) and runs them in order. Because it is a `Layer`, a model can be called on new
tensors like any layer: the call adds one node to the *model*, and running it replays the
same graph with the same weights. Training methods are added on top by `Model`.
"""
import tensorflow as tf

from fnapi.graph import SymbolicTensor, flatten, pack_like
from fnapi.graph.names import unique_name
from fnapi.layers.base import Layer
from fnapi.models.graph_map import map_graph
from fnapi.utils.summary import print_summary


class Functional(Layer):
    def __init__(self, inputs, outputs, name=None, trainable=True):
        super().__init__(name=name or unique_name("model"), trainable=trainable)
        self._init_graph(inputs, outputs)

    def _init_graph(self, inputs, outputs):
        for role, structure in (("inputs", inputs), ("outputs", outputs)):
            for item in flatten(structure):
                if not isinstance(item, SymbolicTensor):
                    raise TypeError(f"Model {self.name}: all {role} must be symbolic tensors "
                                    f"(from Input or from calling a layer), got {item!r}.")
        self._input_structure, self._output_structure = inputs, outputs
        self.inputs, self.outputs = flatten(inputs), flatten(outputs)
        self._nodes, self._layers = map_graph(self.inputs, self.outputs)
        self.built = True

    # --- what the model is made of ----------------------------------------------------
    @property
    def layers(self):
        return list(self._layers)

    def _sublayers(self):
        return self.layers

    @property
    def input_names(self):
        if isinstance(self._input_structure, dict):
            return list(self._input_structure)
        return [t.history[0].name for t in self.inputs]

    @property
    def output_names(self):
        if isinstance(self._output_structure, dict):
            return list(self._output_structure)
        return [t.history[0].name for t in self.outputs]

    def get_layer(self, name=None, index=None):
        if index is not None:
            if not -len(self._layers) <= index < len(self._layers):
                raise ValueError(f"Model {self.name} has {len(self._layers)} layers; index "
                                 f"{index} is out of range.")
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No layer named {name!r} in model {self.name}. Its layers are: "
                         f"{[layer.name for layer in self._layers]}.")

    # A model's own inputs and outputs (the tensors it was built from), not per call.
    @property
    def input(self):
        return pack_like(self._input_structure, self.inputs)

    @property
    def output(self):
        return pack_like(self._output_structure, self.outputs)

    @property
    def input_shape(self):
        return _one_or_list([t.shape for t in self.inputs])

    @property
    def output_shape(self):
        return _one_or_list([t.shape for t in self.outputs])

    def summary(self, line_length=None, print_fn=None):
        print_summary(self, line_length=line_length, print_fn=print_fn)

    # --- running the graph ------------------------------------------------------------
    def flatten_inputs(self, inputs):
        """One item, a list in input order, or a dict keyed by input names -> a list."""
        if isinstance(inputs, dict):
            missing = [n for n in self.input_names if n not in inputs]
            extra = [n for n in inputs if n not in self.input_names]
            if missing or extra:
                raise ValueError(f"Model {self.name} expects inputs named {self.input_names}; "
                                 f"missing: {missing}, unexpected: {extra}.")
            return [inputs[n] for n in self.input_names]
        flat = flatten(inputs)
        if len(flat) != len(self.inputs):
            raise ValueError(f"Model {self.name} expects {len(self.inputs)} input(s) "
                             f"{self.input_names}, got {len(flat)}.")
        return flat

    def _run_graph(self, flat_inputs, apply):
        """Give each model input its value, then run every node on its inputs' values.

        `apply(node, arguments)` computes one node: real tensors when the model is run,
        shapes when the model only infers its output shape. One walk serves both.
        """
        values = {id(t): v for t, v in zip(self.inputs, flat_inputs)}
        for node in self._nodes:
            arguments = pack_like(node.arguments, [values[id(t)] for t in node.input_tensors])
            result = apply(node, arguments)
            results = flatten(result) if len(node.output_tensors) > 1 else [result]
            values.update((id(t), v) for t, v in zip(node.output_tensors, results))
        return pack_like(self._output_structure, [values[id(t)] for t in self.outputs])

    def call(self, inputs, training=False):
        flat = [x if x.dtype == t.dtype else tf.cast(x, t.dtype)
                for t, x in zip(self.inputs, self.flatten_inputs(inputs))]
        return self._run_graph(flat, lambda node, args: node.layer(
            args, training=training, **node.call_kwargs))

    def compute_output_shape(self, input_shape):
        return self._run_graph(self._flatten_shapes(input_shape),
                               lambda node, args: node.layer.compute_output_shape(args))

    def compute_output_dtype(self, input_dtype):
        return pack_like(self._output_structure, [t.dtype for t in self.outputs])

    def _flatten_shapes(self, shape):
        """Like `flatten_inputs`, for shapes: a lone shape tuple is one input, not a list."""
        if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
            shape = [shape]
        return self.flatten_inputs(shape)

    def _check_input_shape(self, shape):
        for tensor, got in zip(self.inputs, self._flatten_shapes(shape)):
            want = tensor.shape
            if len(got) != len(want) or any(w not in (None, g) for w, g in zip(want[1:], got[1:])):
                raise ValueError(f"Input {tensor.history[0].name!r} of model {self.name} "
                                 f"expects shape {want}, got {tuple(got)}.")


def _one_or_list(items):
    return items[0] if len(items) == 1 else items

