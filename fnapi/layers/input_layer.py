"""Where a graph starts: `Input(shape)` makes an InputLayer and returns its symbolic output."""
from fnapi.graph import Node, SymbolicTensor
from fnapi.graph.names import unique_name
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer


class InputLayer(Layer):
    """A layer without inputs whose single node produces the graph's entry tensor.

    The shape is given without the batch axis (`shape=(784,)`, Keras 2's `input_shape=`
    too) or with it (`batch_shape=(32, 784)`, Keras 2's `batch_input_shape=`); sizes are
    positive integers or None (unknown). `dtype=None` means float32.

    Raises ValueError, naming the argument, for a shape given twice or not at all, a size
    that is not a positive integer or None, or an unknown dtype.
    """
    keras_defaults = {"sparse": False, "ragged": False, "optional": False}

    def __init__(self, shape=None, batch_size=None, dtype=None, name=None, batch_shape=None,
                 input_shape=None, batch_input_shape=None, **kwargs):
        super().__init__(name=name or unique_name("input", zero_based=False), **kwargs)
        given = {k: v for k, v in (("shape", shape), ("input_shape", input_shape),
                                   ("batch_shape", batch_shape),
                                   ("batch_input_shape", batch_input_shape)) if v is not None}
        if len(given) != 1:
            raise ValueError("Please provide to Input exactly one of `shape` (without the batch "
                             "axis) or `batch_shape` (with it); got "
                             f"{given or 'neither'}. Note that `shape` does not include the "
                             "batch dimension.")
        (argument, value), = given.items()
        if argument in ("batch_shape", "batch_input_shape"):
            batch_size, *shape = arguments.shape_tuple(value, argument, with_batch=True)
        else:
            shape = arguments.shape_tuple(value, argument)
            if batch_size is not None:
                batch_size = arguments.positive_int(batch_size, "batch_size")
        dtype = arguments.dtype(dtype or "float32", f"Input '{self.name}'")
        tensor = SymbolicTensor((batch_size, *shape), dtype, name=self.name,
                                history=(self, 0, 0))
        Node(self, outputs=tensor)
        self.built = True

    def get_config(self):
        tensor = self.output
        return {"batch_shape": list(tensor.shape), "dtype": tensor.dtype.name,
                **self.keras_defaults, "name": self.name}

    def call(self, inputs):
        return inputs


def Input(shape=None, batch_size=None, name=None, dtype=None, batch_shape=None,  # noqa: N802
          **kwargs):
    """A symbolic tensor standing for a batch of inputs of shape `(batch, *shape)`.

    Raises ValueError for a bad `shape`, `batch_size`, `batch_shape` or `dtype` (see
    InputLayer)."""
    return InputLayer(shape, batch_size=batch_size, dtype=dtype, name=name,
                      batch_shape=batch_shape, **kwargs).output
