"""Name lookup shared by activations, initializers, losses, metrics and optimizers."""


def by_name(identifier, table, kind, also="or a callable"):
    """A callable passes through; a name is looked up in `table`; anything else is an
    error that lists the valid names."""
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in table:
        return table[identifier]
    raise ValueError(f"Unknown {kind} {identifier!r}. Expected one of {sorted(table)} {also}.")
