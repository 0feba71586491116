"""LSTM: reads a sequence step by step and carries a memory (h, c) along.

Input `(batch, time, features)`; output `(batch, units)`, or `(batch, time, units)` with
`return_sequences=True`. The time axis may be unknown (`Input((None, 8))`): the weights do
not depend on it, so one layer reads sequences of any length.

Keras's layout of the weights is kept, so weights copy across: the four gates are fused
in one matrix in the order i (input), f (forget), c (candidate), o (output):
kernel `(input_dim, 4u)`, recurrent_kernel `(u, 4u)`, bias `(4u,)` (Hochreiter &
Schmidhuber 1997, with the forget gate of Gers et al. 2000, as Keras computes it).
"""
import tensorflow as tf

from fnapi import activations, initializers
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.call_context import steps_trained
from fnapi.layers.core import project
from fnapi.layers.input_spec import InputSpec
from fnapi.layers import lstm_loop


class LSTM(Layer):
    keras_defaults = {"return_state": False, "go_backwards": False, "stateful": False,
                      "unroll": False, "zero_output_for_mask": False,
                      "kernel_regularizer": None, "recurrent_regularizer": None,
                      "bias_regularizer": None, "activity_regularizer": None,
                      "kernel_constraint": None, "recurrent_constraint": None,
                      "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0,
                      "seed": None}
    keras2_defaults = {**Layer.keras2_defaults, "time_major": False, "implementation": 2}

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 return_sequences=False, use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units = arguments.positive_int(units, "units")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.return_sequences, self.use_bias = bool(return_sequences), bool(use_bias)
        self.kernel_initializer = initializers.check(kernel_initializer)
        self.recurrent_initializer = initializers.check(recurrent_initializer)
        self.bias_initializer = initializers.check(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape):
        u, features = self.units, self.known_size(input_shape, -1, "last")
        self.kernel = self.add_weight("kernel", (features, 4 * u),
                                      initializer=self.kernel_initializer)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", (u, 4 * u),
                                                initializer=self.recurrent_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", (4 * u,), initializer=self._bias_initializer)
        self.input_spec = InputSpec(ndim=3, axes={-1: features})

    def _bias_initializer(self, shape, dtype):
        """With `unit_forget_bias` the forget gate starts at 1: remember by default."""
        bias = initializers.get(self.bias_initializer)(shape, dtype)
        if not self.unit_forget_bias:
            return bias
        u = self.units
        return tf.concat([bias[:u], tf.ones((u,), dtype), bias[2 * u:]], axis=0)

    def compute_output_shape(self, input_shape):
        batch, steps = input_shape[:2]
        return (batch, steps, self.units) if self.return_sequences else (batch, self.units)

    def get_config(self):
        return {**super().get_config(), "return_sequences": self.return_sequences,
                "units": self.units, "activation": activations.serialize(self.activation),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "unit_forget_bias": self.unit_forget_bias}

    def _variable_groups(self):
        """Keras 3 keeps an LSTM's weights in its cell: `lstm/cell/vars/0..2`."""
        return [("", []), ("cell", self._own_trainable)]

    def call(self, inputs):
        # The input part of every gate, for all time steps in one matmul (out of the loop).
        x_proj = project(tf.cast(inputs, tf.float32), self.kernel)
        if self.use_bias:
            x_proj += self.bias
        x_proj = tf.transpose(x_proj, (1, 0, 2))          # time first: one row per step
        if self._standard_activations:
            hs = lstm_loop.lstm_sequence(x_proj, self.recurrent_kernel, self._compiled_loops)
        else:
            hs = self._generic_sequence(x_proj)
        return tf.transpose(hs, (1, 0, 2)) if self.return_sequences else hs[-1]

    def _compiled_loops(self, steps):
        """Whether this call, of `steps` time steps, runs the XLA-compiled loops (see
        lstm_loop.py). In a compiled model (its `fit`, `evaluate`, `predict`, or `model(x)`)
        once training steps x `steps` reach `COMPILE_AFTER_STEPS`, counting the optimizer's
        steps, which a saved model keeps: a fit resumed from a file switches at the same
        step as an unbroken one, and a reloaded model computes the same bits. Anywhere else
        (an uncompiled model, a learner's own loop), compiled from the start."""
        trained = steps_trained()
        if trained is None:
            return True
        done = tf.cast(trained, tf.float64) * tf.cast(steps, tf.float64)
        return done >= float(lstm_loop.COMPILE_AFTER_STEPS)

    @property
    def _standard_activations(self):
        """The hand-written backward pass assumes Keras's default tanh / sigmoid."""
        return self.activation is tf.math.tanh and self.recurrent_activation is activations.sigmoid

    def _generic_sequence(self, x_proj):
        """Any activations: a plain tf.scan, differentiated by TensorFlow."""
        zeros = tf.zeros((tf.shape(x_proj)[1], self.units))

        def step(state, x_t):
            h, c = state
            z = x_t + tf.matmul(h, self.recurrent_kernel)
            i, f, g, o = tf.split(z, 4, axis=-1)
            c = self.recurrent_activation(f) * c + self.recurrent_activation(i) * self.activation(g)
            h = self.recurrent_activation(o) * self.activation(c)
            return h, c

        return tf.scan(step, x_proj, initializer=(zeros, zeros))[0]
