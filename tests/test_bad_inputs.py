"""Every bad argument a learner can type is refused where it is given: clearly, and
before anything changes. Learners paste error messages into search engines, so fnapi
answers every bad input that Keras 2 or Keras 3 answers, and the ones both let through.

The battery is three tables, one row per bad input (`bad_inputs_layers.py`,
`bad_inputs_models.py`, `bad_inputs_training.py`; `bad_inputs.py` says what a row holds).
For each row:
- fnapi raises ValueError or TypeError (not an AttributeError, not an error from inside
  TensorFlow) whose message names the layer or argument, what was expected and what was
  given; and every layer, model, compile state and file the row started from is unchanged;
- each Keras does what the row records (CLEAR, UNCLEAR or ACCEPTS), checked by running the
  same call there, so that the comparison the tables make stays true.
"""
import re
import warnings

import keras
import pytest
import tf_keras

import fnapi
from bad_inputs import ABSENT, CLEAR, Bench, outcome, state
from bad_inputs_layers import CASES as LAYERS
from bad_inputs_models import CASES as MODELS
from bad_inputs_training import CASES as TRAINING

CASES = LAYERS + MODELS + TRAINING
KERASES = {"keras_3": keras, "keras_2": tf_keras}
KERAS_RUNS = [(case, name) for case in CASES for name in KERASES
              if getattr(case, name) != ABSENT]


def _started(K, case, folder):
    bench = Bench(K, folder)
    case.setup(bench)
    return bench


def _error_of(case, bench):
    """What `case.call` raised, or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the Kerases warn about some rows' arguments
        try:
            case.call(bench)
        except Exception as error:  # noqa: BLE001 (any failure is an answer to judge)
            return error
    return None


def test_the_battery_covers_every_floor_with_distinct_rows():
    assert len(LAYERS) >= 25 and len(MODELS) >= 20 and len(TRAINING) >= 40
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_fnapi_refuses_clearly_and_changes_nothing(case, tmp_path):
    bench = _started(fnapi, case, tmp_path)
    before = state(bench)
    error = _error_of(case, bench)
    assert isinstance(error, (ValueError, TypeError)), repr(error)
    assert outcome(case, error) == CLEAR, str(error)
    assert re.search(case.match, str(error), re.DOTALL), str(error)
    assert state(bench) == before


@pytest.mark.parametrize("case, keras_name", KERAS_RUNS,
                         ids=[f"{case.id}-{name}" for case, name in KERAS_RUNS])
def test_each_keras_does_what_its_column_says(case, keras_name, tmp_path):
    bench = _started(KERASES[keras_name], case, tmp_path)
    error = _error_of(case, bench)
    assert outcome(case, error) == getattr(case, keras_name), repr(error)
