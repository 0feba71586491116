"""Checks for lesson 10 (video question answering). Each prints a one-line bilingual verdict
(see verdict.py). While check_1 runs, fnapi's TimeDistributed is switched off (and subclassing
it is refused): the exercise is to write it.

    check_1(FrameByFrame)              a layer: your own TimeDistributed, by reshaping; its
                                       `build` builds an unbuilt inner layer for one frame
                                       (`layer.build(shape)`, Keras's way), never a built one
    check_2(shared_variables)          identity: the tf.Variables two models both use
    check_3(build_frozen_video_model)  a model whose reused vision part does not train
"""
import fnapi  # first: it keeps TensorFlow's start-up logs out
import numpy as np
import tensorflow as tf

from exercises.verdict import (Wrong, call_learner, check, expect_model, forbidden, layer_class,
                               watch_returns)
from fnapi.layers import (LSTM, Conv2D, Dense, Embedding, Flatten, Input, Layer, MaxPooling2D,
                          TimeDistributed)


def _tiny_vision(size=8):
    image = Input(shape=(size, size, 3))
    x = MaxPooling2D((2, 2))(Conv2D(2, (3, 3), activation="relu", padding="same")(image))
    return fnapi.Model(image, Flatten()(x))


# --- exercise 1: TimeDistributed by hand --------------------------------------------------
_NO_TIME_DISTRIBUTED = ("FrameByFrame 用了 fnapi 的 TimeDistributed：请自己写 reshape 技巧。",
                        "FrameByFrame used fnapi's TimeDistributed: write the reshape trick yourself.")


def _test_frame_by_frame(frame_class):
    layer_class(frame_class, "FrameByFrame", forbidden_bases=(TimeDistributed,))
    vision = _tiny_vision()
    frames = np.random.default_rng(0).random((3, 5, 8, 8, 3), dtype="float32")
    want = np.stack([vision(frames[:, t]).numpy() for t in range(5)], axis=1)
    with forbidden(TimeDistributed, "call", _NO_TIME_DISTRIBUTED), \
            forbidden(TimeDistributed, "build", _NO_TIME_DISTRIBUTED), \
            forbidden(TimeDistributed, "compute_output_shape", _NO_TIME_DISTRIBUTED):
        praise = _test_own_wrapper(frame_class, vision, frames, want)
        _test_builds_inner_layer(frame_class)
        return praise


def _wrap(frame_class, inner, what):
    return watch_returns(call_learner(frame_class, f"FrameByFrame({what})", inner))


def _test_builds_inner_layer(frame_class):
    """An unbuilt inner layer is built by the wrapper's `build`, for one frame, before any data
    (so that summary() and count_params() know its weights); a built one is left as it is."""
    unbuilt, shapes_seen = Dense(3), []
    build = unbuilt.build

    def watched_build(input_shape, *args, **kwargs):
        shapes_seen.append(input_shape)
        return build(input_shape, *args, **kwargs)

    unbuilt.build = watched_build  # an instance attribute hides the class's method
    wrapper = _wrap(frame_class, unbuilt, "Dense(3)")
    # The wrapper's own build, alone: drawing a graph would also build the inner layer by
    # running `call` (fnapi and Keras 3 do), which would hide a `build` that does not.
    call_learner(lambda shape: wrapper.build(shape) or "built",  # build returns nothing
                 "FrameByFrame(Dense(3)).build((None, 5, 4))", (None, 5, 4))
    if shapes_seen and (len(shapes_seen[0]) != 2 or tuple(shapes_seen[0])[1:] != (4,)):
        raise Wrong(f"内层被建成了形状 {shapes_seen[0]}；一帧的形状是 (None, 4)：去掉时间轴，保留批次轴。",
                    f"The inner layer was built for shape {shapes_seen[0]}; one frame's shape is "
                    "(None, 4): drop the time axis, keep the batch axis.")
    if not unbuilt.built or [tuple(w.shape) for w in unbuilt.weights] != [(4, 3), (3,)]:
        raise Wrong("build((None, 5, 4)) 之后，内层的 Dense(3) 还没有建好：包装层的 build 要为"
                    "一帧的形状 (None, 4) 建好内层，用 self.layer.build(...)（Keras 的做法）；否则在第一批"
                    "数据之前，summary() 和 count_params() 都看不到它的权重。",
                    "After build((None, 5, 4)), the inner Dense(3) is still unbuilt: "
                    "the wrapper's build should build the inner layer for the shape of one frame, "
                    "(None, 4), with self.layer.build(...) (Keras's way); otherwise summary() and "
                    "count_params() see none of its weights before the first batch of data.")
    if unbuilt._inbound_nodes:
        raise Wrong("build 在一个新的 Input 上调用了内层，给它多画了一个节点：建层不用画图，"
                    "请用 self.layer.build(一帧的形状)。",
                    "build called the inner layer on a new Input, which drew an extra node for "
                    "it: building needs no graph; use self.layer.build(the shape of one frame).")
    if wrapper.count_params() != 15:
        raise Wrong(f"包装层应报告内层的 15 个参数，得到 {wrapper.count_params()}。",
                    f"The wrapper should report the inner layer's 15 parameters, got "
                    f"{wrapper.count_params()}.")
    built = Dense(3)
    built(Input(shape=(4,)))
    kernel, bias = built.kernel, built.bias
    wrapper = _wrap(frame_class, built, "a built Dense(3)")
    call_learner(wrapper, "FrameByFrame(Dense(3))(Input(shape=(5, 4)))", Input(shape=(5, 4)))
    if built.kernel is not kernel or built.bias is not bias or len(built.weights) != 2:
        raise Wrong("内层已经建好了，build 却又建了一次：新的权重顶替了它原来的权重。只在 "
                    "`not self.layer.built` 时才建它。",
                    "The inner layer was built already, yet build built it again: new weights "
                    "replaced the ones it had. Build it only if `not self.layer.built`.")


def _test_own_wrapper(frame_class, vision, frames, want):
    video = Input(shape=(5, 8, 8, 3))
    wrapper = _wrap(frame_class, vision, "vision")
    out = call_learner(wrapper, "FrameByFrame(vision)(Input(shape=(5, 8, 8, 3)))", video)
    if not fnapi.graph.is_symbolic(out):
        raise Wrong("在符号张量上调用时应返回一个符号张量。",
                    "Called on a symbolic tensor it should return a symbolic tensor.")
    if out.shape != (None, 5, 32):
        raise Wrong(f"输出形状应为 (None, 5, 32)：每一帧变成视觉模型的输出，得到 {out.shape}。"
                    "提示：去掉时间轴，问内层的 compute_output_shape，再把时间轴放回去。",
                    f"The output shape should be (None, 5, 32), one vision output per frame, got "
                    f"{out.shape}. Hint: drop the time axis, ask the inner layer's "
                    "compute_output_shape, put the time axis back.")
    if not wrapper.weights or any(a is not b for a, b in zip(wrapper.weights, vision.weights)) \
            or len(wrapper.weights) != len(vision.weights):
        raise Wrong("包装层的 weights 应该就是内层模型的那些 tf.Variable（同一批对象）：把内层记在属性里"
                    "（self.layer = layer），不要复制它，也不要自己 add_weight。",
                    "The wrapper's weights should be the inner model's very tf.Variables (the same "
                    "objects): keep the inner layer in an attribute (self.layer = layer); do not "
                    "copy it, and make no weights of your own.")
    got = call_learner(wrapper, "layer(frames)", frames)
    if not isinstance(got, tf.Tensor) or tuple(got.shape) != (3, 5, 32):
        raise Wrong("在真实数据上调用应返回形状 (3, 5, 32) 的 tf.Tensor。",
                    "Called on real data it should return a tf.Tensor of shape (3, 5, 32).")
    if not np.allclose(got.numpy(), want, atol=1e-5):
        raise Wrong("数值不对：第 t 步的输出应等于视觉模型作用在第 t 帧上的结果。检查 reshape 的顺序。",
                    "Wrong values: step t should be the vision model applied to frame t. Check "
                    "the order of your reshapes.")
    return ("把 (批次, 时间, …) 压成 (批次×时间, …)，交给内层，再展开：权重一份，帧帧共用。",
            "Fold (batch, time, ...) into (batch*time, ...), run the inner layer, unfold: one set "
            "of weights, used on every frame.")


def check_1(frame_class):
    return check("练习 1 / Exercise 1", _test_frame_by_frame, frame_class)


# --- exercise 2: shared variables, by identity --------------------------------------------
def _test_shared_variables(shared_variables):
    x = Input(shape=(3,))
    shared = Dense(4, name="ex2_shared")
    model_a = fnapi.Model(x, Dense(2, name="ex2_head_a")(shared(x)))
    # A twin: the same layer name and the same values, but other tf.Variables.
    y = Input(shape=(3,))
    twin = Dense(4, name="ex2_shared")
    model_twin = fnapi.Model(y, twin(y))
    twin.set_weights(shared.get_weights())
    # The shared layer again, one level down inside a nested model.
    z, w = Input(shape=(3,)), Input(shape=(3,))
    inner = fnapi.Model(z, shared(z))
    model_b = fnapi.Model(w, Dense(1, name="ex2_head_b")(inner(w)))

    got = call_learner(shared_variables, "shared_variables(model_a, model_twin)", model_a, model_twin)
    if not isinstance(got, list):
        raise Wrong("应返回一个列表（list）。", "It should return a list.")
    if got:
        raise Wrong("ex2_shared 的“双胞胎”名字相同、数值相同，却是另外的 tf.Variable，所以这两个模型"
                    "没有共享任何变量：要用 `is`（或 id）比较，不能比名字或数值。",
                    "ex2_shared's twin has the same names and values but other tf.Variables, so "
                    "these two models share nothing: compare with `is` (or id), not by name or "
                    "value.")
    got = call_learner(shared_variables, "shared_variables(model_a, model_b)", model_a, model_b)
    want = [shared.kernel, shared.bias]
    if not isinstance(got, list) or len(got) != 2 or not all(
            any(g is v for v in want) for g in got):
        names = [getattr(g, "name", g) for g in got] if isinstance(got, list) else got
        raise Wrong(f"model_b 在一个嵌套模型里用了 ex2_shared，应找到它的 kernel 和 bias 两个变量，"
                    f"得到 {names}。", f"model_b uses ex2_shared inside a nested model: expected "
                    f"its kernel and bias, two variables, got {names}.")
    return ("同一批 tf.Variable 对象，用 `is` 认出来：名字和数值都可能骗人。",
            "The same tf.Variable objects, recognised with `is`: names and values can mislead.")


def check_2(shared_variables):
    return check("练习 2 / Exercise 2", _test_shared_variables, shared_variables)


# --- exercise 3: a frozen vision part -----------------------------------------------------
def _test_frozen(build_frozen_video_model):
    vision = _tiny_vision()
    question = Input(shape=(4,), dtype="int32")
    question_encoder = fnapi.Model(question, LSTM(3)(Embedding(10, 3)(question)))
    model = call_learner(build_frozen_video_model,
                         "build_frozen_video_model(vision, question_encoder, 3, 6)",
                         vision, question_encoder, 3, 6)
    expect_model(model, "build_frozen_video_model(...)")
    shapes = [t.shape for t in model.inputs]
    if shapes != [(None, 3, 8, 8, 3), (None, 4)]:
        raise Wrong(f"输入应为 [视频 (None, 3, 8, 8, 3), 问题 (None, 4)]，得到 {shapes}。",
                    f"The inputs should be [video (None, 3, 8, 8, 3), question (None, 4)], got "
                    f"{shapes}.")
    if model.outputs[0].shape != (None, 6):
        raise Wrong(f"输出应为 6 个答案的 softmax，形状 (None, 6)，得到 {model.outputs[0].shape}。",
                    f"The output should be a softmax over 6 answers, shape (None, 6), got "
                    f"{model.outputs[0].shape}.")
    if vision.trainable:
        raise Wrong("视觉模型仍然是可训练的：设置 vision_model.trainable = False。",
                    "The vision model is still trainable: set vision_model.trainable = False.")
    trainable = model.trainable_weights
    if any(any(v is w for w in trainable) for v in vision.weights):
        raise Wrong("视觉模型的权重仍在 model.trainable_weights 里。",
                    "The vision model's weights are still in model.trainable_weights.")
    if not all(any(v is w for w in model.weights) for v in question_encoder.weights):
        raise Wrong("问题编码器的权重应被复用（同一批变量），不要新建。",
                    "The question encoder's weights should be reused (the same variables), not "
                    "new ones.")
    before_vision = [v.numpy().copy() for v in vision.weights]
    before_question = [v.numpy().copy() for v in question_encoder.weights]
    rng = np.random.default_rng(0)
    video = rng.random((4, 3, 8, 8, 3), dtype="float32")
    ids = rng.integers(1, 10, (4, 4)).astype("int32")
    model.compile(optimizer=fnapi.optimizers.SGD(learning_rate=0.5),
                  loss="sparse_categorical_crossentropy")
    model.train_on_batch([video, ids], np.array([0, 1, 2, 3]))
    if any(not np.array_equal(b, v.numpy()) for b, v in zip(before_vision, vision.weights)):
        raise Wrong("训练一步之后，视觉模型的权重变了：它没有被冻结。",
                    "After one training step the vision model's weights changed: it is not frozen.")
    if all(np.array_equal(b, v.numpy()) for b, v in zip(before_question, question_encoder.weights)):
        raise Wrong("问题编码器一点都没变：只冻结视觉模型，问题编码器应继续训练。",
                    "The question encoder did not change at all: freeze only the vision model; "
                    "the question encoder should keep training.")
    return ("视觉部分冻住了，其余照常训练。注意：trainable 属于层对象本身，所以它在每个用到它的模型里都被冻住。",
            "The vision part is frozen and the rest trains. Note: `trainable` belongs to the layer "
            "object, so it is frozen in every model that uses it.")


def check_3(build_frozen_video_model):
    return check("练习 3 / Exercise 3", _test_frozen, build_frozen_video_model)
