"""Worked answers to lesson 08 (a shared vision model), checked by the lesson's own checks.

    python solutions/08_shared_vision.py
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import tensorflow as tf

from exercises import lesson08 as ex
from fnapi.layers import Dense, Input


# Exercise 1: a layer without weights. The shape rule says what comes out before any number
# exists; `call` does the math on real tensors. `Layer.__call__` records the node.
class AbsDiff(fnapi.layers.Layer):
    """|a - b| for a list [a, b] of two tensors of the same shape."""

    def compute_output_shape(self, input_shape):
        shape_a, shape_b = input_shape
        return shape_a

    def call(self, inputs):
        a, b = inputs
        return tf.abs(a - b)


# Exercise 2: one vision model, called on both digits, so both calls use the same weights.
# |a - b| is zero where the two feature vectors agree, whatever their order.
def build_siamese(vision_model):
    digit_a = Input(shape=(27, 27, 1))
    digit_b = Input(shape=(27, 27, 1))
    distance = AbsDiff()([vision_model(digit_a), vision_model(digit_b)])
    same = Dense(1, activation="sigmoid")(distance)
    return fnapi.Model([digit_a, digit_b], same)


# Exercise 3: walk back from the outputs; every node is one call of its layer.
def count_calls(model):
    counts, seen = {}, set()
    stack = [tensor.node for tensor in model.outputs]
    while stack:
        node = stack.pop()
        if node in seen or node.is_input:
            continue
        seen.add(node)
        counts[node.layer.name] = counts.get(node.layer.name, 0) + 1
        stack.extend(node.parent_nodes)
    return counts


if __name__ == "__main__":
    results = [ex.check_1(AbsDiff), ex.check_2(build_siamese), ex.check_3(count_calls)]
    raise SystemExit(0 if all(results) else 1)
