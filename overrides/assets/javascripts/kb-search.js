/* 站内搜索：the site's own search (macros/search/). The index is a script written at build time
   (assets/javascripts/kb-search-index.js, window.__kbSearch), loaded the first time the reader uses the box,
   so that it works from file:// as over http. A query is weighed exactly as macros/search/query.py does:
   words found by longest match over the index's words, every pair of Han characters, the page words of
   any synonym the query holds; generic words count for little. Runs on every input event (typing, paste,
   input methods, dictation). Results are built as DOM nodes: text from the data is never parsed as HTML. */
(function () {
  "use strict";
  var root = document.querySelector(".kb-search");
  if (!root) return;
  var input = root.querySelector("input.md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var base = root.getAttribute("data-base") || "";
  var directoryUrls = root.getAttribute("data-urls") === "directory";
  var LIMIT = 10;
  var index = null, waiting = null;

  function load(then) {
    if (index) return then();
    if (waiting) return waiting.push(then);
    waiting = [then];
    var script = document.createElement("script");
    script.src = base + "assets/javascripts/kb-search-index.js";
    script.onload = function () {
      var raw = window.__kbSearch;
      index = { docs: raw.docs, words: new Map(Object.entries(raw.words)), bigrams: new Map(Object.entries(raw.bigrams)),
                synonyms: raw.synonyms, settings: raw.settings, generic: new Set(raw.settings.generic) };
      waiting.forEach(function (f) { f(); });
      waiting = null;
    };
    script.onerror = function () { meta.textContent = "搜索索引未能加载"; waiting = null; };
    document.head.appendChild(script);
  }

  var WORDLIKE = /[\p{L}\p{N}_%.]+/gu, HAN = /[\u3400-\u9fff]+/g;

  function longestMatch(text) {
    var found = [];
    (text.match(WORDLIKE) || []).forEach(function (run) {
      var chars = Array.from(run), i = 0;
      while (i < chars.length) {
        var size = Math.min(index.settings.longest, chars.length - i);
        for (; size > 0; size--) {
          var piece = chars.slice(i, i + size).join("");
          if (index.words.has(piece)) { found.push(piece); break; }
        }
        i += size > 0 ? size : 1;
      }
    });
    return found;
  }

  function bigrams(text) {
    var seen = new Set();
    (text.match(HAN) || []).forEach(function (run) {
      for (var i = 0; i + 1 < run.length; i++) seen.add(run.slice(i, i + 2));
    });
    return Array.from(seen);
  }

  function units(query) {
    var s = index.settings, text = query.toLowerCase(), found = [];
    var parts = [[text, 1]];
    index.synonyms.forEach(function (pair) {
      if (pair[0].some(function (say) { return text.indexOf(say.toLowerCase()) >= 0; }))
        pair[1].forEach(function (means) { parts.push([means.toLowerCase(), s.synonymWeight]); });
    });
    function weight(term) { return index.generic.has(term) ? s.genericWeight : 1; }
    parts.forEach(function (part) {
      var matched = longestMatch(part[0]), inside = new Set();  // a found word already stands for its bigrams
      matched.forEach(function (w) { bigrams(w).forEach(function (b) { inside.add(b); }); });
      matched.forEach(function (w) { found.push(["words", w, part[1] * weight(w)]); });
      bigrams(part[0]).forEach(function (b) {
        found.push(["bigrams", b, part[1] * s.bigramWeight * weight(b) * (inside.has(b) ? s.insideWeight : 1)]);
      });
    });
    return found;
  }

  function search(query) {
    var scores = new Map();
    units(query).forEach(function (unit) {
      var postings = index[unit[0]].get(unit[1]);
      if (!postings) return;
      for (var i = 0; i < postings.length; i += 2)
        scores.set(postings[i], (scores.get(postings[i]) || 0) + unit[2] * postings[i + 1]);
    });
    return Array.from(scores).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  function href(page) {  // docs-relative page (practices/x.md#a) -> this site's URL for it
    var parts = page.split("#"), path = parts[0].replace(/\.md$/, "");
    path = directoryUrls ? (path === "index" ? "" : path.replace(/(^|\/)index$/, "$1") + "/") : path + ".html";
    return base + path + (parts[1] ? "#" + parts[1] : "");
  }

  function marked(text, terms) {  // text with the query's terms in <mark>, as DOM nodes
    var fragment = document.createDocumentFragment(), rest = text;
    while (rest) {
      var at = -1, term = "";
      terms.forEach(function (t) {
        var i = rest.toLowerCase().indexOf(t);
        if (i >= 0 && (at < 0 || i < at || (i === at && t.length > term.length))) { at = i; term = t; }
      });
      if (at < 0) { fragment.appendChild(document.createTextNode(rest)); break; }
      if (at > 0) fragment.appendChild(document.createTextNode(rest.slice(0, at)));
      var mark = document.createElement("mark");
      mark.textContent = rest.slice(at, at + term.length);
      fragment.appendChild(mark);
      rest = rest.slice(at + term.length);
    }
    return fragment;
  }

  function element(tag, className, children) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    (children || []).forEach(function (c) { el.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return el;
  }

  function link(text, url) { var a = element("a", "", [text]); a.href = url; return a; }

  function result(doc, terms) {
    var a = element("a", "md-search-result__link", [element("article", "md-search-result__article md-typeset", [
      element("h1", "md-search-result__title", [marked(doc[1], terms)]),
      element("p", "kb-search__where", doc[2] ? [doc[2]] : []),
      element("p", "", [marked(doc[3], terms)]),
    ])]);
    a.href = href(doc[0]);
    return element("li", "md-search-result__item", [a]);
  }

  function suggestions(query, ranked) {  // never a dead end: themes, 找做法 with the words, glossary terms
    var themes = [], terms = [];
    ranked.forEach(function (hit) {
      var page = index.docs[hit[0]][0];
      if (page.indexOf("themes/") === 0 && themes.length < 3) themes.push(index.docs[hit[0]]);
      if (page.indexOf("glossary.md#") === 0 && terms.length < 3) terms.push(index.docs[hit[0]]);
    });
    if (!themes.length) index.docs.forEach(function (d) { if (d[0].indexOf("themes/") === 0 && themes.length < 3) themes.push(d); });
    var box = element("li", "kb-search__more", [element("p", "", ["没有找到合适的做法？"])]);
    var routes = element("ul", "", []);
    routes.appendChild(element("li", "", [link("在“找做法”中按条件筛选：" + query, href("finder.md") + "#q=" + encodeURIComponent(query))]));
    themes.forEach(function (d) { routes.appendChild(element("li", "", [link("主题：" + d[1], href(d[0]))])); });
    terms.forEach(function (d) { routes.appendChild(element("li", "", [link("术语：" + d[1], href(d[0]))])); });
    routes.appendChild(element("li", "", [link("投稿与更正：告诉编辑你在找的做法", href("contribute.md"))]));
    box.appendChild(routes);
    return box;
  }

  function show() {
    var query = input.value.trim().slice(0, 200);  // a pasted page of text is cut to its start
    list.textContent = "";
    if (!query) { meta.textContent = "输入想解决的问题，如：小区没人管、拆迁签约难"; meta.dataset.query = ""; return; }
    load(function () {
      if (input.value.trim().slice(0, 200) !== query) return;  // a newer query is on its way
      var ranked = search(query);
      var hits = ranked.slice(0, LIMIT);
      var terms = units(query).map(function (u) { return u[1]; }).filter(function (t) { return !index.generic.has(t); });
      list.textContent = "";
      meta.textContent = hits.length ? "找到 " + ranked.length + " 个结果" + (ranked.length > LIMIT ? "，显示前 " + LIMIT + " 个" : "")
        : "知识库里暂时没有与“" + query + "”直接相关的内容。";
      hits.forEach(function (hit) { list.appendChild(result(index.docs[hit[0]], terms)); });
      list.appendChild(suggestions(query, ranked));
      meta.dataset.query = query;  // which query the list answers (tests wait for it)
    });
  }

  function open() { if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); } }
  function close() { if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); } input.blur(); }

  input.addEventListener("input", function () { open(); show(); });
  input.addEventListener("focus", function () { open(); load(function () {}); if (input.value) show(); });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("li.md-search-result__item a[href]");
    if (first) window.location.href = first.href;
  });
  root.querySelector("form").addEventListener("reset", function () { setTimeout(show, 0); });
  document.addEventListener("keydown", function (event) {
    var target = event.target, typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault(); open(); input.focus(); input.select(); return;
    }
    if (!toggle || !toggle.checked) return;
    if (event.key === "Escape") { event.preventDefault(); close(); return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var links = Array.prototype.slice.call(list.querySelectorAll("a[href]"));
      if (!links.length) return;
      event.preventDefault();
      var at = links.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? (at < 0 ? 0 : Math.min(at + 1, links.length - 1)) : at - 1;
      if (next < 0) input.focus(); else links[next].focus();
    }
  });
})();
