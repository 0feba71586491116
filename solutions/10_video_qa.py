"""Worked answers to lesson 10 (video question answering), checked by the lesson's checks.

    python solutions/10_video_qa.py
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import tensorflow as tf

from exercises import lesson10 as ex
from fnapi.layers import LSTM, Dense, Input, TimeDistributed
from fnapi.layers.input_spec import InputSpec


# Exercise 1: TimeDistributed by hand. The frames of all videos become one big batch for
# the inner layer, and its outputs are folded back into (batch, time, ...). Kept in an
# attribute, the inner layer's weights are the wrapper's: nothing is copied. `build` builds it
# for one frame, as Keras's TimeDistributed does, so its weights exist before any data.
class FrameByFrame(fnapi.layers.Layer):
    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer
        self.input_spec = InputSpec(min_ndim=3)   # (batch, time, one frame...)

    def build(self, input_shape):
        if not self.layer.built:                  # a built layer keeps its weights
            batch, steps, *frame = input_shape
            self.layer.build((batch, *frame))

    def compute_output_shape(self, input_shape):
        batch, steps, *frame = input_shape
        per_frame = self.layer.compute_output_shape((batch, *frame))
        return (batch, steps, *per_frame[1:])

    def call(self, inputs):
        steps = inputs.shape[1]
        frames = tf.reshape(inputs, (-1, *inputs.shape[2:]))          # (batch * time, ...)
        outputs = self.layer(frames)
        return tf.reshape(outputs, (-1, steps, *outputs.shape[1:]))   # (batch, time, ...)


# Exercise 2: sharing is identity. `v in list` would compare tf.Variables by value (and
# fail for arrays), so compare ids instead.
def shared_variables(model_a, model_b):
    in_b = {id(v) for v in model_b.weights}
    return [v for v in model_a.weights if id(v) in in_b]


# Exercise 3: `trainable` is a property of the layer object, so this freezes the vision
# model in every model that uses it (the VQA model too).
def build_frozen_video_model(vision_model, question_encoder, frames, answers):
    vision_model.trainable = False
    video = Input(shape=(frames, *vision_model.input_shape[1:]))
    encoded_video = LSTM(16)(TimeDistributed(vision_model)(video))
    question = Input(shape=question_encoder.input_shape[1:], dtype="int32")
    merged = fnapi.layers.concatenate([encoded_video, question_encoder(question)])
    return fnapi.Model([video, question], Dense(answers, activation="softmax")(merged))


if __name__ == "__main__":
    results = [ex.check_1(FrameByFrame), ex.check_2(shared_variables),
               ex.check_3(build_frozen_video_model)]
    raise SystemExit(0 if all(results) else 1)
