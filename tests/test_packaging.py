"""What `pip install .` ships: every fnapi package, so that a built wheel works as the
editable install of `make` does (a missing entry breaks only outside the repository)."""
import pathlib
import tomllib

import fnapi

ROOT = pathlib.Path(fnapi.__file__).resolve().parents[1]


def test_every_fnapi_package_is_in_pyprojects_list():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "fnapi").rglob("__init__.py")}
    assert len(found) >= 7 and found <= listed, sorted(found - listed)
