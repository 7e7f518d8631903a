"""Load, validate and cross-check everything under data/ (and the practice pages' front matter).

One pass, all problems at once, each as `path:line: field: message`. The result is an
immutable Store indexed by id, built once per set of input files: load_store caches it in the
process and, pickled, in .cache/ for the next process (`python -m macros build` validates in its
sync step, then MkDocs runs in a process of its own). No MkDocs import here.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property, reduce
from operator import or_
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor

from . import disk_cache
from .models import Course, Measure, Metric, Place, PlaceLevel, Practice, Source, Term, Theme, is_slug
from .render.text import md

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
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, in linter form."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """The data does not validate; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        return "\n".join([*lines, f"check failed: {len(lines)} errors"])


class UnknownIdError(KeyError):
    """A macro or a page asked for an id the data does not define."""

    def __str__(self) -> str:
        return str(self.args[0])


# --- reading YAML with line numbers -------------------------------------------------------


_STR, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"
MAX_NODES = 100_000  # a file whose aliases expand beyond this is an alias bomb: a practice file has about 500


class FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """LibYAML's parser when PyYAML was built with it (the PyPI wheels are): parsing is most of the cost of
    loading thousands of practice files. Its tags are resolved in Python, by regular expressions for every
    scalar; the same keys and short values recur in every file, so short scalars are resolved once.

    Dates stay text: every date in data/ is a partial date validated by the models (2018, 2018-06), and an
    unquoted impossible one (2020-13-45) would otherwise stop the loader with a bare ValueError."""

    _resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or len(value) > 40:  # long text is rarely repeated
            return super().resolve(kind, value, implicit)
        tag = self._resolved.get((value, implicit))
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            tag = self._resolved[value, implicit] = _STR if tag == _TIMESTAMP else tag
        return tag


@dataclass
class YamlFile:
    """A parsed YAML file and its text, so that any field can be traced to a line when something is wrong."""

    path: str
    data: Any
    text: str

    @cached_property
    def node(self) -> yaml.Node | None:
        """The node tree, composed again only when a problem must be located, and once per file however many."""
        return yaml.compose(self.text, Loader=FastLoader)

    def line_of(self, loc: Iterable[str | int]) -> int:
        """1-based line of the node a field path points at (the nearest parent if it is missing)."""
        node = self.node
        if node is None:
            return 1
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), node)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
        return node.start_mark.line + 1

    def problem(self, loc: Iterable[str | int], message: str) -> Problem:
        loc = tuple(loc)
        return Problem(self.path, self.line_of(loc), field_path(loc), message)


def field_path(loc: Iterable[str | int]) -> str:
    """`('metrics', 3, 'unit')` -> `metrics[3].unit`."""
    text = ""
    for key in loc:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


# Parsed files by path, with the size and mtime they were parsed at: `mkdocs serve` reloads the store
# after every save and only the saved file is parsed again. Seeded from .cache/ in a new process.
# Keyed by the path as a string: it pickles several times faster than a Path.
_PARSED: dict[str, tuple[int, int, YamlFile | Problem]] = {}


def read_yaml(path: Path, root: Path) -> YamlFile | Problem:
    """Parse one YAML file, or say where its syntax breaks (parsed again only when the file changes)."""
    try:
        stat = path.stat()
    except OSError as error:
        return Problem(path.relative_to(root).as_posix(), 1, "", f"无法读取: {error}")
    size, mtime, parsed = _PARSED.get(str(path), (-1, -1, None))
    if parsed is None or (size, mtime) != (stat.st_size, stat.st_mtime_ns):
        parsed = _parse_yaml(path, root)
        _PARSED[str(path)] = (stat.st_size, stat.st_mtime_ns, parsed)
    return parsed


class _Unusual(Exception):
    """A node `to_data` leaves to SafeConstructor (merge keys, sets, binary …)."""


class UnsafeYaml(Exception):
    """A document that must not be loaded as it is: a key repeated in a mapping, an alias bomb."""

    def __init__(self, line: int, field: str, message: str):
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


def _repeated_key(mapping: yaml.MappingNode) -> UnsafeYaml | None:
    """The second of two equal keys in a mapping (the last would silently win), naming both lines."""
    first: dict[Any, int] = {}
    for key, _ in mapping.value:
        if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            message = f"键重复：第 {first[key.value]} 行和第 {line} 行都写了 {key.value}（后一个会悄悄覆盖前一个）"
            return UnsafeYaml(line, key.value, message)
        first[key.value] = line
    return None


MAX_DEPTH = 50  # data/ nests four deep; LibYAML's composer recurses in C and crashes the process near 100,000
DEPTH_SCAN_FROM = 32_000  # characters: nesting deep enough to crash the composer needs more text than this


def nesting_too_deep(text: str) -> int | None:
    """Line where collections nest deeper than MAX_DEPTH, read from the parser's event stream (which does not
    recurse) before anything composes the document; None if they do not."""
    depth = 0
    for event in yaml.parse(text, Loader=FastLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def check_nodes(root: yaml.Node) -> None:
    """Raise UnsafeYaml for a repeated key anywhere in the document, or for aliases that expand it past
    MAX_NODES. Each node is visited once (aliases share nodes), so a bomb costs no more than its text."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes and not children_done:
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else (
            node.value if isinstance(node, yaml.SequenceNode) else [])
        if not children_done:
            sizes[id(node)] = 1  # a node that contains itself counts once
            if isinstance(node, yaml.MappingNode) and (repeated := _repeated_key(node)):
                raise repeated
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
        if sizes[id(node)] > MAX_NODES:
            line = node.start_mark.line + 1
            raise UnsafeYaml(line, "", f"别名（*）展开后超过 {MAX_NODES} 个节点，拒绝读取（疑似“十亿笑声”别名炸弹）")


_SCALARS = {tag: SafeConstructor.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
)}
_SAFE = SafeConstructor()  # only its stateless scalar constructors are used


def _fast(node: yaml.Node) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return node.value
    if tag == "tag:yaml.org,2002:map":
        mapping = {_fast(k): _fast(v) for k, v in node.value}
        if len(mapping) < len(node.value):
            raise _repeated_key(node) or _Unusual(tag)
        return mapping
    if tag == "tag:yaml.org,2002:seq":
        return [_fast(v) for v in node.value]
    if tag in _SCALARS:
        return _SCALARS[tag](_SAFE, node)
    raise _Unusual(tag)


def to_data(node: yaml.Node | None) -> Any:
    """What `yaml.safe_load` returns for a composed document. Strings, mappings and sequences (nearly every
    node in data/) are built directly, about three times faster than SafeConstructor's general machinery;
    a document with anything else is handed to SafeConstructor whole. A document with aliases is first
    checked not to expand past MAX_NODES (building it would copy every alias); a repeated key raises
    UnsafeYaml, which safe_load would let pass with the last value."""
    if node is None:
        return None
    try:
        return _fast(node)
    except (_Unusual, TypeError):  # TypeError: an unhashable key, which SafeConstructor reports properly
        check_nodes(node)
        return SafeConstructor().construct_document(node)


def _parse_yaml(path: Path, root: Path) -> YamlFile | Problem:
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark, as some Windows editors save, is not content
        if len(text) > DEPTH_SCAN_FROM and (line := nesting_too_deep(text)):
            return Problem(rel, line, "", f"嵌套超过 {MAX_DEPTH} 层，拒绝读取")
        node = yaml.compose(text, Loader=FastLoader)
        if node is not None and "*" in text:  # aliases: bounded before anything copies them
            check_nodes(node)
        data = to_data(node)
    except UnsafeYaml as error:
        return Problem(rel, error.line, error.field, error.message)
    except RecursionError:
        return Problem(rel, 1, "", f"嵌套超过 {MAX_DEPTH} 层，拒绝读取")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return Problem(rel, line, "", f"YAML 语法错误: {error.problem or error}")
    except (OSError, UnicodeDecodeError) as error:
        return Problem(rel, 1, "", f"无法读取: {error}")
    return YamlFile(rel, data, text)


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


# --- the store ----------------------------------------------------------------------------


def _counts(sets: Iterable[int]) -> list[int]:
    """For every position at once, how many of the bit `sets` hold it: the counts in binary, one bit set
    per binary digit (digit i holds the positions whose count has bit i set). Each set is added with
    carry, a few integer operations whatever the number of positions."""
    digits: list[int] = []
    for members in sets:
        for i, digit in enumerate(digits):
            digits[i], members = digit ^ members, digit & members
            if not members:
                break
        if members:
            digits.append(members)
    return digits


def _highest(digits: list[int], among: int, tie_groups: Iterable[int], limit: int) -> list[int]:
    """At most `limit` positions of the bit set `among`, highest count first (counts as `_counts` gives
    them); among equal counts, those in the first of `tie_groups` first, then the next group's, each
    group in position order."""
    chosen: list[int] = []
    for count in range((1 << len(digits)) - 1, 0, -1):
        with_count = among
        for i, digit in enumerate(digits):
            with_count &= digit if count >> i & 1 else ~digit
        for group in tie_groups:
            taken, with_count = with_count & group, with_count & ~group
            while taken and len(chosen) < limit:
                lowest = taken & -taken
                chosen.append(lowest.bit_length() - 1)
                taken ^= lowest
        if len(chosen) == limit:
            break
    return chosen


class _Traits(NamedTuple):
    """One practice as `Store.similar` sees it."""

    position: int  # in data order
    theme_bits: list[int]  # one trait bit per theme: sharing one of these is sharing a theme
    bits: list[int]  # all its trait bits


@dataclass(frozen=True)
class Store:
    """Every entity of data/, validated and indexed by id."""

    sources: dict[str, Source]
    places: dict[str, Place]
    themes: dict[str, Theme]
    terms: dict[str, Term]
    practices: dict[str, Practice]
    courses: dict[str, Course] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)

    def _get(self, table: dict[str, M], kind: str, id_: str) -> M:
        try:
            return table[id_]
        except KeyError:
            known = "、".join(sorted(table)) or "（无）"
            raise UnknownIdError(f"未知的{kind} id: {id_!r}；已有: {known}") from None

    def practice(self, id_: str) -> Practice:
        return self._get(self.practices, "做法", id_)

    def course(self, id_: str) -> Course:
        return self._get(self.courses, "课程", id_)

    def source(self, id_: str) -> Source:
        return self._get(self.sources, "来源", id_)

    def place(self, id_: str) -> Place:
        return self._get(self.places, "地区", id_)

    def theme(self, id_: str) -> Theme:
        return self._get(self.themes, "主题", id_)

    def place_chain(self, id_: str) -> list[Place]:
        """The place and its ancestors, province first."""
        chain = []
        place: Place | None = self.place(id_)
        while place is not None:
            chain.append(place)
            place = self.places.get(place.parent) if place.parent else None
        return chain[::-1]

    def children(self, id_: str | None) -> list[Place]:
        """Places directly below `id_` (top-level places for None), in data order."""
        return [p for p in self.places.values() if p.parent == id_]

    @cached_property
    def _practices_by_place(self) -> dict[str, list[Practice]]:
        """Place id -> practices at it or anywhere below it (main place or also_at), built once."""
        index: dict[str, list[Practice]] = {id_: [] for id_ in self.places}
        for practice in self.practices.values():
            places = {a.id for at in (practice.place, *practice.also_at) for a in self.place_chain(at)}
            for id_ in places:
                index[id_].append(practice)
        return index

    def practices_in(self, place_id: str) -> list[Practice]:
        """Practices located at this place or anywhere below it, in data order."""
        self.place(place_id)  # unknown ids fail with the list of known ones
        return self._practices_by_place[place_id]

    def practices_at(self, place_id: str) -> list[Practice]:
        """Practices located at this very place (as main place or also_at)."""
        return [p for p in self.practices_in(place_id) if place_id in (p.place, *p.also_at)]

    def practices_by_district(self) -> dict[str, dict[str, list[Practice]]]:
        """区县 label -> 街道 name (or 区级) -> practices, in the order of places.yaml (for nav and listings).

        Each practice sits under its main place's street, or under 区级 when it is located at the
        district itself (or at a compound the reports do not place in a street).
        """
        order = {id_: i for i, id_ in enumerate(self.places)}
        keyed = []
        for practice in self.practices.values():
            chain = self.place_chain(practice.place)
            county = next(p for p in chain if p.level == PlaceLevel.COUNTY)
            street = next((p for p in chain if p.level == PlaceLevel.SUBDISTRICT), None)
            label = self.county_label(county.id)
            key = (order[county.id], order[street.id] if street else -1)
            keyed.append((key, label, street.name if street else "区级", practice))
        groups: dict[str, dict[str, list[Practice]]] = {}
        for _, label, street, practice in sorted(keyed, key=lambda k: k[0]):
            groups.setdefault(label, {}).setdefault(street, []).append(practice)
        return groups

    def metrics_with_measure(self, key: str) -> list[tuple[Practice | Place, Metric]]:
        """Every metric (of practices, then places) that carries this measure key, with its owner."""
        owners: list[Practice | Place] = [*self.practices.values(), *self.places.values()]
        return [(owner, m) for owner in owners for m in owner.metrics if m.measure == key]

    @cached_property
    def _practices_by_theme(self) -> dict[str, list[Practice]]:
        index: dict[str, list[Practice]] = {id_: [] for id_ in self.themes}
        for practice in self.practices.values():
            for theme in practice.themes:
                index[theme].append(practice)
        return index

    def county_label(self, county_id: str) -> str:
        """How a 区县 is named in listings: a district with its city (郑州市中原区), a county-level city alone (荥阳市)."""
        county = self.place(county_id)
        city = self.places.get(county.parent) if county.parent else None
        return (city.name if city and county.name.endswith("区") else "") + county.name

    def county_of(self, place_id: str) -> str | None:
        """The 区县 a place lies in (itself if it is one)."""
        return next((p.id for p in self.place_chain(place_id) if p.level == PlaceLevel.COUNTY), None)

    @cached_property
    def _county_of_practice(self) -> dict[str, str | None]:
        return {p.id: self.county_of(p.place) for p in self.practices.values()}

    @cached_property
    def _trait_index(self) -> tuple[list[Practice], dict[str, _Traits], dict[int, int], dict[str | None, int]]:
        """What `similar` works on, made once per store: the practices in data order, each one's traits
        as bit numbers, and bit sets over the practices' positions in that order.

        A theme gives a practice three trait bits, a target two and a keyword one, so that the number
        of trait bits two practices share is their score. `having` maps a trait bit to the set of
        practices with it, `in_county` a 区县 to the set of its practices.
        """
        ordered = list(self.practices.values())
        bit: dict[tuple[str, str, int], int] = {}
        traits: dict[str, _Traits] = {}
        having: dict[int, int] = defaultdict(int)
        in_county: dict[str | None, int] = defaultdict(int)
        for position, practice in enumerate(ordered):
            weighted = [("theme", t, 3) for t in practice.themes] + [("target", str(t), 2) for t in practice.targets]
            weighted += [("keyword", k, 1) for k in practice.keywords]
            bits = sorted({bit.setdefault((kind, value, copy), len(bit)) for kind, value, weight in weighted for copy in range(weight)})
            traits[practice.id] = _Traits(position, [bit[("theme", t, 0)] for t in practice.themes], bits)
            for b in bits:
                having[b] |= 1 << position
            in_county[self._county_of_practice[practice.id]] |= 1 << position
        return ordered, traits, having, in_county

    def similar(self, practice: Practice, limit: int = 5) -> list[tuple[Practice, list[str]]]:
        """Practices most like this one, with what they share: themes (weight 3), targets (2), keywords (1),
        the same district (1). At least one theme in common; the practice's own `related` left out.
        Ties go to the same district, then to a shared first theme, second theme …, then to data order.

        All practices are scored at once, without a loop over them: a practice's score is the number of
        bit sets it is in, one set per trait of this practice (see `_counts`).
        """
        ordered, traits, having, in_county = self._trait_index
        own = traits[practice.id]
        county = self._county_of_practice[practice.id]
        scores = _counts([having[b] for b in own.bits] + ([in_county[county]] if county else []))
        sharing_a_theme = reduce(or_, (having[b] for b in own.theme_bits), 0)
        left_out = sum(1 << traits[id_].position for id_ in {practice.id, *practice.related})
        tie_groups = ([in_county[county]] if county else []) + [having[b] for b in own.theme_bits]
        chosen = [ordered[i] for i in _highest(scores, sharing_a_theme & ~left_out, tie_groups, limit)]
        # what they share, in the practice's own order: theme names, then targets, then two keywords
        return [
            (
                other,
                [self.themes[t].name for t in practice.themes if t in other.themes]
                + [t.value for t in practice.targets if t in other.targets]
                + [k for k in practice.keywords if k in other.keywords][:2],
            )
            for other in chosen
        ]

    def neighbours(self, practice: Practice) -> list[Practice]:
        """Other practices at the same place (main place or also_at), in data order."""
        seen = {practice.id}
        out = []
        for place in (practice.place, *practice.also_at):
            for other in self.practices_at(place):
                if other.id not in seen:
                    seen.add(other.id)
                    out.append(other)
        return out

    def practices_citing(self, source_id: str) -> list[Practice]:
        return [p for p in self.practices.values() if source_id in p.sources]

    def practices_with_theme(self, theme_id: str) -> list[Practice]:
        """Practices with this theme, in data order (from the index, not a scan of every practice)."""
        return list(self._practices_by_theme.get(theme_id, []))


LIST_FILES = {
    # file in data/        top-level key  model
    "sources.yaml": ("sources", Source),
    "places.yaml": ("places", Place),
    "themes.yaml": ("themes", Theme),
    "glossary.yaml": ("terms", Term),
    "measures.yaml": ("measures", Measure),
}
OPTIONAL_LISTS = {"measures.yaml"}  # a data set without comparable measures is still complete

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


def _load_list(root: Path, name: str, key: str, model: type[M], problems: list[Problem]) -> ListFile:
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
        if item.id in seen:
            problems.append(file.problem((key, i, "id"), f"id 重复: {item.id}"))
        seen.add(item.id)
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


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter and body of a Markdown page (empty front matter if there is none)."""
    text = path.read_text(encoding="utf-8-sig")  # MkDocs also reads pages saved with a byte-order mark
    if text.startswith("---\n"):
        head, sep, body = text[4:].partition("\n---\n")
        if sep:
            meta = yaml.load(head, Loader=FastLoader) or {}
            return (meta if isinstance(meta, dict) else {}), body
    return {}, text


def _check_pages(root: Path, practices: dict[str, Practice], files: dict[str, YamlFile]) -> Iterator[Problem]:
    """Each practice has exactly one page docs/practices/<id>.md whose H1 is its name, and vice versa."""
    seen = set()
    for path in sorted((root / "docs" / "practices").glob("*.md")):
        rel = path.relative_to(root).as_posix()
        if path.stem == "index":
            continue
        try:
            meta, body = read_front_matter(path)
        except yaml.YAMLError as error:
            yield Problem(rel, 1, "practice", f"front matter 无法解析: {error}")
            continue
        id_ = meta.get("practice")
        if id_ is None:
            yield Problem(rel, 1, "practice", "必填: front matter 要写 practice: <id>")
        elif not is_slug(id_):
            yield Problem(rel, 2, "practice", f"格式不对: id 只能由小写字母、数字和连字符组成（如 sanwei-zutuan），现为 {id_!r}")
        elif not (root / "data" / "practices" / f"{id_}.yaml").exists():
            yield Problem(rel, 2, "practice", f"未知的做法 id: {id_}（data/practices/ 中没有 {id_}.yaml）")
        elif id_ not in practices:
            continue  # its data file exists but is invalid, and says so itself
        elif id_ != path.stem:
            yield Problem(rel, 2, "practice", f"页面文件名必须与做法 id 一致: {path.stem} ≠ {id_}")
        else:
            seen.add(id_)
            heading = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), None)
            expected = md(practices[id_].name)  # the name as text: a name with < or * is written escaped
            if heading != expected:
                yield Problem(rel, 1, "# 标题", f"一级标题必须是数据中的名称“{expected}”，现为“{heading}”")
    for id_ in sorted(set(practices) - seen):
        yield files[id_].problem(("id",), f"没有对应的页面 docs/practices/{id_}.md")


def build_store(root: Path) -> Store:
    """Read and check all of data/ under `root`; raise DataError listing every problem."""
    problems: list[Problem] = []
    lists = {key: _load_list(root, name, key, model, problems) for name, (key, model) in LIST_FILES.items()}
    practices, practice_files = _load_folder(root, "practices", Practice, problems)
    courses, course_files = _load_folder(root, "courses", Course, problems)
    tables = {key: loaded.by_id() for key, loaded in lists.items()}
    store = Store(tables["sources"], tables["places"], tables["themes"], tables["terms"], practices, courses, tables["measures"])

    problems.extend(_check_places(lists["places"]))
    problems.extend(lists["sources"].check_refs("places", store.places, "地区"))
    problems.extend(lists["terms"].check_refs("sources", store.sources, "来源"))
    for i, place in lists["places"].entries:
        problems.extend(_check_metrics(lists["places"].file, ("places", i), place.metrics, store, None))
    # A practice whose file exists but is invalid is reported once, by its own file, not by every reference.
    practice_ids = {path.stem for path in (root / "data" / "practices").glob("*.yaml")}
    for id_, practice in practices.items():
        problems.extend(_check_practice(practice, practice_files[id_], store, practice_ids))
    for id_, course in courses.items():
        problems.extend(_check_course(course, course_files[id_], practice_ids, store.measures))
    problems.extend(_check_pages(root, practices, practice_files))
    if problems:
        raise DataError(problems)
    return store


def fingerprint(root: Path, pages: bool = True) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every input file: changes when an editor saves data or (`pages`) a practice page."""
    paths = sorted([*(root / "data").rglob("*.yaml"), *((root / "docs" / "practices").glob("*.md") if pages else ())])
    return tuple((p.as_posix(), (st := p.stat()).st_size, st.st_mtime_ns) for p in paths)


STORE_CACHE = disk_cache.FOLDER / "store.pickle"  # the validated store, for the next process with the same input files
PARSED_CACHE = disk_cache.FOLDER / "parsed.pickle"  # every parsed file, so that after an edit only that file is parsed again


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk of work that makes many objects and little cyclic garbage.
    Each batch of new objects would set the collector scanning the whole heap, store included, again:
    3.3 of the 8.4 s a load takes at 5,000 practices, 1.5 of the 4 s the downloads take."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _load_unchanged(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> Store:
    with collector_paused():
        code = disk_cache.code_stamp()
        store = disk_cache.read(root / STORE_CACHE, (code, stamp))
        if isinstance(store, Store):
            return store
        for path, entry in (disk_cache.read(root / PARSED_CACHE, code) or {}).items():
            _PARSED.setdefault(path, entry)
        store = build_store(root)
        disk_cache.write(root / STORE_CACHE, (code, stamp), store)
        disk_cache.write(root / PARSED_CACHE, code, {path: entry for path, entry in _PARSED.items() if Path(path).is_relative_to(root)})
        return store


def load_store(root: Path | None = None) -> Store:
    """The validated store of the project at `root` (default: the working directory).

    Built once per set of input files, so repeated calls in one build (or by an engine that
    calls define_env per page) cost a directory scan, `mkdocs serve` sees edits, and the MkDocs
    process after `python -m macros sync` unpickles what sync validated (0.05 s instead of
    2.7 s at 1,000 practices).
    """
    root = (root or Path.cwd()).resolve()
    return _load_unchanged(root, fingerprint(root))


def load_terms(root: Path | None = None) -> dict[str, Term]:
    """Only the glossary, validated by the same code as the store, re-read when the file changes.

    For the Markdown tooltip extension, which runs once per page and needs nothing else.
    """
    root = root or Path.cwd()  # not resolved: this runs once per page, and the key only has to be stable
    stat = (root / "data" / "glossary.yaml").stat()
    return _load_terms_unchanged(root, stat.st_size, stat.st_mtime_ns)


@cache
def _load_terms_unchanged(root: Path, size: int, mtime: int) -> dict[str, Term]:
    problems: list[Problem] = []
    key, model = LIST_FILES["glossary.yaml"]
    terms = _load_list(root, "glossary.yaml", key, model, problems)
    if problems:
        raise DataError(problems)
    return terms.by_id()
