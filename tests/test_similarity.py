"""Store.similar (macros/similarity.py) against its rule written out plainly: the oracle test."""

from __future__ import annotations

from pathlib import Path

from macros.checks import build_store

from .conftest import ROOT


def test_similar_practices_share_a_theme_and_skip_explicit_links() -> None:
    real = build_store(ROOT)
    sanwei = real.practice("sanwei-zutuan")
    similar = real.similar(sanwei)
    assert 0 < len(similar) <= 5
    ids = [p.id for p, _ in similar]
    assert "sanwei-zutuan" not in ids and not set(ids) & set(sanwei.related)
    assert all(set(p.themes) & set(sanwei.themes) for p, _ in similar)
    assert similar[0][0].id == "chuangwen-chuangwei" and similar[0][1] == ["无主管楼院治理", "楼院", "群众"]


def most_similar_by_definition(store, practice, limit: int = 5) -> list[str]:
    """Store.similar's rule written out plainly: score every practice sharing a theme, sort, cut."""
    county = store.county_of(practice.place)
    order = {id_: i for i, id_ in enumerate(store.practices)}

    def score(other) -> int:
        return (
            3 * len(set(practice.themes) & set(other.themes))
            + 2 * len(set(practice.targets) & set(other.targets))
            + len(set(practice.keywords) & set(other.keywords))
            + (county is not None and store.county_of(other.place) == county)
        )

    others = [
        o for o in store.practices.values()
        if o.id != practice.id and o.id not in practice.related and set(o.themes) & set(practice.themes)
    ]

    def tie_group(other) -> int:  # the same district, else the first of this practice's themes it shares
        if county and store.county_of(other.place) == county:
            return 0
        return 1 + next(i for i, t in enumerate(practice.themes) if t in other.themes)

    others.sort(key=lambda o: (-score(o), tie_group(o), order[o.id]))
    return [o.id for o in others[:limit]]


def test_similar_practices_are_the_best_scored_by_definition(tmp_path: Path) -> None:
    from bench import corpus

    for store in (build_store(ROOT), build_store(corpus.write_ours(tmp_path / "corpus", 300))):
        for practice in store.practices.values():
            assert [p.id for p, _ in store.similar(practice)] == most_similar_by_definition(store, practice), practice.id
