"""Numbers in hard regimes against real Keras: saturated outputs, extreme gradients.

Where Keras 2 (`tf_keras`) and Keras 3 (`keras`) differ, fnapi follows Keras 2, the Keras
of the course's guide, so Keras 2 is the oracle here. The differences that matter:
- binary crossentropy from clipped probabilities: Keras 2 adds epsilon inside each log,
  Keras 3 does not (only reached when y_pred is not a sigmoid's output);
- RMSprop: Keras 2 multiplies by rsqrt(denominator), Keras 3 divides by its sqrt
  (1 ulp apart).
Tolerances: optimizer trajectories 1e-6 relative (the same float32 operations in the same
order); losses, metrics and gradients 1e-5 absolute plus 1e-6 relative (saturated losses
reach the hundreds); training histories and weights 1e-4 absolute plus 1e-6 relative.
The non-saturated regime is covered by test_training_parity.py (Keras 3, 1e-4).
"""
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import fnapi
import twins

# --- optimizers ------------------------------------------------------------------------
OPTIMIZERS = {
    "sgd": ("SGD", {"learning_rate": 0.1}),
    "sgd_momentum": ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", {"learning_rate": 0.01}),
    "rmsprop_momentum": ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5}),
    "rmsprop_centered": ("RMSprop", {"learning_rate": 0.01, "centered": True}),
    "rmsprop_centered_momentum": ("RMSprop", {"learning_rate": 0.01, "centered": True,
                                              "momentum": 0.5}),
    "adam": ("Adam", {"learning_rate": 0.01}),
}
# Zero, tiny (their squares underflow to 0, leaving only epsilon), ordinary, and huge:
# from 2e19 on the squares overflow to inf (then RMSprop and Adam step 0, centered RMSprop
# gives NaN: inf - inf), as in Keras.
EXTREME = np.array([0.0, 1e-30, -1e-30, 1e-20, 1e-10, 1e-4, 1.0, -1.0, 1e10, 1e19, -1e19,
                    1e20, 1e30, 3e38], "float32")
GRADIENTS = {
    "extreme": [EXTREME, EXTREME[::-1].copy(), np.zeros_like(EXTREME), -EXTREME],
    # A steady gradient: velocity -> g**2 and, centered, velocity - average**2 -> 0, where
    # only epsilon is left in the denominator and its place in the sum decides the step.
    "steady": [np.array([1.0, 1e-3, 100.0, -2.5], "float32")] * 200,
}


def trajectory(lib, key, gradients):
    """The variable after each step of `lib`'s optimizer, fed the given gradients."""
    class_name, kwargs = OPTIMIZERS[key]
    optimizer = getattr(lib.optimizers, class_name)(**kwargs)
    variable = tf.Variable(np.linspace(-1.0, 1.0, gradients[0].size, dtype="float32"))
    if lib is fnapi:
        optimizer.build([variable])
    values = []
    for gradient in gradients:
        optimizer.apply_gradients([(tf.constant(gradient), variable)])
        values.append(variable.numpy())
    return np.array(values)


@pytest.mark.parametrize("gradients", list(GRADIENTS))
@pytest.mark.parametrize("key", list(OPTIMIZERS))
def test_optimizer_steps_match_keras2(key, gradients):
    """Step by step, NaN for NaN. Centered RMSprop once added epsilon before subtracting
    average**2; with a steady gradient of 1.0 its 200th step was then -16.72, Keras's -17.19."""
    mine = trajectory(fnapi, key, GRADIENTS[gradients])
    theirs = trajectory(tf_keras, key, GRADIENTS[gradients])
    assert np.any(np.diff(theirs, axis=0) != 0)  # the steps do move the variable
    np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=0)
