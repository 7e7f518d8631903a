"""A query against the index, as assets/javascripts/kb-search.js runs it in the browser: the reference the
browser tests hold the script to, and what the offline quality measurements use."""

from __future__ import annotations

from collections import defaultdict

from .analysis import bigrams, longest_match


def units(index: dict, query: str) -> list[tuple[str, str, float]]:
    """(kind, term, weight) for each term of a query: the words found by longest match, every bigram, and the
    page words of each synonym whose reader's word the query holds."""
    settings = index["settings"]
    generic = set(settings["generic"])

    def weight(term: str) -> float:
        return settings["genericWeight"] if term in generic else 1.0

    text = query.lower()
    found: list[tuple[str, str, float]] = []
    for extra, factor in [(text, 1.0)] + [(m.lower(), settings["synonymWeight"]) for say, means in index["synonyms"]
                                          if any(s.lower() in text for s in say) for m in means]:
        matched = longest_match(extra, index["words"])
        inside = {b for w in matched for b in bigrams(w)}  # a found word already stands for these
        found += [("words", w, factor * weight(w)) for w in matched]
        found += [("bigrams", b, factor * settings["bigramWeight"] * weight(b) * (settings["insideWeight"] if b in inside else 1))
                  for b in dict.fromkeys(bigrams(extra))]
    return found


def search(index: dict, query: str, limit: int = 10) -> list[tuple[int, float]]:
    """(document, score) best first; ties in document order."""
    scores: dict[int, float] = defaultdict(float)
    for kind, term, weight in units(index, query):
        postings = index[kind].get(term, [])
        for i in range(0, len(postings), 2):
            scores[postings[i]] += weight * postings[i + 1]
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
