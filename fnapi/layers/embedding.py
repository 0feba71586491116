"""Embedding: integer ids in, one learned vector per id out."""
import tensorflow as tf

from fnapi import initializers
from fnapi import argument_validation as arguments
from fnapi.layers.base import Layer
from fnapi.layers.input_spec import InputSpec


class Embedding(Layer):
    """A lookup table `embeddings` of shape `(input_dim, output_dim)`: row `i` is the vector
    of id `i`. Ids `(batch, ...)` in, vectors `(batch, ..., output_dim)` out.

    `input_length` is accepted as in the guide (Keras 2); when given, inputs must have
    that many steps. Float ids (the guide feeds `np.round(...)` floats) are cast to int.
    """
    keras_defaults = {"embeddings_regularizer": None, "activity_regularizer": None,
                      "embeddings_constraint": None, "mask_zero": False,
                      "quantization_config": None}

    def __init__(self, input_dim, output_dim, input_length=None,
                 embeddings_initializer="uniform", **kwargs):
        # Keras 2: ids of `input_length` steps (unknown if not given) unless said otherwise,
        # so a Sequential that starts with an Embedding is built at once.
        kwargs.setdefault("input_shape", (input_length,))
        super().__init__(**kwargs)
        self.input_dim = arguments.positive_int(input_dim, "input_dim")
        self.output_dim = arguments.positive_int(output_dim, "output_dim")
        self.input_length = (None if input_length is None
                             else arguments.positive_int(input_length, "input_length"))
        self.embeddings_initializer = initializers.check(embeddings_initializer)
        self.input_spec = (InputSpec(min_ndim=1) if self.input_length is None  # one tensor
                           else InputSpec(ndim=2, axes={1: self.input_length}))

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", (self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self):
        """Keras 3's keys; `input_length` (Keras 2's, which Keras 3 still accepts) if set."""
        length = {} if self.input_length is None else {"input_length": self.input_length}
        return {**super().get_config(), "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                **length}

    def call(self, inputs):
        return tf.gather(self.embeddings, tf.cast(inputs, tf.int32))
