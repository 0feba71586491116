"""The exam digits: MNIST test digits that no lesson loads, kept for the checks.

`coursedata.mnist.load_data()` gives 1,000 test digits (100 of each). The lessons keep the
first 500 (`x_test[:500]`) for their own held-out numbers; the other 500 are the exam. A
check that scores a trained model (lesson 01, exercise 3; lesson 02, exercise 3) scores it
here, on digits that neither the learner nor the model has seen, so training on the test
digits of the notebook cannot buy a pass.
"""
import functools

import numpy as np

LESSON_TEST = 500  # the lessons use x_test[:LESSON_TEST]


@functools.cache
def _exam():
    from coursedata import mnist

    _, (x_test, y_test) = mnist.load_data()
    x, y = x_test[LESSON_TEST:], y_test[LESSON_TEST:]
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def digits():
    """The exam: (images uint8 (500, 28, 28), labels uint8 (500,)), never shown in a lesson."""
    return _exam()


def classes_balanced():
    """How many exam digits of each class (a fact the tests rely on)."""
    return np.bincount(_exam()[1], minlength=10)
