"""Every rule the data must keep, in one place (as a linter keeps its rules): each file against its
model, then every reference between files, then the practice pages' front matter and titles.

One pass, all problems at once, each as `path:line: field: message`; `build_store` raises DataError
with the whole list, or returns the Store.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .models import Concern, Course, Measure, Metric, Place, PlaceLevel, Practice, Source, Synonym, Term, Theme, is_slug
from .page_kinds import COURSE, PRACTICE
from .problems import DataError, Problem
from .render.text import md
from .store import Store
from .yaml_files import YamlFile, read_front_matter, read_yaml

M = TypeVar("M", bound=BaseModel)

# pydantic's error types, said in the editors' language (pydantic's own text follows in brackets)
MESSAGES = {
    "missing": "必填",
    "extra_forbidden": "不认识的字段（拼写错了，或模型里没有这个字段）",
    "string_pattern_mismatch": "格式不对",
    "enum": "取值不在允许范围内",
    "string_type": "必须是文字",
    "list_type": "必须是列表",
    "int_type": "必须是整数",
    "bool_type": "必须是 true 或 false",
    "model_type": "必须是键值对（mapping）",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "too_long": "项数太多",
}


def validate(model: type[M], data: Any, file: YamlFile, loc: tuple[str | int, ...] = ()) -> tuple[M | None, list[Problem]]:
    """Validate one object against its model; pydantic errors become Problems with lines."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for e in error.errors(include_url=False):
            e_loc = loc + tuple(e["loc"])
            ctx = e.get("ctx") or {}
            if e["type"] == "value_error":
                message = str(ctx.get("error", e["msg"]))
            else:
                message = MESSAGES.get(e["type"], "不符合要求")
                if e["type"] == "enum" and "expected" in ctx:
                    message += f"，可选: {ctx['expected']}"
                message += f" ({e['msg']})"
            problems.append(file.problem(e_loc, message))
        return None, problems


LIST_FILES = {
    # file in data/        top-level key  model
    "sources.yaml": ("sources", Source),
    "places.yaml": ("places", Place),
    "themes.yaml": ("themes", Theme),
    "glossary.yaml": ("terms", Term),
    "measures.yaml": ("measures", Measure),
    "synonyms.yaml": ("synonyms", Synonym),
    "problems.yaml": ("problems", Concern),
}
OPTIONAL_LISTS = {"measures.yaml", "synonyms.yaml", "problems.yaml"}  # a data set without these is still complete

LEVEL_ORDER = list(PlaceLevel)


@dataclass
class ListFile:
    """One of the list files (`key: [ {...}, ... ]`): its valid entries by position, for line numbers."""

    key: str
    file: YamlFile | None = None
    entries: list[tuple[int, Any]] = field(default_factory=list)

    def by_id(self) -> dict[str, Any]:
        return {item.id: item for _, item in self.entries}

    def check_refs(self, field_name: str, known: dict[str, Any], kind: str) -> Iterator[Problem]:
        """Each entry's list field `field_name` may only name ids defined in `known`."""
        for i, item in self.entries:
            yield from _check_refs(self.file, (self.key, i, field_name), getattr(item, field_name), known, kind)


def load_list(root: Path, name: str, key: str, model: type[M], problems: list[Problem]) -> ListFile:
    """Load and validate one list file; duplicate ids are problems."""
    loaded = ListFile(key)
    path = root / "data" / name
    if not path.exists():
        if name not in OPTIONAL_LISTS:
            problems.append(Problem(f"data/{name}", 1, "", "文件不存在"))
        return loaded
    file = read_yaml(path, root)
    if isinstance(file, Problem):
        problems.append(file)
        return loaded
    loaded.file = file
    if not isinstance(file.data, dict) or not isinstance(file.data.get(key), list):
        problems.append(file.problem((), f"顶层必须是 `{key}:` 加一个列表"))
        return loaded
    seen: set[str] = set()
    for i, raw in enumerate(file.data[key]):
        item, errors = validate(model, raw, file, (key, i))
        problems.extend(errors)
        if item is None:
            continue
        id_ = getattr(item, "id", None)  # synonyms have none
        if id_ is not None and id_ in seen:
            problems.append(file.problem((key, i, "id"), f"id 重复: {id_}"))
        seen.add(id_)
        loaded.entries.append((i, item))
    return loaded


def _load_folder(root: Path, folder: str, model: type[M], problems: list[Problem]) -> tuple[dict[str, M], dict[str, YamlFile]]:
    """Every data/<folder>/<id>.yaml that validates, by id, with its parsed file (id must equal the file name)."""
    items: dict[str, M] = {}
    files: dict[str, YamlFile] = {}
    for path in sorted((root / "data" / folder).glob("*.yaml")):
        file = read_yaml(path, root)
        if isinstance(file, Problem):
            problems.append(file)
            continue
        item, errors = validate(model, file.data, file)
        problems.extend(errors)
        if item is None:
            continue
        if item.id != path.stem:
            problems.append(file.problem(("id",), f"id 必须与文件名一致: {item.id} ≠ {path.stem}"))
        items[item.id] = item
        files[item.id] = file
    return items, files


def _check_course(course: Course, file: YamlFile, practice_ids: Container[str], measures: Container[str]) -> Iterator[Problem]:
    for i, session in enumerate(course.sessions):
        yield from _check_refs(file, ("sessions", i, "practices"), session.practices, practice_ids, "做法")
    yield from _check_refs(file, ("compare",), course.compare, practice_ids, "做法")
    yield from _check_refs(file, ("measures",), course.measures, measures, "measure")


def _check_refs(file: YamlFile, loc: tuple[str | int, ...], ids: list[str], known: Container[str], kind: str) -> Iterator[Problem]:
    """Each id of a list field must be defined in `known`."""
    for i, id_ in enumerate(ids):
        yield from _ref(file, (*loc, i), id_, known, kind)


def _ref(file: YamlFile, loc: tuple[str | int, ...], id_: str | None, known: Container[str], kind: str) -> Iterator[Problem]:
    if id_ is not None and id_ not in known:
        yield file.problem(loc, f"未知的{kind} id: {id_}")


def _check_metrics(
    file: YamlFile, loc: tuple[str | int, ...], metrics: list[Metric], s: Store, cited: Container[str] | None
) -> Iterator[Problem]:
    """Metric ids are unique; each figure names a known source (one of `cited`, if given) and one of its subheadings."""
    seen: set[str] = set()
    for i, m in enumerate(metrics):
        here = (*loc, "metrics", i)
        if m.id in seen:
            yield file.problem((*here, "id"), f"指标 id 重复: {m.id}")
        seen.add(m.id)
        if m.source not in s.sources:
            yield file.problem((*here, "source"), f"未知的来源 id: {m.source}")
            continue
        if cited is not None and m.source not in cited:
            yield file.problem((*here, "source"), f"来源 {m.source} 不在本做法的 sources 中")
        if m.measure is not None:
            measure = s.measures.get(m.measure)
            if measure is None:
                yield file.problem((*here, "measure"), f"未知的 measure: {m.measure}（在 data/measures.yaml 中定义）")
            elif measure.unit != m.unit:
                yield file.problem((*here, "unit"), f"measure {m.measure} 的单位是“{measure.unit}”，这里是“{m.unit}”，不能放在一起比较")
            if m.value < 0:
                yield file.problem((*here, "value"), "带 measure 的数字画在条形图上，不能为负数")
        sections = s.sources[m.source].sections
        if m.locator.split("·")[0] not in sections:
            yield file.problem((*here, "locator"), f"必须以来源 {m.source} 的某个小标题开头: {' / '.join(sections)}")


def _check_practice(p: Practice, file: YamlFile, s: Store, practice_ids: Container[str]) -> Iterator[Problem]:
    """Every reference a practice makes must resolve; every figure must name where it was printed."""
    yield from _ref(file, ("place",), p.place, s.places, "地区")
    yield from _check_refs(file, ("also_at",), p.also_at, s.places, "地区")
    yield from _check_refs(file, ("themes",), p.themes, s.themes, "主题")
    yield from _check_refs(file, ("sources",), p.sources, s.sources, "来源")
    yield from _check_refs(file, ("related",), p.related, practice_ids, "做法")
    if p.id in p.related:
        yield file.problem(("related",), "related 不能包含自己")
    yield from _check_metrics(file, (), p.metrics, s, p.sources)
    values = {m.id: m.value for m in p.metrics}
    for key in ("headline", "inputs"):
        yield from _check_refs(file, ("glance", key), getattr(p.glance, key), values, "指标")
    for i, d in enumerate(p.derived):
        if d.id in values:
            yield file.problem(("derived", i, "id"), f"与指标 id 重复: {d.id}")
        for key in ("numerator", "denominator"):
            if getattr(d, key) not in values:
                yield file.problem(("derived", i, key), f"未知的指标 id: {getattr(d, key)}")
        if values.get(d.denominator) == 0:
            yield file.problem(("derived", i, "denominator"), f"分母 {d.denominator} 为 0，无法计算比率")


def _check_places(places: ListFile) -> Iterator[Problem]:
    """A parent must exist and stand at a higher level (which also rules out cycles)."""
    known = places.by_id()
    for i, place in places.entries:
        if place.parent is None:
            continue
        parent = known.get(place.parent)
        if parent is None:
            yield places.file.problem(("places", i, "parent"), f"未知的地区 id: {place.parent}")
        elif LEVEL_ORDER.index(parent.level) >= LEVEL_ORDER.index(place.level):
            message = f"上级 {parent.name}（{parent.level.value}）的层级必须高于{place.level.value}"
            yield places.file.problem(("places", i, "parent"), message)


def _check_synonyms(synonyms: ListFile, text: str) -> Iterator[Problem]:
    """A page word (means) must occur in `text` (the data and the pages, lower-cased), or the synonym finds nothing;
    a word may not be both a reader's word and a page word (one synonym would lead to another, and back)."""
    if synonyms.file is None:
        return
    said = {word for _, s in synonyms.entries for word in s.say}
    for i, synonym in synonyms.entries:
        for j, word in enumerate(synonym.means):
            if word.lower() not in text:
                yield synonyms.file.problem(("synonyms", i, "means", j), f"数据和页面中都没有“{word}”：这个同义词什么也找不到")
            if word in said:
                yield synonyms.file.problem(("synonyms", i, "means", j), f"“{word}”也写在某一项的 say 中：同义词会循环，只写一层")


@lru_cache(maxsize=1 << 15)  # pages and their saved versions: bounded, for a long `mkdocs serve`
def _front_matter_of(path: Path, size: int, mtime_ns: int) -> tuple[dict, str]:
    return read_front_matter(path)


def _front_matter(path: Path) -> tuple[dict, str]:
    """read_front_matter, remembered while the file keeps its size and time: `mkdocs serve` checks the pages again
    after every save, and reads only the page that was saved."""
    stat = path.stat()
    return _front_matter_of(path, stat.st_size, stat.st_mtime_ns)


def _check_pages(root: Path, practices: dict[str, Practice], files: dict[str, YamlFile], prose: list[str]) -> Iterator[Problem]:
    """Each practice has exactly one page docs/practices/<id>.md whose H1 is its name, and vice versa (their prose
    is collected into `prose`, for the synonyms' check)."""
    seen = set()
    key = PRACTICE.key
    for path in sorted((root / PRACTICE.docs_folder()).glob("*.md")):
        rel = path.relative_to(root).as_posix()
        if path.stem == "index":
            continue
        try:
            meta, body = _front_matter(path)
        except yaml.YAMLError as error:
            yield Problem(rel, 1, key, f"front matter 无法解析: {error}")
            continue
        id_ = meta.get(key)
        if id_ is None:
            yield Problem(rel, 1, key, f"必填: front matter 要写 {key}: <id>")
        elif not is_slug(id_):
            yield Problem(rel, 2, key, f"格式不对: id 只能由小写字母、数字和连字符组成（如 sanwei-zutuan），现为 {id_!r}")
        elif not (root / "data" / PRACTICE.folder / f"{id_}.yaml").exists():
            yield Problem(rel, 2, key, f"未知的做法 id: {id_}（data/{PRACTICE.folder}/ 中没有 {id_}.yaml）")
        elif id_ not in practices:
            continue  # its data file exists but is invalid, and says so itself
        elif id_ != path.stem:
            yield Problem(rel, 2, key, f"页面文件名必须与做法 id 一致: {path.stem} ≠ {id_}")
        else:
            seen.add(id_)
            prose.append(body)
            heading = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), None)
            expected = md(practices[id_].name)  # the name as text: a name with < or * is written escaped
            if heading != expected:
                yield Problem(rel, 1, "# 标题", f"一级标题必须是数据中的名称“{expected}”，现为“{heading}”")
    for id_ in sorted(set(practices) - seen):
        yield files[id_].problem(("id",), f"没有对应的页面 docs/{PRACTICE.page(id_)}")


@dataclass(frozen=True)
class DataChecked:
    """data/ read and checked: the store, what is wrong with it, and what the page checks need of the files."""

    store: Store
    problems: tuple[Problem, ...]
    practice_files: dict[str, YamlFile]
    synonyms: ListFile
    data_text: str  # the data's own text, lower-cased: where a synonym's page word may occur besides the pages


def check_data(root: Path) -> DataChecked:
    """Read and check every file of data/ under `root`, all problems collected (the pages are checked apart)."""
    problems: list[Problem] = []
    lists = {key: load_list(root, name, key, model, problems) for name, (key, model) in LIST_FILES.items()}
    practices, practice_files = _load_folder(root, PRACTICE.folder, Practice, problems)
    courses, course_files = _load_folder(root, COURSE.folder, Course, problems)
    tables = {key: loaded.by_id() for key, loaded in lists.items() if key != "synonyms"}
    synonyms = [item for _, item in lists["synonyms"].entries]
    store = Store(sources=tables["sources"], places=tables["places"], themes=tables["themes"], terms=tables["terms"],
                  practices=practices, courses=courses, measures=tables["measures"], synonyms=synonyms,
                  concerns=tables["problems"])

    problems.extend(_check_places(lists["places"]))
    problems.extend(lists["sources"].check_refs("places", store.places, "地区"))
    problems.extend(lists["terms"].check_refs("sources", store.sources, "来源"))
    for i, place in lists["places"].entries:
        problems.extend(_check_metrics(lists["places"].file, ("places", i), place.metrics, store, None))
    # A practice whose file exists but is invalid is reported once, by its own file, not by every reference.
    practice_ids = {path.stem for path in (root / "data" / PRACTICE.folder).glob("*.yaml")}
    for id_, practice in practices.items():
        problems.extend(_check_practice(practice, practice_files[id_], store, practice_ids))
    problems.extend(lists["problems"].check_refs("practices", practice_ids, "做法"))
    for id_, course in courses.items():
        problems.extend(_check_course(course, course_files[id_], practice_ids, store.measures))
    data_text = " ".join([*(p.model_dump_json() for p in store.practices.values()),
                          *(t.definition + t.term for t in store.terms.values())]).lower()
    return DataChecked(store, tuple(problems), practice_files, lists["synonyms"], data_text)


def check_pages(root: Path, data: DataChecked) -> list[Problem]:
    """The practice pages against the checked data: one page per practice with its name as H1, and every synonym's
    page word somewhere in the data or the pages. Cheap to repeat: a page is read again only when it changed."""
    prose: list[str] = []
    problems = list(_check_pages(root, data.store.practices, data.practice_files, prose))
    problems.extend(_check_synonyms(data.synonyms, data.data_text + " " + " ".join(prose).lower()))
    return problems


def build_store(root: Path) -> Store:
    """Read and check all of data/ and the practice pages under `root`; raise DataError listing every problem."""
    data = check_data(root)
    problems = [*data.problems, *check_pages(root, data)]
    if problems:
        raise DataError(problems)
    return data.store
