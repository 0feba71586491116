"""Where each weight lives in a saved file: Keras 3's layout, by structure, never by name.

A layer is walked as Keras 3 saves it: its own variables at `vars/0`, `vars/1`, ...; then
its child layers by attribute name (a model's `layers`, a wrapper's `layer`), each child
of a list named after its class and counted in order (`dense`, `dense_1`, `conv2d`; a list
inside a list is a `container`, `container_1`, ...). So
`layers/dense_1/vars/0` is the kernel of a model's second Dense layer, whatever its
automatic name: a file saved from one model loads into a freshly built one of the same
architecture, and never into a layer of another class. A layer met twice (shared) is
saved once, at its first place.
"""
from fnapi.graph.names import snake_case


def saved_tree(layer, path="", visited=None):
    """[(path, layer)] for `layer` and every layer inside it, in Keras 3's saving order."""
    visited = set() if visited is None else visited
    if id(layer) in visited:
        return []
    visited.add(id(layer))
    found = [(path, layer)]
    for attribute, child in layer._saved_children():
        found += _child_tree(child, _join(path, attribute), visited)
    return found


def _child_tree(child, path, visited):
    """A child layer at `path`, or a list's items below it, each named by `_counted_names`."""
    if not isinstance(child, list):
        return saved_tree(child, path, visited)
    return [found for name, item in zip(_counted_names(child), child)
            for found in _child_tree(item, _join(path, name), visited)]


def variable_groups(layer, with_state=False):
    """[(path of a `vars` group, owner name, variables)] for every layer in the tree; with
    `with_state`, also the optional state groups (a Dropout's random stream)."""
    groups = []
    for path, sub in saved_tree(layer):
        own = sub._variable_groups() + (sub._state_groups() if with_state else [])
        for subpath, variables in own:
            owner = sub.name if not subpath else f"{sub.name}_{subpath}"
            groups.append((_join(path, subpath, "vars"), owner, variables))
    return groups


def weight_paths(layer):
    """[(path, variable)] for every weight: `layers/dense_1/vars/0`, ..."""
    return [(f"{group}/{i}", v) for group, _, variables in variable_groups(layer)
            for i, v in enumerate(variables)]


def state_paths(layer):
    """[(path, variable)] for the optional state that is no weight."""
    required = {id(v) for _, v in weight_paths(layer)}
    return [(f"{group}/{i}", v) for group, _, variables in variable_groups(layer, True)
            for i, v in enumerate(variables) if id(v) not in required]


def _join(*parts):
    return "/".join(p for p in parts if p)


def _counted_names(items):
    """`dense`, `dense_1`, `functional`, ...: each layer's Keras class, counted in order; a
    list inside the list is a `container` (Keras 3's name), counted the same way."""
    counts, names = {}, []
    for item in items:
        base = "container" if isinstance(item, list) else snake_case(
            type(item).keras_class_name())
        names.append(base if base not in counts else f"{base}_{counts[base]}")
        counts[base] = counts.get(base, 0) + 1
    return names
