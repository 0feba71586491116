"""Functional: a graph of layers that is itself a layer.

`Functional(inputs, outputs)` keeps the nodes between its inputs and outputs (found by
`map_graph`) and runs them in order. Because it is a `Layer`, a model can be called on new
tensors like any layer: the call adds one node to the *model*, and running it replays the
same graph with the same weights. Training methods are added on top by `Model`.
"""
import tensorflow as tf

from fnapi.graph import SymbolicTensor, flatten, ordered_by_keys, pack_like
from fnapi.graph.names import unique_name
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.output_spec import flat_shapes, shapes_of
from fnapi import registry
from fnapi.models.functional_config import functional_config, functional_from_config
from fnapi.models.graph_map import map_graph
from fnapi.utils.summary import print_summary


class Functional(Layer):
    keras_module, keras_registered_name = "keras.src.models.functional", "Functional"
    lists_weights_by_layer = True  # `weights` layer by layer, as Keras lists a model's

    @classmethod
    def keras_class_name(cls):
        return "Functional"

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True):
        if inputs is None or outputs is None:
            raise TypeError(f"{type(self).__name__} needs `inputs` and `outputs`: fnapi builds "
                            "models with the functional API, Model(inputs, outputs). A model "
                            "subclassed with its own `call` (Keras's other style) is not "
                            "supported; write your computation as a layer (subclass "
                            "fnapi.layers.Layer) and use it in a functional model.")
        super().__init__(name=name or unique_name("model"), trainable=trainable)
        self._init_graph(inputs, outputs)

    def _init_graph(self, inputs, outputs):
        """Check and map the graph; nothing is stored until every check has passed."""
        for role, structure in (("inputs", inputs), ("outputs", outputs)):
            for item in flatten(structure):
                if not isinstance(item, SymbolicTensor):
                    raise TypeError(f"Model {self.name}: all {role} must be symbolic tensors "
                                    f"(from Input or from calling a layer), got {item!r}.")
        flat_inputs = flatten(inputs)
        if not flatten(outputs):
            raise ValueError(f"Model {self.name}: the `outputs` argument cannot be empty. "
                             f"Received: inputs={inputs}, outputs={outputs}")
        if len({id(t) for t in flat_inputs}) != len(flat_inputs):
            raise ValueError("The list of inputs passed to the model contains the same input "
                             "multiple times. All inputs should only appear once. Received "
                             f"inputs={flat_inputs}")
        nodes, layers = map_graph(flat_inputs, flatten(outputs))
        names = [layer.name for layer in layers]
        for name in dict.fromkeys(names):
            if names.count(name) > 1:
                raise ValueError(f'The name "{name}" is used {names.count(name)} times in the '
                                 "model. All layer names should be unique.")
        # A list of one tensor is that tensor, as in Keras: `Model(x, [y]).predict` -> array.
        self._input_structure, self._output_structure = _one_of_one(inputs), _one_of_one(outputs)
        self.inputs, self.outputs = flat_inputs, flatten(outputs)
        self._nodes, self._layers = nodes, layers
        self.built = True

    # --- what the model is made of ----------------------------------------------------
    @property
    def layers(self):
        return list(self._layers)

    def _sublayers(self):
        return self.layers

    def _saved_children(self):
        return [("layers", self.layers)]

    @property
    def input_names(self):
        """The names of the Input layers, in `self.inputs` order (Keras 2)."""
        return [t.history[0].name for t in self.inputs]

    @property
    def output_names(self):
        """The names of the output layers; one used twice becomes `name_1` (Keras 2), so
        that every output keeps its own loss in the logs."""
        names, seen = [], set()
        for tensor in self.outputs:
            base = name = tensor.history[0].name
            count = 1
            while name in seen:
                name, count = f"{base}_{count}", count + 1
            seen.add(name)
            names.append(name)
        return names

    def _keys(self, structure, names):
        """{key: position} for dicts of data or losses: the layer names, and the model's own
        dict keys if it was built from a dict (whose values come in sorted-key order)."""
        keys = {name: i for i, name in enumerate(names)}
        if isinstance(structure, dict):
            keys.update({key: i for i, key in enumerate(sorted(structure))})
        return keys

    @property
    def input_keys(self):
        return self._keys(self._input_structure, self.input_names)

    @property
    def output_keys(self):
        return self._keys(self._output_structure, self.output_names)

    def get_layer(self, name=None, index=None):
        """A layer by `name` or by position `index` in `layers` (exactly one of the two).

        Raises ValueError for neither or both, an unknown name, or an index that is no
        integer or out of range."""
        if (name is None) == (index is None):
            if name is None:
                raise ValueError("Provide either a layer name or layer index at `get_layer`.")
            raise ValueError("Provide only a layer name or a layer index. Received: "
                             f"index={index}, name={name}.")
        if index is not None:
            index = arguments.integer(index, "index")
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model "
                                 f"{self.name} only has {len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: "
                         f"{[layer.name for layer in self.layers]}.")

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

    def get_config(self):
        """The graph as data (see `functional_config`): layers with their inbound nodes,
        and the addresses of the model's inputs and outputs."""
        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """The model drawn again from `get_config()`'s dict; `custom_objects` maps class
        names to a learner's own layer classes. Raises ValueError for an unknown class or
        an inconsistent graph."""
        with registry.loading(custom_objects, safe_mode=registry.safe_mode(),
                              keep_training=registry.keeps_training()):
            return functional_from_config(cls, config)

    def summary(self, line_length=None, print_fn=None):
        print_summary(self, line_length=line_length, print_fn=print_fn)

    # --- running the graph ------------------------------------------------------------
    def flatten_inputs(self, inputs):
        """The model's inputs in `self.inputs` order, from one item, a list in that order,
        or a dict keyed like the model's input dict or by the Input layers' names."""
        if isinstance(inputs, dict):
            return ordered_by_keys(inputs, self.input_keys, len(self.inputs),
                                   f"inputs of model {self.name}")
        flat = flatten(inputs)
        if len(flat) != len(self.inputs):
            raise ValueError(f"Model {self.name} expects {len(self.inputs)} input(s) "
                             f"{self.input_names}, got {len(flat)}.")
        return flat

    def _run_graph(self, flat_inputs, run_node):
        """Give each model input its value, then run every node on its inputs' values.

        `run_node(node, args, kwargs)` computes one call of `node.layer`: real tensors when
        the model is run, symbolic tensors (shapes, dtypes) when the model only works out
        its output. One walk serves both.
        """
        values = {id(t): v for t, v in zip(self.inputs, flat_inputs)}
        for node in self._nodes:
            args, kwargs = node.fill_in(lambda t: values[id(t)])
            result = run_node(node, args, kwargs)
            values.update(zip(map(id, node.output_tensors), flatten(result)))
        return pack_like(self._output_structure, [values[id(t)] for t in self.outputs])

    def call(self, inputs):
        flat = self.flatten_inputs(inputs)
        for tensor, x in zip(self.inputs, flat):
            if x.dtype == tf.string and tensor.dtype != tf.string:
                raise ValueError(f"Input {tensor.history[0].name!r} of model {self.name} "
                                 f"expects numbers ({tensor.dtype.name}). Received: a tensor "
                                 f"of strings of shape {tuple(x.shape)}")
        flat = [x if x.dtype == t.dtype else tf.cast(x, t.dtype)
                for t, x in zip(self.inputs, self._conform(flat))]
        return self._run_graph(flat, lambda node, args, kwargs: node.layer(*args, **kwargs))

    def compute_output_spec(self, inputs, **kwargs):
        def node_spec(node, args, kwargs):
            node.layer._check_input_shape(shapes_of(args[0]))
            return node.layer.compute_output_spec(*args, **kwargs)
        return self._run_graph(self._conform(self.flatten_inputs(inputs)), node_spec)

    def _conform(self, flat_inputs):
        """Keras's one exception to "same rank": an input with a last axis of size 1 more
        than the model's Input loses it, one with such an axis less gains it."""
        conformed = []
        for tensor, x in zip(self.inputs, flat_inputs):
            got = tuple(x.shape)
            shape = _conformed_shape(got, tensor.shape)
            if isinstance(x, SymbolicTensor) and shape != got:
                x = SymbolicTensor(shape, x.dtype)
            elif shape != got:
                x = tf.squeeze(x, -1) if len(shape) < len(got) else tf.expand_dims(x, -1)
            conformed.append(x)
        return conformed

    def compute_output_shape(self, input_shape):
        specs = [SymbolicTensor(s, t.dtype)
                 for s, t in zip(self._flatten_shapes(input_shape), self.inputs)]
        result = self.compute_output_spec(specs if len(specs) > 1 else specs[0])
        return pack_like(self._output_structure, [t.shape for t in flatten(result)])

    def compute_output_dtype(self, input_dtype):
        return pack_like(self._output_structure, [t.dtype for t in self.outputs])

    def _flatten_shapes(self, shape):
        """Like `flatten_inputs`, for shapes: a lone shape tuple is one input."""
        if isinstance(shape, dict):
            return self.flatten_inputs(shape)
        shapes = flat_shapes(shape)
        if len(shapes) != len(self.inputs):
            raise ValueError(f"Model {self.name} expects {len(self.inputs)} input(s) "
                             f"{self.input_names}, got {len(shapes)}.")
        return shapes

    def _check_input_shape(self, shape):
        """Same rank (after `_conformed_shape`), and equal sizes where both are known (an
        unknown size may be any)."""
        for tensor, given in zip(self.inputs, self._flatten_shapes(shape)):
            want, got = tensor.shape, _conformed_shape(tuple(given), tensor.shape)
            if len(got) != len(want) or any(None not in (w, g) and w != g
                                            for w, g in zip(want[1:], got[1:])):
                raise ValueError(f"Input {tensor.history[0].name!r} of model {self.name} "
                                 f"expects shape {want}, got {tuple(given)}.")


def _conformed_shape(got, want):
    """`got` with a size-1 last axis removed or added to reach `want`'s rank (Keras 2's
    `_conform_to_reference_input`, Keras 3's `_adjust_input_rank`); else `got`."""
    if len(got) == len(want) + 1 and got[-1] == 1:
        return got[:-1]
    if len(got) == len(want) - 1 and want[-1] == 1:
        return (*got, 1)
    return got


def _one_of_one(structure):
    return structure[0] if isinstance(structure, (list, tuple)) and len(structure) == 1 \
        else structure


def _one_or_list(items):
    return items[0] if len(items) == 1 else items
