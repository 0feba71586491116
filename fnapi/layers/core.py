"""The plain layers: Dense, Activation, Dropout, Flatten."""
import numpy as np
import tensorflow as tf

from fnapi import activations, initializers
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.input_spec import InputSpec


def dynamic_shape(x):
    """`x`'s shape as a list: each size an int where known, else a scalar tensor read at run
    time. `tf.reshape` takes such a list, so one traced graph serves every unknown size."""
    return [d if d is not None else tf.shape(x)[i] for i, d in enumerate(x.shape)]


def project(x, kernel):
    """`x @ kernel` over the last axis, for inputs of any rank (one 2-D matmul)."""
    if x.shape.rank == 2:
        return tf.matmul(x, kernel)
    flat = tf.reshape(x, (-1, x.shape[-1]))
    return tf.reshape(tf.matmul(flat, kernel), [*dynamic_shape(x)[:-1], kernel.shape[-1]])


class Dense(Layer):
    """`activation(x @ kernel + bias)`: every input unit connected to every output unit.

    Input `(batch, ..., input_dim)`, output `(batch, ..., units)`; kernel
    `(input_dim, units)`, bias `(units,)`.
    """
    keras_defaults = {"kernel_regularizer": None, "bias_regularizer": None,
                      "kernel_constraint": None, "bias_constraint": None,
                      "quantization_config": None}

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.units = arguments.positive_int(units, "units")
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.check(kernel_initializer)
        self.bias_initializer = initializers.check(bias_initializer)
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        input_dim = self.known_size(input_shape, -1, "last")
        self.kernel = self.add_weight("kernel", (input_dim, self.units),
                                      initializer=self.kernel_initializer)
        self.bias = (self.add_weight("bias", (self.units,), initializer=self.bias_initializer)
                     if self.use_bias else None)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer)}

    def call(self, inputs):
        y = project(tf.cast(inputs, tf.float32), self.kernel)
        return self.activation(y + self.bias if self.use_bias else y)


class Activation(Layer):
    """An activation function as a layer of its own; the shape does not change."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}

    def call(self, inputs):
        return self.activation(inputs)


class Dropout(Layer):
    """Zeroes a fraction `rate` of the values while training, and scales the rest up by
    1 / (1 - rate) (inverted dropout, as in Keras); the identity otherwise.

    The random masks are *stateless*: each call draws from (seed, call counter), so
    they repeat under a fixed seed, also inside XLA (which ignores stateful seeds).
    """
    keras_defaults = {"noise_shape": None}
    _state_attributes = frozenset({"_seed_and_count"})  # saved as state, not as a weight

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = arguments.rate(rate)
        self.seed = None if seed is None else arguments.integer(seed, "seed")

    def build(self, input_shape):
        # One counter for all replicas under tf.distribute: the first replica's count wins.
        with tf.init_scope():  # made eagerly, even from inside a traced `call`
            seed = self.seed if self.seed is not None else tf.random.uniform(
                (), maxval=2**31 - 1, dtype=tf.int64)
            self._seed_and_count = tf.Variable(
                [seed, 0], dtype=tf.int64, trainable=False,
                aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA)

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_dtype(self, input_dtype):
        return input_dtype  # ids stay ids (Keras 2): at inference nothing is computed

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}

    def _state_groups(self):
        """The (seed, count) of the masks, saved so that training resumes with the very
        masks it would have drawn (where Keras 3 keeps its SeedGenerator, unsaved)."""
        return [("seed_generator", [self._seed_and_count])] if self.built else []

    def call(self, inputs, training=False):
        if self.rate == 0 or (not tf.is_tensor(training) and not training):
            return inputs
        if tf.is_tensor(training):  # decided at run time (a boolean tensor), as in Keras
            return tf.cond(tf.cast(training, tf.bool), lambda: self._dropped(inputs),
                           lambda: tf.identity(inputs))
        return self._dropped(inputs)

    def _dropped(self, inputs):
        self._seed_and_count.assign_add([0, 1])
        keep = tf.random.stateless_uniform(tf.shape(inputs), self._seed_and_count) >= self.rate
        return tf.where(keep, inputs / (1.0 - self.rate), tf.zeros_like(inputs))


class Flatten(Layer):
    """`(batch, d1, d2, ...)` -> `(batch, d1 * d2 * ...)`; unknown if any d is unknown."""
    keras_defaults = {"data_format": "channels_last"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=1)  # one tensor, with a batch axis (Keras)

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        return (input_shape[0], None if None in rest else int(np.prod(rest)))

    def compute_output_dtype(self, input_dtype):
        return input_dtype  # a reshape: ids stay ids (Keras 2)

    def call(self, inputs):
        rest = inputs.shape[1:]
        if rest.is_fully_defined():
            return tf.reshape(inputs, (-1, int(np.prod(rest))))
        return tf.reshape(inputs, (tf.shape(inputs)[0], -1))
