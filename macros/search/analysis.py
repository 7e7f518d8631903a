"""How text becomes search terms, at build time; assets/javascripts/kb-search.js does the same to a query.

Two kinds of term, kept apart:
- words: jieba's segmentation with the data dictionary (practice names, keywords, figures such as 299户,
  places, terms stay whole), lowercased; the browser finds them in a query by longest match over the
  shipped word list, so a sentence segmented differently still meets the same words;
- bigrams: every two neighbouring Han characters, so that a word the dictionary lacks (摆摊, 没人管)
  still matches part for part.
Question and filler words (怎么, 如何, 工作, 群众, 社区 …) count for little, never for nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Container, Iterator
from functools import cache
from math import log
from pathlib import Path

HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
WORDLIKE = re.compile(r"[\w%.]+")
# Counted at a tenth of their weight: they occur in most questions and on most pages.
GENERIC = frozenset({
    "怎么", "怎样", "如何", "什么", "为什么", "为何", "哪些", "哪里", "哪儿", "怎么办", "怎么样", "咋",
    "咋办", "办法", "问题", "工作", "群众", "社区", "居民", "我们", "大家", "他们", "没有", "不能",
    "不会", "不肯", "不愿意", "一直", "一个", "还是", "就是", "可以", "需要", "应该", "已经", "现在",
    "时候", "情况", "这个", "那个", "都是", "以后", "好几",
})
GENERIC_WEIGHT = 0.1
BIGRAM_WEIGHT = 0.5  # a bigram is half as good a match as a whole word
INSIDE_WEIGHT = 0.3  # a bigram inside a word the query was found to hold: the word already counted
SYNONYM_WEIGHT = 0.8  # a page word that a reader's word stands for (data/synonyms.yaml)
LONGEST_WORD = 12  # characters: the longest word looked for in a query


@cache
def _jieba(userdict: str | None):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if userdict and Path(userdict).exists():
        tokenizer.load_userdict(userdict)
    return tokenizer


def forget_dictionary() -> None:
    """Let go of jieba's dictionary (66 MB) once the index is made: a build's MkDocs processes still need the memory."""
    _jieba.cache_clear()


def words(text: str, userdict: str | None = None) -> Iterator[str]:
    """jieba's words of `text` (with the data dictionary), lowercased; one-character Han words are left to bigrams."""
    for word in segment(_jieba(userdict), text.lower()):
        word = word.strip()
        if WORDLIKE.fullmatch(word) and (len(word) > 1 or not HAN_RUN.fullmatch(word)):
            yield word


def segment(tokenizer, text: str) -> Iterator[str]:
    """What `tokenizer.cut(text, HMM=False)` yields, word for word (tests/test_segment.py compares the two on every
    page), in half the time: jieba was seven tenths of the index's time at 5,000 practices. jieba's own text
    splitting, dictionary and scores are used; only its two passes over each run of characters (all the words that
    start at each character, then the best path back from the end) are one pass here, without the tables between."""
    import jieba

    tokenizer.check_initialized()
    freq, log_total = tokenizer.FREQ, log(tokenizer.total)
    for block in jieba.re_han_default.split(text):
        if not block:
            continue
        if jieba.re_han_default.match(block):
            yield from _best_path(block, freq, log_total, jieba.re_eng)
        else:
            for part in jieba.re_skip_default.split(block):
                if jieba.re_skip_default.match(part):
                    yield part
                else:
                    yield from part


def _best_path(run: str, freq: dict[str, int], log_total: float, latin: re.Pattern) -> Iterator[str]:
    """jieba's most probable segmentation of `run` (a dictionary word's score: log of its frequency over the total),
    built from the end; on equal scores the longer word wins, as in jieba. Then the words from the start, with
    neighbouring single letters and digits joined, as jieba does."""
    n = len(run)
    score = [0.0] * (n + 1)  # of the best path from each position to the end
    end = list(range(n + 1))  # of the first word on that path
    for start in range(n - 1, -1, -1):
        best = None
        stop = start
        while stop < n:
            count = freq.get(run[start : stop + 1])
            if count is None:  # no dictionary word starts with these characters
                break
            if count:  # a word, not only the start of one
                candidate = log(count) - log_total + score[stop + 1]
                if best is None or candidate >= best:
                    best, end[start] = candidate, stop
            stop += 1
        score[start] = 0.0 - log_total + score[start + 1] if best is None else best
    position, letters = 0, ""
    while position < n:
        word = run[position : end[position] + 1]
        if len(word) == 1 and latin.match(word):
            letters += word
        else:
            if letters:
                yield letters
                letters = ""
            yield word
        position = end[position] + 1
    if letters:
        yield letters


def bigrams(text: str) -> Iterator[str]:
    """Every two neighbouring Han characters of `text`."""
    for run in HAN_RUN.findall(text):
        for i in range(len(run) - 1):
            yield run[i : i + 2]


def longest_match(text: str, known: Container[str], longest: int = LONGEST_WORD) -> list[str]:
    """The words `known` found in `text` by forward longest match (what the browser does to a query)."""
    found = []
    for run in WORDLIKE.findall(text.lower()):
        i = 0
        while i < len(run):
            for size in range(min(longest, len(run) - i), 0, -1):
                if run[i : i + size] in known:
                    found.append(run[i : i + size])
                    i += size
                    break
            else:
                i += 1
    return found
