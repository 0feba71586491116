"""Checks for lesson 06 (the Inception module): `ex.check_1(concat_shape)`,
`ex.check_2(inception_module)`. Each prints a one-line bilingual verdict (see verdict.py).
While check_1 runs, fnapi's own Concatenate shape rule is switched off: the exercise is to
write it."""
from exercises.verdict import ReturnedNone, Wrong, call_learner, check, forbidden


def check_1(concat_shape):
    """`concat_shape(shapes, axis)`: Concatenate's shape rule, or ValueError."""
    return check("练习 1 / Exercise 1", _test_concat_shape, concat_shape)


def check_2(inception_module):
    """`inception_module(x, f1, f3_reduce, f3, f5_reduce, f5, pool_proj)`: GoogLeNet's module."""
    return check("练习 2 / Exercise 2", _test_inception_module, inception_module)


# --- exercise 1 -------------------------------------------------------------------------
GUIDE = [(None, 256, 256, 64)] * 3
GOOGLENET_3A = [(None, 28, 28, 64), (None, 28, 28, 128), (None, 28, 28, 32), (None, 28, 28, 32)]

# (shapes, axis, expected shape or ValueError, what the case is about (zh, en))
CONCAT_CASES = [
    (GUIDE, -1, (None, 256, 256, 192), ("指南的三个分支，通道轴", "the guide's towers, channel axis")),
    (GUIDE, 3, (None, 256, 256, 192), ("axis=3 与 axis=-1 是同一根轴", "axis=3 is the same axis as -1")),
    (GUIDE, 1, (None, 768, 256, 64), ("指南的 axis=1：沿高度拼接", "the guide's axis=1: along the height")),
    (GOOGLENET_3A, -1, (None, 28, 28, 256), ("GoogLeNet 3a 的四个分支", "GoogLeNet 3a's four branches")),
    (GOOGLENET_3A, 1, ValueError, ("通道数不同，不能沿高度拼接", "different channels cannot be joined along the height")),
    ([(None, 7, 3), (None, 7, 5)], 2, (None, 7, 8), ("三维张量", "rank-3 tensors")),
    ([(None, 10), (None, None)], -1, (None, None), ("拼接轴上有未知长度", "an unknown size on the joined axis")),
    ([(None, 4, 3), (None, 5, 3)], -1, ValueError, ("其他轴不一致", "another axis disagrees")),
    ([(None, 4), (None, 4, 1)], -1, ValueError, ("秩不同", "different ranks")),
]


_OWN_RULE = ("concat_shape 用了 fnapi 的 Concatenate（它的 compute_output_shape）：这个练习就是要自己写这条规则。",
             "concat_shape used fnapi's Concatenate (its compute_output_shape): the exercise is to "
             "write that rule yourself.")


def _test_concat_shape(concat_shape):
    from fnapi.layers import Concatenate

    with forbidden(Concatenate, "compute_output_shape", _OWN_RULE):
        return _test_own_rule(concat_shape)


def _test_own_rule(concat_shape):
    for shapes, axis, want, (about_zh, about_en) in CONCAT_CASES:
        call = f"concat_shape({shapes}, axis={axis})"
        try:
            got = concat_shape([tuple(s) for s in shapes], axis)
        except (NotImplementedError, Wrong):
            raise
        except ValueError as error:
            if want is ValueError:
                continue
            raise Wrong(f"{call}（{about_zh}）应返回 {want}，却抛出了 ValueError：{error}",
                        f"{call} ({about_en}) should return {want}, but raised ValueError: {error}")
        except Exception as error:  # noqa: BLE001 (a learner's bug: explain it, do not crash)
            raise Wrong(f"{call}（{about_zh}）出错：{type(error).__name__}: {error}",
                        f"{call} ({about_en}) failed: {type(error).__name__}: {error}")
        if got is None:
            raise ReturnedNone(call)
        if want is ValueError:
            raise Wrong(f"{call}（{about_zh}）应抛出 ValueError，却返回了 {got!r}。"
                        "除拼接轴外，其余各轴的长度必须一致。",
                        f"{call} ({about_en}) should raise ValueError, but returned {got!r}. Every "
                        "axis except the joined one must have the same size.")
        if isinstance(got, list):
            got = tuple(got)
        if got != want:
            hint_zh, hint_en = "", ""
            if axis < 0:
                hint_zh = "负的轴号从末尾数：-1 是最后一根轴（通道）。"
                hint_en = " A negative axis counts from the end: -1 is the last axis (channels)."
            if want[axis % len(want)] is None:
                hint_zh += "拼接轴上只要有一个长度未知（None），结果就未知。"
                hint_en += " If any size on the joined axis is unknown (None), so is the sum."
            raise Wrong(f"{call}（{about_zh}）应为 {want}，得到 {got!r}。{hint_zh}",
                        f"{call} ({about_en}) should be {want}, got {got!r}.{hint_en}")
    return ("形状规则写对了：拼接轴相加，其余轴必须一致，None 表示未知。这就是 Concatenate.compute_output_shape。",
            "The shape rule is right: sizes on the joined axis add up, all others must agree, None "
            "means unknown. This is Concatenate.compute_output_shape.")


# --- exercise 2 -------------------------------------------------------------------------
def _params(in_ch, f1, f3r, f3, f5r, f5, pp):
    return ((in_ch + 1) * f1 + (in_ch + 1) * f3r + (9 * f3r + 1) * f3
            + (in_ch + 1) * f5r + (25 * f5r + 1) * f5 + (in_ch + 1) * pp)


def _conv_role(conv, relu):
    return conv.kernel_size, conv.padding, conv.strides, conv.activation is relu


def _test_inception_module(inception_module):
    import fnapi
    from fnapi.graph import SymbolicTensor
    from fnapi.layers import Concatenate, Conv2D, Input, MaxPooling2D

    relu = fnapi.activations.get("relu")
    cases = [((28, 28, 192), (64, 96, 128, 16, 32, 32)), ((14, 14, 32), (8, 8, 16, 4, 8, 8))]
    for k, (shape, widths) in enumerate(cases):
        x = Input(shape, name=f"t6_module_in_{k}")
        out = call_learner(inception_module, f"inception_module(x, {', '.join(map(str, widths))})", x, *widths)
        if not isinstance(out, SymbolicTensor):
            raise Wrong(f"应返回拼接后的符号张量，得到 {type(out).__name__}。",
                        f"Return the concatenated symbolic tensor, got a {type(out).__name__}.")
        f1, f3r, f3, f5r, f5, pp = widths
        want_shape = (None, *shape[:2], f1 + f3 + f5 + pp)
        if out.shape != want_shape:
            raise Wrong(f"输入 {shape}、宽度 {widths} 时输出形状应为 {want_shape}，得到 {out.shape}。"
                        "所有卷积和池化都用 padding='same'（池化 strides=(1, 1)），再沿通道轴（axis=-1）拼接。",
                        f"With input {shape} and widths {widths} the output shape should be "
                        f"{want_shape}, got {out.shape}. Use padding='same' for every convolution "
                        "and the pooling (pooling with strides=(1, 1)), then join on the channel "
                        "axis (axis=-1).")
        concat = out.node.layer
        if not isinstance(concat, Concatenate) or concat.axis % 4 != 3:
            raise Wrong("最后一步应是沿通道轴的 concatenate（axis=-1）。",
                        "The last step should be a concatenate on the channel axis (axis=-1).")
        branches = out.node.input_tensors
        if len(branches) != 4:
            raise Wrong(f"应拼接 4 个分支，得到 {len(branches)} 个。",
                        f"Join 4 branches, got {len(branches)}.")
        ends = [t.node.layer for t in branches]
        if not all(isinstance(layer, Conv2D) for layer in ends):
            raise Wrong("每个分支都应以一个 Conv2D 结束（池化分支是池化之后的 1×1 卷积）。",
                        "Each branch should end with a Conv2D (the pooling branch with a 1×1 "
                        "convolution after the pooling).")
        want_roles = [((1, 1), 1), ((3, 3), 2), ((5, 5), 2), ((1, 1), 2)]
        names_zh = ["1×1 分支", "3×3 分支", "5×5 分支", "池化分支"]
        names_en = ["1×1 branch", "3×3 branch", "5×5 branch", "pooling branch"]
        for i, (tensor, (kernel, depth)) in enumerate(zip(branches, want_roles)):
            conv = tensor.node.layer
            if conv.kernel_size != kernel or conv.filters != (f1, f3, f5, pp)[i]:
                raise Wrong(f"第 {i + 1} 个分支应是{names_zh[i]}，最后是 {kernel} 卷积、"
                            f"{(f1, f3, f5, pp)[i]} 个过滤器；顺序为 1×1、3×3、5×5、池化。",
                            f"Branch {i + 1} should be the {names_en[i]}, ending in a {kernel} "
                            f"convolution with {(f1, f3, f5, pp)[i]} filters; the order is 1×1, "
                            "3×3, 5×5, pooling.")
            if conv.activation is not relu or conv.padding != "same":
                raise Wrong(f"{names_zh[i]}的卷积应为 padding='same', activation='relu'。",
                            f"The {names_en[i]}'s convolution should use padding='same', "
                            "activation='relu'.")
            before = tensor.node.input_tensors[0]
            if depth == 1:
                if before is not x:
                    raise Wrong("1×1 分支应直接作用在模块的输入上。",
                                "The 1×1 branch should act directly on the module's input.")
                continue
            inner = before.node.layer
            if i < 3:
                reduce = (f3r, f5r)[i - 1]
                if (not isinstance(inner, Conv2D) or inner.kernel_size != (1, 1)
                        or inner.filters != reduce or before.node.input_tensors[0] is not x):
                    raise Wrong(f"{names_zh[i]}应先用 {reduce} 个过滤器的 1×1 卷积（作用在输入上）降维。",
                                f"The {names_en[i]} should first reduce the channels with a 1×1 "
                                f"convolution of {reduce} filters, applied to the input.")
                if _conv_role(inner, relu)[1:] != ("same", (1, 1), True):
                    raise Wrong("降维的 1×1 卷积也要 padding='same', activation='relu'。",
                                "The 1×1 reducing convolutions need padding='same', "
                                "activation='relu' too.")
            else:
                if (not isinstance(inner, MaxPooling2D) or inner.pool_size != (3, 3)
                        or inner.strides != (1, 1) or inner.padding != "same"
                        or before.node.input_tensors[0] is not x):
                    raise Wrong("池化分支应是 MaxPooling2D((3, 3), strides=(1, 1), padding='same')（作用在输入上），"
                                "再接 1×1 卷积。",
                                "The pooling branch should be MaxPooling2D((3, 3), strides=(1, 1), "
                                "padding='same') on the input, followed by a 1×1 convolution.")
        model = fnapi.Model(x, out, name=f"t6_module_{k}")
        want_params = _params(shape[-1], *widths)
        if model.count_params() != want_params:
            raise Wrong(f"参数个数应为 {want_params:,}，得到 {model.count_params():,}。"
                        "是不是多了或少了某一层？",
                        f"The module should have {want_params:,} parameters, got "
                        f"{model.count_params():,}. Is a layer missing or extra?")
    return ("GoogLeNet 的 Inception 模块写对了：3a 的宽度给出 256 个通道、163,696 个参数。",
            "GoogLeNet's Inception module is right: the 3a widths give 256 channels and 163,696 "
            "parameters.")
