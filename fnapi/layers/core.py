"""The plain layers: Dense, Activation, Dropout, Flatten."""
import numpy as np
import tensorflow as tf

from fnapi import activations
from fnapi.layers.base import Layer


def project(x, kernel):
    """`x @ kernel` over the last axis, for inputs of any rank (one 2-D matmul)."""
    if x.shape.rank == 2:
        return tf.matmul(x, kernel)
    flat = tf.reshape(x, (-1, x.shape[-1]))
    out_shape = tf.concat([tf.shape(x)[:-1], [kernel.shape[-1]]], axis=0)
    return tf.reshape(tf.matmul(flat, kernel), out_shape)


class Dense(Layer):
    """`activation(x @ kernel + bias)`: every input unit connected to every output unit."""

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer

    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", (input_shape[-1], self.units),
                                      self.kernel_initializer)
        self.bias = (self.add_weight("bias", (self.units,), self.bias_initializer)
                     if self.use_bias else None)
        self.expect_input(axes={-1: input_shape[-1]})

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def call(self, inputs):
        y = project(tf.cast(inputs, tf.float32), self.kernel)
        return self.activation(y + self.bias if self.use_bias else y)


class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)


class Dropout(Layer):
    """Zeroes a fraction `rate` of the values while training, and scales the rest up.

    The random masks are *stateless*: each call draws from (seed, call counter), so
    they repeat under a fixed seed, also inside XLA (which ignores stateful seeds).
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = float(rate), seed

    def build(self, input_shape):
        seed = self.seed if self.seed is not None else tf.random.uniform(
            (), maxval=2**31 - 1, dtype=tf.int64)
        self._seed_and_count = tf.Variable([seed, 0], dtype=tf.int64, trainable=False)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        self._seed_and_count.assign_add([0, 1])
        keep = tf.random.stateless_uniform(tf.shape(inputs), self._seed_and_count) >= self.rate
        return tf.where(keep, inputs / (1.0 - self.rate), tf.zeros_like(inputs))


class Flatten(Layer):
    """`(batch, d1, d2, ...)` -> `(batch, d1 * d2 * ...)`."""

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        return (input_shape[0], None if None in rest else int(np.prod(rest)))

    def call(self, inputs):
        rest = inputs.shape[1:]
        if rest.is_fully_defined():
            return tf.reshape(inputs, (-1, int(np.prod(rest))))
        return tf.reshape(inputs, (tf.shape(inputs)[0], -1))
