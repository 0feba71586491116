"""Fixtures for the tests that run the guide.

At the guide's full sizes its video QA section holds 335 million weights. So each
section runs once per session on fnapi, through the session-scoped `section` fixture:
pytest groups all tests of one section together, and only that section's models are
alive at a time. The oracles (Keras 3 for shapes and sizes, tf_keras = Keras 2 for names
and summaries) are kept only as plain facts.
"""
import collections
import functools
import warnings

import pytest

import guide

GRAPH_SECTIONS = [key for key in guide.SECTIONS if key != "nodes"]
Section = collections.namedtuple("Section", "key ns models")
Oracle = collections.namedtuple("Oracle", "facts summaries")


@pytest.fixture(scope="session", params=GRAPH_SECTIONS)
def section(request, oracle):
    """One guide section run verbatim on fnapi: its key, namespace and models.

    The oracles' facts are taken first, so that their big models are gone before
    fnapi's are built: the peak memory is one library's models, not three.
    """
    for lib in ("keras", "tf_keras"):
        oracle(request.param, lib)
    ns = guide.run(request.param)
    return Section(request.param, ns, guide.models(request.param, ns))


@functools.cache
def _oracle(key, lib):
    with warnings.catch_warnings():  # Keras 3 warns about Keras 2 arguments the guide uses
        warnings.simplefilter("ignore")
        ns = guide.run(key, lib)
        return Oracle(guide.facts(ns), {name: guide.summary_text(model)
                                        for name, model in guide.models(key, ns, lib).items()})


@pytest.fixture(scope="session")
def oracle():
    """`oracle(key, lib)`: facts and model summaries of a section run on "keras" (Keras 3)
    or "tf_keras" (Keras 2)."""
    yield _oracle
    _oracle.cache_clear()
