"""Checks for lesson 09 (visual question answering). Each prints a one-line bilingual verdict
(see verdict.py). check_2 runs with layer calls switched off: the count is worked out by hand.

    check_1(build_question_encoder)   a model: int word ids -> Embedding -> LSTM -> a vector
    check_2(vqa_param_count)          shape rules by hand: the VQA model's size, from its sizes
    check_3(activation_floats)        a graph walk: how many numbers one sample produces
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import numpy as np

from exercises.verdict import Wrong, call_learner, check, expect_model, forbidden
from fnapi.layers import LSTM, Conv2D, Dense, Embedding, Flatten, Input, MaxPooling2D


# --- exercise 1: the question encoder -----------------------------------------------------
def _test_question_encoder(build_question_encoder):
    vocab_size, words, embed_dim, units = 30, 9, 6, 5
    model = call_learner(build_question_encoder,
                         f"build_question_encoder({vocab_size}, {words}, {embed_dim}, {units})",
                         vocab_size, words, embed_dim, units)
    expect_model(model, "build_question_encoder(...)")
    if len(model.inputs) != 1 or model.inputs[0].shape != (None, words):
        raise Wrong(f"应有一个形状为 (None, {words}) 的输入，得到 "
                    f"{[t.shape for t in model.inputs]}。", f"There should be one input of "
                    f"shape (None, {words}), got {[t.shape for t in model.inputs]}.")
    if model.inputs[0].dtype.name != "int32":
        raise Wrong("输入是词的编号（整数）：Input(..., dtype='int32')。",
                    "The input holds word ids (integers): Input(..., dtype='int32').")
    if len(model.outputs) != 1 or model.outputs[0].shape != (None, units):
        raise Wrong(f"输出应是一个形状为 (None, {units}) 的向量（LSTM 默认只返回最后一步）。",
                    f"The output should be one vector of shape (None, {units}) (an LSTM "
                    "returns only its last step by default).")
    kinds = [type(layer).__name__ for layer in model.layers]
    if kinds != ["InputLayer", "Embedding", "LSTM"]:
        raise Wrong(f"层应依次为 InputLayer、Embedding、LSTM，得到 {kinds}。",
                    f"The layers should be InputLayer, Embedding, LSTM, got {kinds}.")
    embedding, lstm = model.layers[1], model.layers[2]
    if embedding.embeddings.shape != (vocab_size, embed_dim):
        raise Wrong(f"嵌入表应为 ({vocab_size}, {embed_dim})：每个词一行，得到 "
                    f"{tuple(embedding.embeddings.shape)}。", f"The embedding table should be "
                    f"({vocab_size}, {embed_dim}), one row per word id, got "
                    f"{tuple(embedding.embeddings.shape)}.")
    want = vocab_size * embed_dim + 4 * (embed_dim * units + units * units + units)
    if model.count_params() != want:
        raise Wrong(f"参数个数应为 {want:,}，得到 {model.count_params():,}。",
                    f"The parameter count should be {want:,}, got {model.count_params():,}.")
    ids = np.array([[1, 2, 3, 0, 0, 0, 0, 0, 0]], "int32")
    if model(ids).shape != (1, units):
        raise Wrong("在真实的词编号上调用，输出形状不对。",
                    "Called on real word ids, the output has the wrong shape.")
    return ("问题编码器：词编号 → 嵌入向量序列 → LSTM 的最后状态。",
            "A question encoder: word ids -> a sequence of embedding vectors -> the LSTM's last "
            "state.")


def check_1(build_question_encoder):
    return check("练习 1 / Exercise 1", _test_question_encoder, build_question_encoder)


# --- exercise 2: the parameter count by hand ----------------------------------------------
def build_vqa(image_size, filters, vocab_size, embed_dim, units, answers, words=8):
    """The guide's VQA model with every size a parameter (the lesson's `make_vqa`)."""
    f1, f2, f3 = filters
    vision = fnapi.Sequential()
    vision.add(Conv2D(f1, (3, 3), activation="relu", padding="same",
                      input_shape=(image_size, image_size, 3)))
    vision.add(Conv2D(f1, (3, 3), activation="relu"))
    vision.add(MaxPooling2D((2, 2)))
    vision.add(Conv2D(f2, (3, 3), activation="relu", padding="same"))
    vision.add(Conv2D(f2, (3, 3), activation="relu"))
    vision.add(MaxPooling2D((2, 2)))
    vision.add(Conv2D(f3, (3, 3), activation="relu", padding="same"))
    vision.add(Conv2D(f3, (3, 3), activation="relu"))
    vision.add(Conv2D(f3, (3, 3), activation="relu"))
    vision.add(MaxPooling2D((2, 2)))
    vision.add(Flatten())
    image = Input(shape=(image_size, image_size, 3))
    question = Input(shape=(words,), dtype="int32")
    encoded_question = LSTM(units)(Embedding(vocab_size, embed_dim)(question))
    merged = fnapi.layers.concatenate([encoded_question, vision(image)])
    return fnapi.Model([image, question], Dense(answers, activation="softmax")(merged))


GUIDE_SIZES = dict(image_size=224, filters=(64, 128, 256), vocab_size=10000, embed_dim=256,
                   units=256, answers=1000)


_BY_HAND = ("请用形状规则和公式算，不要搭模型再数（检查时层不能调用）。",
            "Work it out with the shape rules and formulas; do not build a model and count (layers "
            "cannot be called while this check runs).")


def _count(vqa_param_count, sizes):
    call = "vqa_param_count(" + ", ".join(f"{k}={v}" for k, v in sizes.items()) + ")"
    with forbidden(fnapi.layers.Layer, "__call__", _BY_HAND), \
            forbidden(fnapi.layers.Layer, "count_params", _BY_HAND):
        return call_learner(lambda: vqa_param_count(**sizes), call)


def _test_param_count(vqa_param_count):
    _count(vqa_param_count, GUIDE_SIZES)
    cases = [dict(image_size=32, filters=(8, 16, 32), vocab_size=25, embed_dim=32, units=32,
                  answers=10),
             dict(image_size=40, filters=(4, 6, 10), vocab_size=17, embed_dim=3, units=7,
                  answers=5),
             dict(image_size=61, filters=(2, 3, 5), vocab_size=11, embed_dim=4, units=2,
                  answers=3)]
    for sizes in cases:
        want = build_vqa(**sizes).count_params()
        got = _count(vqa_param_count, sizes)
        if got != want:
            raise Wrong(f"对 {sizes}：应为 {want:,}，得到 {got}。提示：'same' 卷积不改变高和宽，"
                        "'valid' 的 3×3 卷积各减 2，2×2 池化向下取整地减半。",
                        f"For {sizes}: expected {want:,}, got {got}. Hint: a 'same' convolution "
                        "keeps height and width, a 'valid' 3x3 one takes 2 off each, a 2x2 "
                        "pooling halves them, rounding down.")
    got = _count(vqa_param_count, GUIDE_SIZES)
    if got != 165_077_800:
        raise Wrong(f"小尺寸都对了，但指南的尺寸应得到 165,077,800，得到 {got}。",
                    f"The small sizes are right, but the guide's sizes should give 165,077,800, "
                    f"got {got}.")
    return ("不建模型也能算出 165,077,800：形状规则决定了 Flatten 的长度，也就决定了最后那层 Dense 的大小。",
            "165,077,800 without building anything: the shape rules fix the length of Flatten, "
            "and with it the size of the final Dense.")


def check_2(vqa_param_count):
    return check("练习 2 / Exercise 2", _test_param_count, vqa_param_count)


# --- exercise 3: activation sizes, walking into nested models ------------------------------
def _reference_floats(model):
    total = 0
    for node in model._nodes:
        if isinstance(node.layer, fnapi.Model):
            total += _reference_floats(node.layer)
        else:
            for tensor in node.output_tensors:
                total += int(np.prod(tensor.shape[1:]))
    return total


def _test_activation_floats(activation_floats):
    # A Sequential inside a functional model, called twice, next to plain layers.
    inner = fnapi.Sequential([Dense(4, input_shape=(3,), name="ex3_inner_a"),
                              Dense(2, name="ex3_inner_b")], name="ex3_inner")
    x, y = Input(shape=(3,), name="ex3_x"), Input(shape=(3,), name="ex3_y")
    merged = fnapi.layers.concatenate([inner(x), inner(y)], name="ex3_concat")
    model = fnapi.Model([x, y], Dense(5, name="ex3_top")(merged), name="ex3_model")
    got = call_learner(activation_floats, "activation_floats(model)", model)
    if not isinstance(got, (int, np.integer)):
        raise Wrong(f"应返回一个整数，得到 {type(got).__name__}。",
                    f"It should return an integer, got {type(got).__name__}.")
    want = _reference_floats(model)  # (4 + 2) * 2 calls + 4 (concat) + 5 (top) = 21
    if got == want + 4:
        raise Wrong("多算了 4：嵌套模型的输出就是它最后一层的输出，走进去数过之后不要再加一次。",
                    "4 too many: a nested model's output is its last layer's output; once you "
                    "have walked inside, do not count it again.")
    if got == want - 6:
        raise Wrong("少算了 6：嵌套模型被调用了两次，它内部的层也要算两次。",
                    "6 too few: the nested model is called twice, so its inner layers count "
                    "twice.")
    if got == want - 8:
        raise Wrong("少算了 8：要走进嵌套模型，数它内部每一层的输出。",
                    "8 too few: walk into the nested model and count each of its inner layers' "
                    "outputs.")
    if got != want:
        raise Wrong(f"测试模型应为 {want}，得到 {got}。提示：遍历 model._nodes；遇到嵌套模型就走进去。",
                    f"For the test model: expected {want}, got {got}. Hint: go through "
                    "model._nodes, and walk into nested models.")
    image = Input(shape=(10, 10, 3))
    z = MaxPooling2D((2, 2))(Conv2D(2, (3, 3), padding="same")(image))
    conv_model = fnapi.Model(image, Flatten()(z))
    if call_learner(activation_floats, "activation_floats(conv_model)", conv_model) \
            != _reference_floats(conv_model):
        raise Wrong("卷积模型算得不对：每个输出的大小是去掉批次轴后形状各维的乘积。",
                    "Wrong for a convolutional model: each output's size is the product of its "
                    "shape without the batch axis.")
    return ("每个样本前向传播产生的数都数到了，包括嵌套模型内部的层。",
            "Every number one sample's forward pass produces is counted, nested layers included.")


def check_3(activation_floats):
    return check("练习 3 / Exercise 3", _test_activation_floats, activation_floats)
