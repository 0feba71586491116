"""Checks for lesson 08 (a shared vision model). Each prints a one-line bilingual verdict
(see verdict.py). While check_3 runs, the model's ready-made node list `model._nodes` is
hidden: the exercise is to walk the graph from `model.outputs`.

    check_1(AbsDiff)          a layer: |a - b| of two tensors, fnapi-style
    check_2(build_siamese)    a model: one vision model called twice, AbsDiff, Dense(1)
    check_3(count_calls)      a graph walk: how often each layer is called inside a model
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import numpy as np
import tensorflow as tf

from exercises.verdict import Wrong, call_learner, check, expect_model, layer_class, watch_returns
from fnapi.layers import Conv2D, Dense, Flatten, Input, Layer, MaxPooling2D


def _small_vision(size=27):
    """A small vision model like the lesson's: image in, feature vector out."""
    image = Input(shape=(size, size, 1))
    x = Conv2D(4, (3, 3), activation="relu")(image)
    x = MaxPooling2D((2, 2))(x)
    return fnapi.Model(image, Flatten()(x))


# --- exercise 1: a layer ------------------------------------------------------------------
def _test_absdiff(absdiff_class):
    layer_class(absdiff_class, "AbsDiff")
    a, b = Input(shape=(7,)), Input(shape=(7,))
    layer = watch_returns(call_learner(absdiff_class, "AbsDiff()"))
    out = call_learner(layer, "AbsDiff()([a, b])", [a, b])
    if not fnapi.graph.is_symbolic(out):
        raise Wrong("在符号张量上调用时应返回一个符号张量（交给 Layer.__call__ 处理，不要重写它）。",
                    "Called on symbolic tensors it must return one symbolic tensor (let "
                    "Layer.__call__ do that; do not override it).")
    if out.shape != (None, 7):
        raise Wrong(f"输出形状应为 (None, 7)，得到 {out.shape}：检查 compute_output_shape。",
                    f"The output shape should be (None, 7), got {out.shape}: check "
                    "compute_output_shape.")
    if len(layer._inbound_nodes) != 1 or layer._inbound_nodes[0].input_tensors != [a, b]:
        raise Wrong("调用应记录一个节点，输入为 [a, b]。", "The call should record one node "
                    "with inputs [a, b].")
    if layer.count_params() != 0:
        raise Wrong("|a - b| 不需要权重：build 里不要 add_weight。",
                    "|a - b| needs no weights: do not add_weight in build.")
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], "float32")
    y = np.array([[4.0, 2.0, 3.0], [-0.5, 1.0, 1.0]], "float32")
    got = call_learner(watch_returns(absdiff_class()), "AbsDiff()([x, y])", [x, y])
    if not isinstance(got, tf.Tensor) or got.shape != (2, 3):
        raise Wrong("在真实数据上调用应返回形状 (2, 3) 的 tf.Tensor。",
                    "Called on real data it should return a tf.Tensor of shape (2, 3).")
    if not np.allclose(got.numpy(), np.abs(x - y)):
        raise Wrong(f"数值不对：|x - y| 应为 {np.abs(x - y).tolist()}，得到 "
                    f"{np.round(got.numpy(), 3).tolist()}。", "Wrong values: |x - y| should be "
                    f"{np.abs(x - y).tolist()}, got {np.round(got.numpy(), 3).tolist()}.")
    return ("AbsDiff 有正确的形状规则、节点和数值，而且没有权重。",
            "AbsDiff has the right shape rule, node and values, and no weights.")


def check_1(absdiff_class):
    return check("练习 1 / Exercise 1", _test_absdiff, absdiff_class)


# --- exercise 2: a siamese model ----------------------------------------------------------
def _test_siamese(build_siamese):
    vision = _small_vision()
    model = call_learner(build_siamese, "build_siamese(vision_model)", vision)
    expect_model(model, "build_siamese(...)")
    if len(model.inputs) != 2 or any(t.shape != (None, 27, 27, 1) for t in model.inputs):
        raise Wrong("模型应有两个形状为 (None, 27, 27, 1) 的输入。",
                    "The model should have two inputs of shape (None, 27, 27, 1).")
    if len(model.outputs) != 1 or model.outputs[0].shape != (None, 1):
        raise Wrong(f"模型应有一个形状为 (None, 1) 的输出，得到 {[t.shape for t in model.outputs]}。",
                    f"The model should have one output of shape (None, 1), got "
                    f"{[t.shape for t in model.outputs]}.")
    calls = [n for n in model._nodes if n.layer is vision]
    if len(calls) != 2:
        raise Wrong(f"传入的视觉模型应在模型中被调用两次（每个输入一次），实际 {len(calls)} 次。"
                    "不要新建视觉模型，要共享传入的那个。",
                    f"The vision model passed in should be called twice in the model (once per "
                    f"input), found {len(calls)} call(s). Do not build a new one: share it.")
    features = vision.output_shape[-1]
    if model.count_params() != vision.count_params() + features + 1:
        raise Wrong(f"参数个数应为 视觉模型 {vision.count_params():,} + Dense(1) {features + 1:,}"
                    f"，得到 {model.count_params():,}。|a - b| 之后直接接 Dense(1, sigmoid)。",
                    f"The parameter count should be vision {vision.count_params():,} + Dense(1) "
                    f"{features + 1:,}, got {model.count_params():,}. Put Dense(1, sigmoid) "
                    "right after |a - b|.")
    rng = np.random.default_rng(0)
    a, b = rng.random((5, 27, 27, 1), "float32"), rng.random((5, 27, 27, 1), "float32")
    ab, ba = model([a, b]).numpy(), model([b, a]).numpy()
    if np.any(ab < 0) or np.any(ab > 1):
        raise Wrong("输出应是概率（sigmoid），在 0 和 1 之间。",
                    "The output should be a probability (sigmoid), between 0 and 1.")
    if not np.allclose(ab, ba, atol=1e-6):
        raise Wrong("交换两张图片后输出变了：|a - b| 应与顺序无关。你是否用了 concatenate？",
                    "Swapping the two images changed the output: |a - b| does not depend on the "
                    "order. Did you use concatenate?")
    return ("一个视觉模型被调用两次，|a - b| 让模型对两张图的顺序无关。",
            "One vision model called twice; |a - b| makes the model symmetric in its two images.")


def check_2(build_siamese):
    return check("练习 2 / Exercise 2", _test_siamese, build_siamese)


# --- exercise 3: a graph walk -------------------------------------------------------------
def _expected_calls(model):
    counts = {}
    for node in model._nodes:
        counts[node.layer.name] = counts.get(node.layer.name, 0) + 1
    return counts


class _Hidden:
    """Stands for `model._nodes` while the learner's walk runs."""

    def _refuse(self, *args):
        raise Wrong("model._nodes 是模型已经走好的结果：这个练习要从 model.outputs 出发自己往回走。",
                    "model._nodes is the walk the model already did: this exercise walks back from "
                    "model.outputs yourself.")

    __iter__ = __len__ = __getitem__ = __contains__ = _refuse


def _test_count_calls(count_calls):
    # A model with one Dense called three times, a nested model called twice, and a layer
    # that was also called once *outside* the model (that call must not be counted).
    shared = Dense(3, name="ex3_shared_dense")
    inner_in = Input(shape=(3,), name="ex3_inner_input")
    inner = fnapi.Model(inner_in, Dense(2, name="ex3_inner_dense")(inner_in), name="ex3_inner")
    x = Input(shape=(3,), name="ex3_x")
    y = shared(shared(shared(x)))
    outside = Dense(3, name="ex3_used_outside_too")
    outside(Input(shape=(3,), name="ex3_elsewhere"))
    z = outside(y)
    out = fnapi.layers.concatenate([inner(z), inner(y)], name="ex3_concat")
    model = fnapi.Model(x, out, name="ex3_model")
    want = _expected_calls(model)
    nodes, model._nodes = model._nodes, _Hidden()
    try:
        got = call_learner(count_calls, "count_calls(model)", model)
    finally:
        model._nodes = nodes
    if not isinstance(got, dict):
        raise Wrong("count_calls 应返回一个字典 {层名: 调用次数}。",
                    "count_calls should return a dict {layer name: number of calls}.")
    if "ex3_x" in got:
        raise Wrong("Input 层不是被“调用”的，不要把它们算进去。",
                    "Input layers are not called: leave them out.")
    if got.get("ex3_used_outside_too") == 2:
        raise Wrong("ex3_used_outside_too 在模型外还被调用过一次，那一次不属于这个模型：从 "
                    "model.outputs 往回走，而不是数 layer._inbound_nodes。",
                    "ex3_used_outside_too was also called once outside the model, and that "
                    "call is not part of it: walk back from model.outputs instead of counting "
                    "layer._inbound_nodes.")
    if "ex3_inner_dense" in got:
        raise Wrong("嵌套模型 ex3_inner 在这个图里是一个层（一个方框）：数它的调用，不要走进它内部。",
                    "The nested model ex3_inner is one layer (one box) in this graph: count its "
                    "calls, do not walk inside it.")
    if got != want:
        raise Wrong(f"应为 {want}，得到 {got}。", f"Expected {want}, got {got}.")
    return ("从输出往回走，每个节点数一次：共享层被调用几次就有几个节点。",
            "Walking back from the outputs and counting each node once: a shared layer has one "
            "node per call.")


def check_3(count_calls):
    return check("练习 3 / Exercise 3", _test_count_calls, count_calls)
