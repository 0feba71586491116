"""Conv2D and MaxPooling2D on channels-last images `(batch, height, width, channels)`.

Height and width may be unknown (`Input((None, None, 3))`): the weights depend only on
the window and the channels, so one model serves images of any size.
"""
import math

import tensorflow as tf

from fnapi import activations, initializers
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.input_spec import InputSpec

PADDINGS = ("valid", "same")


def _padding(value):
    """'valid' or 'same', in any case ('SAME' too, as Keras lowercases it)."""
    return arguments.one_of(value.lower() if isinstance(value, str) else value, PADDINGS,
                            "padding")


def window_output_shape(layer, input_shape, window, strides, padding, channels):
    """The shape rule shared by convolution and pooling: a window sliding over H and W.

    'valid': floor((size - window) / stride) + 1 positions; 'same': ceil(size / stride).
    Raises ValueError naming `layer` if the window does not fit the input."""
    def length(size, k, s):
        if size is None:
            return None
        return math.ceil(size / s) if padding == "same" else (size - k) // s + 1
    batch, height, width, _ = input_shape
    out = (length(height, window[0], strides[0]), length(width, window[1], strides[1]))
    if any(n is not None and n <= 0 for n in out):
        raise ValueError(f"One of the dimensions in the output is <= 0 due to downsampling in "
                         f"{layer.name}: its {window[0]}x{window[1]} window does not fit the "
                         f"input. Consider increasing the input size. Received input shape "
                         f"{tuple(input_shape)} which would produce output shape with a zero "
                         "or negative value in a dimension.")
    return (batch, *out, channels)


class Conv2D(Layer):
    """`filters` learned `kernel_size` windows slid over the image.

    Input `(batch, height, width, in_channels)`, output `(batch, new_height, new_width,
    filters)`; kernel `(kh, kw, in_channels, filters)`, bias `(filters,)`.
    """
    keras_defaults = {"data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
                      "kernel_regularizer": None, "bias_regularizer": None,
                      "activity_regularizer": None, "kernel_constraint": None,
                      "bias_constraint": None}

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 **kwargs):
        super().__init__(**kwargs)
        self.filters = arguments.positive_int(filters, "filters")
        self.kernel_size = arguments.int_tuple(kernel_size, 2, "kernel_size")
        self.strides = arguments.int_tuple(strides, 2, "strides")
        self.padding = _padding(padding)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.check(kernel_initializer)
        self.bias_initializer = initializers.check(bias_initializer)
        self.input_spec = InputSpec(ndim=4)

    def build(self, input_shape):
        channels = self.known_size(input_shape, -1, "channel")
        self.kernel = self.add_weight("kernel", (*self.kernel_size, channels, self.filters),
                                      initializer=self.kernel_initializer)
        self.bias = (self.add_weight("bias", (self.filters,), initializer=self.bias_initializer)
                     if self.use_bias else None)
        self.input_spec = InputSpec(ndim=4, axes={-1: channels})

    def compute_output_shape(self, input_shape):
        return window_output_shape(self, input_shape, self.kernel_size, self.strides,
                                   self.padding, self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": list(self.kernel_size), "strides": list(self.strides),
                "padding": self.padding, "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer)}

    def call(self, inputs):
        y = tf.nn.conv2d(tf.cast(inputs, tf.float32), self.kernel, self.strides,
                         self.padding.upper())
        return self.activation(tf.nn.bias_add(y, self.bias) if self.use_bias else y)


class MaxPooling2D(Layer):
    """The largest value in each `pool_size` window; strides default to the pool size.

    Input `(batch, height, width, channels)`, output `(batch, new_height, new_width,
    channels)`; no weights."""
    keras_defaults = {"data_format": "channels_last"}

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", **kwargs):
        super().__init__(**kwargs)
        self.pool_size = arguments.int_tuple(pool_size, 2, "pool_size")
        self.strides = (self.pool_size if strides is None
                        else arguments.int_tuple(strides, 2, "strides"))
        self.padding = _padding(padding)
        self.input_spec = InputSpec(ndim=4)

    def compute_output_shape(self, input_shape):
        return window_output_shape(self, input_shape, self.pool_size, self.strides,
                                   self.padding, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "pool_size": list(self.pool_size),
                "padding": self.padding, "strides": list(self.strides)}

    def call(self, inputs):
        return tf.nn.max_pool2d(inputs, self.pool_size, self.strides, self.padding.upper())
