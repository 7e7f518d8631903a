"""Reading YAML with line numbers: data files and page front matter, fast, bounded and traceable.

Every field of a parsed file can be traced back to its line when something is wrong with it; a
document that must not be loaded (repeated keys, alias bombs, nesting deep enough to crash LibYAML)
becomes a Problem instead of a crash. Files are parsed again only when they change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor

from .problems import Problem

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
PARSED: dict[str, tuple[int, int, YamlFile | Problem]] = {}


def read_yaml(path: Path, root: Path) -> YamlFile | Problem:
    """Parse one YAML file, or say where its syntax breaks (parsed again only when the file changes)."""
    try:
        stat = path.stat()
    except OSError as error:
        return Problem(path.relative_to(root).as_posix(), 1, "", f"无法读取: {error}")
    size, mtime, parsed = PARSED.get(str(path), (-1, -1, None))
    if parsed is None or (size, mtime) != (stat.st_size, stat.st_mtime_ns):
        parsed = _parse_yaml(path, root)
        PARSED[str(path)] = (stat.st_size, stat.st_mtime_ns, parsed)
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
        # aliases, bounded before anything copies them: an alias (*a) needs an anchor (&a), and `**bold**` in a
        # page's text is common while `&` is rare, so walking every node of nearly every file is avoided
        if node is not None and "*" in text and "&" in text:
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


def read_page(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")  # MkDocs also reads pages saved with a byte-order mark


def split_front_matter(text: str) -> tuple[str, str] | None:
    """A Markdown page's front matter (the YAML between the `---` lines) and its body; None if it has none."""
    if text.startswith("---\n"):
        head, sep, body = text[4:].partition("\n---\n")
        if sep:
            return head, body
    return None


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter and body of a Markdown page (empty front matter if there is none)."""
    text = read_page(path)
    parts = split_front_matter(text)
    if parts is None:
        return {}, text
    meta = yaml.load(parts[0], Loader=FastLoader) or {}
    return (meta if isinstance(meta, dict) else {}), parts[1]
