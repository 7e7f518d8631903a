"""Validation: every kind of bad input gives the exact `path:line: field: message` list."""

from __future__ import annotations

import gc
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros import disk_cache, glossary_tooltips, loading
from macros.checks import build_store
from macros.loading import CHECKS_CACHE, STORE_CACHE, load_store, load_terms
from macros.models import Qualifier
from macros.problems import DataError, UnknownIdError
from macros.yaml_files import FastLoader, to_data

from .conftest import FIXTURES, ROOT


def problems_of(project: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        build_store(project)
    return [str(p) for p in caught.value.problems]


def with_practice(project: Path, broken: str) -> Path:
    shutil.copy(FIXTURES / "broken" / broken, project / "data" / "practices" / "demo.yaml")
    return project


def test_valid_fixture_loads(valid_project: Path) -> None:
    store = build_store(valid_project)
    demo = store.practice("demo")
    assert [m.value for m in demo.metrics] == [488, 468]
    assert demo.metrics[0].qualifier is Qualifier.EXACT
    assert [p.name for p in store.place_chain("shiqu")] == ["测试省", "测试区"]


def test_real_data_loads() -> None:
    store = build_store(ROOT)
    assert {"sanwei-zutuan", "zhangpeng-zhibu", "wubu-gongzuofa"} <= set(store.practices)


def test_yaml_syntax_error(valid_project: Path) -> None:
    assert problems_of(with_practice(valid_project, "yaml-syntax.yaml")) == [
        "data/practices/demo.yaml:5: YAML 语法错误: did not find expected ',' or '}'",
    ]


def test_wrong_types_and_values(valid_project: Path) -> None:
    assert problems_of(with_practice(valid_project, "wrong-type.yaml")) == [
        "data/practices/demo.yaml:10: metrics[0].value: 必须是数字（按原文数字填写，如 300 或 1.5）",
        "data/practices/demo.yaml:11: metrics[1].qualifier: 取值不在允许范围内，可选: "
        "'exact', '余', '多', '近', '约', '上', '不足', '以上' or '内' "
        "(Input should be 'exact', '余', '多', '近', '约', '上', '不足', '以上' or '内')",
    ]


def test_missing_fields(valid_project: Path) -> None:
    assert problems_of(with_practice(valid_project, "missing-field.yaml")) == [
        "data/practices/demo.yaml:1: problem: 必填 (Field required)",
        "data/practices/demo.yaml:9: metrics[0].source: 必填 (Field required)",
    ]


def test_unknown_and_duplicate_ids(valid_project: Path) -> None:
    assert problems_of(with_practice(valid_project, "unknown-ids.yaml")) == [
        "data/practices/demo.yaml:4: place: 未知的地区 id: nowhere",
        "data/practices/demo.yaml:6: themes[1]: 未知的主题 id: no-theme",
        "data/practices/demo.yaml:9: related[0]: 未知的做法 id: ghost",
        "data/practices/demo.yaml:11: metrics[0].source: 未知的来源 id: other",
        "data/practices/demo.yaml:12: metrics[1].id: 指标 id 重复: total",
        "data/practices/demo.yaml:12: metrics[1].locator: 必须以来源 baodao 的某个小标题开头: 第一节 / 第二节",
        "data/practices/demo.yaml:14: derived[0].numerator: 未知的指标 id: done",
    ]


def test_duplicate_and_dangling_places(valid_project: Path) -> None:
    places = valid_project / "data" / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8")
        + "  - {id: shiqu, name: 重复区, level: 区县, parent: sheng}\n"
        + "  - {id: jiedao, name: 街道, level: 街道, parent: missing}\n",
        encoding="utf-8",
    )
    assert problems_of(valid_project) == [
        "data/places.yaml:4: places[2].id: id 重复: shiqu",
        "data/places.yaml:5: places[3].parent: 未知的地区 id: missing",
    ]


def test_page_without_data_and_data_without_page(valid_project: Path) -> None:
    (valid_project / "docs" / "practices" / "ghost.md").write_text("---\npractice: ghost\n---\n# 幽灵\n", encoding="utf-8")
    (valid_project / "docs" / "practices" / "demo.md").unlink()
    assert problems_of(valid_project) == [
        "data/practices/demo.yaml:1: id: 没有对应的页面 docs/practices/demo.md",
        "docs/practices/ghost.md:2: practice: 未知的做法 id: ghost（data/practices/ 中没有 ghost.yaml）",
    ]


def test_page_heading_must_match_name(valid_project: Path) -> None:
    (valid_project / "docs" / "practices" / "demo.md").write_text("---\npractice: demo\n---\n# 别的名字\n", encoding="utf-8")
    assert problems_of(valid_project) == [
        "docs/practices/demo.md:1: # 标题: 一级标题必须是数据中的名称“示范做法”，现为“别的名字”",
    ]


def test_file_name_must_be_id(valid_project: Path) -> None:
    practices = valid_project / "data" / "practices"
    (practices / "demo.yaml").rename(practices / "other.yaml")
    assert "data/practices/other.yaml:1: id: id 必须与文件名一致: demo ≠ other" in problems_of(valid_project)


def test_every_error_counted_in_report(valid_project: Path) -> None:
    with pytest.raises(DataError) as caught:
        build_store(with_practice(valid_project, "unknown-ids.yaml"))
    assert caught.value.report().endswith("check failed: 7 errors")


def test_unknown_id_lookup_names_known_ids(valid_project: Path) -> None:
    store = build_store(valid_project)
    with pytest.raises(UnknownIdError, match="未知的做法 id: 'nope'；已有: demo"):
        store.practice("nope")


def test_load_store_is_cached_until_a_file_changes(valid_project: Path) -> None:
    first = load_store(valid_project)
    assert load_store(valid_project) is first
    practice = valid_project / "data" / "practices" / "demo.yaml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("value: 488", "value: 4880"), encoding="utf-8")
    edited = load_store(valid_project)
    assert edited is not first
    assert edited.practice("demo").metrics[0].value == 4880


def test_loading_leaves_the_cycle_collector_as_it_found_it(valid_project: Path) -> None:
    """It is paused while the store loads (see loading.collector_paused), then on again, or still off if it was."""
    load_store(valid_project)
    assert gc.isenabled()
    gc.disable()
    try:
        practice = valid_project / "data" / "practices" / "demo.yaml"
        practice.write_text(practice.read_text(encoding="utf-8").replace("value: 488", "value: 4880"), encoding="utf-8")
        assert load_store(valid_project).practice("demo").metrics[0].value == 4880  # loaded again, not from memory
        assert not gc.isenabled()
    finally:
        gc.enable()


def _load_in_new_process(project: Path) -> str:
    """What a second process (MkDocs after `macros sync`) sees: whether it unpickled the store or built it,
    and how many YAML files it parsed to do so."""
    code = (
        "import sys; from pathlib import Path; import macros.loading as s, macros.yaml_files as y\n"
        "built, parsed = [], []; build, parse = s.check_data, y._parse_yaml\n"
        "s.check_data = lambda root: built.append(1) or build(root)\n"
        "y._parse_yaml = lambda path, root: parsed.append(1) or parse(path, root)\n"
        "store = s.load_store(Path(sys.argv[1]))\n"
        "print('built' if built else 'cached', store.practice('demo').metrics[0].value, len(parsed))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_second_process_unpickles_what_the_first_validated(valid_project: Path) -> None:
    files = len(list((valid_project / "data").rglob("*.yaml")))
    assert _load_in_new_process(valid_project) == f"built 488 {files}"
    assert (valid_project / STORE_CACHE).exists()
    assert _load_in_new_process(valid_project) == "cached 488 0"
    practice = valid_project / "data" / "practices" / "demo.yaml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("value: 488", "value: 4880"), encoding="utf-8")
    assert _load_in_new_process(valid_project) == "built 4880 1"  # only the edited file is parsed again
    (valid_project / STORE_CACHE).write_bytes(b"not a pickle")
    assert _load_in_new_process(valid_project) == "built 4880 0"


def test_a_build_process_unpickles_the_store_alone(valid_project: Path) -> None:
    """What only page checks need (the files' line numbers, the data's text) is not loaded where the pages are
    unchanged since sync: each MkDocs process of a build would hold it for nothing."""
    assert _load_in_new_process(valid_project).startswith("built 488")
    (valid_project / CHECKS_CACHE).unlink()
    assert _load_in_new_process(valid_project) == "cached 488 0"


@pytest.mark.parametrize("after_sync", [False, True])
def test_a_page_saved_in_serve_is_checked_without_reading_the_data_again(valid_project: Path, monkeypatch,
                                                                          after_sync: bool) -> None:
    """`mkdocs serve` after a page-only save: the data stay as checked, only the page is checked again (and a wrong
    H1 is still an error). Also when the data were checked by an earlier process (`make serve` runs sync first)."""
    load_store(valid_project)
    if after_sync:  # this process as a new one: what it knows comes from .cache/
        for cached in (loading._checked_store, loading._data_unchanged, loading._load_unchanged):
            cached.cache_clear()
        monkeypatch.setattr(loading, "_SHARED", {})
    checked: list[Path] = []
    monkeypatch.setattr(loading, "check_data", lambda root: checked.append(root) or pytest.fail("data read again"))
    page = valid_project / "docs" / "practices" / "demo.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n补记一句。\n", encoding="utf-8")
    assert load_store(valid_project).practice("demo").name
    page.write_text(text.replace("\n# ", "\n# 改过的", 1), encoding="utf-8")
    with pytest.raises(DataError, match="一级标题必须是数据中的名称"):
        load_store(valid_project)
    assert checked == []


def test_a_pickle_from_other_code_is_not_used(valid_project: Path) -> None:
    assert _load_in_new_process(valid_project).startswith("built 488")
    path = valid_project / STORE_CACHE
    with path.open("rb") as f:
        (_code, stamp), store = pickle.load(f), pickle.load(f)
    with path.open("wb") as f:
        pickle.dump(("other code", stamp), f)
        pickle.dump(store, f)
    assert _load_in_new_process(valid_project) == "built 488 0"


def test_place_metrics_and_also_at_are_checked(valid_project: Path) -> None:
    places = valid_project / "data" / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8")
        + "  - id: jiedao\n    name: 测试街道\n    level: 街道\n    parent: shiqu\n    metrics:\n"
        "      - {id: a, label: 面积, value: 1, unit: 平方公里, source: baodao, locator: 第三节}\n"
        "      - {id: a, label: 人口, value: 2, unit: 万人, source: nobody, locator: 第一节}\n",
        encoding="utf-8",
    )
    demo = valid_project / "data" / "practices" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace("place: shiqu", "place: shiqu\nalso_at: [jiedao, nowhere]"), encoding="utf-8")
    with pytest.raises(DataError) as error:
        build_store(valid_project)
    messages = [f"{p.path}:{p.field}: {p.message}" for p in error.value.problems]
    assert messages == [
        "data/places.yaml:places[2].metrics[0].locator: 必须以来源 baodao 的某个小标题开头: 第一节 / 第二节",
        "data/places.yaml:places[2].metrics[1].id: 指标 id 重复: a",
        "data/places.yaml:places[2].metrics[1].source: 未知的来源 id: nobody",
        "data/practices/demo.yaml:also_at[1]: 未知的地区 id: nowhere",
    ]


def test_practices_in_counts_also_at_places(valid_project: Path) -> None:
    places = valid_project / "data" / "places.yaml"
    street = "  - {id: jiedao, name: 测试街道, level: 街道, parent: shiqu}\n"
    places.write_text(places.read_text(encoding="utf-8") + street, encoding="utf-8")
    demo = valid_project / "data" / "practices" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace("place: shiqu", "place: shiqu\nalso_at: [jiedao]"), encoding="utf-8")
    store = build_store(valid_project)
    assert [p.id for p in store.practices_at("jiedao")] == ["demo"]
    assert [p.id for p in store.practices_in("sheng")] == ["demo"]


def test_course_with_unknown_practice_is_refused(valid_project: Path) -> None:
    (valid_project / "data" / "courses").mkdir()
    (valid_project / "data" / "courses" / "kecheng.yaml").write_text(
        "id: kecheng\ntitle: 测试课程\naudience: [社区党组织书记]\nobjectives: [目标]\n"
        "sessions:\n  - {title: 一, minutes: 30, activity: 讲授, practices: [demo, nowhere]}\n"
        "  - {title: 二, minutes: 3, activity: 讲课}\ncompare: [demo]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as error:
        build_store(valid_project)
    assert [str(p) for p in error.value.problems] == [
        "data/courses/kecheng.yaml:7: sessions[1].activity: 取值不在允许范围内，可选: "
        "'讲授', '案例研讨', '小组讨论', '情景模拟', '现场教学' or '总结'"
        " (Input should be '讲授', '案例研讨', '小组讨论', '情景模拟', '现场教学' or '总结')",
        "data/courses/kecheng.yaml:7: sessions[1].minutes: 不符合要求 (Input should be greater than or equal to 5)",
    ]
    course = valid_project / "data" / "courses" / "kecheng.yaml"
    fixed = course.read_text(encoding="utf-8").replace("minutes: 3, activity: 讲课", "minutes: 30, activity: 讲授")
    course.write_text(fixed, encoding="utf-8")
    with pytest.raises(DataError) as error:
        build_store(valid_project)
    assert [str(p) for p in error.value.problems] == ["data/courses/kecheng.yaml:6: sessions[0].practices[1]: 未知的做法 id: nowhere"]


@pytest.mark.parametrize(
    "text",
    ["a: &x [1, 2]\nb: *x\n", "<<: {a: 1}\nb: 2\n", "n: ~\nf: 1.5\nb: yes\ni: 0x1F\n", "!!set {a, b}\n",
     "s: !!str 12\n", "- !!binary aGk=\n", ""],
)
def test_to_data_builds_what_safe_load_builds(text: str) -> None:
    """The same data as safe_load, but for two deliberate differences (tests/test_hostile.py): dates stay text,
    and a repeated key is an error."""
    assert to_data(yaml.compose(text, Loader=FastLoader)) == yaml.safe_load(text)


def test_dates_stay_text_for_the_models_to_check() -> None:
    assert to_data(yaml.compose("d: 2018-05-01\ne: 2020-13-45\n", Loader=FastLoader)) == {"d": "2018-05-01", "e": "2020-13-45"}


def test_to_data_matches_safe_load_on_every_data_file() -> None:
    for path in [*(ROOT / "data").rglob("*.yaml"), *FIXTURES.rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        try:
            expected = yaml.safe_load(text)
        except yaml.YAMLError:
            continue  # the broken fixtures
        assert to_data(yaml.compose(text, Loader=FastLoader)) == expected, path


def test_a_cache_that_cannot_be_written_loses_nothing(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "x.pickle"
    disk_cache.write(target, "key", lambda: None)  # not picklable
    assert not target.exists() and list((tmp_path / "cache").iterdir()) == []
    assert disk_cache.read(target, "key") is None
    disk_cache.write(target, "key", {"a": 1})
    assert disk_cache.read(target, "key") == {"a": 1} and disk_cache.read(target, "other") is None


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_after_two_edits_one_store_is_held(valid_project: Path) -> None:
    """`mkdocs serve` loads a new store after every save: the cache keeps only the newest."""
    practice = valid_project / "data" / "practices" / "demo.yaml"
    load_store(valid_project)
    for value in ("4880", "48800"):
        _edit(practice, "value: 488,", f"value: {value},")
        assert load_store(valid_project).practice("demo").metrics[0].value == int(value)
        _edit(practice, f"value: {value},", "value: 488,")
    assert loading._load_unchanged.cache_info().currsize == 1


def test_after_two_glossary_edits_one_glossary_and_one_matcher_are_held(valid_project: Path) -> None:
    glossary = valid_project / "data" / "glossary.yaml"
    seen = []
    for n in (1, 2):
        entry = f"  - {{id: t{n}, term: 术语{n}, definition: 说明{n}}}\n"
        glossary.write_text(glossary.read_text(encoding="utf-8") + entry, encoding="utf-8")
        terms = load_terms(valid_project)
        assert f"t{n}" in terms
        glossary_tooltips._compiled(terms)
        seen.append(terms)
    assert loading._load_terms_unchanged.cache_info().currsize == 1
    assert len(glossary_tooltips._COMPILED) == 1 and glossary_tooltips._COMPILED[0][0] is seen[-1]


def test_models_with_the_same_fields_share_one_set_of_them_even_after_pickling() -> None:
    store = load_store(ROOT)
    metrics = [m for p in store.practices.values() for m in p.metrics]
    distinct = {id(m.model_fields_set) for m in metrics}
    assert len(metrics) > 100 and len(distinct) == len({frozenset(m.model_fields_set) for m in metrics}) < len(metrics) / 4
    again = pickle.loads(pickle.dumps(store))
    metrics = [m for p in again.practices.values() for m in p.metrics]
    assert len({id(m.model_fields_set) for m in metrics}) == len(distinct)
    before = set(metrics[0].model_fields_set)
    changed = metrics[0].model_copy(update={"note": "改过"})
    assert "note" in changed.model_fields_set and metrics[0].model_fields_set == before
