"""Where a graph starts: `Input(shape)` makes an InputLayer and returns its symbolic output."""
import tensorflow as tf

from fnapi.graph import Node, SymbolicTensor
from fnapi.graph.names import unique_name
from fnapi.layers import arguments
from fnapi.layers.base import Layer


class InputLayer(Layer):
    """A layer without inputs whose single node produces the graph's entry tensor.

    The shape is given without the batch axis (`shape=(784,)`, Keras 2's `input_shape=`
    too) or with it (`batch_shape=(32, 784)`, Keras 2's `batch_input_shape=`); sizes are
    positive integers or None (unknown). `dtype=None` means float32.
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
            if not isinstance(value, (tuple, list)) or not value:
                raise ValueError(f"`{argument}` must be a tuple whose first item is the batch "
                                 f"size (or None), got {argument}={value!r}.")
            batch_size, value = value[0], value[1:]
        if batch_size is not None:
            batch_size = arguments.positive_int(batch_size, "batch_size")
        shape = arguments.shape_tuple(value, argument)
        try:
            dtype = tf.as_dtype(dtype or "float32")
        except TypeError as error:
            raise ValueError(f"Input {self.name}: unknown dtype {dtype!r} ({error}).") from None
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
    """A symbolic tensor standing for a batch of inputs of shape `(batch, *shape)`."""
    return InputLayer(shape, batch_size=batch_size, dtype=dtype, name=name,
                      batch_shape=batch_shape, **kwargs).output
