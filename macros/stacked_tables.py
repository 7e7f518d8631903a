"""Python-Markdown extension: every table cell carries its column's header as `data-label`.

On a phone the stylesheet stacks a table's rows (one cell a line, its header before it: kb.css), so a metrics,
course or comparison table reads without sideways scrolling. The labels are written at build time, so this
needs no script and works for tables editors write by hand as well as for those the macros make.

Enable with `markdown_extensions: [macros.stacked_tables]`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


def header_text(cell: etree.Element) -> str:
    return " ".join("".join(cell.itertext()).split())


class StackedTablesTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            headers = [header_text(th) for th in table.iter("th")]
            for row in table.iter("tr"):
                for label, cell in zip(headers, row.findall("td"), strict=False):
                    if label:
                        cell.set("data-label", label)  # ElementTree escapes it as an attribute


class StackedTablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after the inline patterns (priority 20): a header's text is final by then
        md.treeprocessors.register(StackedTablesTreeprocessor(md), "kb_stacked_tables", 5)


def makeExtension(**kwargs) -> StackedTablesExtension:  # noqa: N802 - the name Python-Markdown looks for
    return StackedTablesExtension(**kwargs)
