"""Chinese order for lists readers scan: by the pinyin of the name (with its tone), as a Chinese dictionary
orders words, never by the ASCII id. Digits and Latin letters keep their place; quotes and punctuation
are passed over (“菜单式”物业服务 stands under c)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from pypinyin import Style, lazy_pinyin

T = TypeVar("T")


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple[str, ...]:
    """三维组团 -> ('san1', 'wei2', 'zu3', 'tuan2'); 15分钟 -> ('1', '5', 'fen1', 'zhong1')."""
    return tuple(lazy_pinyin(text, style=Style.TONE3, errors=lambda chars: [c.lower() for c in chars if c.isalnum()]))


def in_chinese_order(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`items` sorted by the pinyin of their names (ties: by the name itself, so the order is total)."""
    return sorted(items, key=lambda item: (pinyin_key(name(item)), name(item)))
