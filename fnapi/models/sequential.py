"""Sequential: a model that is a single chain of layers, built one `add()` at a time.

It is an ordinary functional model underneath. Each `add` calls the new layer once on
the chain's last output, so every layer keeps exactly one node, as if written by hand:
`x = Input(...); x = layer_1(x); x = layer_2(x); ...`.
"""
from fnapi.graph import SymbolicTensor
from fnapi.graph.names import unique_name
from fnapi.layers.base import Layer
from fnapi.layers.input_layer import Input, InputLayer
from fnapi.models.model import Model


class Sequential(Model):
    def __init__(self, layers=None, name=None, trainable=True):
        Layer.__init__(self, name=name or unique_name("sequential"), trainable=trainable)
        self._chain, self._connected = [], 0
        self._input_tensor = self._last_output = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Append a layer (or an `Input` tensor, which fixes the input shape)."""
        if isinstance(layer, SymbolicTensor) and isinstance(layer.history[0], InputLayer):
            self._input_tensor = self._last_output = layer
        elif isinstance(layer, Layer):
            if self._input_tensor is None and not self._chain and layer._batch_input_shape:
                self._input_tensor = self._last_output = self._make_input(
                    layer._batch_input_shape[1:], layer)
            self._chain.append(layer)
        else:
            raise TypeError(f"Sequential.add expects a layer or an Input tensor, got {layer!r}.")
        if self._input_tensor is not None and self._chain:
            for new_layer in self._chain[self._connected:]:
                self._last_output = new_layer(self._last_output)
            self._connected = len(self._chain)
            self._init_graph(self._input_tensor, self._last_output)

    def build(self, input_shape):
        """No input shape was given: take it from the first call."""
        if not self._chain:
            raise ValueError(f"Sequential model {self.name} has no layers to build.")
        self.add(self._make_input(input_shape[1:], self._chain[0]))

    @staticmethod
    def _make_input(shape, first_layer):
        """The input Keras makes for a chain is named after its first layer: `dense_input`.

        (An automatic `input_N` name would shift the numbering of the user's own Inputs.)
        """
        return Input(shape, name=f"{first_layer.name}_input")

    @property
    def layers(self):
        return list(self._chain)
