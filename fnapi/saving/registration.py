"""Letting files name a learner's own classes and functions, without running any code.

`@fnapi.saving.register_serializable(package="my_course")` records a class (or function)
under `"my_course>ClassName"`, Keras 3's form; a config naming it is then rebuilt with
that class. Nothing unregistered is ever created from a file, unless the caller passes
it in `custom_objects`.
"""
from fnapi import registry


def register_serializable(package="Custom", name=None):
    """Decorator shaped like `keras.saving.register_keras_serializable`.

    Raises ValueError if `package` contains `>` or the object has no name."""
    if not isinstance(package, str) or ">" in package:
        raise ValueError(f"`package` must be a string without '>', got {package!r}.")

    def decorate(obj):
        key_name = name or getattr(obj, "__name__", None)
        if not key_name:
            raise ValueError(f"Cannot register {obj!r}: it has no name; pass name=....")
        registry.register(obj, package, key_name)
        return obj
    return decorate


def get_registered_name(obj):
    """`"package>Name"` for a registered object, else its own name (Keras's rule)."""
    return registry.registered_name(obj) or getattr(obj, "__name__", type(obj).__name__)


def get_registered_object(name, custom_objects=None):
    """The class or function registered (or in `custom_objects`) under `name`, or None."""
    with registry.loading(custom_objects):
        return registry.lookup(name)
