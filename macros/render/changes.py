"""更新记录: what each content version added and which figures it changed (macros/history.py reads them)."""

from __future__ import annotations

from ..history import History
from ..store import Store
from .cards import practice_link
from .order import in_chinese_order
from .tables import table
from .text import md

NO_HISTORY = "这份副本没有版本历史（例如从压缩包构建），列不出更新记录；页脚的版本号里有内容的日期。"


def _name(practice_id: str, store: Store, here: str) -> str:
    """A practice linked by name, or its id as text if it has since been removed."""
    return practice_link(store.practices[practice_id], here) if practice_id in store.practices else md(practice_id)


def _name_for_order(practice_id: str, store: Store) -> str:
    return store.practices[practice_id].name if practice_id in store.practices else practice_id


def change_log(history: History, store: Store, here: str) -> str:
    """Newest version first: the practices added, then a table of the figures changed, old → new."""
    if not history.available:
        return NO_HISTORY
    if not history.versions:
        return "_还没有做法数据的变更记录。_"
    blocks = []
    for version in history.versions:
        label = version.date.replace("-", "")
        parts = [f"## 内容版本 {label}（{version.date}）"]
        if version.added:
            added = in_chinese_order(version.added, lambda id_: _name_for_order(id_, store))
            parts.append(f"新增做法 {len(added)} 项：" + "、".join(_name(id_, store, here) for id_ in added))
        if version.figures:
            # by practice in Chinese order; a practice's figures in the order of its data file (the sort is stable)
            figures = in_chinese_order(version.figures, lambda c: _name_for_order(c.practice, store))
            rows = [[_name(c.practice, store, here), md(c.label), md(c.old), f"**{md(c.new)}**"] for c in figures]
            parts.append(f"数字变化 {len(rows)} 处：\n\n" + table(["做法", "指标", "原来", "现在"], rows))
        blocks.append("\n\n".join(parts))
    return "\n\n".join(blocks)


def changed_on(history: History, practice_id: str) -> str:
    """数据更新于 … · 正文更新于 …: when a practice's facts and its text last changed; "" without history."""
    dates = (("数据", history.data_dates.get(practice_id)), ("正文", history.page_dates.get(practice_id)))
    return " · ".join(f"{word}更新于 {when}" for word, when in dates if when)
