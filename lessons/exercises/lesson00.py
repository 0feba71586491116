"""Checks for lesson 00 (the TensorFlow pieces): `ex.check_1(gd_step)`, `ex.check_2(Scale)`,
`ex.check_3(n_traces)`. Each prints a one-line bilingual verdict (see verdict.py)."""
import functools

import numpy as np
import tensorflow as tf

from exercises.verdict import Wrong, answer, call_learner, check, layer_class, watch_returns


def check_1(gd_step):
    """`gd_step(w, b, x, y, lr)`: one in-place gradient-descent step on a linear model's MSE."""
    return check("练习 1 / Exercise 1", _test_gd_step, gd_step)


def check_2(scale_class):
    """`Scale`: an fnapi layer with one trainable factor per feature, initialised to 1."""
    return check("练习 2 / Exercise 2", _test_scale, scale_class)


def check_3(n_traces):
    """How many times the six calls of the lesson trace `square`."""
    return check("练习 3 / Exercise 3", _test_traces, n_traces)


# --- exercise 1 -------------------------------------------------------------------------
def _reference_step(w, b, x, y, lr):
    residual = x @ w + b - y
    loss = float(np.mean(residual ** 2))
    grad_w = 2.0 / len(x) * x.T @ residual
    grad_b = 2.0 / len(x) * residual.sum(axis=0)
    return loss, w - lr * grad_w, b - lr * grad_b


def _test_gd_step(gd_step):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(16, 3)).astype("float32")
    y = rng.normal(size=(16, 1)).astype("float32")
    w0 = rng.normal(size=(3, 1)).astype("float32")
    b0 = np.array([0.5], dtype="float32")
    w, b = tf.Variable(w0), tf.Variable(b0)
    loss = call_learner(gd_step, "gd_step(w, b, x, y, lr)", w, b, x, y, 0.1)
    want_loss, want_w, want_b = _reference_step(w0, b0, x, y, 0.1)
    if np.allclose(w.numpy(), w0) and np.allclose(b.numpy(), b0):
        raise Wrong("w 和 b 都没有变。要原地更新变量：w.assign_sub(lr * grad)；`w = w - …` 只是让局部名字指向一个新张量。",
                    "w and b did not change. Update the variables in place: w.assign_sub(lr * grad); "
                    "`w = w - ...` only points a local name at a new tensor.")
    try:
        loss = float(loss)
    except (TypeError, ValueError):
        raise Wrong("返回值应该是一个数（标量张量也行）。", "The return value should be one number (a scalar tensor is fine).")
    if not np.isclose(loss, want_loss, rtol=1e-4):
        after = float(np.mean((x @ w.numpy() + b.numpy() - y) ** 2))
        if np.isclose(loss, after, rtol=1e-4):
            raise Wrong("返回的是更新之后的损失；应返回更新之前（在磁带下算出）的损失。",
                        "You returned the loss after the update; return the one computed under the tape, before it.")
        raise Wrong(f"损失应为 {want_loss:.4f}，得到 {loss:.4f}。损失是 (x @ w + b - y) 的平方的平均值。",
                    f"The loss should be {want_loss:.4f}, got {loss:.4f}. It is the mean of (x @ w + b - y) squared.")
    if np.allclose(w.numpy(), w0 + (w0 - want_w), atol=1e-5):
        raise Wrong("w 朝错误的方向走了：梯度下降是减去 lr * 梯度。", "w moved the wrong way: gradient descent subtracts lr * gradient.")
    if not np.allclose(w.numpy(), want_w, atol=1e-5):
        raise Wrong("更新后的 w 不对：应为 w - lr * dL/dw，dL/dw 由 tape.gradient(loss, w) 给出。",
                    "The updated w is wrong: it should be w - lr * dL/dw, with dL/dw from tape.gradient(loss, w).")
    if not np.allclose(b.numpy(), want_b, atol=1e-5):
        raise Wrong("w 对了，但更新后的 b 不对：b 也要减去 lr * dL/db。",
                    "w is right, but the updated b is not: b also needs b - lr * dL/db.")
    return ("磁带、梯度、原地更新都对了。这就是 fnapi 训练步的核心。",
            "Tape, gradients and in-place update are all right. This is the core of fnapi's training step.")


# --- exercise 2 -------------------------------------------------------------------------
def _test_scale(scale_class):
    import fnapi

    layer_class(scale_class, "Scale")
    layer = watch_returns(call_learner(scale_class, "Scale()"))
    inputs = fnapi.Input(shape=(3,))
    outputs = call_learner(layer, "Scale()(Input(shape=(3,)))", inputs)
    if tuple(outputs.shape) != (None, 3):
        raise Wrong(f"对形状 (None, 3) 的输入，输出形状应为 (None, 3)，得到 {outputs.shape}。",
                    f"For an input of shape (None, 3) the output shape should be (None, 3), got {outputs.shape}.")
    weights = layer.trainable_weights
    if len(weights) != 1:
        raise Wrong(f"Scale 应该恰好有 1 个可训练权重（用 self.add_weight 创建），现在有 {len(weights)} 个。",
                    f"Scale should have exactly 1 trainable weight (made with self.add_weight); it has {len(weights)}.")
    scale = weights[0]
    if tuple(scale.shape) != (3,):
        raise Wrong(f"每个特征一个系数：输入有 3 个特征，权重形状应为 (3,)，得到 {tuple(scale.shape)}。提示：input_shape[-1]。",
                    f"One factor per feature: with 3 input features the weight's shape should be (3,), got "
                    f"{tuple(scale.shape)}. Hint: input_shape[-1].")
    if not np.allclose(scale.numpy(), 1.0):
        raise Wrong("权重的初始值应全为 1（initializer=\"ones\"），这样新层一开始什么也不改变。",
                    "The weight should start at all ones (initializer=\"ones\"), so a new layer changes nothing at first.")
    scale.assign([1.0, 2.0, -3.0])
    x = np.array([[1.0, 1.0, 1.0], [2.0, 0.5, -1.0]], dtype="float32")
    with tf.GradientTape() as tape:
        y = call_learner(layer, "layer(x)", x)
        total = tf.reduce_sum(y)
    if not np.allclose(np.asarray(y), x * np.array([1.0, 2.0, -3.0]), atol=1e-6):
        raise Wrong("在真实数据上，输出应为 inputs * scale（逐元素相乘）。",
                    "On real data the output should be inputs * scale (element-wise).")
    grad = tape.gradient(total, scale)
    if grad is None:
        raise Wrong("输出对权重没有梯度：call 里要直接用 add_weight 返回的变量做计算。",
                    "The output has no gradient with respect to the weight: compute with the variable add_weight returned.")
    return ("一个真正的 fnapi 层：build 造变量，call 计算，梯度能流到权重。",
            "A real fnapi layer: build makes the variable, call computes, and gradients reach the weight.")


# --- exercise 3 -------------------------------------------------------------------------
@functools.cache  # once per process: TensorFlow warns when one function traces too often
def _count_traces():
    @tf.function
    def square(x):
        return x * x

    square(tf.constant(1.0))
    square(tf.constant(5.0))
    square(tf.constant([1.0, 2.0]))
    square(2.0)
    square(2.0)
    square(3)
    return square.experimental_get_tracing_count()


def _test_traces(n_traces):
    answer(n_traces, "n_traces")
    if isinstance(n_traces, bool) or not isinstance(n_traces, (int, np.integer)):
        raise Wrong("答案应该是一个整数，例如 n_traces = 2。", "The answer should be an integer, e.g. n_traces = 2.")
    truth = _count_traces()
    if n_traces != truth:
        raise Wrong(f"不是 {n_traces}。想一想：形状和类型相同的张量共用一张图；每个新的 Python 数字都是写进图里的新常量；"
                    "已经见过的 Python 数字不用再追踪。",
                    f"Not {n_traces}. Think: tensors with the same shape and dtype share a graph; every new Python number "
                    "is a new constant in a new graph; a Python number seen before needs no new trace.")
    return (f"对，{truth} 次：标量张量 1 次，形状 (2,) 的张量 1 次，Python 数字 2.0 和 3 各 1 次。",
            f"Right, {truth}: once for scalar tensors, once for the shape (2,) tensor, once each for the "
            "Python numbers 2.0 and 3.")
