"""Conv2D and MaxPooling2D on channels-last images `(batch, height, width, channels)`."""
import math

import tensorflow as tf

from fnapi import activations
from fnapi.layers.base import Layer


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _check_padding(padding):
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    return padding


def window_output_shape(input_shape, window, strides, padding, channels):
    """The shape rule shared by convolution and pooling: a window sliding over H and W."""
    def length(size, k, s):
        if size is None:
            return None
        return math.ceil(size / s) if padding == "same" else (size - k) // s + 1
    batch, height, width, _ = input_shape
    return (batch, length(height, window[0], strides[0]), length(width, window[1], strides[1]),
            channels)


class Conv2D(Layer):
    """`filters` learned `kernel_size` windows slid over the image; kernel `(h, w, in, out)`."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 **kwargs):
        super().__init__(**kwargs)
        self.filters, self.kernel_size = int(filters), _pair(kernel_size)
        self.strides, self.padding = _pair(strides), _check_padding(padding)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer

    def build(self, input_shape):
        channels = input_shape[-1]
        self.kernel = self.add_weight("kernel", (*self.kernel_size, channels, self.filters),
                                      self.kernel_initializer)
        self.bias = (self.add_weight("bias", (self.filters,), self.bias_initializer)
                     if self.use_bias else None)
        self.expect_input(ndim=4, axes={-1: channels})

    def compute_output_shape(self, input_shape):
        return window_output_shape(input_shape, self.kernel_size, self.strides, self.padding,
                                   self.filters)

    def call(self, inputs):
        y = tf.nn.conv2d(tf.cast(inputs, tf.float32), self.kernel, self.strides,
                         self.padding.upper())
        return self.activation(tf.nn.bias_add(y, self.bias) if self.use_bias else y)


class MaxPooling2D(Layer):
    """The largest value in each `pool_size` window; strides default to the pool size."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _pair(pool_size)
        self.strides = self.pool_size if strides is None else _pair(strides)
        self.padding = _check_padding(padding)

    def build(self, input_shape):
        self.expect_input(ndim=4)

    def compute_output_shape(self, input_shape):
        return window_output_shape(input_shape, self.pool_size, self.strides, self.padding,
                                   input_shape[-1])

    def call(self, inputs):
        return tf.nn.max_pool2d(inputs, self.pool_size, self.strides, self.padding.upper())
