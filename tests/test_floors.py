"""The house's floors: each package imports only the floors below it (fnapi/__init__.py).

Read from the source with `ast`. The one call upwards is allowed and named: `models/`
reaches `saving/` with late imports inside functions (`Model.save`, `load_model`), as
Keras does, because saving must import models to rebuild them.
"""
import ast
import pathlib

import fnapi

ROOT = pathlib.Path(fnapi.__file__).parent
FLOORS = {"graph": 0, "layers": 1, "training": 2, "models": 3, "saving": 4}
TOOLBOX = {"activations", "initializers", "losses", "metrics", "optimizers", "callbacks",
           "registry", "lookup", "keras_defaults", "argument_validation"}
LATE_IMPORTS_UP = {("models", "saving")}


def _floor(parts):
    """Floor of a module path inside fnapi: packages by table, the toolbox at 0, utils 3."""
    if parts[0] in FLOORS:
        return FLOORS[parts[0]]
    if parts[0] == "utils":
        return FLOORS["models"]
    assert parts[0] in TOOLBOX or parts[0] in ("__init__", "__version__"), parts
    return 0


def _imports(path):
    """(imported fnapi module parts, imported inside a function?) for every fnapi import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef,
                                                              ast.AsyncFunctionDef))]
    inside = {id(n) for f in functions for n in ast.walk(f)}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("fnapi"):
            names = [f"{node.module}.{a.name}" if node.module == "fnapi" else node.module
                     for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("fnapi")]
        for name in names:
            parts = name.split(".")[1:]
            if parts:
                yield parts, id(node) in inside


def test_every_import_goes_down_or_is_the_named_late_import_up():
    wrong = []
    files = [p for p in ROOT.rglob("*.py") if p.name != "__init__.py" or p.parent != ROOT]
    for path in files:
        here = path.relative_to(ROOT).with_suffix("").parts
        floor = _floor(here)
        for parts, late in _imports(path):
            target = _floor(parts)
            if target > floor and not (late and (here[0], parts[0]) in LATE_IMPORTS_UP):
                wrong.append(f"{'/'.join(here)} (floor {floor}) imports {'.'.join(parts)} "
                             f"(floor {target})")
    assert len(files) > 40 and wrong == []


def test_the_package_docstrings_give_the_floors_the_code_has():
    for package, floor in FLOORS.items():
        doc = (ROOT / package / "__init__.py").read_text(encoding="utf-8")
        assert f"Floor {floor} of the house" in doc, package
