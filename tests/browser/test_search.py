"""Chinese search in a real browser: readers' words, typed without spaces, find the right practice first."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from ..conftest import ROOT

QUERIES = [
    ("三维组团", "practices/sanwei-zutuan/"),
    ("无主管庭院", "practices/sanwei-zutuan/"),
    ("无主管庭院 怎么管", "practices/sanwei-zutuan/"),  # the question words must not pull other pages up
    ("楼院长", "practices/sanwei-zutuan/"),
    ("帐篷支部", "practices/zhangpeng-zhibu/"),
    ("临时党支部", "practices/zhangpeng-zhibu/"),
    ("桐柏路191号院", "practices/tongbailu-191/"),
    ("五步工作法", "practices/wubu-gongzuofa/"),
    ("一抓二学三建四选五全", "practices/wubu-gongzuofa/"),
    ("红色物业", "practices/wubu-gongzuofa/"),
    ("物业项目监督员", "practices/wubu-gongzuofa/"),
    ("结对联建", "practices/jiguan-dangzhibu-jiedui/"),
    ("科级干部下沉", "practices/jiguan-dangzhibu-jiedui/"),
    ("五同工作法", "practices/lianhe-dangwei-wutong/"),
    ("联合党委", "practices/lianhe-dangwei-wutong/"),
    ("亮赛比", "practices/liang-sai-bi/"),
    ("擂台赛", "practices/liang-sai-bi/"),
    ("驻区单位参与情况", "practices/shi-jia-san-zhibiao/"),
    ("专项督导", "practices/zhuanxiang-dudao/"),
    ("汝河模式", "practices/ruhe-moshi/"),
    ("红色加油站", "practices/shiwu-fenzhong-shenghuoquan/"),
    ("15分钟便民生活圈", "practices/shiwu-fenzhong-shenghuoquan/"),
    ("路长制", "practices/luzhangzhi/"),
    ("三治三联两公开", "practices/luzhangzhi/"),
    ("党员先锋队", "practices/yiqing-dangyuan-xianfengdui/"),
    ("疫情防控", "practices/yiqing-dangyuan-xianfengdui/"),
    ("五网融合", "practices/wuwang-ronghe/"),
    ("智慧党建", "practices/wuwang-ronghe/"),
    ("双报到", "practices/shuang-baodao/"),
    ("微心愿", "practices/shuang-baodao/"),
    ("百千万", "practices/baiqianwan/"),
    ("联席会议", "practices/lianxi-huiyi/"),
    ("托老站", "practices/minsheng-365/"),
    ("六个一", "practices/liugeyi-jifen/"),
    ("党员量化积分", "practices/liugeyi-jifen/"),
    ("党建指导员", "practices/dangjian-zhidaoyuan/"),
    ("安全隐患排查", "practices/anquan-yinhuan-paicha/"),
    ("散乱污", "practices/sanluanwu-zhengzhi/"),
    ("一千一百", "practices/yiqian-yibai/"),
    ("安置房", "practices/anzhifang-sanlv/"),
    ("回迁率", "practices/anzhifang-sanlv/"),
    ("创文创卫", "practices/chuangwen-chuangwei/"),
    ("京城路街道", "places/jingchenglu-jiedao/"),
    ("四级党建网络", "practices/siji-dangjian-wangluo/"),
    ("街道大工委", "practices/siji-dangjian-wangluo/"),
    ("书记述职", "practices/shuji-shuzhi/"),
    ("四抓", "practices/sizhua-lilun-xuexi/"),
    ("和谐号", "practices/hexiehao-fuwuzhan/"),
    ("张衡速度", "practices/liangzhuang-gaizao/"),
    ("城中村改造", "practices/liangzhuang-gaizao/"),
    ("以奖代补", "practices/louyuan-fenlei-zhili/"),
    ("一次办结", "practices/yici-banjie/"),
    ("矛盾纠纷数据库", "practices/zongzhi-wangge-pingtai/"),
    ("五有一创", "practices/wuyou-yichuang/"),
    ("人在网格走", "practices/wanggehua-guanli/"),
    ("三级网格", "practices/wanggehua-guanli/"),
    ("陇海快速通道", "practices/longhai-zhengchai/"),
    ("三走进三服务", "practices/sanzoujin-sanfuwu/"),
    ("社区第一书记", "practices/diyi-shuji/"),
    ("感化式管理", "practices/chengshi-guanli-sanhua/"),
    ("1369", "practices/dangjian-1369/"),
    ("两专三室", "practices/siji-liandong/"),
    ("特色社区", "practices/tese-shequ/"),
    ("菜单式物业", "practices/caidanshi-wuye/"),
    ("两区三加快", "practices/liangqu-sanjiakuai/"),
    ("安置选房", "practices/anzhi-xuanfang/"),
    ("张衡街道", "places/zhangheng-jiedao/"),
    ("共驻共建", "practices/jingchenglu-moshi/"),
]


RESULTS = "li.md-search-result__item > a[href]"


def answered(page: Page, query: str) -> None:
    """Wait until the results shown are this query's (the meta line names the count, or says nothing matched)."""
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta'); return m && m.dataset.query === q; }", arg=query.strip()[:200],
        timeout=10_000)


def search(page: Page, query: str, paste: bool = False) -> list[str]:
    """Type a query as a reader would (or paste it: an input event with no key event) and return the result paths, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    if paste:
        box.evaluate("(el, text) => { el.value = text; el.dispatchEvent(new Event('input', {bubbles: true})); }", query)
    else:
        box.fill("")
        box.press_sequentially(query) if query.isascii() else box.fill(query)  # fill: the input event an IME commit gives
    answered(page, query)
    hrefs = page.locator(RESULTS).evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


@pytest.fixture(scope="module")
def home(browser: Browser, site_url: str):
    page = browser.new_page()
    page.goto(site_url)
    yield page, urlsplit(site_url).path
    page.close()


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_finds_the_practice_first(home, query: str, expected: str) -> None:
    page, base = home
    results = search(page, query)
    assert results, f"no result for {query}"
    assert results[0] == base + expected, f"{query}: {results[:3]}"


def test_result_titles_read_cleanly(home) -> None:
    """Segmentation marks (U+200B) must not show in the titles readers see."""
    page, _ = home
    search(page, "帐篷支部")
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert "帐篷支部" in titles


def test_results_read_cleanly(home) -> None:
    """No U+200B word boundaries in what the reader sees (or copies), and highlighting still works."""
    page, _ = home
    for query in ("网格化综治数据库", "帐篷支部", "无主管庭院"):
        search(page, query)
        shown = page.locator(".md-search-result").inner_text()
        assert "\u200b" not in shown, query
        assert page.locator(".md-search-result mark").count() > 0, query


def test_pasted_text_searches(home) -> None:
    """A mouse paste, an input method's commit or dictation gives an input event and no key event."""
    page, base = home
    assert search(page, "街面上乱摆摊乱停车", paste=True)[0] == base + "practices/chengshi-guanli-sanhua/"


def test_results_show_place_and_summary_not_tags(home) -> None:
    page, _ = home
    search(page, "帐篷支部")
    first = page.locator("li.md-search-result__item").first
    assert first.locator("h1").inner_text() == "帐篷支部"
    assert "中原区" in first.inner_text() and "帐篷" in first.locator("p").last.inner_text()
    assert page.locator(".md-search-result .md-tag").count() == 0


@pytest.mark.parametrize("query", ["     ", "，。！？、", "的", "<img src=x onerror=alert(1)>", "社区" * 1000])
def test_odd_queries_answer_at_once_without_errors(browser: Browser, site_url: str, query: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(dialog.message) or dialog.dismiss())
    page.goto(site_url)
    search(page, "帐篷支部")  # the index is in
    start = time.perf_counter()
    search(page, query, paste=True)
    assert time.perf_counter() - start < 1
    assert errors == [] and page.locator(".md-search-result img").count() == 0
    page.close()


def test_nothing_found_is_not_a_dead_end(home) -> None:
    page, base = home
    assert search(page, "区块链") == []
    assert "暂时没有" in page.locator(".md-search-result__meta").inner_text()
    routes = page.locator(".kb-search__more a").evaluate_all("links => links.map(a => a.href)")
    assert any(urlsplit(r).path == base + "finder/" and urlsplit(r).fragment == "q=%E5%8C%BA%E5%9D%97%E9%93%BE" for r in routes)
    assert any("/themes/" in r for r in routes)


def test_keyboard_slash_arrows_enter_and_escape(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "sources/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.locator("input.md-search__input").fill("路长制")
    answered(page, "路长制")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('li.md-search-result__item') !== null")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.locator("input.md-search__input").click()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path.endswith("/practices/luzhangzhi/")
    page.close()


def test_the_index_loads_only_when_search_is_used(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not any("kb-search-index" in url for url in loaded)
    search(page, "帐篷支部")
    assert any("kb-search-index" in url for url in loaded)
    page.close()


def test_no_theme_search_plugin(built_site) -> None:
    """The search is the site's own: no theme search index is built, and no patched copy of its worker remains."""
    assert not (built_site / "search").exists()
    assert not (ROOT / "overrides" / "assets" / "javascripts" / "workers").exists()
    assert not (ROOT / "overrides" / "partials" / "search.html").exists()
    assert (built_site / "assets" / "javascripts" / "kb-search-index.js").exists()
