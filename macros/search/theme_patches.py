"""Patches of Material's search: its worker (Chinese query segmentation, exact words above prefixes, no
zero-width spaces in results) and its dialog (a name for screen readers). macros/generated.py writes the
patched copies under overrides/ and fails loudly if Material's code changed."""

SEARCH_PATCHES = [
    (
        "assets/javascripts/workers",
        r"search\.[0-9a-f]+\.min\.js",
        [
            # Material segments a Chinese query by looking up its substrings in the index, but its loop
            # stops one character short, so a whole indexed word (临时党支部) is never found and the query
            # falls apart into short prefixes (临时* 党*) that match almost every page. Let it reach the end.
            ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"),
            # Material turns every query word into a prefix search (无主管楼院*), and a prefix matches longer words
            # too; a rarer longer tag (无主管楼院保洁, on one page) then outscores the exact word (on three), so
            # 无主管楼院 怎么管 put 创文创卫 first. Ask for each typed word and each of its segments exactly as
            # well (word^1), so an exact match counts twice and a prefix once. The typed word itself is asked for
            # only when the index has it (15分钟便民生活圈, a tag): Material lists every term that a result lacks
            # under 缺少. Leave out question words (怎么, 如何 …): they only match the 怎么做 heading of every page.
            # Words with query syntax (+ - : ^ ~ * ") stay as they were.
            (
                r'e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* ")),',
                r'e=e.split(/\s+/).map(t=>{'
                r'let p=t.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "));'
                r'if(!/^[\p{L}\p{N}%.]+$/u.test(t))return p;'
                r'let a=p.split(" ").map(w=>w.replace(/\*+$/,"")),'
                r'k=a.filter(w=>!/^(如何|怎么|怎样|怎么办|怎么样|为什么|为何|什么|哪些|咋)$/.test(w));'
                r'k=k.length?k:a;let x=t.toLowerCase()in this.index.invertedIndex&&!k.includes(t)?[t,...k]:k;'
                r'return x.map(w=>w+"^1").join(" ")+" "+k.join(" ")}).join(" "),',
            ),
            # The index keeps jieba's U+200B word boundaries in titles and text (lunr splits on them), and the
            # results carried them into the page: invisible, but copied along and read out by screen readers.
            # Strip them from the results once highlighting (which needs their positions) is done.
            (
                "return _({items:[...n.values()]},",
                "return _({items:[...n.values()].map(g=>g.map(d=>_(_({},d),{title:d.title.replace(/\\u200b/g,\"\"),"
                "text:d.text.replace(/\\u200b/g,\"\"),tags:d.tags&&d.tags.map(x=>x.replace(/\\u200b/g,\"\"))})))},",
            ),
        ],
    ),
    (
        "partials",
        r"search\.html",
        [
            # The search overlay is role="dialog" without a name, which screen readers announce as an
            # unnamed dialog (axe: aria-dialog-name, serious). Name it 搜索.
            ('<div class="md-search" data-md-component="search" role="dialog">',
             '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        ],
    ),
]
