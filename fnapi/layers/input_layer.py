"""Where a graph starts: `Input(shape)` makes an InputLayer and returns its symbolic output."""
from fnapi.graph import Node, SymbolicTensor
from fnapi.graph.names import unique_name
from fnapi.layers.base import Layer


class InputLayer(Layer):
    """A layer without inputs whose single node produces the graph's entry tensor."""

    def __init__(self, shape, dtype="float32", name=None, batch_size=None):
        super().__init__(name=name or unique_name("input", zero_based=False))
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        tensor = SymbolicTensor((batch_size, *shape), dtype, name=self.name, history=(self, 0, 0))
        Node(self, arguments=[], input_tensors=[], output_tensors=[tensor])
        self.built = True

    def call(self, inputs):
        return inputs


def Input(shape, dtype="float32", name=None, batch_size=None):  # noqa: N802 (Keras's name)
    """A symbolic tensor standing for a batch of inputs of shape `(batch, *shape)`."""
    return InputLayer(shape, dtype=dtype, name=name, batch_size=batch_size).output
