"""Data shipped to the browser as scripts (`window.__name = {...};`): a script loads from file://, where fetch does not."""

from __future__ import annotations

import json
from array import array
from pathlib import Path


def _numbers(value: object) -> list:
    """A compact array of numbers (the search index's postings) written as the JSON list it stands for."""
    if isinstance(value, array):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_text(value: object) -> str:
    """Compact JSON that is also JavaScript: U+2028/U+2029 (line ends in older engines' strings) are escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_numbers)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def assignment(variable: str, value: object) -> str:
    """`window.<variable>=<JSON>;`, loaded as a file of its own, never inline, so `</script>` inside a value ends nothing."""
    return f"window.{variable}={json_text(value)};\n"


def assignment_emptying(variable: str, value: dict) -> bytes:
    """`assignment(variable, value)` in UTF-8, byte for byte, made one key of `value` at a time, each let go of as
    soon as it is text, which empties `value`: a large value (the search index) is never whole as text beside itself."""
    head, tail = assignment(variable, {}).encode().split(b"{}")
    parts = [head, b"{"]
    for n, key in enumerate(list(value)):
        parts += [b"," if n else b"", json_text(key).encode(), b":", json_text(value.pop(key)).encode()]
    return b"".join([*parts, b"}", tail])


def call(function: str, value: object) -> str:
    """`window.<function>(<JSON>);`: a script that hands its data to a page that is already loaded."""
    return f"window.{function}({json_text(value)});\n"


def save_if_changed(folder: Path, name: str, content: str | bytes) -> list[str]:
    """Write `folder/name` (text as UTF-8) if its content changed; return [name] if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = folder / name
    if path.exists() and path.read_bytes() == data:
        return []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return [name]
