"""TimeDistributed: apply one layer (or a whole model) to every time step of a sequence.

The trick is a reshape: `(batch, time, ...)` becomes `(batch * time, ...)`, the wrapped
layer sees an ordinary batch, and the result is folded back into `(batch, time, ...)`.
The wrapped layer's weights are used as they are: nothing is copied. The time axis and
the frames' own axes may be unknown (None): the reshapes read them at run time.
"""
import tensorflow as tf

from fnapi.layers import config
from fnapi.layers.base import Layer
from fnapi.layers.core import dynamic_shape
from fnapi.layers.input_spec import InputSpec


class TimeDistributed(Layer):
    """Input `(batch, time, *step_shape)`, output `(batch, time, *layer_output_shape)`."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `TimeDistributed` layer with a "
                             f"`fnapi.layers.Layer` instance. Received: {layer!r}")
        self.layer = layer
        self.input_spec = InputSpec(min_ndim=3)

    def _check_input_shape(self, shape):
        """The wrapper's rank, then, once built, what the inner layer sees: a shared
        wrapper is checked at every call, as Keras 2 does by running the inner call."""
        if len(shape) < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape` with "
                             f"at least 3 dimensions, received: {tuple(shape)} (layer "
                             f"{self.name}).")
        super()._check_input_shape(shape)
        if self.layer.built:
            self.layer._check_input_shape(self._step_shape(shape))

    def build(self, input_shape):
        # As Keras 2: the steps keep the sizes of the first call (batch and time may vary).
        self.input_spec = InputSpec(ndim=len(input_shape), axes={
            axis: size for axis, size in enumerate(input_shape) if axis >= 2 and size})
        self.layer._build_once(self._step_shape(input_shape))

    @staticmethod
    def _step_shape(input_shape):
        """What the inner layer sees: one batch of single steps, `(batch * time, ...)`."""
        batch, steps, *step_shape = input_shape
        return (None if batch is None or steps is None else batch * steps, *step_shape)

    def compute_output_shape(self, input_shape):
        step_output = self.layer.compute_output_shape(self._step_shape(input_shape))
        return (*input_shape[:2], *step_output[1:])

    def get_config(self):
        """The wrapped layer's whole config, nested: `{"module", "class_name", "config"}`."""
        return {**super().get_config(), "layer": config.serialize(self.layer)}

    @classmethod
    def from_config(cls, data):
        data = dict(data)
        layer = data.pop("layer")
        return cls(config.deserialize(layer) if isinstance(layer, dict) else layer, **data)

    def compute_output_dtype(self, input_dtype):
        return self.layer.compute_output_dtype(input_dtype)

    def call(self, inputs):
        shape = dynamic_shape(inputs)
        outputs = self.layer(tf.reshape(inputs, [-1, *shape[2:]]))
        return tf.reshape(outputs, [-1, shape[1], *dynamic_shape(outputs)[1:]])
