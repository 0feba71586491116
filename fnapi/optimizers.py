"""Optimizers with Keras's update rules, written as plain variable updates.

An optimizer turns gradients into weight changes. Its memory between steps ("slots":
velocities, moment estimates) lives in `tf.Variable`s created once by `build`.

Sparse gradients (an Embedding's rows) get the exact update of the dense gradient, but
cheaply where the rule allows: repeated rows are summed first, and with SGD or RMSprop
without momentum a row that no batch touches does not move; only its RMSprop slots
decay (times rho per step). So just the touched rows are updated, each first catching up
on the decay it missed (rho ** steps missed), and `catch_up` brings every row up to date:
after each compiled loop of `fit`, and whenever `variables` is read (a learner's own
training loop). Other optimizers update densely.

`variables` lists the optimizer's state in Keras 3's order (iterations, learning rate,
then the slots), and `get_config()` holds Keras 3's keys, so a saved optimizer resumes
in fnapi or in Keras 3 exactly where it stopped.
"""
import tensorflow as tf

from fnapi import keras_defaults
from fnapi.graph.names import snake_case
from fnapi.argument_validation import number, one_of


class Optimizer:
    """Every constructor checks its numbers before anything is made, and raises ValueError
    naming the argument: `learning_rate` > 0, momentum and `rho` in [0, 1], Adam's betas
    in [0, 1), `epsilon` >= 0 (as Keras 3 words the check it does have, on momentum)."""
    #: Groups of slot names in the order Keras 3 creates them: the names of one group are
    #: made together for each weight in turn (Adam's m, v), the groups one after another.
    slot_groups = ()
    #: Slots that decay by `decay` per step where the gradient is zero (see module docstring).
    decaying_slots = ()
    keras_defaults = {"weight_decay": None, "clipnorm": None, "global_clipnorm": None,
                      "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
                      "ema_overwrite_frequency": None, "loss_scale_factor": None,
                      "gradient_accumulation_steps": None}

    def __init__(self, learning_rate, name=None, **keras_only):
        keras_defaults.check(type(self).__name__, keras_only, self.keras_defaults)
        self.name = name or snake_case(type(self).__name__)
        learning_rate = number(learning_rate, "learning_rate", low=0, low_open=True)
        self._learning_rate = tf.Variable(learning_rate, trainable=False, name="learning_rate")
        self.iterations = tf.Variable(0, dtype=tf.int64, trainable=False, name="iterations")
        self._slots = {}  # weight (ref) -> {slot name: slot variable}, in build order

    @property
    def learning_rate(self):
        """A `tf.Variable`: the compiled steps read it at every step."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        """`optimizer.learning_rate = 0.01` sets the variable (a schedule by hand, as in
        Keras 2: also `optimizer.learning_rate * 0.5`, a tensor), so the next step uses it.
        Raises ValueError unless a number >= 0 or a scalar tensor."""
        if tf.is_tensor(value) or isinstance(value, tf.Variable):
            if value.shape.rank != 0:
                raise ValueError(f"`learning_rate` must be a scalar; got a tensor of shape "
                                 f"{tuple(value.shape)}.")
            self._learning_rate.assign(tf.cast(value, self._learning_rate.dtype))
        else:
            self._learning_rate.assign(number(value, "learning_rate", low=0))

    @property
    def slot_names(self):
        return [name for group in self.slot_groups for name in group]

    @property
    def updates_rows(self):
        """Whether a sparse gradient can update just its rows, exactly (see docstring)."""
        return False

    def build(self, variables):
        """Create the slot variables (zeros shaped like each weight), once; and for a table
        that may get sparse gradients, a count of the steps each row missed (-1: a row no
        gradient has touched yet, whose slots are zero and need no decay)."""
        for variable in variables:
            if variable.ref() not in self._slots:
                self._slots[variable.ref()] = {
                    name: tf.Variable(tf.zeros_like(variable), trainable=False)
                    for name in self.slot_names}
                if self.updates_rows and variable.shape.rank >= 2:
                    self._slots[variable.ref()][MISSED] = tf.Variable(
                        -tf.ones(variable.shape[:1], tf.int32), trainable=False,
                        aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA)

    def apply_gradients(self, grads_and_vars, strategy=None):
        """One update of every weight from its gradient.

        Given a `tf.distribute` strategy (in its cross-replica context, where fnapi's step
        runner calls this with the gradients already summed over the replicas), each copy
        of a weight is updated on its own device, with that device's copies of the slots:
        `strategy.extended.update`, as Keras's optimizers do."""
        grads_and_vars = list(grads_and_vars)
        missing = [v for g, v in grads_and_vars if g is not None and v.ref() not in self._slots]
        if missing:  # a learner's own training loop: slots made on first use, as in Keras
            with tf.init_scope():
                self.build(missing)
        self.iterations.assign_add(1)
        for grad, variable in grads_and_vars:
            if grad is None:
                continue
            slots = self._slots[variable.ref()]
            if strategy is None:
                self._update_copy(variable, grad, slots)
            else:
                strategy.extended.update(variable, self._update_copy, args=(grad, slots),
                                         group=False)

    def _update_copy(self, variable, grad, slots):
        if isinstance(grad, tf.IndexedSlices) and MISSED in slots:
            rows, index = tf.unique(grad.indices)
            summed = tf.math.unsorted_segment_sum(grad.values, index, tf.shape(rows)[0])
            counted = slots[MISSED]
            counted.assign(tf.where(counted >= 0, counted + 1, counted))
            # steps before this one (a row touched for the first time: none, its slots are 0)
            self._catch_up_rows(slots, rows, tf.maximum(tf.gather(counted, rows) - 1, 0))
            self.update_rows(variable, rows, summed, slots)
        else:
            self.update(variable, tf.convert_to_tensor(grad), slots)

    def _catch_up_rows(self, slots, rows, missed):
        """Decay `rows`' slots by the `missed` steps each went without gradient; mark them
        up to date."""
        if self.decaying_slots:  # all shaped like the table: one factor per row, once
            rank = slots[self.decaying_slots[0]].shape.rank
            decay = tf.reshape(tf.pow(self.decay, tf.cast(missed, tf.float32)),
                               [-1] + [1] * (rank - 1))
        for name in self.decaying_slots:
            slot = slots[name]
            slot.scatter_update(tf.IndexedSlices(tf.gather(slot, rows) * decay, rows))
        slots[MISSED].scatter_update(tf.IndexedSlices(tf.zeros_like(rows, tf.int32), rows))

    def catch_up(self):
        """Bring every row's decaying slots up to date (exactly the dense update's state):
        the rows behind only, gathered and scattered. Not after every step, but at fixed
        points, the end of each of `fit`'s compiled loops, and not only when the state is
        read: rho**a * rho**b is not rho**(a+b) to the last bit, so a fit that saves a
        checkpoint would otherwise drift from one that does not (by ~3e-8)."""
        for slots in self._slots.values():
            if MISSED in slots:
                behind = tf.reshape(tf.where(slots[MISSED] > 0), [-1])
                self._catch_up_rows(slots, behind, tf.gather(slots[MISSED], behind))

    def place_in(self, strategy):
        """Move the step counter and learning rate into `strategy` (an optimizer made
        outside `strategy.scope()` and compiled inside it), before any slot exists."""
        if self._slots or strategy.extended.variable_created_in_scope(self.iterations):
            return
        with strategy.scope():
            self._learning_rate = tf.Variable(self.learning_rate.numpy(), trainable=False,
                                              name="learning_rate")
            self.iterations = tf.Variable(self.iterations.numpy(), trainable=False,
                                          name="iterations")

    def update(self, variable, grad, slots):
        raise NotImplementedError

    def update_rows(self, variable, rows, grad, slots):
        """The update of `rows` only, their slots caught up; for `updates_rows` optimizers."""
        raise NotImplementedError

    @property
    def variables(self):
        """[iterations, learning_rate, slots...] in Keras 3's order (see `slot_groups`),
        with every row's slots up to date (`catch_up`), as the dense update leaves them.
        Whoever reads them may also write them (loading a file): from here on every row
        is counted, none assumed zero."""
        self.catch_up()
        for slots in self._slots.values():
            if MISSED in slots:
                slots[MISSED].assign(tf.zeros_like(slots[MISSED]))
        slots = [self._slots[weight][name] for group in self.slot_groups
                 for weight in self._slots for name in group]
        return [self.iterations, self.learning_rate, *slots]

    def get_config(self):
        return {"name": self.name, "learning_rate": float(self.learning_rate.numpy()),
                **keras_defaults.plain(self.keras_defaults)}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class SGD(Optimizer):
    """w -= lr * g; with momentum, a velocity v = m*v - lr*g is added instead."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        momentum = number(momentum, "momentum", 0, 1)
        nesterov = one_of(nesterov, (False, True), "nesterov")
        super().__init__(learning_rate, **kwargs)
        self.momentum, self.nesterov = momentum, nesterov
        self.slot_groups = (("velocity",),) if momentum else ()

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}

    @property
    def updates_rows(self):
        return not self.momentum

    def update_rows(self, variable, rows, grad, slots):
        variable.scatter_sub(tf.IndexedSlices(self.learning_rate * grad, rows))

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
                 centered=False, **kwargs):
        rho, momentum = number(rho, "rho", 0, 1), number(momentum, "momentum", 0, 1)
        epsilon = number(epsilon, "epsilon", low=0)
        centered = one_of(centered, (False, True), "centered")
        super().__init__(learning_rate, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered
        self.slot_groups = ((("velocity",),) + ((("momentum",),) if momentum else ())
                            + ((("average_gradient",),) if centered else ()))
        self.decaying_slots = ("velocity",) + (("average_gradient",) if centered else ())
        self.decay = self.rho

    @property
    def updates_rows(self):
        return not self.momentum

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}

    def update(self, variable, grad, slots):
        variable.assign_sub(self._increment(grad, slots, slots, lambda slot, v: slot.assign(v)))

    def update_rows(self, variable, rows, grad, slots):
        current = {name: tf.gather(slots[name], rows) for name in self.decaying_slots}
        increment = self._increment(grad, current, slots, lambda slot, v: slot.scatter_update(
            tf.IndexedSlices(v, rows)))
        variable.scatter_sub(tf.IndexedSlices(increment, rows))

    def _increment(self, grad, current, slots, write):
        """lr * g / sqrt(velocity + eps) (velocity - average**2 when centered), with the slots'
        new values written by `write(slot, value)`; `current` holds the slots' values."""
        rho = self.rho
        velocity = rho * current["velocity"] + (1 - rho) * tf.square(grad)
        write(slots["velocity"], velocity)
        if self.centered:
            average = rho * current["average_gradient"] + (1 - rho) * grad
            write(slots["average_gradient"], average)
            denominator = velocity - tf.square(average) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = self.learning_rate * grad * tf.math.rsqrt(denominator)
        if self.momentum:
            momentum = slots["momentum"]
            momentum.assign(self.momentum * momentum + increment)
            increment = momentum
        return increment


class Adam(Optimizer):
    """Running means of the gradient (m) and its square (v), bias-corrected as Keras does."""
    slot_groups = (("m", "v"),)
    keras_defaults = {**Optimizer.keras_defaults, "amsgrad": False}

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        beta_1 = number(beta_1, "beta_1", 0, 1, high_open=True)
        beta_2 = number(beta_2, "beta_2", 0, 1, high_open=True)
        epsilon = number(epsilon, "epsilon", low=0)
        super().__init__(learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}

    def update(self, variable, grad, slots):
        step = tf.cast(self.iterations, tf.float32)  # already counts this step
        alpha = (self.learning_rate * tf.sqrt(1 - tf.pow(self.beta_2, step))
                 / (1 - tf.pow(self.beta_1, step)))
        m, v = slots["m"], slots["v"]
        m.assign_add((grad - m) * (1 - self.beta_1))
        v.assign_add((tf.square(grad) - v) * (1 - self.beta_2))
        variable.assign_sub(alpha * m / (tf.sqrt(v) + self.epsilon))


MISSED = "steps_missed"  # per row of a table: the slot decay it has not received yet
_BY_NAME = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}
CLASSES = {cls.__name__: cls for cls in _BY_NAME.values()}


def serialize(optimizer):
    """Keras 3's `{"module", "class_name", "config", "registered_name"}` for an optimizer."""
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__,
            "config": optimizer.get_config(), "registered_name": None}


def get(identifier):
    """An optimizer from a name ('adam'), an instance, or a Keras 3 config dict naming one
    of SGD, RMSprop, Adam. Raises ValueError otherwise."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict) and identifier.get("class_name") in CLASSES:
        return CLASSES[identifier["class_name"]].from_config(identifier.get("config") or {})
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Unknown optimizer {identifier!r}. Expected one of {sorted(_BY_NAME)} "
                     "or an instance such as fnapi.optimizers.RMSprop(learning_rate=1e-3).")
