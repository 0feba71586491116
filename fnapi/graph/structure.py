"""Inputs and outputs come as one tensor, a list, or a dict keyed by name.

These two helpers let the rest of the code work on flat lists and restore the user's
structure at the end.
"""


def flatten(structure):
    """One item, a list/tuple, or a dict (in its own key order) -> a flat list."""
    if isinstance(structure, dict):
        return list(structure.values())
    if isinstance(structure, (list, tuple)):
        return list(structure)
    return [structure]


def pack_like(structure, flat):
    """The inverse of `flatten`: put the items of `flat` back in `structure`'s shape."""
    if isinstance(structure, dict):
        return dict(zip(structure.keys(), flat))
    if isinstance(structure, (list, tuple)):
        return list(flat)
    return flat[0]
