"""Small pure helpers shared by the renderers: escaping, figures, relative links."""

from __future__ import annotations

import posixpath
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from markupsafe import escape

from ..models import AFTER_UNIT, BEFORE_NUMBER, Metric, Qualifier

# Markdown's inline syntax and heading marks: a data value must never open any
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
# Braces become character references: then no attribute list ({: onclick=… }) and no template syntax
# ({{ }}, {% %}) can form in the output, whatever engine reads it next
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]|{}#&<>'\"\r\n]")  # the above, line breaks and what markupsafe escapes
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


def md(value: object) -> str:
    """A data value made safe for Markdown and HTML: no tag, table cell, emphasis, link or attribute list can
    leak in. Values are one line of text: a line break would let the next line start a block (a heading,
    a list, `{: onclick=… }` after a paragraph), so it becomes a space."""
    text = str(value)
    if not _NEEDS_ESCAPE.search(text):  # most values: one search instead of a substitution and an escape
        return text
    return str(escape(_MD_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text)))).translate(_BRACES)


def code(value: object) -> str:
    """A data value as inline code. Markdown still reads the text between raw inline tags, so it is escaped
    for Markdown as well as HTML (`[x](javascript:…)` would otherwise become a link inside the code)."""
    return f"<code>{md(value)}</code>"


def format_number(value: int | float) -> str:
    """A number as the newspapers print it: no thousands separator, no trailing `.0`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def format_figure(metric: Metric) -> str:
    """The figure as the report prints it: 近3000人, 上百户, 不足两米, 3760余名, 30余万元, 5万余份, 1个多月, 95%以上, 一个月内."""
    number = metric.numeral or format_number(metric.value)
    unit, qualifier = metric.unit, metric.qualifier
    if qualifier is Qualifier.EXACT:
        return f"{number}{unit}"
    if qualifier in BEFORE_NUMBER:
        return f"{qualifier.value}{number}{unit}"
    if qualifier in AFTER_UNIT:
        return f"{number}{unit}{qualifier.value}"
    split = len(metric.qualifier_after or "")
    return f"{number}{unit[:split]}{qualifier.value}{unit[split:]}"


def format_date(partial: str) -> str:
    """A YYYY[-MM[-DD]] date as Chinese writes it: 2018年, 2018年6月, 2018年6月1日."""
    parts = [int(x) for x in partial.split("-")]
    return "".join(f"{n}{suffix}" for n, suffix in zip(parts, "年月日", strict=False))


def percentage(numerator: int | float, denominator: int | float, digits: int) -> str:
    """numerator / denominator as a percentage rounded half-up to `digits` places: 468/488 -> 95.9%."""
    if denominator == 0:
        raise ZeroDivisionError("分母为 0，无法计算比率")
    exact = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return f"{exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)}%"


def relative_link(here: str, target: str) -> str:
    """Link from page `here` to `target` (both docs-relative `.md` paths, target may carry `#anchor`)."""
    path, _, anchor = target.partition("#")
    link = _relative(posixpath.dirname(here), path)
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=65536)
def _relative(folder: str, path: str) -> str:
    # posixpath.relpath would also do, but it asks the OS for the working directory on every call,
    # and pages make tens of thousands of these links in a large library
    here, there = [p for p in folder.split("/") if p], path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def anchor_page(page: str, id_: str) -> str:
    """A listing page with one anchor per entity: places.md#zhongyuan-qu."""
    return f"{page}#{id_}"
