"""fnapi is built on TensorFlow's low-level pieces: its source never imports Keras.

`import tensorflow` loads parts of Keras internally, so `sys.modules` cannot tell; the
source files are read instead.
"""
import ast
import pathlib

import fnapi

FORBIDDEN = ("keras", "tf_keras", "tensorflow.keras", "tensorflow.python.keras")


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def _uses_tf_keras_attribute(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.Attribute) and n.attr == "keras" for n in ast.walk(tree))


def test_fnapi_source_never_imports_keras():
    files = sorted(pathlib.Path(fnapi.__file__).parent.rglob("*.py"))
    assert len(files) > 10
    offenders = [(str(f), m) for f in files for m in _imported_modules(f)
                 if m.split(".")[0] in ("keras", "tf_keras") or m.startswith(FORBIDDEN[2:])]
    assert offenders == []
    assert [str(f) for f in files if _uses_tf_keras_attribute(f)] == []
