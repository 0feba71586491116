"""Checks for lesson 01 (a fully-connected network): `ex.check_1(MyDense)`,
`ex.check_2(forward)`, `ex.check_3(small_model)`. Each prints a one-line bilingual verdict
(see verdict.py).

What each check holds the answer to:
- MyDense is the learner's own layer: not fnapi's Dense under another name, and it must not
  call fnapi's Dense (switched off while the check runs).
- forward runs in NumPy: layers cannot be called, each layer's `activation` is switched off
  (its name stays readable), and the input is float64, so a TensorFlow matmul (float32)
  shows in the digits.
- small_model is a real hidden-layer network, scored on the exam digits (exam.py), which
  the notebook never loads.
"""
import numpy as np
import tensorflow as tf

from exercises import exam
from exercises.verdict import (Wrong, call_learner, check, expect_model, forbidden, layer_class,
                               watch_returns, without_model_call)

MAX_PARAMS = 13_000
TARGET_ACCURACY = 0.90


def check_1(dense_class):
    """`MyDense(units, activation)`: build / compute_output_shape / call like fnapi's Dense."""
    return check("练习 1 / Exercise 1", _test_my_dense, dense_class)


def check_2(forward):
    """`forward(model, x)`: the model's nodes replayed by hand with NumPy."""
    return check("练习 2 / Exercise 2", _test_forward, forward)


def check_3(model):
    """`small_model`: a trained fnapi MLP with at most 13,000 weights and accuracy >= 0.90 on
    the exam digits."""
    return check("练习 3 / Exercise 3", _test_small_model, model)


# --- exercise 1 -------------------------------------------------------------------------
def _kernel_and_bias(layer, n_in, units):
    weights = layer.trainable_weights
    if len(weights) != 2:
        raise Wrong(f"应该有 2 个可训练权重（kernel 和 bias，用 self.add_weight 创建），现在有 {len(weights)} 个。",
                    f"There should be 2 trainable weights (kernel and bias, made with self.add_weight); "
                    f"there are {len(weights)}.")
    by_shape = {tuple(w.shape): w for w in weights}
    if (n_in, units) not in by_shape:
        raise Wrong(f"输入有 {n_in} 个特征、units={units} 时，kernel 的形状应为 ({n_in}, {units})；"
                    f"得到的形状是 {sorted(by_shape)}。提示：input_shape[-1]。",
                    f"With {n_in} input features and units={units}, the kernel's shape should be ({n_in}, {units}); "
                    f"the shapes are {sorted(by_shape)}. Hint: input_shape[-1].")
    if (units,) not in by_shape:
        raise Wrong(f"bias 的形状应为 ({units},)；得到的形状是 {sorted(by_shape)}。",
                    f"The bias's shape should be ({units},); the shapes are {sorted(by_shape)}.")
    return by_shape[(n_in, units)], by_shape[(units,)]


_NO_DENSE = ("MyDense 调用了 fnapi 的 Dense：请用自己的 kernel 和 bias 计算，不要借用现成的层。",
             "MyDense called fnapi's Dense: compute with your own kernel and bias, do not borrow "
             "the finished layer.")


def _test_my_dense(dense_class):
    import fnapi
    from fnapi.layers import Dense

    layer_class(dense_class, "MyDense", forbidden_bases=(Dense,))
    with forbidden(Dense, "call", _NO_DENSE), forbidden(Dense, "build", _NO_DENSE):
        return _test_my_dense_alone(dense_class)


def _test_my_dense_alone(dense_class):
    import fnapi

    layer = watch_returns(call_learner(dense_class, "MyDense(4, activation='relu')", 4, "relu"))
    inputs = fnapi.Input(shape=(5,))
    outputs = call_learner(layer, "MyDense(4)(Input(shape=(5,)))", inputs)
    if tuple(outputs.shape) != (None, 4):
        raise Wrong(f"输入形状 (None, 5)、units=4 时，输出形状应为 (None, 4)，得到 {outputs.shape}。",
                    f"For input shape (None, 5) and units=4 the output shape should be (None, 4), got {outputs.shape}.")
    kernel, bias = _kernel_and_bias(layer, 5, 4)
    if not np.allclose(bias.numpy(), 0.0):
        raise Wrong("bias 一开始应全为 0（initializer=\"zeros\"）。", "The bias should start at zeros (initializer=\"zeros\").")
    if np.allclose(kernel.numpy(), 0.0):
        raise Wrong("kernel 一开始不能全为 0（用 \"glorot_uniform\"）：否则所有单元学到一样的东西。",
                    "The kernel must not start at zeros (use \"glorot_uniform\"): all units would learn the same thing.")

    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 5)).astype("float32")
    kernel.assign(rng.normal(size=(5, 4)).astype("float32"))
    bias.assign(rng.normal(size=(4,)).astype("float32"))
    want = np.maximum(x @ kernel.numpy() + bias.numpy(), 0.0)
    with tf.GradientTape() as tape:
        got = call_learner(layer, "layer(x)", x)
        total = tf.reduce_sum(got)
    if tuple(np.shape(got)) != (6, 4):
        raise Wrong(f"在 6 个样本上，输出形状应为 (6, 4)，得到 {tuple(np.shape(got))}。",
                    f"On 6 samples the output shape should be (6, 4), got {tuple(np.shape(got))}.")
    if not np.allclose(np.asarray(got), want, atol=1e-5):
        raise Wrong("数值与 fnapi 的 Dense 不一致：call 应返回 self.activation(inputs @ kernel + bias)。",
                    "The numbers differ from fnapi's Dense: call should return self.activation(inputs @ kernel + bias).")
    if any(g is None for g in tape.gradient(total, [kernel, bias])):
        raise Wrong("输出对 kernel 或 bias 没有梯度：call 里要直接用 add_weight 返回的变量。",
                    "No gradient reaches the kernel or the bias: compute with the variables add_weight returned.")

    softmax_layer = watch_returns(call_learner(dense_class, "MyDense(3, activation='softmax')",
                                               3, "softmax"))
    wide = fnapi.Input(shape=(7,))
    model = fnapi.Model(wide, call_learner(softmax_layer, "MyDense(3)(Input(shape=(7,)))", wide))
    probabilities = call_learner(model.predict, "model.predict(x)",
                                 rng.normal(size=(4, 7)).astype("float32"))
    if probabilities.shape != (4, 3) or not np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5):
        raise Wrong("在模型里使用 activation=\"softmax\" 时，每行输出之和应为 1。",
                    "Inside a model with activation=\"softmax\", each output row should sum to 1.")
    return ("你的 Dense 与 fnapi 的一致：权重、形状规则、数值、梯度都对。",
            "Your Dense matches fnapi's: weights, shape rule, numbers and gradients are all right.")


# --- exercise 2 -------------------------------------------------------------------------
_NO_MODEL_CALL = ("不要调用 model(...) 或 model.predict(...)：要自己按 model._nodes 的顺序一层一层地算。",
                "Do not call model(...) or model.predict(...): compute layer by layer yourself, in the "
                "order of model._nodes.")
_NO_LAYER_CALL = ("不要调用层（node.layer(x)）：这个练习要用 NumPy 自己算 x @ kernel + bias。",
                  "Do not call the layers (node.layer(x)): this exercise computes x @ kernel + bias "
                  "yourself, in NumPy.")
_NO_TF_ACTIVATION = ("layer.activation 是 TensorFlow 的函数：请用 NumPy 自己写 relu、tanh、softmax，"
                     "用 fnapi.activations.name_of(layer.activation) 查出名字。",
                     "layer.activation is a TensorFlow function: write relu, tanh and softmax in "
                     "NumPy yourself, and look up the name with "
                     "fnapi.activations.name_of(layer.activation).")


def _test_model(widths, activations, seed):
    import fnapi

    rng = np.random.default_rng(seed)
    inputs = fnapi.Input(shape=(widths[0],))
    x = inputs
    for units, activation in zip(widths[1:], activations):
        x = fnapi.layers.Dense(units, activation=activation)(x)
    model = fnapi.Model(inputs, x)
    model.set_weights([rng.normal(scale=0.5, size=w.shape).astype("float32") for w in model.weights])
    data = rng.normal(scale=3.0, size=(5, widths[0]))  # float64: a float32 step shows
    return model, data


def _numpy_forward(model, x):
    """The reference, in float64 NumPy."""
    import fnapi

    functions = {"relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh, "linear": lambda z: z,
                 "softmax": lambda z: np.exp(z - z.max(axis=-1, keepdims=True))
                 / np.exp(z - z.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)}
    for node in model._nodes:
        layer = node.layer
        x = functions[fnapi.activations.name_of(layer.activation)](
            x @ layer.kernel.numpy() + layer.bias.numpy())
    return x


def _test_forward(forward):
    import fnapi

    cases = [((6, 5, 3), ("relu", "softmax"), 2), ((8, 7, 6, 4), ("tanh", "relu", None), 3)]
    for widths, activations, seed in cases:
        model, x = _test_model(widths, activations, seed)
        want = _numpy_forward(model, x)
        with forbidden(fnapi.layers.Layer, "__call__", _NO_LAYER_CALL):
            guards = [forbidden(node.layer, "activation", _NO_TF_ACTIVATION) for node in model._nodes]
            for guard in guards:
                guard.__enter__()
            try:
                got = without_model_call(model, forward, x.copy(), _NO_MODEL_CALL)
            finally:
                for guard in reversed(guards):
                    guard.__exit__(None, None, None)
        if isinstance(got, tf.Tensor):
            raise Wrong("forward 返回的是 TensorFlow 张量：这个练习全程用 NumPy。",
                        "forward returned a TensorFlow tensor: this exercise is NumPy all the way.")
        got = np.asarray(got)
        if got.shape != want.shape:
            raise Wrong(f"对 {len(x)} 个样本，输出形状应为 {want.shape}，得到 {got.shape}。",
                        f"For {len(x)} samples the output shape should be {want.shape}, got {got.shape}.")
        if np.allclose(got, want, atol=1e-4) and not np.allclose(got, want, rtol=1e-9, atol=1e-12):
            raise Wrong("数值只在 float32 的精度上对：是不是有一步用了 TensorFlow（例如 x @ layer.kernel 是 "
                        "TensorFlow 的矩阵乘法），或者把 x 转成了 float32？用 layer.kernel.numpy()，x 保持原样。",
                        "The numbers are right only to float32 precision: did a step run in TensorFlow "
                        "(x @ layer.kernel is a TensorFlow matmul), or did you cast x to float32? Use "
                        "layer.kernel.numpy() and keep x as it is.")
        if not np.allclose(got, want, atol=1e-4):
            raise Wrong("数值不对。每个节点：x = activation(x @ kernel + bias)，按 model._nodes 的顺序，"
                        "上一层的输出就是下一层的输入。",
                        "The numbers are wrong. For each node: x = activation(x @ kernel + bias), in the order "
                        "of model._nodes, each layer's output being the next layer's input.")
    return ("你亲手重放了计算图：这正是模型在真实数据上运行时做的事。",
            "You replayed the graph by hand: exactly what a model does when it runs on real data.")


# --- exercise 3 -------------------------------------------------------------------------
def _test_small_model(model):
    import fnapi

    expect_model(model, "small_model")
    if len(model.inputs) != 1 or tuple(model.inputs[0].shape) != (None, 784):
        raise Wrong("模型应只有一个输入 Input(shape=(784,))。", "The model should have one input, Input(shape=(784,)).")
    if len(model.outputs) != 1 or tuple(model.outputs[0].shape) != (None, 10):
        raise Wrong("模型应只有一个形状为 (None, 10) 的输出。", "The model should have one output of shape (None, 10).")
    n_params = model.count_params()
    if n_params > MAX_PARAMS:
        raise Wrong(f"模型有 {n_params:,} 个参数，超过了 {MAX_PARAMS:,}。参数大多在第一层：784 × 第一层的单元数。",
                    f"The model has {n_params:,} parameters, more than {MAX_PARAMS:,}. Most of them sit in the first "
                    "layer: 784 × its number of units.")
    kinds = [type(layer).__name__ for layer in model.layers[1:]]
    dense = model.layers[1:]
    if set(kinds) != {"Dense"} or len(dense) < 2:
        raise Wrong(f"要像指南那样用 Dense 层，并且至少有一个隐藏层（输入 → Dense → … → Dense(10)），"
                    f"得到 {kinds}。没有隐藏层的模型只是逻辑回归。",
                    f"Use Dense layers as the guide does, with at least one hidden layer (input -> "
                    f"Dense -> ... -> Dense(10)), got {kinds}. Without a hidden layer the model is "
                    "only logistic regression.")
    names = [fnapi.activations.name_of(layer.activation) for layer in dense]
    if names[-1] != "softmax" or any(name in ("linear", "softmax") for name in names[:-1]):
        raise Wrong(f"隐藏层要有非线性激活（例如 relu），最后一层用 softmax；激活函数是 {names}。",
                    f"Hidden layers need a non-linear activation (such as relu) and the last layer "
                    f"softmax; the activations are {names}.")
    x_exam, y_exam = exam.digits()
    guesses = call_learner(model.predict, "small_model.predict(...)",
                           x_exam.reshape(-1, 784).astype("float32") / 255).argmax(axis=1)
    accuracy = float(np.mean(guesses == y_exam))
    if accuracy < TARGET_ACCURACY:
        raise Wrong(f"在 {len(y_exam)} 张考试数字（笔记本里从没出现过）上准确率 {accuracy:.2f}，还没到 "
                    f"{TARGET_ACCURACY}。模型训练了吗？试试多训练几轮。",
                    f"Accuracy {accuracy:.2f} on {len(y_exam)} exam digits (never loaded in the "
                    f"notebook), not yet {TARGET_ACCURACY}. Was the model trained? Try more epochs.")
    return (f"{n_params:,} 个参数（指南的模型有 55,050 个），在从没见过的考试数字上准确率 {accuracy:.2f} "
            f"≥ {TARGET_ACCURACY}。",
            f"{n_params:,} parameters (the guide's model has 55,050), accuracy {accuracy:.2f} ≥ "
            f"{TARGET_ACCURACY} on exam digits it never saw.")
