"""Embedding: integer ids in, one learned vector per id out."""
import tensorflow as tf

from fnapi.layers.base import Layer


class Embedding(Layer):
    """A lookup table of shape `(input_dim, output_dim)`: row `i` is the vector of id `i`.

    `input_length` is accepted as in the guide (Keras 2); when given, inputs must have
    that many steps. Float ids (the guide feeds `np.round(...)` floats) are cast to int.
    """

    def __init__(self, input_dim, output_dim, input_length=None,
                 embeddings_initializer="uniform", **kwargs):
        super().__init__(**kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.input_length = input_length
        self.embeddings_initializer = embeddings_initializer

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", (self.input_dim, self.output_dim),
                                          self.embeddings_initializer)
        if self.input_length is not None:
            self.expect_input(ndim=2, axes={1: self.input_length})

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def call(self, inputs):
        return tf.gather(self.embeddings, tf.cast(inputs, tf.int32))
