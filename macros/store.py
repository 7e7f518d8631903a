"""The Store: every entity of data/, validated and indexed by id; what renderers and macros query.

No YAML, no pickle, no garbage-collector work here: macros/checks.py builds a Store from the files,
macros/loading.py keeps it between builds. No MkDocs import either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from pydantic import BaseModel

from . import similarity
from .models import Concern, Course, Measure, Metric, Place, PlaceLevel, Practice, Source, Synonym, Term, Theme
from .problems import UnknownIdError

M = TypeVar("M", bound=BaseModel)


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
    synonyms: list[Synonym] = field(default_factory=list)
    concerns: dict[str, Concern] = field(default_factory=dict)

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
    def _concerns_by_practice(self) -> dict[str, list[Concern]]:
        index: dict[str, list[Concern]] = {}
        for concern in self.concerns.values():
            for id_ in concern.practices:
                index.setdefault(id_, []).append(concern)
        return index

    def concerns_of(self, practice_id: str) -> list[Concern]:
        """The readers' problems (data/problems.yaml) this practice answers, in the file's order."""
        return self._concerns_by_practice.get(practice_id, [])

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
    def county_of_practice(self) -> dict[str, str | None]:
        return {p.id: self.county_of(p.place) for p in self.practices.values()}

    @cached_property
    def trait_index(self) -> similarity.TraitIndex:
        """The practices' traits as bit sets, for `similar` (made once per store)."""
        return similarity.trait_index(self)

    def similar(self, practice: Practice, limit: int = 5) -> list[tuple[Practice, list[str]]]:
        """Practices most like this one, with what they share (see macros/similarity.py)."""
        return similarity.similar(self, practice, limit)

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
