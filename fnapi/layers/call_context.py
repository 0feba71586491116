"""The call context: what an outer call tells the calls inside it, without arguments.

Keras has one, and so does fnapi, for two things:
- `training`: a learner's layer that calls a Dropout inside its `call` still drops out
  during `fit`, though it never passes `training` on;
- the training steps a compiled model has taken (`trained_for`), which a layer whose way
  of running changes with use (the LSTM's loop tier) follows.
Both are thread-local, set for the duration of a call and restored after it.
"""
import contextlib
import functools
import inspect
import threading


class _CallContext(threading.local):
    training = None
    steps_trained = None


_context = _CallContext()


@contextlib.contextmanager
def trained_for(steps):
    """Within: the model being run has taken `steps` training steps (its optimizer's
    `iterations`, a tensor; None: unknown), as `fit`, `evaluate`, `predict` and `model(x)`
    of a compiled model say. A count that is saved with the model, so a resumed `fit`
    runs as an unbroken one."""
    outer, _context.steps_trained = _context.steps_trained, steps
    try:
        yield
    finally:
        _context.steps_trained = outer


def steps_trained():
    """The count `trained_for` gave, or None outside a compiled model's runs."""
    return _context.steps_trained


@contextlib.contextmanager
def training_mode(training):
    """Within: calls that do not say `training` follow this one (None: not said)."""
    outer, _context.training = _context.training, training
    try:
        yield
    finally:
        _context.training = outer


def training_for(call, args, kwargs):
    """-> (args, kwargs, training) to run `call` (a layer's method) with. `training` is what
    the call says, by keyword or by position (`self.drop(x, training)`), else what an outer
    call said; a `call` whose `training` has no default gets None then, as in Keras 2. A
    positional `training` stays in its place; else it is passed by keyword, to a `call`
    that takes it."""
    kwargs, args = dict(kwargs), list(args)
    training = kwargs.pop("training", None)
    position, required = training_parameter(call)
    positional = position is not None and position < len(args)
    if positional and training is None:
        training = args[position]
    if training is None:
        training = _context.training
    if positional:
        args[position] = training
    elif (training is not None or required) and _accepts(call, "training"):
        kwargs["training"] = training
    return args, kwargs, training


@functools.cache
def training_parameter(call):
    """(position of `training` among a `call`'s arguments after `self`, or None if it can
    only be a keyword; whether it has no default)."""
    parameters = list(inspect.signature(call).parameters.values())[1:]
    for position, parameter in enumerate(parameters):
        if parameter.name == "training":
            positional = parameter.kind in (parameter.POSITIONAL_ONLY,
                                            parameter.POSITIONAL_OR_KEYWORD)
            return (position if positional else None), parameter.default is parameter.empty
    return None, False


@functools.cache
def _accepts(function, name):
    parameters = inspect.signature(function).parameters
    return name in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())
