"""Every model of the guide, run verbatim on fnapi, has the shapes and sizes Keras gives.

The code is read from `lessons/guide_zh.md` (see `guide.py`), not retyped. Nothing
expected is typed in either: the same code runs on Keras 3 for shapes and parameter
counts, and on tf_keras (Keras 2, the Keras the guide was written for, whose automatic
names `input_1`, `model_1` fnapi follows) for names.
"""
import pytest

import guide

NAME_FIELDS = ("names", "input_names", "output_names")
# Parameter counts Keras gives for the guide's visual QA models (from the issue).
KERAS_COUNTS = {"vqa": {"vqa_model": 165_077_800, "vision_model": 1_735_488}}
# What each section must define, so that a change in the Markdown cannot make a section
# silently run nothing.
DEFINES = {"dense": ["model"], "model_as_layer": ["processed_sequences"],
           "multi_io": ["model"], "shared_lstm": ["model"], "inception": ["output"],
           "residual": ["z"], "shared_vision": ["vision_model", "classification_model"],
           "vqa": ["vision_model", "vqa_model"], "video_qa": ["video_qa_model"]}


def _without(fields, found):
    return {name: {k: v for k, v in entry.items() if k not in fields}
            for name, entry in found.items()}


def test_shapes_and_parameter_counts_match_keras(section, oracle):
    ours = guide.facts(section.ns)
    assert set(DEFINES[section.key]) <= set(ours)
    assert _without(NAME_FIELDS, ours) == _without(NAME_FIELDS, oracle(section.key, "keras").facts)
    for name, count in KERAS_COUNTS.get(section.key, {}).items():
        assert ours[name]["params"] == count


def test_names_match_keras_2(section, oracle):
    ours = guide.facts(section.ns)
    keras_2 = oracle(section.key, "tf_keras").facts
    models = [name for name, entry in keras_2.items() if "names" in entry]
    assert models == [name for name, entry in ours.items() if "names" in entry]
    for name in models:
        for field in NAME_FIELDS:
            assert ours[name][field] == keras_2[name][field], (name, field)


def test_time_distributed_model_reuses_the_model_weights():
    ns = guide.run("model_as_layer")
    wrapper = ns["processed_sequences"].history[0]
    assert [id(w) for w in wrapper.weights] == [id(w) for w in ns["model"].weights]


def test_node_section_runs_with_its_asserts_and_error():
    ns = guide.namespace("nodes")
    single, shared, by_index, conv = guide.code_blocks("nodes")
    exec(single, ns)  # `assert lstm.output == encoded_a`
    with pytest.raises(AttributeError) as error:
        exec(shared, ns)  # ends with `lstm.output`
    shown = guide.text_blocks("nodes")[0].removeprefix(">> AttributeError:")
    expected = " ".join(shown.split()).replace("lstm_1", ns["lstm"].name)
    assert " ".join(str(error.value).split()) == expected
    exec(by_index, ns)  # `assert lstm.get_output_at(1) == encoded_b`
    exec(conv, ns)  # the Conv2D 32x32 then 64x64 input shapes
    assert ns["conved_b"].shape == (None, 64, 64, 16)
