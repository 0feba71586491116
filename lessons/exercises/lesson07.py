"""Checks for lesson 07 (residual connections): `ex.check_1(residual_block)`,
`ex.check_2(ScaledAdd)`. Each prints a one-line bilingual verdict (see verdict.py)."""
import numpy as np

from exercises.verdict import ReturnedNone, Wrong, call_learner, check, layer_class, watch_returns


def check_1(residual_block):
    """`residual_block(x, filters)`: relu(shortcut(x) + conv(relu(conv(x)))), projecting if needed."""
    return check("练习 1 / Exercise 1", _test_residual_block, residual_block)


def check_2(scaled_add_class):
    """`ScaledAdd`: an fnapi layer, `[x, y] -> x + alpha * y`, one scalar weight starting at 0."""
    return check("练习 2 / Exercise 2", _test_scaled_add, scaled_add_class)


# --- exercise 1 -------------------------------------------------------------------------
def _is_conv(layer, kernel, filters, relu, activation):
    from fnapi.layers import Conv2D

    return (isinstance(layer, Conv2D) and layer.kernel_size == kernel and layer.filters == filters
            and (layer.padding == "same" or kernel == (1, 1)) and layer.strides == (1, 1)
            and (layer.activation is relu) == activation)


def _test_residual_block(residual_block):
    import fnapi
    from fnapi.graph import SymbolicTensor
    from fnapi.layers import Activation, Add, Input

    relu = fnapi.activations.get("relu")
    for k, (channels, filters) in enumerate([(16, 16), (16, 32), (8, 8)]):
        x = Input((14, 14, channels), name=f"t7_block_in_{k}")
        try:
            out = residual_block(x, filters)
        except (NotImplementedError, Wrong):
            raise
        except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
            if channels != filters and "(Add)" in str(error):
                raise Wrong(f"x 有 {channels} 个通道，分支有 {filters} 个，add 无法相加（{error}）。"
                            "通道数不同时，先用一个 1×1 卷积把 x 投影到 filters 个通道。",
                            f"x has {channels} channels and the branch {filters}, so add fails "
                            f"({error}). When the channels differ, first project x onto `filters` "
                            "channels with a 1×1 convolution.")
            raise Wrong(f"residual_block(x, {filters}) 出错：{type(error).__name__}: {error}",
                        f"residual_block(x, {filters}) raised {type(error).__name__}: {error}")
        if out is None:
            raise ReturnedNone(f"residual_block(x, {filters})")
        if not isinstance(out, SymbolicTensor):
            raise Wrong(f"应返回一个符号张量，得到 {type(out).__name__}。",
                        f"Return a symbolic tensor, got a {type(out).__name__}.")
        if out.shape != (None, 14, 14, filters):
            raise Wrong(f"输入 {x.shape[1:]}、filters={filters} 时输出形状应为 {(None, 14, 14, filters)}，"
                        f"得到 {out.shape}。两个 3×3 卷积都要 padding='same'。",
                        f"With input {x.shape[1:]} and filters={filters} the output shape should be "
                        f"{(None, 14, 14, filters)}, got {out.shape}. Both 3×3 convolutions need "
                        "padding='same'.")
        last = out.node.layer
        if not isinstance(last, Activation) or last.activation is not relu:
            raise Wrong("最后一步应是加法之后的 Activation('relu')。",
                        "The last step should be Activation('relu') after the addition.")
        summed = out.node.input_tensors[0]
        if not isinstance(summed.node.layer, Add) or len(summed.node.input_tensors) != 2:
            raise Wrong("Activation 的输入应是 add([捷径, 残差分支]) 的结果（两个张量相加）。",
                        "The Activation's input should come from add([shortcut, residual]) of two "
                        "tensors.")
        first, second = summed.node.input_tensors
        # The residual branch ends in a 3x3 convolution without activation; the other input is
        # the shortcut. Accept either order in add([...]).
        def ends_branch(t):
            return _is_conv(t.node.layer, (3, 3), filters, relu, False)
        if ends_branch(second) and not ends_branch(first):
            shortcut, branch = first, second
        elif ends_branch(first):
            shortcut, branch = second, first
        else:
            raise Wrong(f"残差分支应以一个没有激活函数的 3×3 卷积（{filters} 个过滤器，padding='same'）结束："
                        "ReLU 放在相加之后。",
                        f"The residual branch should end with a 3×3 convolution ({filters} filters, "
                        "padding='same') without activation: the ReLU comes after the addition.")
        inner = branch.node.input_tensors[0]
        if not _is_conv(inner.node.layer, (3, 3), filters, relu, True) \
                or inner.node.input_tensors[0] is not x:
            raise Wrong(f"残差分支应是：对 x 做 3×3 卷积（{filters} 个过滤器，relu），再做 3×3 卷积（无激活）。",
                        f"The residual branch should be: a 3×3 convolution of x ({filters} filters, "
                        "relu), then a 3×3 convolution (no activation).")
        if channels == filters:
            if shortcut is not x:
                raise Wrong("通道数相同时，捷径应该就是 x 本身（恒等映射），不需要任何层。",
                            "When the channels match, the shortcut should be x itself (the "
                            "identity), with no layer at all.")
        else:
            if shortcut is x:
                raise Wrong(f"x 有 {channels} 个通道，分支有 {filters} 个，不能直接相加。",
                            f"x has {channels} channels and the branch {filters}: they cannot be "
                            "added directly.")
            if not _is_conv(shortcut.node.layer, (1, 1), filters, relu, False) \
                    or shortcut.node.input_tensors[0] is not x:
                raise Wrong(f"通道数不同时，捷径应是作用在 x 上的 1×1 卷积（{filters} 个过滤器，无激活）。",
                            f"When the channels differ, the shortcut should be a 1×1 convolution of "
                            f"x ({filters} filters, no activation).")
        model = fnapi.Model(x, out, name=f"t7_block_{k}")
        want = 2 * filters + 9 * channels * filters + 9 * filters * filters
        if channels != filters:
            want += (channels + 1) * filters
        if model.count_params() != want:
            raise Wrong(f"参数个数应为 {want:,}，得到 {model.count_params():,}：是不是多了一层？",
                        f"The block should have {want:,} parameters, got {model.count_params():,}: "
                        "is there an extra layer?")
        if channels == filters:
            # With the last convolution zeroed, the block must be exactly relu(x).
            branch.node.layer.set_weights([np.zeros_like(w) for w in branch.node.layer.get_weights()])
            data = np.random.default_rng(k).normal(size=(2, 14, 14, channels)).astype("float32")
            if not np.allclose(model.predict(data), np.maximum(data, 0.0), atol=1e-6):
                raise Wrong("残差分支为 0 时，这个块应正好输出 relu(x)。",
                            "With the residual branch at zero, the block should output exactly relu(x).")
    return ("残差块写对了：通道相同时走恒等捷径，不同时用 1×1 卷积投影。",
            "The residual block is right: an identity shortcut when the channels match, a 1×1 "
            "projection when they do not.")


# --- exercise 2 -------------------------------------------------------------------------
def _test_scaled_add(scaled_add_class):
    import tensorflow as tf

    import fnapi
    from fnapi.layers import Input, Layer

    layer_class(scaled_add_class, "ScaledAdd", forbidden_bases=(fnapi.layers.Add,))
    layer = watch_returns(call_learner(scaled_add_class, "ScaledAdd()"))
    a, b = Input((5, 5, 2), name="t7_a"), Input((5, 5, 2), name="t7_b")
    out = call_learner(layer, "ScaledAdd()([a, b])", [a, b])
    if tuple(out.shape) != (None, 5, 5, 2):
        raise Wrong(f"输出形状应与输入相同 (None, 5, 5, 2)，得到 {out.shape}。",
                    f"The output shape should equal the inputs' (None, 5, 5, 2), got {out.shape}.")
    weights = layer.trainable_weights
    if len(weights) != 1 or int(np.prod(weights[0].shape)) != 1:
        shapes = [tuple(w.shape) for w in weights]
        raise Wrong(f"应只有一个可训练的标量权重 alpha（形状 () 或 (1,)），得到 {shapes}。",
                    f"There should be one trainable scalar weight alpha (shape () or (1,)), got {shapes}.")
    alpha = weights[0]
    if float(np.ravel(alpha.numpy())[0]) != 0.0:
        raise Wrong("alpha 的初始值应为 0（initializer='zeros'）：一开始这个层就是恒等映射。",
                    "alpha should start at 0 (initializer='zeros'): at first the layer is the identity.")
    mismatched = watch_returns(call_learner(scaled_add_class, "ScaledAdd()"))
    try:
        mismatched([Input((4,), name="t7_c"), Input((3,), name="t7_d")])
    except (NotImplementedError, Wrong):
        raise
    except ValueError:
        pass
    except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
        raise Wrong(f"ScaledAdd()([Input((4,)), Input((3,))]) 出错：{type(error).__name__}: {error}"
                    "（应抛出 ValueError）",
                    f"ScaledAdd()([Input((4,)), Input((3,))]) raised {type(error).__name__}: {error} "
                    "(it should raise ValueError)")
    else:
        raise Wrong("两个输入形状不同（(None, 4) 和 (None, 3)）时，compute_output_shape 应抛出 ValueError。",
                    "With inputs of different shapes ((None, 4) and (None, 3)), compute_output_shape "
                    "should raise ValueError.")
    rng = np.random.default_rng(0)
    xa = rng.normal(size=(3, 5, 5, 2)).astype("float32")
    xb = rng.normal(size=(3, 5, 5, 2)).astype("float32")
    model = fnapi.Model([a, b], out, name="t7_scaled_add_model")
    if not np.allclose(model.predict([xa, xb]), xa, atol=1e-6):
        raise Wrong("alpha = 0 时输出应正好等于第一个输入 x。", "With alpha = 0 the output should be exactly x, the first input.")
    alpha.assign(tf.fill(alpha.shape, 0.5))
    got = call_learner(layer, "layer([x, y])", [tf.constant(xa), tf.constant(xb)])
    if np.allclose(got, 0.5 * xa + xb, atol=1e-5):
        raise Wrong("alpha 乘错了输入：应是 x + alpha * y（y 是第二个输入，残差分支）。",
                    "alpha scales the wrong input: it should be x + alpha * y (y, the second input, "
                    "is the residual branch).")
    if not np.allclose(got, xa + 0.5 * xb, atol=1e-5):
        raise Wrong("alpha = 0.5 时输出应为 x + 0.5 * y。", "With alpha = 0.5 the output should be x + 0.5 * y.")
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(layer([tf.constant(xa), tf.constant(xb)]))
    grad = tape.gradient(total, alpha)
    if grad is None or not np.isclose(float(np.sum(grad)), float(xb.sum()), rtol=1e-4):
        raise Wrong("对 alpha 的梯度不对：sum(x + alpha * y) 对 alpha 的导数应是 sum(y)。请用 self.add_weight 创建 alpha。",
                    "The gradient for alpha is wrong: d sum(x + alpha * y) / d alpha should be "
                    "sum(y). Create alpha with self.add_weight.")
    return ("ScaledAdd 写对了：一开始是恒等映射，训练会决定残差分支加进来多少。",
            "ScaledAdd is right: it starts as the identity, and training decides how much of the "
            "residual branch to add.")
