"""How a check reports: one line, Chinese first, then English.

A check is a function that raises `Wrong("中文", "English")` when the answer is not right
yet and returns a short (zh, en) pair of praise when it is. `check` runs it and prints
the verdict; an untouched exercise stub raises NotImplementedError, which reads as
"not yet" (so a stored notebook always shows the same, deterministic line).
"""


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
