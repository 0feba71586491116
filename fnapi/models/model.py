"""Model: the public class. A functional graph (`Functional`) that can also be trained
(`Trainer`: compile, fit, evaluate, predict)."""
from fnapi.models.functional import Functional
from fnapi.training.trainer import Trainer


class Model(Trainer, Functional):
    """`Model(inputs, outputs, name=None)`: everything between `inputs` and `outputs`."""
