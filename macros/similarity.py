"""Which practices are most like a given one (同类做法): every practice scored at once with bit sets.

The rule written out plainly, and checked against this on the real data and a synthetic corpus, is
in tests/test_store.py (the oracle test).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, NamedTuple

from .models import Practice

if TYPE_CHECKING:
    from .store import Store


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


class TraitIndex(NamedTuple):
    """What `similar` works on, made once per store."""

    ordered: list[Practice]
    traits: dict[str, _Traits]
    having: dict[int, int]
    in_county: dict[str | None, int]


def trait_index(store: Store) -> TraitIndex:
    """What `similar` works on, made once per store: the practices in data order, each one's traits
    as bit numbers, and bit sets over the practices' positions in that order.

    A theme gives a practice three trait bits, a target two and a keyword one, so that the number
    of trait bits two practices share is their score. `having` maps a trait bit to the set of
    practices with it, `in_county` a 区县 to the set of its practices.
    """
    ordered = list(store.practices.values())
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
        in_county[store.county_of_practice[practice.id]] |= 1 << position
    return TraitIndex(ordered, traits, having, in_county)


def similar(store: Store, practice: Practice, limit: int = 5) -> list[tuple[Practice, list[str]]]:
    """Practices most like this one, with what they share: themes (weight 3), targets (2), keywords (1),
    the same district (1). At least one theme in common; the practice's own `related` left out.
    Ties go to the same district, then to a shared first theme, second theme …, then to data order.

    All practices are scored at once, without a loop over them: a practice's score is the number of
    bit sets it is in, one set per trait of this practice (see `_counts`).
    """
    ordered, traits, having, in_county = store.trait_index
    own = traits[practice.id]
    county = store.county_of_practice[practice.id]
    scores = _counts([having[b] for b in own.bits] + ([in_county[county]] if county else []))
    sharing_a_theme = reduce(or_, (having[b] for b in own.theme_bits), 0)
    left_out = sum(1 << traits[id_].position for id_ in {practice.id, *practice.related})
    tie_groups = ([in_county[county]] if county else []) + [having[b] for b in own.theme_bits]
    chosen = [ordered[i] for i in _highest(scores, sharing_a_theme & ~left_out, tie_groups, limit)]
    # what they share, in the practice's own order: theme names, then targets, then two keywords
    return [
        (
            other,
            [store.themes[t].name for t in practice.themes if t in other.themes]
            + [t.value for t in practice.targets if t in other.targets]
            + [k for k in practice.keywords if k in other.keywords][:2],
        )
        for other in chosen
    ]
