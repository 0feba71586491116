"""Worked answers for lesson 02 (every model is callable). Run: python solutions/02_models_are_callable.py"""
import sys

import fnapi  # first: keeps TensorFlow's start-up logs out
import numpy as np
import tensorflow as tf
from coursedata import mnist
from fnapi.layers import Dense, Flatten, Input, TimeDistributed
from fnapi.models import Model

from exercises import lesson02 as ex

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(2)
fnapi.utils.set_random_seed(0)


# Exercise 1: TimeDistributed by hand: the time axis is folded into the batch and unfolded
# afterwards. The inner layer builds its weights on its first call, for the shape of one step
# (lesson 01); kept in an attribute, its weights are the wrapper's. Building it together with
# the wrapper comes in lesson 10.
class MyTimeDistributed(fnapi.layers.Layer):
    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def compute_output_shape(self, input_shape):
        batch, steps, *step_shape = input_shape
        step_output = self.layer.compute_output_shape((batch, *step_shape))
        return (batch, steps, *step_output[1:])

    def call(self, inputs):
        steps = inputs.shape[1]
        frames = tf.reshape(inputs, (-1, *inputs.shape[2:]))
        outputs = self.layer(frames)
        return tf.reshape(outputs, (-1, steps, *outputs.shape[1:]))


# Exercise 2: _run_graph, simplified: one dict from symbolic tensors to values. Each node
# is replayed as it was called: its recorded arguments, with values for the symbolic tensors.
def replay(model, x):
    values = {id(model.inputs[0]): x}
    for node in model._nodes:
        args, kwargs = node.fill_in(lambda t: values[id(t)])
        values[id(node.output_tensors[0])] = node.layer(*args, **kwargs)
    return values[id(model.outputs[0])]


# Exercise 3: the lesson's classifier, then a head whose weights pick "is a 7" in every frame.
def train_classifier():
    (x_train, y_train), _ = mnist.load_data()
    inputs = Input(shape=(784,))
    hidden = Dense(64, activation="relu")(Dense(64, activation="relu")(inputs))
    model = Model(inputs, Dense(10, activation="softmax")(hidden))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train.reshape(-1, 784).astype("float32") / 255,
              np.eye(10, dtype="float32")[y_train], epochs=8, verbose=0)
    return model


def make_seven_counter(model):
    sequences = Input(shape=(20, 784))
    head = Dense(1)
    counter = Model(sequences, head(Flatten()(TimeDistributed(model)(sequences))))
    kernel = np.zeros((200, 1), dtype="float32")
    kernel[np.arange(20) * 10 + 7] = 1.0  # flattened index t * 10 + k: frame t, digit k
    head.set_weights([kernel, np.zeros(1, dtype="float32")])
    return counter


if __name__ == "__main__":
    results = [ex.check_1(MyTimeDistributed), ex.check_2(replay),
               ex.check_3(make_seven_counter(train_classifier()))]
    sys.exit(0 if all(results) else 1)
