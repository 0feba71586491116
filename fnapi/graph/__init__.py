"""Floor 0 of the house: the symbolic graph.

A functional model is a graph drawn *before* any number is computed. Its edges are
`SymbolicTensor`s (a shape and a dtype, no values) and its vertices are `Node`s (one
per call of a layer). Nothing here knows about weights or TensorFlow math.
"""
from fnapi.graph.node import Node
from fnapi.graph.tensor import SymbolicTensor, is_symbolic
from fnapi.graph.names import clear_session, unique_name
from fnapi.graph.structure import flatten, map_structure, ordered_by_keys, pack_like

__all__ = ["Node", "SymbolicTensor", "is_symbolic", "clear_session", "unique_name",
           "flatten", "map_structure", "ordered_by_keys", "pack_like"]
