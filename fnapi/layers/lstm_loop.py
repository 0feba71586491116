"""The LSTM recurrence with its backward pass written out (backpropagation through time).

TensorFlow can differentiate a `tf.while_loop` by itself, but it then records every
intermediate of every step and replays the loop op by op, which is slow for hundreds
of small steps. Here the forward loop keeps only what the backward pass needs (cell
states and gate values), and the backward loop does the least work per step: the
matmuls that do not depend on the previous step are done once, for all steps, after it.
"""
import tensorflow as tf


def lstm_sequence(x_proj, recurrent_kernel):
    """All hidden states `(time, batch, units)` for time-major inputs `x_proj` = x·W + b.

    Gates are fused as in Keras, in the order i, f, c (candidate, called g here), o.
    """
    steps = x_proj.shape[0]
    units = recurrent_kernel.shape[0]

    @tf.custom_gradient
    def run(x_proj, u):
        batch = tf.shape(x_proj)[1]
        zeros = tf.zeros((batch, units), x_proj.dtype)
        hs, cs, gates = (tf.TensorArray(x_proj.dtype, size=steps) for _ in range(3))

        def step(t, h, c, hs, cs, gates):
            z = x_proj[t] + tf.matmul(h, u)
            i, f, o = (tf.sigmoid(z[:, k * units:(k + 1) * units]) for k in (0, 1, 3))
            g = tf.tanh(z[:, 2 * units:3 * units])
            c = f * c + i * g
            h = o * tf.tanh(c)
            return (t + 1, h, c, hs.write(t, h), cs.write(t, c),
                    gates.write(t, tf.concat([i, f, g, o], axis=-1)))

        _, _, _, hs, cs, gates = tf.while_loop(
            lambda t, *_: t < steps, step, (0, zeros, zeros, hs, cs, gates),
            maximum_iterations=steps)
        hs, cs, gates = hs.stack(), cs.stack(), gates.stack()

        def grad(d_hs):
            c_prev = tf.concat([zeros[None], cs[:-1]], axis=0)

            def back_step(t, dh_next, dc_next, dzs):
                i, f, g, o = tf.split(gates[t], 4, axis=-1)
                tanh_c = tf.tanh(cs[t])
                dh = d_hs[t] + dh_next
                dc = dc_next + dh * o * (1 - tf.square(tanh_c))
                dz = tf.concat([dc * g * i * (1 - i), dc * c_prev[t] * f * (1 - f),
                                dc * i * (1 - tf.square(g)), dh * tanh_c * o * (1 - o)], -1)
                return t - 1, tf.matmul(dz, u, transpose_b=True), dc * f, dzs.write(t, dz)

            _, _, _, dzs = tf.while_loop(
                lambda t, *_: t >= 0, back_step,
                (steps - 1, zeros, zeros, tf.TensorArray(x_proj.dtype, size=steps)),
                maximum_iterations=steps)
            dzs = dzs.stack()
            h_prev = tf.concat([zeros[None], hs[:-1]], axis=0)
            d_u = tf.matmul(tf.reshape(h_prev, (-1, units)), tf.reshape(dzs, (-1, 4 * units)),
                            transpose_a=True)
            return dzs, d_u

        return hs, grad

    return run(x_proj, tf.convert_to_tensor(recurrent_kernel))
