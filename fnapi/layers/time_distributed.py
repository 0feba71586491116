"""TimeDistributed: apply one layer (or a whole model) to every time step of a sequence.

The trick is a reshape: `(batch, time, ...)` becomes `(batch * time, ...)`, the wrapped
layer sees an ordinary batch, and the result is folded back into `(batch, time, ...)`.
The wrapped layer's weights are used as they are: nothing is copied.
"""
import tensorflow as tf

from fnapi.layers.base import Layer


class TimeDistributed(Layer):
    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def _sublayers(self):
        return [self.layer]

    def build(self, input_shape):
        self.expect_input(ndim=len(input_shape))
        self.layer._build_once((input_shape[0], *input_shape[2:]))

    def compute_output_shape(self, input_shape):
        batch, steps, *step_shape = input_shape
        step_output = self.layer.compute_output_shape((batch, *step_shape))
        return (batch, steps, *step_output[1:])

    def call(self, inputs, training=False):
        steps = inputs.shape[1] if inputs.shape[1] is not None else tf.shape(inputs)[1]
        frames = tf.reshape(inputs, (-1, *inputs.shape[2:]))
        outputs = self.layer(frames, training=training)
        return tf.reshape(outputs, (-1, steps, *outputs.shape[1:]))
