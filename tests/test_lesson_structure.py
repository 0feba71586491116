"""Every lesson reads like a chapter of one book (issue 9, items 5 and 6; lessons/AUTHORING.md).

- the same sections, in the same order, in every lesson;
- previous/next links, the glossary and a time estimate at the top, a "Next" section at the end;
- the test harness out of sight: nbval is steered by cell tags, never by comments in the code;
- short markdown cells (asides folded in <details>);
- stored outputs from one top-to-bottom run.
"""
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in LESSONS]
# (how the heading starts, what its English part says): a lesson may add a subtitle after a colon
SECTIONS = [("## 目标", "/ Goals"), ("## 准备", "/ Set-up"), ("## 1. 指南的代码", "guide's code"),
            ("## 2. 打开引擎盖", "/ Under the hood"), ("## 3. 与 Keras 对照", "/ Keras side by side"),
            ("## 4. 训练", "/ Training"), ("## 5. 练习", "/ Exercises"), ("## 小结", "/ Summary"),
            ("## 下一课", "/ Next")]
MAX_VISIBLE = 1400  # characters of a markdown cell outside <details>, both languages together


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def headings(text, level="## "):
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return [line for line in text.splitlines() if line.startswith(level)]


def test_lessons_are_numbered_from_zero():
    assert [p.name[:2] for p in LESSONS] == [f"{i:02d}" for i in range(len(LESSONS))]


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_same_sections_in_the_same_order(path):
    found = [h for c in cells(path) if c["cell_type"] == "markdown" for h in headings(source(c))]
    assert len(found) == len(SECTIONS), found
    for heading, (start, english) in zip(found, SECTIONS):
        assert heading.startswith(start) and english in heading, (heading, start, english)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_top_links_previous_next_glossary_and_time(path):
    i = LESSONS.index(path)
    top = source(cells(path)[0])
    assert top.startswith(f"# 第 {i} 课：") and f"/ Lesson {i}: " in top.splitlines()[0]
    previous = "README.md" if i == 0 else LESSONS[i - 1].name
    following = "README.md" if i == len(LESSONS) - 1 else LESSONS[i + 1].name
    nav = top.splitlines()[2]
    assert nav.startswith(f"[← ") and f"]({previous})" in nav, nav
    assert nav.endswith(f"→]({following})"), nav
    assert "](glossary.md)" in nav
    assert re.search(r"\*\*时间 / Time\*\*：约 \d+ 分钟 / about \d+ minutes", top)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_ends_with_the_next_lesson(path):
    i = LESSONS.index(path)
    last = source(cells(path)[-1])
    following = "README.md" if i == len(LESSONS) - 1 else LESSONS[i + 1].name
    assert last.startswith("## 下一课 / Next") and f"]({following})" in last


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_harness_out_of_sight(path):
    for cell in cells(path):
        text = source(cell)
        assert "NBVAL" not in text, text[:80]
        assert "not checked" not in text and "不参与检查" not in text, text[:80]
        if cell["cell_type"] == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            assert set(tags) <= {"nbval-ignore-output"}, tags


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_markdown_cells_are_short(path):
    for index, cell in enumerate(cells(path)[1:], 1):  # the title cell holds the goals
        if cell["cell_type"] != "markdown":
            continue
        visible = re.sub(r"<details>.*?</details>", "", source(cell), flags=re.S)
        assert len(visible) <= MAX_VISIBLE, (index, len(visible), visible[:80])


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_outputs_come_from_one_run_top_to_bottom(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", source(cell)[:80]
