"""Optimizers with Keras's update rules, written as plain variable updates.

An optimizer turns gradients into weight changes. Its memory between steps ("slots":
velocities, moment estimates) lives in `tf.Variable`s created once by `build`.
Sparse gradients (an Embedding's rows) are made dense first: repeated rows are summed,
so the update is exactly the one of the dense gradient.
"""
import tensorflow as tf

from fnapi.layers.arguments import number, one_of


class Optimizer:
    """Every constructor checks its numbers before anything is made, and raises ValueError
    naming the argument: `learning_rate` > 0, momentum and `rho` in [0, 1], Adam's betas
    in [0, 1), `epsilon` >= 0 (as Keras 3 words the check it does have, on momentum)."""
    slot_names = ()

    def __init__(self, learning_rate):
        learning_rate = number(learning_rate, "learning_rate", low=0, low_open=True)
        self.learning_rate = tf.Variable(learning_rate, trainable=False, name="learning_rate")
        self.iterations = tf.Variable(0, dtype=tf.int64, trainable=False, name="iterations")
        self._slots = {}

    def build(self, variables):
        """Create the slot variables (zeros shaped like each weight), once."""
        for variable in variables:
            if variable.ref() not in self._slots:
                self._slots[variable.ref()] = {
                    name: tf.Variable(tf.zeros_like(variable), trainable=False)
                    for name in self.slot_names}

    def apply_gradients(self, grads_and_vars):
        self.iterations.assign_add(1)
        for grad, variable in grads_and_vars:
            if grad is not None:
                self.update(variable, tf.convert_to_tensor(grad), self._slots[variable.ref()])

    def update(self, variable, grad, slots):
        raise NotImplementedError

    @property
    def variables(self):
        slots = [v for per_weight in self._slots.values() for v in per_weight.values()]
        return [self.iterations, self.learning_rate, *slots]


class SGD(Optimizer):
    """w -= lr * g; with momentum, a velocity v = m*v - lr*g is added instead."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        momentum = number(momentum, "momentum", 0, 1)
        nesterov = one_of(nesterov, (False, True), "nesterov")
        super().__init__(learning_rate)
        self.momentum, self.nesterov = momentum, nesterov
        self.slot_names = ("velocity",) if momentum else ()

    def update(self, variable, grad, slots):
        lr = self.learning_rate
        if not self.momentum:
            variable.assign_sub(lr * grad)
            return
        velocity = slots["velocity"]
        velocity.assign(self.momentum * velocity - lr * grad)
        variable.assign_add(self.momentum * velocity - lr * grad if self.nesterov else velocity)


class RMSprop(Optimizer):
    """Divide the step by a running root-mean-square of recent gradients (epsilon inside).

    As in Keras (tf_keras/src/optimizers/rmsprop.py, `update_step`), epsilon is added
    last: velocity - average**2 + epsilon when centered. Adding it before subtracting
    would lose it to rounding once the gradient is steady (velocity ~ average**2).
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False):
        rho, momentum = number(rho, "rho", 0, 1), number(momentum, "momentum", 0, 1)
        epsilon = number(epsilon, "epsilon", low=0)
        centered = one_of(centered, (False, True), "centered")
        super().__init__(learning_rate)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered
        self.slot_names = (("velocity",) + (("average_gradient",) if centered else ())
                           + (("momentum",) if momentum else ()))

    def update(self, variable, grad, slots):
        rho = self.rho
        velocity = slots["velocity"]
        velocity.assign(rho * velocity + (1 - rho) * tf.square(grad))
        if self.centered:
            average = slots["average_gradient"]
            average.assign(rho * average + (1 - rho) * grad)
            denominator = velocity - tf.square(average) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = self.learning_rate * grad * tf.math.rsqrt(denominator)
        if self.momentum:
            momentum = slots["momentum"]
            momentum.assign(self.momentum * momentum + increment)
            increment = momentum
        variable.assign_sub(increment)


class Adam(Optimizer):
    """Running means of the gradient (m) and its square (v), bias-corrected as Keras does."""
    slot_names = ("m", "v")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        beta_1 = number(beta_1, "beta_1", 0, 1, high_open=True)
        beta_2 = number(beta_2, "beta_2", 0, 1, high_open=True)
        epsilon = number(epsilon, "epsilon", low=0)
        super().__init__(learning_rate)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def update(self, variable, grad, slots):
        step = tf.cast(self.iterations, tf.float32)  # already counts this step
        alpha = (self.learning_rate * tf.sqrt(1 - tf.pow(self.beta_2, step))
                 / (1 - tf.pow(self.beta_1, step)))
        m, v = slots["m"], slots["v"]
        m.assign_add((grad - m) * (1 - self.beta_1))
        v.assign_add((tf.square(grad) - v) * (1 - self.beta_2))
        variable.assign_sub(alpha * m / (tf.sqrt(v) + self.epsilon))


_BY_NAME = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get(identifier):
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Unknown optimizer {identifier!r}. Expected one of {sorted(_BY_NAME)} "
                     "or an instance such as fnapi.optimizers.RMSprop(learning_rate=1e-3).")
