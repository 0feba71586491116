"""How a check reports: one line, Chinese first, then English, behind one marker.

    ✓  right            the answer does what the exercise asks
    ✗  wrong            what is wrong, and a hint (a function that returned None is told so)
    …  not yet          the untouched stub: it raises NotImplementedError, or a value
                        exercise still holds `...` (Ellipsis)

The markers are plain text characters (DejaVu Sans and DejaVu Sans Mono have all three), so
they show in any font, without an emoji font.

A check is a function that raises `Wrong("中文", "English")` when the answer is not right yet
and returns a (zh, en) pair of praise when it is. `check` runs it, prints the one line, and
returns a `Verdict`: true only if the answer is right, and silent when a notebook cell ends
with it, so the line is shown once. Solution scripts use `all(verdicts)` for their exit code.

The learner's code is always run through `call_learner` (functions), `answer` (values) or
`watch_returns` (methods of a layer class): an exception becomes a verdict, not a traceback,
and `None` where a value was expected reads "did you forget `return`?".
"""
import functools
import types

import fnapi

RIGHT, WRONG, NOT_YET = "✓", "✗", "…"


class Wrong(Exception):
    raised = []  # every Wrong made, newest last: TensorFlow may wrap one raised while tracing

    def __init__(self, zh, en):
        super().__init__(en)
        self.zh, self.en = zh, en
        Wrong.raised.append(self)

    @staticmethod
    def since(mark):
        """The newest Wrong made after `len(Wrong.raised)` was `mark`, or None."""
        return Wrong.raised[-1] if len(Wrong.raised) > mark else None


class ReturnedNone(Wrong):
    """The learner's code gave None where it should give a value: usually a missing `return`."""

    def __init__(self, call):
        super().__init__(f"{call} 返回了 None——是不是忘了写 `return`？",
                         f"{call} returned None. Did you forget `return`?")


class Verdict:
    """What `check` found. True only if the answer is right; `line` is what was printed."""

    def __init__(self, passed, line):
        self.passed, self.line = passed, line

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.line

    def _ipython_display_(self):
        """A notebook cell ending with a check shows nothing more: the line is printed already."""


def check(name, test, *args):
    """Run `test(*args)`, print the one-line verdict, and return it as a `Verdict`."""
    mark = len(Wrong.raised)
    try:
        try:
            zh, en = test(*args)
        except (NotImplementedError, Wrong):
            raise
        except Exception:  # a Wrong raised while TensorFlow traced, and wrapped by it
            if Wrong.since(mark) is None:
                raise
            raise Wrong.since(mark) from None
    except NotImplementedError:
        verdict = Verdict(False, f"{NOT_YET} {name}: 还没有作答——请完成上面的代码。 / "
                                 "Not yet: fill in the code above.")
    except Wrong as wrong:
        verdict = Verdict(False, f"{WRONG} {name}: {wrong.zh} / {wrong.en}")
    else:
        verdict = Verdict(True, f"{RIGHT} {name}: {zh} / {en}")
    del Wrong.raised[mark:]
    print(verdict.line)
    return verdict


def answer(value, what):
    """A value exercise (`small_model = ...`): the untouched `...` is "not yet"; None means the
    function that made the value returned nothing."""
    if value is Ellipsis:
        raise NotImplementedError
    if value is None:
        raise Wrong(f"{what} 是 None：算出它的函数是不是忘了写 `return`？",
                    f"{what} is None. Did the function that made it forget `return`?")
    return value


def call_learner(function, call, *args):
    """Call the learner's function. `call` is how the call reads in a message, for example
    "walk_back(dense/0)". NotImplementedError (the stub) passes through; another exception
    becomes a verdict; None reads "did you forget `return`?"."""
    mark = len(Wrong.raised)
    try:
        result = function(*args)
    except (NotImplementedError, Wrong):
        raise
    except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
        if Wrong.since(mark) is not None:  # wrapped by TensorFlow while it traced
            raise Wrong.since(mark) from None
        message = f"{type(error).__name__}: {error}"[:300]
        raise Wrong(f"{call} 出错：{message}", f"{call} raised {message}") from None
    if result is None:
        raise ReturnedNone(call)
    return result


def expect_model(model, what):
    """An answer that must be an fnapi model (`what` names it in the message)."""
    answer(model, what)
    if not isinstance(model, fnapi.Model):
        raise Wrong(f"{what} 应该是一个 fnapi 模型（fnapi.Model），得到 {type(model).__name__}。",
                    f"{what} should be an fnapi model (fnapi.Model), got a {type(model).__name__}.")
    return model


def layer_class(cls, what, forbidden_bases=()):
    """An answer that must be a class of your own deriving from fnapi.layers.Layer, and not
    from a finished fnapi layer in `forbidden_bases` (that would be the answer, not yours)."""
    answer(cls, what)
    if not (isinstance(cls, type) and issubclass(cls, fnapi.layers.Layer)):
        raise Wrong(f"{what} 应该是一个继承 fnapi.layers.Layer 的类（类本身，不是实例）。",
                    f"{what} should be a class that subclasses fnapi.layers.Layer (the class "
                    "itself, not an instance).")
    for base in forbidden_bases:
        if issubclass(cls, base):
            raise Wrong(f"{what} 继承了 fnapi 现成的 {base.__name__}：请直接继承 fnapi.layers.Layer，自己写。",
                        f"{what} subclasses fnapi's finished {base.__name__}: subclass "
                        "fnapi.layers.Layer and write it yourself.")
    return cls


def watch_returns(layer, methods=("compute_output_shape", "call")):
    """Make `layer`'s own methods report a missing `return` (they must give a value)."""
    for name in methods:
        method = getattr(layer, name)

        @functools.wraps(method)
        def watched(*args, _method=method, _name=name, **kwargs):
            result = _method(*args, **kwargs)
            if result is None:
                raise ReturnedNone(f"{type(layer).__name__}.{_name}(...)")
            return result

        setattr(layer, name, watched)  # an instance attribute hides the class's method
    return layer


def _blocked(*args, _guard=None, **kwargs):
    """Stands in for a switched-off function: its code, run with the guard as a default."""
    return _guard.trip(*args, **kwargs)


class forbidden:
    """`with forbidden(owner, name, hint):` calling `owner.name` raises Wrong(*hint) inside.

    `owner` is a class or a module (then the function itself is switched off, however the
    learner reached it, even through a name imported earlier) or one object (then only its
    attribute is replaced). For a method, `allow(self)` may let some instances through.
    `tried` tells afterwards whether it was called."""

    def __init__(self, owner, name, hint, allow=None):
        self.owner, self.name, self.hint, self.allow = owner, name, hint, allow
        self.tried = False

    def trip(self, *args, **kwargs):
        if self.allow is not None and args and self.allow(args[0]):
            return self.original(*args, **kwargs)
        self.tried = True
        raise Wrong(*self.hint)

    def __enter__(self):
        owner, name = self.owner, self.name
        target = vars(owner).get(name) if isinstance(owner, (type, types.ModuleType)) else None
        self.function = target if isinstance(target, types.FunctionType) and not target.__closure__ \
            else None
        if self.function is not None:  # swap the code of the very function object
            function = self.function
            self.saved = function.__code__, function.__kwdefaults__
            self.original = types.FunctionType(function.__code__, function.__globals__,
                                               function.__name__, function.__defaults__)
            self.original.__kwdefaults__ = function.__kwdefaults__
            function.__code__, function.__kwdefaults__ = _blocked.__code__, {"_guard": self}
            return self
        self.had_own = name in vars(owner)
        self.own = vars(owner).get(name)
        self.original = getattr(owner, name)

        def blocked(*args, **kwargs):
            return self.trip(*args, **kwargs)
        blocked.__name__ = getattr(self.original, "__name__", name)
        setattr(owner, name, blocked)
        return self

    def __exit__(self, *exc):
        if self.function is not None:
            self.function.__code__, self.function.__kwdefaults__ = self.saved
        elif self.had_own:
            setattr(self.owner, self.name, self.own)
        else:
            delattr(self.owner, self.name)
        return False


def without_model_call(model, function, x, hint):
    """Run the learner's `function(model, x)` while `model` cannot run its own graph: model(x),
    predict, _run_graph, and a new Model built on its tensors are all switched off (nested
    models in its graph still run, as layers). `hint` is the (zh, en) pair shown if it tries."""
    from fnapi.models.functional import Functional

    nested = {id(node.layer) for node in model._nodes if isinstance(node.layer, Functional)}
    with forbidden(Functional, "_run_graph", hint, allow=lambda m: id(m) in nested) as guard:
        try:
            return call_learner(function, f"{getattr(function, '__name__', 'your function')}"
                                          "(model, x)", model, x)
        except Wrong:
            if guard.tried:
                raise Wrong(*hint) from None
            raise
