"""A synthetic knowledge base of N practices, shaped like the real one, in two variants.

- `ours`: data/ YAML (sources, places, themes, glossary, practices with metrics and derived rates)
  and practice pages calling our macros, built with the project's real mkdocs.yml, theme
  overrides and macros package;
- `plain`: the same pages with every macro already rendered into static Markdown, built with
  plain Material (same theme, search and navigation, no macros plugin, no data layer).

Text is real Chinese: sentences taken from the project's own practice pages, shuffled.
Deterministic for a given N and seed.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import yaml

from macros import generated
from macros.checks import build_store
from macros.downloads import DOCS_FOLDER, write_downloads
from macros.expand import expand_calls
from macros.page_kinds import SHEETS_FOLDER
from macros.page_macros import page_macros, page_stub
from macros.release import release
from macros.render.finder import FINDER_DATA, write_finder_data
from macros.render.sheets import write_sheets
from macros.search.terms import page_tags

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "pyproject.toml", "overrides", "macros")
SECTIONS = ["背景与问题", "怎么做", "适用条件与注意事项", "可借鉴之处"]
PRACTICES_PER_STREET = 25
STREETS_PER_DISTRICT = 4
DISTRICTS_PER_CITY = 5
UNITS = ["个", "名", "户", "万元", "平方米", "次", "件"]
ACTIVITIES = ["讲授", "案例研讨", "小组讨论", "总结"]
HOME = """# 样例知识库

{{ site_counts() }}

## 按地区

{{ district_list() }}

## 按主题

{{ theme_list() }}
"""


def sentences(root: Path = ROOT) -> list[str]:
    """Prose sentences of the real practice pages (no macro lines, headings or lists)."""
    out = []
    for page in sorted((root / "docs" / "practices").glob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "{{", "<!--", "-", "|", "---", "practice:")) and not line[0].isdigit():
                plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links of the real site would dangle here
                out += [s + "。" for s in re.split(r"。", plain) if len(s) > 8]
    return out


def _places(n: int) -> list[dict]:
    streets_needed = max(1, -(-n // PRACTICES_PER_STREET))
    districts = max(1, -(-streets_needed // STREETS_PER_DISTRICT))
    cities = max(1, -(-districts // DISTRICTS_PER_CITY))
    places = [{"id": "sheng", "name": "样例省", "level": "省"}]
    for c in range(cities):
        places.append({"id": f"shi-{c}", "name": f"第{c + 1}市", "level": "市", "parent": "sheng"})
    for d in range(districts):
        places.append({"id": f"qu-{d}", "name": f"第{d + 1}区", "level": "区县", "parent": f"shi-{d // DISTRICTS_PER_CITY}"})
    for s in range(streets_needed):
        places.append({"id": f"jie-{s}", "name": f"第{s + 1}街道", "level": "街道", "parent": f"qu-{s // STREETS_PER_DISTRICT}"})
    return places


def _practice(i: int, rng: random.Random, corpus: list[str], themes: list[str], source: dict, street: str) -> tuple[dict, str]:
    """One practice: its data and its page (calling our macros)."""
    id_ = f"zuofa-{i:05d}"
    name = f"样例做法{i + 1}号"
    metrics = [
        {
            "id": f"m{k}", "label": f"{rng.choice(corpus)[:12]}", "value": rng.randint(1, 5000), "unit": rng.choice(UNITS),
            "qualifier": rng.choice(["exact", "余", "约"]), "source": source["id"],
            "locator": f"{rng.choice(source['sections'])}·细节{k}", "cumulative": rng.random() < 0.3,
        }
        for k in range(6)
    ]
    data = {
        "id": id_, "name": name, "aliases": [f"做法别名{i}"], "keywords": [rng.choice(corpus)[:6] for _ in range(5)],
        "summary": rng.choice(corpus), "place": street, "period": {"start": str(rng.randint(2012, 2020)), "note": "样例"},
        "themes": rng.sample(themes, 2), "sources": [source["id"]], "problem": rng.choice(corpus),
        "glance": {"steps": [rng.choice(corpus)[:20] for _ in range(3)], "fits": rng.choice(corpus)[:24],
                   "not_fits": rng.choice(corpus)[:24], "headline": ["m0", "m1"], "inputs": ["m2"]},
        "actors": [{"who": f"主体{k}", "does": rng.choice(corpus)} for k in range(3)],
        "components": [
            {"order": k + 1, "name": f"第{k + 1}步", "meaning": rng.choice(corpus), "items": [rng.choice(corpus)]} for k in range(4)
        ],
        "related": [f"zuofa-{j:05d}" for j in rng.sample(range(i), min(i, 2))],
        "metrics": metrics,
        "derived": [{"id": "lv", "label": "完成率", "numerator": "m0", "denominator": "m1"}],
    }
    body = [f"---\npractice: {id_}\n---\n# {name}\n", "{{ practice_header() }}\n",
            "## 一句话概括\n", "{{ practice_summary() }}\n"]
    for title in SECTIONS:
        body.append(f"## {title}\n")
        body.append("".join(rng.choice(corpus) for _ in range(rng.randint(4, 8))) + "\n")
        if title == "怎么做":
            body += ["{{ components_list() }}\n", "{{ actors_table() }}\n"]
    body += ["## 成效\n", "{{ metrics_table() }}\n", "## 培训讨论题\n",
             "\n".join(f"{k}. {rng.choice(corpus)}" for k in range(1, 4)) + "\n",
             "## 相关做法 { data-search-exclude }\n", "{{ related_practices() }}\n",
             "## 来源 { data-search-exclude }\n", "{{ source_refs() }}\n"]
    return data, "\n".join(body)


def write_ours(target: Path, n: int, seed: int = 0) -> Path:
    """The `ours` variant of N practices at `target` (real config, overrides and macros; synthetic data and pages)."""
    rng = random.Random(seed)
    corpus = sentences()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "iframe-worker-shim.js"))
        else:
            shutil.copy2(source, target / name)
    (target / "data").mkdir()
    shutil.copy2(ROOT / "data" / "themes.yaml", target / "data" / "themes.yaml")
    themes = [t["id"] for t in yaml.safe_load((ROOT / "data" / "themes.yaml").read_text(encoding="utf-8"))["themes"]]
    places = _places(n)
    streets = [p["id"] for p in places if p["level"] == "街道"]
    districts = [p["id"] for p in places if p["level"] == "区县"]
    sources = [
        {"id": f"baodao-{k}", "title": f"样例报道{k + 1}：{rng.choice(corpus)[:16]}", "reporters": ["记者甲"],
         "date_note": "样例", "places": [districts[k % len(districts)]], "file": f"sample-{k}.txt",
         "sections": [f"小标题{j}" for j in range(4)]}
        for k in range(max(1, n // 10))
    ]
    dump = lambda obj: yaml.safe_dump(obj, allow_unicode=True, sort_keys=False)  # noqa: E731
    terms = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    terms = [{**term, "sources": [sources[0]["id"]]} for term in terms]
    (target / "data" / "glossary.yaml").write_text(dump({"terms": terms}), encoding="utf-8")
    (target / "data" / "places.yaml").write_text(dump({"places": places}), encoding="utf-8")
    (target / "data" / "sources.yaml").write_text(dump({"sources": sources}), encoding="utf-8")
    (target / "data" / "practices").mkdir()
    pages = target / "docs" / "practices"
    pages.mkdir(parents=True)
    for i in range(n):
        street = streets[i // PRACTICES_PER_STREET]
        data, page = _practice(i, rng, corpus, themes, sources[i % len(sources)], street)
        (target / "data" / "practices" / f"{data['id']}.yaml").write_text(dump(data), encoding="utf-8")
        (pages / f"{data['id']}.md").write_text(page, encoding="utf-8")
    (target / "data" / "courses").mkdir()
    for k in range(max(1, n // 100)):
        sessions = [
            {"title": rng.choice(corpus)[:14], "minutes": rng.choice([30, 45, 60]), "activity": rng.choice(ACTIVITIES),
             "practices": [f"zuofa-{j:05d}" for j in rng.sample(range(n), min(n, 2))], "questions": [rng.choice(corpus)]}
            for _ in range(5)
        ]
        course = {"id": f"kecheng-{k:03d}", "title": f"样例课程{k + 1}", "audience": ["社区党组织书记"],
                  "objectives": [rng.choice(corpus) for _ in range(3)], "sessions": sessions,
                  "compare": [f"zuofa-{j:05d}" for j in rng.sample(range(n), min(n, 3))]}
        (target / "data" / "courses" / f"{course['id']}.yaml").write_text(dump(course), encoding="utf-8")
    (target / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    for name in ("glossary.md", "finder.md", "downloads.md", "compare.md", "contribute.md", "changes.md"):
        shutil.copy2(ROOT / "docs" / name, target / "docs" / name)
    for folder in ("practices", "places", "themes", "courses", "sources"):
        (target / "docs" / folder).mkdir(exist_ok=True)
        shutil.copy2(ROOT / "docs" / folder / "index.md", target / "docs" / folder / "index.md")
    store = build_store(target)
    generated.write(target, store)
    write_downloads(store, target)  # as `python -m macros sync` does
    write_finder_data(store, target)
    write_sheets(store, target, release(target))
    return target


def _render_macros(markdown: str, here: str, meta: dict, macros: dict) -> str:
    """Every macro call of a page replaced by the Markdown it renders: the static twin of the page."""
    page = page_stub(here, meta)
    rendered = expand_calls(markdown, lambda name, arguments: macros[name](page, *arguments))
    if rendered is None:
        raise ValueError(f"{here}: the corpus uses template syntax beyond simple macro calls")
    return rendered


# Material's search as the site had it before it owned its search: Chinese, jieba with the data dictionary
PLAIN_SEARCH = """plugins:
  search:
    lang: zh
    separator: '[\\s\\u200b\\-_,:!=\\[\\]()"`/、，。：；！？（）《》“”]+'
    jieba_dict_user: data/generated/jieba_userdict.txt
"""


def write_plain(ours: Path, target: Path) -> Path:
    """The `plain` twin of an `ours` corpus: static pages, Material without macros or our Markdown extension."""
    from macros.yaml_files import read_front_matter

    store = build_store(ours)
    macros = page_macros(store)
    if target.exists():
        shutil.rmtree(target)
    # plain Material with its own search: the theme's header and search plugin, not ours
    shutil.copytree(ours / "overrides", target / "overrides",
                    ignore=shutil.ignore_patterns("header.html", "kb-search.html", "kb-search.js", "kb-search-index.js"))
    for page in sorted((ours / "docs").rglob("*.md")):
        here = page.relative_to(ours / "docs").as_posix()
        meta, _ = read_front_matter(page)
        out = target / "docs" / here
        out.parent.mkdir(parents=True, exist_ok=True)
        text = _render_macros(page.read_text(encoding="utf-8"), here, meta, macros)
        tags = page_tags(meta, store)
        if tags:  # the search tags our glue sets at build time, written out as front matter
            text = text.replace("---\n", "---\ntags:\n" + "".join(f"  - {json.dumps(t, ensure_ascii=False)}\n" for t in tags), 1)
        out.write_text(text, encoding="utf-8")
    shutil.copytree(ours / "data" / "generated", target / "data" / "generated")
    for folder in (DOCS_FOLDER, f"docs/{SHEETS_FOLDER}"):  # the pages link to them
        shutil.copytree(ours / folder, target / folder)
    (target / FINDER_DATA).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ours / FINDER_DATA, target / FINDER_DATA)
    config = (ours / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  macros:\n(    .*\n)+", "\n", config)
    config = config.replace("  - macros.glossary_tooltips", "  # (no glossary tooltips: they belong to our data layer)")
    config = re.sub(r"  - macros.stacked_tables.*\n", "", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)  # our build's own machinery
    config = config.replace("  - assets/javascripts/kb-search.js\n", "")
    config = config.replace("plugins:\n", PLAIN_SEARCH, 1)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target
