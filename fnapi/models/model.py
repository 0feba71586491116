"""Model: the public class. A functional graph (`Functional`) that can also be trained
(`Trainer`: compile, fit, evaluate, predict)."""
from fnapi.models.functional import Functional
from fnapi.training.trainer import Trainer


class Model(Trainer, Functional):
    """`Model(inputs, outputs, name=None)`: everything between `inputs` and `outputs`.

    Raises TypeError if an input or output is not a symbolic tensor; ValueError for no
    outputs, an input given twice, an output that needs an Input not among `inputs`
    ("Graph disconnected"), or two layers of one name."""
