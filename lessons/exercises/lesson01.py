"""Checks for lesson 01 (a fully-connected network): `ex.check_1(MyDense)`,
`ex.check_2(forward)`, `ex.check_3(small_model)`. Each prints one bilingual verdict and
returns True/False."""
import numpy as np
import tensorflow as tf

from exercises.verdict import Wrong, check, expect_model, without_model_call

MAX_PARAMS = 13_000
TARGET_ACCURACY = 0.90


def check_1(dense_class):
    """`MyDense(units, activation)`: build / compute_output_shape / call like fnapi's Dense."""
    return check("练习 1 / Exercise 1", _test_my_dense, dense_class)


def check_2(forward):
    """`forward(model, x)`: the model's nodes replayed by hand with NumPy."""
    return check("练习 2 / Exercise 2", _test_forward, forward)


def check_3(model):
    """`small_model`: a trained fnapi model with at most 13,000 weights and held-out MNIST
    accuracy >= 0.90."""
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


def _test_my_dense(dense_class):
    import fnapi

    layer = dense_class(4, activation="relu")
    if not isinstance(layer, fnapi.layers.Layer):
        raise Wrong("MyDense 应该继承 fnapi.layers.Layer。", "MyDense should subclass fnapi.layers.Layer.")
    inputs = fnapi.Input(shape=(5,))
    outputs = layer(inputs)
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
    reference = fnapi.layers.Dense(4, activation="relu")
    reference(inputs)
    reference.set_weights([kernel.numpy(), bias.numpy()])
    with tf.GradientTape() as tape:
        got = layer(x)
        total = tf.reduce_sum(got)
    if tuple(np.shape(got)) != (6, 4):
        raise Wrong(f"在 6 个样本上，输出形状应为 (6, 4)，得到 {tuple(np.shape(got))}。",
                    f"On 6 samples the output shape should be (6, 4), got {tuple(np.shape(got))}.")
    if not np.allclose(np.asarray(got), reference(x).numpy(), atol=1e-5):
        raise Wrong("数值与 fnapi 的 Dense 不一致：call 应返回 self.activation(inputs @ kernel + bias)。",
                    "The numbers differ from fnapi's Dense: call should return self.activation(inputs @ kernel + bias).")
    if any(g is None for g in tape.gradient(total, [kernel, bias])):
        raise Wrong("输出对 kernel 或 bias 没有梯度：call 里要直接用 add_weight 返回的变量。",
                    "No gradient reaches the kernel or the bias: compute with the variables add_weight returned.")

    softmax_layer = dense_class(3, activation="softmax")
    wide = fnapi.Input(shape=(7,))
    model = fnapi.Model(wide, softmax_layer(wide))
    probabilities = model.predict(rng.normal(size=(4, 7)).astype("float32"))
    if probabilities.shape != (4, 3) or not np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5):
        raise Wrong("在模型里使用 activation=\"softmax\" 时，每行输出之和应为 1。",
                    "Inside a model with activation=\"softmax\", each output row should sum to 1.")
    return ("你的 Dense 与 fnapi 的一致：权重、形状规则、数值、梯度都对。",
            "Your Dense matches fnapi's: weights, shape rule, numbers and gradients are all right.")


# --- exercise 2 -------------------------------------------------------------------------
_NO_MODEL_CALL = ("不要调用 model(...) 或 model.predict(...)：要自己按 model._nodes 的顺序一层一层地算。",
                "Do not call model(...) or model.predict(...): compute layer by layer yourself, in the "
                "order of model._nodes.")


def _test_model(widths, activations, seed):
    import fnapi

    rng = np.random.default_rng(seed)
    inputs = fnapi.Input(shape=(widths[0],))
    x = inputs
    for units, activation in zip(widths[1:], activations):
        x = fnapi.layers.Dense(units, activation=activation)(x)
    model = fnapi.Model(inputs, x)
    model.set_weights([rng.normal(scale=0.5, size=w.shape).astype("float32") for w in model.weights])
    data = rng.normal(size=(5, widths[0])).astype("float32")
    return model, data


def _test_forward(forward):
    cases = [((6, 5, 3), ("relu", "softmax"), 2), ((8, 7, 6, 4), ("tanh", "relu", None), 3)]
    for widths, activations, seed in cases:
        model, x = _test_model(widths, activations, seed)
        want = model(x).numpy()
        got = without_model_call(model, forward, x, _NO_MODEL_CALL)
        if got is None:
            raise Wrong("forward 返回了 None；应返回最后一层的输出。", "forward returned None; return the last layer's output.")
        got = np.asarray(got)
        if got.shape != want.shape:
            raise Wrong(f"对 {len(x)} 个样本，输出形状应为 {want.shape}，得到 {got.shape}。",
                        f"For {len(x)} samples the output shape should be {want.shape}, got {got.shape}.")
        if not np.allclose(got, want, atol=1e-4):
            raise Wrong("数值不对。每个节点：x = layer.activation(x @ kernel + bias)，按 model._nodes 的顺序，"
                        "上一层的输出就是下一层的输入。",
                        "The numbers are wrong. For each node: x = layer.activation(x @ kernel + bias), in the order "
                        "of model._nodes, each layer's output being the next layer's input.")
    return ("你亲手重放了计算图：这正是模型在真实数据上运行时做的事。",
            "You replayed the graph by hand: exactly what a model does when it runs on real data.")


# --- exercise 3 -------------------------------------------------------------------------
def _test_small_model(model):
    import fnapi
    from coursedata import mnist

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
    _, (x_test, y_test) = mnist.load_data()
    guesses = model.predict(x_test.reshape(-1, 784).astype("float32") / 255).argmax(axis=1)
    accuracy = float(np.mean(guesses == y_test))
    if accuracy < TARGET_ACCURACY:
        raise Wrong(f"测试准确率 {accuracy:.2f}，还没到 {TARGET_ACCURACY}。模型训练了吗？试试多训练几轮。",
                    f"Held-out accuracy {accuracy:.2f}, not yet {TARGET_ACCURACY}. Was the model trained? Try more epochs.")
    return (f"{n_params:,} 个参数（指南的模型有 55,050 个），测试准确率 {accuracy:.2f} ≥ {TARGET_ACCURACY}。",
            f"{n_params:,} parameters (the guide's model has 55,050), held-out accuracy {accuracy:.2f} ≥ {TARGET_ACCURACY}.")
