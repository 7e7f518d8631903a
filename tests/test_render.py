"""Renderers: models built here give exact Markdown; data values come out escaped; qualifiers stay."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import markdown
import pytest

from macros.checks import build_store
from macros.loading import load_store
from macros.models import Bound, Metric, Practice, Qualifier
from macros.render import cards, citations, glance, listings, tables
from macros.render.text import code, format_date, format_figure, md, percentage, relative_link
from macros.scripts import assignment
from macros.search.build import index_script, site_index
from macros.search.terms import search_terms

from .conftest import ROOT


def metric(value, unit="", qualifier=Qualifier.EXACT, **extra) -> Metric:
    return Metric(id="m", label="指标", value=value, unit=unit, qualifier=qualifier, source="baodao", locator="第一节", **extra)


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "extra", "expected", "bound"),
    [
        (3760, "名", Qualifier.MORE_THAN, {}, "3760余名", Bound.MORE_THAN),
        (30, "万元", Qualifier.MORE_THAN, {}, "30余万元", Bound.MORE_THAN),  # 300,000–390,000
        (5, "万份", Qualifier.MORE_THAN, {"qualifier_after": "万"}, "5万余份", Bound.MORE_THAN),  # a little over 50,000
        (12.3, "万件", Qualifier.MORE_THAN, {"qualifier_after": "万"}, "12.3万余件", Bound.MORE_THAN),
        (70, "套", Qualifier.MORE, {}, "70多套", Bound.MORE_THAN),
        (50, "万元", Qualifier.MORE, {}, "50多万元", Bound.MORE_THAN),
        (1, "个月", Qualifier.MORE, {"qualifier_after": "个"}, "1个多月", Bound.MORE_THAN),
        (3000, "人", Qualifier.NEARLY, {}, "近3000人", Bound.UNDER),
        (1000, "万元", Qualifier.NEARLY, {"numeral": "千"}, "近千万元", Bound.UNDER),
        (1.5, "万平方米", Qualifier.ABOUT, {}, "约1.5万平方米", Bound.ABOUT),
        (100, "户", Qualifier.ON_THE_ORDER, {"numeral": "百"}, "上百户", Bound.ABOUT),
        (10000, "人次", Qualifier.ON_THE_ORDER, {"numeral": "万"}, "上万人次", Bound.ABOUT),
        (2, "米", Qualifier.UNDER, {"numeral": "两"}, "不足两米", Bound.UNDER),
        (95, "%", Qualifier.AT_LEAST, {}, "95%以上", Bound.AT_LEAST),
        (1, "个月", Qualifier.WITHIN, {"numeral": "一"}, "一个月内", Bound.WITHIN),
        (468, "个", Qualifier.EXACT, {}, "468个", Bound.EXACT),
        (97, "%", Qualifier.EXACT, {}, "97%", Bound.EXACT),
        (2.0, "万名", Qualifier.EXACT, {}, "2万名", Bound.EXACT),
    ],
)
def test_format_figure_writes_it_as_the_report_prints_it(value, unit, qualifier, extra, expected, bound) -> None:
    m = metric(value, unit, qualifier, **extra)
    assert format_figure(m) == expected
    assert m.bound is bound and json.loads(m.model_dump_json())["bound"] == bound.value


@pytest.mark.parametrize(
    ("qualifier", "after", "message"),
    [(Qualifier.ABOUT, "万", "qualifier_after 只用于“余”“多”"), (Qualifier.MORE_THAN, "千", "必须是单位“万元”开头的一部分")],
)
def test_qualifier_after_must_fit(qualifier, after, message) -> None:
    with pytest.raises(ValueError, match=message):
        metric(30, "万元", qualifier, qualifier_after=after)


@pytest.mark.parametrize(
    ("num", "den", "digits", "expected"),
    [(468, 488, 1, "95.9%"), (2602, 2580, 1, "100.9%"), (1, 8, 1, "12.5%"), (1, 3, 2, "33.33%"), (121, 123, 0, "98%")],
)
def test_percentage_rounds_half_up(num, den, digits, expected) -> None:
    assert percentage(num, den, digits) == expected


@pytest.mark.parametrize(("partial", "expected"), [("2018", "2018年"), ("2018-06", "2018年6月"), ("2018-06-01", "2018年6月1日")])
def test_format_date(partial, expected) -> None:
    assert format_date(partial) == expected


def test_percentage_of_zero_is_an_error() -> None:
    with pytest.raises(ZeroDivisionError):
        percentage(1, 0, 1)


def test_code_escapes_html_and_markdown_which_is_read_inside_raw_tags() -> None:
    assert code("002_b<x>.txt") == "<code>002\\_b&lt;x&gt;.txt</code>"
    rendered = markdown.markdown(f"- {code('[x](javascript:alert(1))_y')}")
    assert "<a" not in rendered and "<code>[x](javascript:alert(1))_y</code>" in rendered


def test_md_escapes_html_and_markdown() -> None:
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("a|b *c* [d](e)") == r"a\|b \*c\* \[d\](e)"
    assert md("a & b's \"c\" `d` _e_ \\") == r"a &amp; b&#39;s &#34;c&#34; \`d\` \_e\_ \\"
    assert md("三维组团 3760余名") == "三维组团 3760余名" and md(20) == "20"  # nothing to escape: as it is


@pytest.mark.parametrize(
    ("here", "target", "expected"),
    [
        ("practices/a.md", "practices/b.md", "b.md"),
        ("practices/a.md", "sources.md#x", "../sources.md#x"),
        ("index.md", "practices/b.md", "practices/b.md"),
        ("index.md", "places.md#henan", "places.md#henan"),
    ],
)
def test_relative_link(here, target, expected) -> None:
    assert relative_link(here, target) == expected


@pytest.fixture
def store(valid_project: Path):
    return build_store(valid_project)


def test_metrics_table_exact(store) -> None:
    assert tables.metrics_table(store.practice("demo"), store, "practices/demo.md") == "\n".join([
        "| 指标 | 数值 | 时间 | 出处（报道小标题） | 说明 |",
        "|---|---|---|---|---|",
        '| 总数 | **488个** | 截至报道时 | [第一节](../sources/baodao.md "测试报道") |  |',
        '| 完成 | **468个** | 截至报道时 | [第二节](../sources/baodao.md "测试报道") · 小段 |  |',
        "| 完成率 | **95.9%** | 截至报道时 | 据本表数字计算 | 由“完成”÷“总数”计算（468个 ÷ 488个），非报道原文 |",
    ])


def test_script_in_a_label_comes_out_escaped(store) -> None:
    demo = store.practice("demo")
    evil = demo.model_copy(update={"metrics": [demo.metrics[0].model_copy(update={"label": "<script>x</script>"})], "derived": []})
    html = tables.metrics_table(evil, store, "practices/demo.md")
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_printed_rate_is_shown_beside_the_computed_one(store) -> None:
    demo = store.practice("demo")
    flagged = demo.model_copy(update={"derived": [demo.derived[0].model_copy(update={"printed": "108%"})]})
    assert "报道印为 108%" in tables.metrics_table(flagged, store, "practices/demo.md")


def test_practice_without_metrics_says_so(store) -> None:
    bare = store.practice("demo").model_copy(update={"metrics": [], "derived": []})
    assert tables.metrics_table(bare, store, "practices/demo.md") == "_报道没有给出这一做法的具体数字。_"


def test_practice_header_links_are_relative(store) -> None:
    header = glance.practice_header(store.practice("demo"), store, "practices/demo.md")
    assert "**地区** [测试省](../places/sheng.md) › [测试区](../places/shiqu.md)" in header
    assert "**主题** [测试主题](../themes/demo-theme.md)" in header
    assert "**时间** 2019年起" in header
    assert "](/" not in header


def test_glance_box_answers_first(store) -> None:
    """Problem, the steps in order, the headline figure with its source, fits / does not fit, the evidence line."""
    box = glance.glance_box(store.practice("demo"), store, "practices/demo.md")
    assert box.startswith('<div class="kb-glance"')
    assert "**针对问题**　一个问题" in box
    assert "1. 第一步\n2. 第二步" in box
    assert '- **468个** 完成 [出处](../sources/baodao.md "' in box
    assert "**适合**　适合的地方" in box and "**不太适合**　不太适合的地方" in box
    assert "需要投入" not in box  # the report names no inputs: the line is left out, not guessed
    assert f"[2 个数字](#成效) · 出自 1 篇报道 · 未经独立核实 · {glance.NOT_CHECKED} · [证据说明](#evidence)" in box


@pytest.mark.parametrize(("checked", "shown"), [("2026-12-05", "内容已与报道核对：2026-12"), ("2026-11", "内容已与报道核对：2026-11")])
def test_glance_box_says_when_the_page_was_checked_against_its_report(store, checked, shown) -> None:
    demo = store.practice("demo").model_copy(update={"checked": checked})
    box = glance.glance_box(demo, store, "practices/demo.md")
    assert f"未经独立核实 · {shown} · [证据说明]" in box and glance.NOT_CHECKED not in box


def test_glance_box_says_when_the_report_gives_no_figures(store) -> None:
    demo = store.practice("demo")
    bare = demo.model_copy(update={"glance": demo.glance.model_copy(update={"headline": []})})
    assert f"- {glance.NO_FIGURES}" in glance.glance_box(bare, store, "practices/demo.md")


@pytest.mark.parametrize(
    ("start", "end", "note", "expected"),
    [
        ("2016", "2020", "“十三五”时期", "2016年—2020年，“十三五”时期"),
        ("2013-03-02", None, None, "2013年3月2日起"),
        (None, "2013-04", "数字截至月底", "至2013年4月，数字截至月底"),
        (None, None, None, "报道未说明"),
    ],
)
def test_period_reads_as_chinese_dates(store, start, end, note, expected) -> None:
    demo = store.practice("demo")
    dated = demo.model_copy(update={"period": demo.period.model_copy(update={"start": start, "end": end, "note": note})})
    assert f"**时间** {expected}" in glance.practice_header(dated, store, "practices/demo.md")


def test_components_list_of_wubu_gongzuofa_has_every_item() -> None:
    real = build_store(ROOT)
    text = cards.components_list(real.practice("wubu-gongzuofa"))
    assert text.splitlines()[:4] == [
        "1. **一抓**：抓书记",
        "2. **二学**：学政策、学业务",
        "    - 学政策",
        "    - 学业务",
    ]
    for item in ["建强一线组织", "健全三级组织架构", "建立居民自治组织", "选好居民自治组织成员", "选好“交叉任职”人员",
                 "选好非公企业党建指导员", "选好物业项目监督员", "党建引领中心工作全覆盖", "无主管楼院党组织全覆盖",
                 "“红色物业”全覆盖", "非公企业党的组织全覆盖", "村集体经营性收入全覆盖"]:
        assert f"    - {item}" in text


def test_source_refs_and_list(store) -> None:
    assert citations.source_refs(store.practice("demo"), store, "practices/demo.md") == (
        '<div class="kb-not-indexed" data-search-exclude markdown="1">\n\n'
        "1. 记者 记者甲：《测试报道》，报纸名称原文未注明，约2020年。 [来源详情](../sources/baodao.md)"
        "\n\n发现错误，或知道新的做法？请见[投稿与更正](../contribute.md)。"
        "\n\n</div>\n\n" + cards.EVIDENCE_NOTE  # the note the glance box's evidence line links to
    )
    assert citations.source_list(store, "sources/index.md") == "- [测试报道](baodao.md)：约2020年；据此整理做法 1 项"
    report = citations.source_details(store.source("baodao"), store, "sources/baodao.md")
    assert report.startswith("# 测试报道\n\n记者 记者甲：《测试报道》")
    assert "[示范做法](../practices/demo.md)" in report
    assert "<code>test.txt</code>" in report


def test_place_tree_nests_links_to_place_pages(store) -> None:
    assert listings.place_tree(store, "places/index.md") == (
        "- [测试省](sheng.md)（省，做法 1 项）\n    - [测试区](shiqu.md)（区县，做法 1 项）"
    )


def test_place_details_lists_practices_figures_and_reports(store) -> None:
    page = listings.place_details(store.place("shiqu"), store, "places/shiqu.md", "../finder/")
    assert page.startswith("# 测试区\n\n**层级**：区县　**所属**：[测试省](sheng.md)")
    assert "## 本地做法" in page and "[示范做法](../practices/demo.md)" in page
    assert "## 报道\n\n[《测试报道》](../sources/baodao.md)" in page
    assert "概况数字" not in page  # the fixture place has no figures of its own


def test_a_listing_beyond_one_page_points_onward(store, monkeypatch) -> None:
    """Past LISTING_LIMIT cards a place lists its smaller places and a theme its districts, each with a count and a
    link onward (a place page, or 找做法 with the filters set): listing pages do not grow with the collection."""
    monkeypatch.setattr(listings, "LISTING_LIMIT", 0)
    place = listings.place_details(store.place("sheng"), store, "places/sheng.md", "../finder/")
    assert "kb-finder" not in place and "grid cards" not in place
    assert "共 1 项，按下辖地区分页：\n\n- [测试区](shiqu.md)：做法 1 项" in place
    assert '<a href="../finder/#place=sheng">在找做法中查看全部 1 项</a>' in place
    theme = listings.theme_details(store.theme("demo-theme"), store, "themes/demo-theme.md", "../finder/")
    assert "grid cards" not in theme
    assert '- <a href="../finder/#theme=demo-theme&amp;place=shiqu">测试省测试区</a>：1 项' in theme


def test_search_terms_are_name_aliases_keywords_once() -> None:
    practice = Practice(
        id="x", name="帐篷支部", aliases=["临时党支部"], keywords=["临时党支部", "帐篷精神"], summary="s", place="p",
        period={}, themes=["t"], sources=["s"], problem="q", glance={"steps": ["a"], "fits": "f", "not_fits": "n"},
    )
    assert search_terms(practice) == ["帐篷支部", "临时党支部", "帐篷精神"]


def test_neighbours_cover_every_place_of_a_practice() -> None:
    real = build_store(ROOT)
    assert [p.id for p in real.neighbours(real.practice("sanwei-zutuan"))] == ["caidanshi-wuye"]
    near = {p.id for p in real.neighbours(real.practice("wanggehua-guanli"))}
    assert {"sanzoujin-sanfuwu", "diyi-shuji"} <= near  # one in 林山寨街道, one in 绿东村街道
    page = cards.related_practices(real.practice("wanggehua-guanli"), real, "practices/wanggehua-guanli.md")
    assert "**同在林山寨街道、绿东村街道的其他做法**" in page


def test_finder_rows_carry_their_facet_values_and_the_page_no_card() -> None:
    """The cards come from the data file; the page holds the form, one link to learn the URL style, the fallback."""
    from macros.render import finder

    real = build_store(ROOT)
    rows = {row[0]: dict(zip(finder.FIELDS, row, strict=True)) for row in finder.finder_rows(real)}
    card = rows["sanwei-zutuan"]
    assert card["name"] == "三维组团" and card["theme"] == ["ownerless-compounds", "convenience-services"]
    assert card["place"] == ["henan", "nanguan-jiedao", "weidu-qu", "xuchang"] and card["level"] == ["subdistrict"]
    assert card["year"] == ["2019"] and card["target"] == ["compound", "residents"]
    assert list(rows) == [p.id for p in cards.in_reading_order(list(real.practices.values()), real)]
    html = finder.finder(real, "finder.md", "../")
    assert '<li class="kb-finder__item"' not in html and html.count("](practices/") == 1  # the pattern link only
    assert '<script src="../assets/javascripts/kb-finder-data.js"></script>' in html
    legends = [f.legend for f in finder.facets(real)]
    assert legends == ["主题", "地区", "层级", "时间（起始年份，或报道的大致年份）", "作用对象"]
    script = finder.assignment("__kbFinder", {"rows": [["</script>\u2028"]]})
    assert "\u2028" not in script and "\\u2028" in script


def test_relative_link_agrees_with_posixpath_relpath() -> None:
    import itertools
    import posixpath

    pages = ["index.md", "finder.md", "practices/a.md", "practices/index.md", "places/x.md", "a/b/c.md", "a/d.md"]
    for here, target in itertools.product(pages, pages + ["sources.md#s", "places/y.md#z"]):
        path, _, anchor = target.partition("#")
        expected = posixpath.relpath(path, posixpath.dirname(here) or ".") + (f"#{anchor}" if anchor else "")
        assert relative_link(here, target) == expected, (here, target)


def test_related_practices_list_the_named_ones_first() -> None:
    """The page's list agrees with its header: the practices the data names come first, then the computed ones."""
    real = build_store(ROOT)
    sanwei = real.practice("sanwei-zutuan")
    listing = cards.related_practices(sanwei, real, "practices/sanwei-zutuan.md")
    named = [real.practice(p).name for p in sanwei.related]
    positions = [listing.index(f"[{name}]") for name in named]
    assert positions and max(positions) < listing.index("同类做法")


def test_lists_follow_chinese_order_not_ids() -> None:
    from macros.render.cards import in_reading_order
    from macros.render.order import in_chinese_order, pinyin_key

    assert pinyin_key("“菜单式”物业服务")[:2] == ("cai4", "dan1")
    assert [n for n in in_chinese_order(["帐篷支部", "安置选房", "三维组团", "15分钟便民生活圈"], str)] == [
        "15分钟便民生活圈", "安置选房", "三维组团", "帐篷支部"]
    real = build_store(ROOT)
    ordered = in_reading_order(list(real.practices.values()), real)
    places = list(real.places)
    districts = [places.index(real.county_of(p.place)) for p in ordered]
    assert districts == sorted(districts)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if real.county_of(a.place) == real.county_of(b.place):
            assert pinyin_key(a.name) <= pinyin_key(b.name), (a.name, b.name)


def test_the_index_script_is_the_whole_index_as_one_assignment() -> None:
    index = site_index(load_store(ROOT), ROOT)
    index["docs"].append(["x.md", "line\u2028separator", "", ""])
    whole = assignment("__kbSearch", copy.deepcopy(index)).encode("utf-8")
    assert index_script(index) == whole and b"\\u2028" in whole and index == {}
