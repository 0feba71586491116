"""Worked answers to lesson 09 (visual question answering), checked by the lesson's checks.

    python solutions/09_visual_qa.py
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import numpy as np

from exercises import lesson09 as ex
from fnapi.layers import LSTM, Embedding, Input


# Exercise 1: word ids in, one vector out. The Embedding turns each id into a row of its
# table, and the LSTM reads those rows in order and returns its last state.
def build_question_encoder(vocab_size, words, embed_dim, units):
    question = Input(shape=(words,), dtype="int32")
    embedded = Embedding(input_dim=vocab_size, output_dim=embed_dim)(question)
    return fnapi.Model(question, LSTM(units)(embedded))


# Exercise 2: follow the image's height through the vision model with the shape rules,
# then count each layer's weights.
def vqa_param_count(image_size, filters, vocab_size, embed_dim, units, answers):
    def conv(k_in, k_out):                     # a 3x3 kernel and a bias per filter
        return 3 * 3 * k_in * k_out + k_out

    f1, f2, f3 = filters
    side = image_size                          # 'same' keeps the side
    side = (side - 2) // 2                     # 'valid' 3x3 takes 2 off, 2x2 pooling halves
    side = (side - 2) // 2
    side = (side - 4) // 2                     # two 'valid' convolutions in the third block
    vision = (conv(3, f1) + conv(f1, f1) + conv(f1, f2) + conv(f2, f2)
              + conv(f2, f3) + 2 * conv(f3, f3))
    flat = side * side * f3
    question = vocab_size * embed_dim + 4 * (embed_dim * units + units * units + units)
    answer = (units + flat) * answers + answers
    return vision + question + answer


# Exercise 3: every node's outputs, per sample; a nested model is walked into, once per call.
def activation_floats(model):
    total = 0
    for node in model._nodes:
        if isinstance(node.layer, fnapi.Model):
            total += activation_floats(node.layer)
        else:
            total += sum(int(np.prod(t.shape[1:])) for t in node.output_tensors)
    return total


if __name__ == "__main__":
    results = [ex.check_1(build_question_encoder), ex.check_2(vqa_param_count),
               ex.check_3(activation_floats)]
    raise SystemExit(0 if all(results) else 1)
