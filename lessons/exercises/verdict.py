"""How a check reports: one line, Chinese first, then English.

A check is a function that raises `Wrong("中文", "English")` when the answer is not right
yet and returns a short (zh, en) pair of praise when it is. `check` runs it and prints
the verdict; an untouched exercise stub raises NotImplementedError, which reads as
"not yet" (so a stored notebook always shows the same, deterministic line).
"""
import fnapi


class Wrong(Exception):
    def __init__(self, zh, en):
        super().__init__(en)
        self.zh, self.en = zh, en


def check(name, test, *args):
    """Run `test(*args)`, print the verdict, and return True only if the answer is right."""
    try:
        zh, en = test(*args)
    except NotImplementedError:
        print(f"⏳ {name}: 还没有作答——请完成上面的代码。 / Not yet: fill in the code above.")
        return False
    except Wrong as wrong:
        print(f"❌ {name}: {wrong.zh} / {wrong.en}")
        return False
    print(f"✅ {name}: {zh} / {en}")
    return True


def expect_model(model, what):
    """An answer that must be an fnapi model: None (the untouched stub) reads as "not yet",
    anything else that is not a Model is wrong. `what` names the answer in the message."""
    if model is None:
        raise NotImplementedError
    if not isinstance(model, fnapi.Model):
        raise Wrong(f"{what} 应该是一个 fnapi 模型（fnapi.Model）。",
                    f"{what} should be an fnapi model (fnapi.Model).")


def run_learner_code(function, call, *args):
    """Call the learner's code; an exception it raises becomes a verdict, not a traceback.

    `call` is how the call reads in the message, e.g. "walk_back(dense/0)"."""
    try:
        return function(*args)
    except (NotImplementedError, Wrong):
        raise
    except Exception as error:  # noqa: BLE001 (explain the learner's bug, do not crash)
        raise Wrong(f"{call} 出错：{type(error).__name__}: {error}",
                    f"{call} raised {type(error).__name__}: {error}")


def without_model_call(model, function, x, hint):
    """Run `function(model, x)` with model(...) and model.predict(...) switched off, so a
    graph walk cannot simply ask the model. `hint` is the (zh, en) pair shown if it tries."""
    called = []

    def forbidden(*args, **kwargs):
        called.append(True)
        raise Wrong(*hint)

    model.call = forbidden  # an instance attribute hides Functional.call
    try:
        return function(model, x)
    except (Wrong, NotImplementedError):
        raise
    except Exception as error:
        if called:  # raised inside a traced function (predict), where TensorFlow wraps it
            raise Wrong(*hint) from None
        message = f"{type(error).__name__}: {error}"[:300]
        raise Wrong(f"你的函数出错了：{message}", f"Your function raised {message}") from error
    finally:
        del model.call
