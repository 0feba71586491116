"""Sequential: a model that is a single chain of layers, built one `add()` at a time.

It is an ordinary functional model underneath. Once the input shape is known (a first
layer's `input_shape=`/`input_dim=`, an `Input` or `InputLayer` first in the list, a built
model as first layer, `build(input_shape)`, or the first data the model meets), each
layer is called once on the chain's last output, so every layer keeps exactly one node,
as if written by hand: `x = Input(...); x = layer_1(x); x = layer_2(x); ...`.
Until then the model is *unbuilt*: it has layers, but no weights yet (as in Keras 2).
"""
from fnapi.graph import is_symbolic
from fnapi.graph.names import unique_name
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.input_layer import InputLayer
from fnapi import registry
from fnapi.models.functional import Functional
from fnapi.models.functional_config import sequential_config, sequential_from_config
from fnapi.models.model import Model


class Sequential(Model):
    keras_module, keras_registered_name = "keras", None

    @classmethod
    def keras_class_name(cls):
        return "Sequential"

    def __init__(self, layers=None, name=None, trainable=True):
        Layer.__init__(self, name=name or unique_name("sequential"), trainable=trainable)
        self._chain = []           # the layers in order; never the InputLayer
        self._input_tensor = None  # the chain's Input, once its shape is known
        self.shaped_by_data = False  # built by data or build(), not a declared shape
        self.inputs = self.outputs = None
        if layers is not None and not isinstance(layers, (Layer, list, tuple)):
            raise TypeError("Expected `layers` to be a list of layers. Received: "
                            f"layers={layers!r} (of type {type(layers).__name__})")
        for layer in [layers] if isinstance(layers, Layer) else layers or []:
            self.add(layer)

    # --- growing and shrinking the chain ----------------------------------------------
    def add(self, layer):
        """Append a layer, or start the chain with an `Input` tensor or an `InputLayer`.

        Raises TypeError for anything else; ValueError for a name already in the chain, an
        Input that does not come first, or a layer that does not fit the chain's output
        (the model is then as it was)."""
        if is_symbolic(layer) and isinstance(layer.history[0], InputLayer):
            layer = layer.history[0]
        if isinstance(layer, InputLayer):
            if self._input_tensor is not None or self._chain:
                raise ValueError(f"Sequential model '{self.name}' already has "
                                 f"{'an input' if self._input_tensor is not None else 'layers'}"
                                 f"; an Input can only come first.")
            self._input_tensor = layer.output
            return
        if not isinstance(layer, Layer):
            raise TypeError("Only instances of `fnapi.layers.Layer` can be added to a "
                            f"Sequential model. Received: {layer!r} (of type {type(layer)})")
        if any(other.name == layer.name for other in self._chain):
            raise ValueError("All layers added to a Sequential model should have unique names. "
                             f"Name '{layer.name}' is already the name of a layer in this "
                             "model. Update the `name` argument to pass a unique name.")
        start = self._input_tensor
        if start is None and not self._chain:
            shape = _declared_input_shape(layer)
            start = None if shape is None else _input_for(shape, layer)
        if start is not None:
            self._connect([layer], start)
        self._chain.append(layer)

    def pop(self):
        """Remove the last layer and return it; the chain then ends at the layer before.

        Raises TypeError if there is no layer (Keras 2's error)."""
        if not self._chain:
            raise TypeError("There are no layers in the model.")
        layer = self._chain.pop()
        if self.built:
            node = self.outputs[0].node
            if layer._inbound_nodes[-1] is node:
                node.detach()
            self._end_at(node.input_tensors[0] if self._chain else None)
        return layer

    def build(self, input_shape=None):
        """Fix the input shape `(batch, ...)` and connect the layers (called by the first
        data the model meets, if not before).

        Raises ValueError for no `input_shape`, no layers, sizes that are not positive
        integers or None, or a shape that does not fit the one the model already has (a
        None fits any size)."""
        if input_shape is None:
            raise ValueError(f"Sequential model {self.name}: you must provide an "
                             "`input_shape` argument to build, e.g. build((None, 784)).")
        if not self._chain:
            raise ValueError(f"Sequential model {self.name} cannot be built because it has "
                             "no layers. Call `model.add(layer)`.")
        input_shape = arguments.shape_tuple(input_shape, "input_shape", with_batch=True)
        if self._input_tensor is not None:
            have = tuple(self._input_tensor.shape)
            if len(have) != len(input_shape) or any(
                    None not in (h, g) and h != g for h, g in zip(have[1:], input_shape[1:])):
                raise ValueError(f"Sequential model '{self.name}' has already been configured "
                                 f"to use input shape {self._input_tensor.shape}. You cannot "
                                 f"build it with input_shape {tuple(input_shape)}")
            return
        self._connect(self._chain, _input_for(input_shape, self._chain[0]))
        self.shaped_by_data = True

    def _connect(self, layers, start):
        """Call `layers` one after another on the chain's end (or on `start`, the chain's
        Input, if nothing is connected yet); on any failure undo every call, so that a
        refused layer leaves the model as it was."""
        tensor = _call_chain(layers, self.outputs[0] if self.built else start)
        self._input_tensor = start
        self._end_at(tensor)

    def _end_at(self, output):
        """Make `output` the model's output (None: no layer left, the model is unbuilt)."""
        if output is None:
            self.inputs = self.outputs = None
            self.built = False
        else:
            Functional._init_graph(self, self._input_tensor, output)

    # --- before and after building ----------------------------------------------------
    def _build_once(self, input_shape, named_shapes=None):
        if not self.built:
            self.build((None, *input_shape[1:]))  # data's batch size is not the model's
        elif self.shaped_by_data:
            self._relax(input_shape)
        self._check_input_shape(input_shape)

    def _relax(self, input_shape):
        """Keras 2's rule for a chain whose input shape was taken from data or `build`: data
        whose sizes differ redraws the chain with those axes unknown (`None`), if every
        layer takes the data's own sizes (an LSTM's time axis, a Conv2D's height and width;
        not a Dense after Flatten). Else the chain stays as it was, and the shape check
        names the input."""
        want = tuple(self._input_tensor.shape)
        if len(want) != len(input_shape) or all(
                w in (None, g) for w, g in zip(want[1:], input_shape[1:])):
            return
        relaxed = (None, *(w if w == g else None for w, g in zip(want[1:], input_shape[1:])))
        old_input = self._input_tensor
        try:
            self._redraw(_input_for(relaxed, self._chain[0]))
            self.compute_output_shape((None, *input_shape[1:]))
        except (ValueError, TypeError):
            self._redraw(old_input)

    def _redraw(self, start):
        """Undo the chain's calls (last first) and call its layers again from `start`."""
        if self.built:
            tensor = self.outputs[0]
            while tensor is not self._input_tensor:
                node = tensor.node
                node.detach()
                tensor = node.input_tensors[0]
            self._end_at(None)
        output = _call_chain(self._chain, start)
        self._input_tensor = start
        self._end_at(output)

    @property
    def layers(self):
        return list(self._chain)

    @property
    def input_names(self):
        return super().input_names if self.built else []

    @property
    def output_names(self):
        """Known before building: a chain's output is its last layer's."""
        return super().output_names if self.built else [l.name for l in self._chain[-1:]]

    def _assert_weights_created(self):
        if not self.built:
            raise ValueError(f"Weights for model '{self.name}' have not yet been created. "
                             "Weights are created when the model is first called on inputs "
                             "or `build()` is called with an `input_shape`.")

    def get_config(self):
        return sequential_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        with registry.loading(custom_objects, safe_mode=registry.safe_mode(),
                              keep_training=registry.keeps_training()):
            return sequential_from_config(cls, config)


def _declared_input_shape(layer):
    """The batch input shape a first layer declares: `input_shape=`, or a built model's."""
    if layer._batch_input_shape is not None:
        return layer._batch_input_shape
    if isinstance(layer, Functional) and layer.built and len(layer.inputs) == 1:
        return layer.inputs[0].shape
    return None


def _input_for(batch_shape, first_layer):
    """The Input Keras makes for a chain, named after its first layer: `dense_input`.

    (An automatic `input_N` name would shift the numbering of the user's own Inputs.)
    """
    return InputLayer(batch_shape=batch_shape, name=f"{first_layer.name}_input").output


def _call_chain(layers, tensor):
    """Call `layers` one after another from `tensor` -> the last output; on any failure
    every node made is undone, so that a refused layer leaves the graph as it was."""
    made = []
    try:
        for layer in layers:
            tensor = layer(tensor)
            if not is_symbolic(tensor):
                raise ValueError("All layers in a Sequential model should have a single "
                                 f"output tensor; layer {layer.name} returned {tensor!r}. "
                                 "For multi-output layers, use the functional API.")
            made.append(tensor.node)
    except Exception:
        for node in reversed(made):
            node.detach()
        raise
    return tensor
