"""The LSTM recurrence with its backward pass written out (backpropagation through time).

TensorFlow can differentiate a `tf.while_loop` by itself, but it then records every
intermediate of every step and replays the loop op by op, which is slow for hundreds
of small steps. Here each loop does only the work that must be sequential:
- forward: keep the hidden states h, cell states c and gate values of every step;
- backward: walk the steps in reverse, carrying dh and dc; every factor that does not
  depend on the carried gradients is computed for all steps at once, before the loop,
  and the recurrent kernel's gradient is one matmul after it.
The big input projection stays outside, where TensorFlow's own matmul is fastest.

Two tiers, as a JIT compiler has them. XLA fuses each step's dozen small operations (on
a CPU their one-by-one dispatch, not their arithmetic, is what costs time) and runs the
loops 1.5-2.4x faster, but compiling them takes ~0.5-0.8 s. So in a model being trained the
loops start as plain TensorFlow, which starts at once, and switch to XLA once they have
run `COMPILE_AFTER_STEPS` time steps (training steps x time steps per call, see
`LSTM._compiled_loops`), about as long as the compilation costs: the ski-rental rule,
never much more than twice the better choice made in hindsight. A short `fit` (the
guide's 12 rows x 50 epochs) never waits for XLA; a long one compiles within its first
second or so. The tiers differ by float32 rounding only (XLA fuses and approximates
tanh its own way).

The backward pass is not itself differentiated (a gradient of a gradient, as in a
gradient penalty): asking for it raises an error, rather than numbers that would leave
out the loops' own dependence on their inputs.
"""
import tensorflow as tf
from tensorflow.python.ops.control_flow_util import GraphOrParentsInXlaContext

#: Time steps a layer's loops run plainly before XLA compiles them (~0.4-1 s of running).
COMPILE_AFTER_STEPS = 10_000
SECOND_ORDER = ("fnapi's LSTM has a hand-written backward pass, which is not differentiated "
                "again: second-order gradients (and forward-mode derivatives, which "
                "TensorFlow takes through the backward pass) through an LSTM are not supported.")


def _length(sequence):
    """The number of time steps: static when known, else read at run time (`Input((None,
    8))`). XLA compiles the loops once per length it meets."""
    return sequence.shape[0] if sequence.shape[0] is not None else tf.shape(sequence)[0]


def _forward(x_proj, u):
    steps, units = _length(x_proj), u.shape[0]
    zeros = tf.zeros((tf.shape(x_proj)[1], units), x_proj.dtype)

    def step(t, h, c, hs, cs, gates):
        z = x_proj[t] + tf.matmul(h, u)
        i, f, _, o = tf.split(tf.sigmoid(z), 4, axis=1)
        g = tf.tanh(z[:, 2 * units:3 * units])
        c = f * c + i * g
        h = o * tf.tanh(c)
        return (t + 1, h, c, hs.write(t, h), cs.write(t, c),
                gates.write(t, tf.concat([i, f, g, o], axis=1)))

    arrays = [tf.TensorArray(x_proj.dtype, size=steps) for _ in range(3)]
    _, _, _, hs, cs, gates = tf.while_loop(
        lambda t, *_: t < steps, step, (0, zeros, zeros, *arrays), maximum_iterations=steps)
    return hs.stack(), cs.stack(), gates.stack()


def _backward(d_hs, hs, cs, gates, u):
    steps, units = _length(hs), u.shape[0]
    zeros = tf.zeros_like(hs[0])
    i, f, g, o = tf.split(gates, 4, axis=-1)
    c_prev = tf.concat([zeros[None], cs[:-1]], axis=0)
    tanh_c = tf.tanh(cs)
    # dz = [dc, dc, dc, dh] * to_z (dc for the gates i, f, g; dh for the gate o), with
    # dc = dc_next + dh * dh_to_c. Only dh and dc are carried from step to step. The
    # recurrent kernel is transposed once here: a matmul with a transposed operand inside
    # the loop ran 25% slower without XLA, 8% with it.
    to_z = tf.concat([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g * g),
                      tanh_c * o * (1 - o)], axis=-1)
    dh_to_c = o * (1 - tanh_c * tanh_c)
    u_t = tf.transpose(u)

    def step(t, dh_next, dc_next, dzs):
        dh = d_hs[t] + dh_next
        dc = dc_next + dh * dh_to_c[t]
        dz = tf.concat([dc, dc, dc, dh], axis=-1) * to_z[t]
        return t - 1, tf.matmul(dz, u_t), dc * f[t], dzs.write(t, dz)

    _, _, _, dzs = tf.while_loop(
        lambda t, *_: t >= 0, step,
        (steps - 1, zeros, zeros, tf.TensorArray(hs.dtype, size=steps)),
        maximum_iterations=steps)
    dzs = dzs.stack()
    h_prev = tf.concat([zeros[None], hs[:-1]], axis=0)
    d_u = tf.matmul(tf.reshape(h_prev, (-1, units)), tf.reshape(dzs, (-1, 4 * units)),
                    transpose_a=True)
    return dzs, d_u


# The plain tier, and the compiled tier calling it: each shape is traced once, and XLA
# compiles a loop (the call included) only when a layer first uses that tier.
_PLAIN = tuple(tf.function(loop, autograph=False) for loop in (_forward, _backward))
_COMPILED = tuple(tf.function(lambda *args, loop=loop: loop(*args), jit_compile=True,
                              autograph=False) for loop in _PLAIN)


def lstm_sequence(x_proj, recurrent_kernel, compiled_tier):
    """All hidden states `(time, batch, units)` for time-major inputs `x_proj` = x·W + b.

    Gates are fused as in Keras, in the order i, f, c (candidate, called g here), o.
    `compiled_tier(steps)`: the layer's choice of tier for a call of `steps` time steps
    (an int64 tensor): True, or a boolean tensor read at run time (see the module docstring).
    """
    loop = _tier(compiled_tier, _length(x_proj))

    @tf.custom_gradient
    def backward(*args):  # (d_hs, hs, cs, gates, u); stop_gradient: as for the forward
        return loop(1, *[tf.stop_gradient(a) for a in args]), _refuse_second_order

    @tf.custom_gradient
    def run(x_proj, u):
        # stop_gradient: TensorFlow must not prepare its own backward pass for the loop.
        hs, cs, gates = loop(0, tf.stop_gradient(x_proj), tf.stop_gradient(u))
        return hs, lambda d_hs: backward(d_hs, hs, cs, gates, u)

    return run(x_proj, tf.convert_to_tensor(recurrent_kernel))


def _refuse_second_order(*_):
    raise LookupError(SECOND_ORDER)


def _tier(compiled_tier, steps):
    """-> loop(which, *args): loop `which` (0 forward, 1 backward) in the layer's tier."""
    if GraphOrParentsInXlaContext(tf.compat.v1.get_default_graph()):
        # The whole step is compiled (jit_compile=True): the loops are inlined into it.
        return lambda which, *args: (_forward, _backward)[which](*args)
    compiled = compiled_tier(tf.cast(steps, tf.int64))
    if compiled is True:
        return lambda which, *args: _COMPILED[which](*args)
    return lambda which, *args: tf.cond(compiled, lambda: _COMPILED[which](*args),
                                        lambda: _PLAIN[which](*args))
