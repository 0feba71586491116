"""The objects a config may name beyond fnapi's own: those registered with
`fnapi.saving.register_serializable`, and, while a file loads, the caller's
`custom_objects`; and how the load under way reads what it finds (`loading`).

This is the whole of "loading never runs code": a name read from a file is looked up
here (or in fnapi's own tables) and nothing else; no module named in a file is ever
imported, no pickle, no eval.
"""
import contextlib
import threading

_registered = {}            # "package>Name" -> class or function


class _Scope(threading.local):
    stack = ()
    safe = (True,)
    keep_training = (True,)


_scope = _Scope()


def register(obj, package, name):
    """Record `obj` under `package>name` and return that key (Keras 3's form)."""
    key = f"{package}>{name}"
    _registered[key] = obj
    obj._registered_name = key
    return key


def registered_name(obj):
    """`package>Name` for a registered object or an instance of a registered class; None
    for anything else, a subclass of a registered class included (Keras's rule)."""
    for candidate in (obj, type(obj)):
        key = getattr(candidate, "_registered_name", None)
        if key in _registered and _registered[key] is candidate:
            return key
    return None


def lookup(*names):
    """The first object found for any of `names` (a registered key, or a plain name), in
    the current `custom_objects` first, then among registered objects; None if none."""
    for name in names:
        if not name:
            continue
        for custom in reversed(_scope.stack):
            if name in custom:
                return custom[name]
        if name in _registered:
            return _registered[name]
        short = [obj for key, obj in _registered.items() if key.split(">", 1)[-1] == name]
        if len(short) == 1:
            return short[0]
    return None


def safe_mode():
    """Whether the load under way refuses code-bearing objects (Keras's `safe_mode`)."""
    return _scope.safe[-1]


def keeps_training():
    """Whether `training=` recorded in a config's calls is kept (fnapi's files, Keras 2's
    rule) or dropped (Keras 3's files, whose models ignore it at run time)."""
    return _scope.keep_training[-1]


@contextlib.contextmanager
def loading(custom_objects=None, safe_mode=True, keep_training=True):
    """The context of one load: `custom_objects` ({name: class or function}) known by
    name, `safe_mode`, and whether recorded `training=` values are kept."""
    saved = (_scope.stack, _scope.safe, _scope.keep_training)
    _scope.stack = (*_scope.stack, dict(custom_objects or {}))
    _scope.safe, _scope.keep_training = (*_scope.safe, safe_mode), (*_scope.keep_training,
                                                                    keep_training)
    try:
        yield
    finally:
        _scope.stack, _scope.safe, _scope.keep_training = saved
