/* 找做法: filter the practices of kb-finder-data.js (written by macros/render/finder.py) and draw their cards.
 * Within one group of checkboxes the choices are alternatives (or); groups combine (and).
 * The state lives in the URL hash (#q=…&theme=a,b&pick=x,y), which also works from file://.
 * Cards are built from text nodes only: no value of the data is ever parsed as HTML.
 * No framework, no network: the data file is a script the page loads beside this one. */
(function () {
  "use strict";
  var root = document.getElementById("kb-finder");
  var source = window.__kbFinder;
  if (!root || !source) return;  // without the data the page keeps its fallback: districts and themes to browse
  var PAGE = 50;
  var form = root.querySelector("form");
  var filters = root.querySelector(".kb-finder__filters");
  var query = root.querySelector("#kb-finder-q");
  var status = root.querySelector("#kb-finder-status");
  var none = root.querySelector(".kb-finder__none");
  var suggestions = root.querySelector(".kb-finder__suggestions");
  var list = root.querySelector(".kb-finder__results");
  var more = root.querySelector(".kb-finder__more");
  var pickedBar = root.querySelector(".kb-finder__picked");
  var printLink = root.querySelector(".kb-finder__print");
  var printBase = printLink.getAttribute("href");
  var pattern = root.querySelector(".kb-finder__pattern a");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var facets = boxes.map(function (b) { return b.name; }).filter(function (f, i, all) { return all.indexOf(f) === i; });
  var legends = {};
  facets.forEach(function (f) { legends[f] = form.querySelector("[data-facet=" + f + "] legend").textContent; });

  var at = {};
  source.fields.forEach(function (name, i) { at[name] = i; });
  var practices = source.rows.map(function (row) {
    var values = {};
    facets.forEach(function (f) { values[f] = row[at[f]] || []; });
    var text = [row[at.name], row[at.summary], row[at.text]].join(" ").toLowerCase();
    return { id: row[at.id], name: row[at.name], meta: row[at.meta], summary: row[at.summary], figure: row[at.figure], values: values, text: text };
  });
  var byId = {};
  practices.forEach(function (p) { byId[p.id] = p; });

  // one real link resolved by MkDocs (practices/<id>/ or practices/<id>.html): each card's is this one
  // with the id swapped, so the finder works with either URL style and from any folder
  var linkBase = pattern.getAttribute("href");
  var baseId = pattern.parentNode.getAttribute("data-id");
  function linkTo(id) {
    var cut = linkBase.lastIndexOf(baseId);
    return linkBase.slice(0, cut) + id + linkBase.slice(cut + baseId.length);
  }

  var synonyms = JSON.parse(form.getAttribute("data-synonyms") || "[]");
  var picked = [];
  var limit = PAGE;

  form.hidden = false;
  status.hidden = false;
  root.querySelector(".kb-finder__fallback").hidden = true;
  // open beside the results where there is room, or when the address already names filters
  if (filters && (window.matchMedia("(min-width: 60em)").matches || /(^#|&)(q|theme|place|level|year|target)=/.test(location.hash))) filters.open = true;

  function selection() {
    var chosen = {};
    facets.forEach(function (f) { chosen[f] = []; });
    boxes.forEach(function (b) { if (b.checked) chosen[b.name].push(b.value); });
    return chosen;
  }

  // Each word of the box with the page words it stands for (data/synonyms.yaml): 摆摊 also finds 占道经营.
  function terms() {
    return query.value.trim().toLowerCase().split(/\s+/).filter(Boolean).map(function (word) {
      var alternatives = [word];
      synonyms.forEach(function (pair) {
        if (pair[0].some(function (say) { return word.indexOf(say) >= 0; })) alternatives = alternatives.concat(pair[1]);
      });
      return { word: word, alternatives: alternatives };
    });
  }

  // Does practice p pass every filter (ignoring the facet `except`, for that facet's counts)?
  function passes(p, chosen, words, except) {
    for (var w = 0; w < words.length; w++) {
      if (!words[w].alternatives.some(function (t) { return p.text.indexOf(t) >= 0; })) return false;
    }
    for (var f = 0; f < facets.length; f++) {
      var name = facets[f], want = chosen[name];
      if (name === except || want.length === 0) continue;
      if (!want.some(function (v) { return p.values[name].indexOf(v) >= 0; })) return false;
    }
    return true;
  }

  function count(chosen, words) {
    var n = 0;
    for (var i = 0; i < practices.length; i++) if (passes(practices[i], chosen, words, null)) n++;
    return n;
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function card(p) {
    var item = element("li", "kb-finder__item");
    var name = element("p", "kb-finder__name");
    var link = element("a", null, p.name);
    link.href = linkTo(p.id);
    name.appendChild(link);
    item.appendChild(name);
    item.appendChild(element("p", "kb-finder__meta", p.meta));
    item.appendChild(element("p", "kb-finder__summary", p.summary));
    if (p.figure) item.appendChild(element("p", "kb-finder__figure", "代表数字：" + p.figure));
    var pick = element("label", "kb-finder__pick");
    var box = element("input");
    box.type = "checkbox";
    box.value = p.id;
    box.checked = picked.indexOf(p.id) >= 0;
    pick.appendChild(box);
    pick.appendChild(document.createTextNode(" 选入打印"));
    item.appendChild(pick);
    return item;
  }

  // What dropping one condition would find, when nothing matches all of them.
  function suggest(chosen, words) {
    suggestions.textContent = "";
    var options = [];
    words.forEach(function (w, i) {
      var rest = words.slice(0, i).concat(words.slice(i + 1));
      options.push({ label: "去掉关键词“" + w.word + "”", n: count(chosen, rest), drop: function () {
        query.value = rest.map(function (r) { return r.word; }).join(" ");
      } });
    });
    facets.forEach(function (f) {
      if (!chosen[f].length) return;
      var without = {};
      facets.forEach(function (g) { without[g] = g === f ? [] : chosen[g]; });
      var labels = boxes.filter(function (b) { return b.name === f && b.checked; })
        .map(function (b) { return b.getAttribute("data-label"); });
      options.push({ label: "去掉“" + legends[f].replace(/（.*）/, "") + "：" + labels.join("、") + "”", n: count(without, words), drop: function () {
        boxes.forEach(function (b) { if (b.name === f) b.checked = false; });
      } });
    });
    options.filter(function (o) { return o.n > 0; }).sort(function (a, b) { return b.n - a.n; }).forEach(function (o) {
      var li = element("li");
      var button = element("button", "kb-finder__drop", o.label + "，可找到 " + o.n + " 项");
      button.type = "button";
      button.addEventListener("click", function () { o.drop(); limit = PAGE; update(true); });
      li.appendChild(button);
      suggestions.appendChild(li);
    });
  }

  function writeHash(chosen) {
    var parts = [];
    if (query.value.trim()) parts.push("q=" + encodeURIComponent(query.value.trim()));
    facets.forEach(function (f) { if (chosen[f].length) parts.push(f + "=" + chosen[f].map(encodeURIComponent).join(",")); });
    if (picked.length) parts.push("pick=" + picked.join(","));
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var cut = pair.indexOf("=");
      if (cut > 0) params[pair.slice(0, cut)] = pair.slice(cut + 1);
    });
    query.value = params.q ? decodeURIComponent(params.q) : "";
    boxes.forEach(function (b) {
      var wanted = params[b.name] ? params[b.name].split(",").map(decodeURIComponent) : [];
      b.checked = wanted.indexOf(b.value) >= 0;
    });
    picked = (params.pick ? params.pick.split(",").map(decodeURIComponent) : []).filter(function (id) { return byId[id]; });
  }

  function showPicked() {
    pickedBar.hidden = picked.length === 0;
    pickedBar.querySelector(".kb-finder__picked-count").textContent = "已选 " + picked.length + " 项";
    printLink.href = printBase + "#pick=" + picked.join(",");
  }

  function update(remember) {
    var chosen = selection(), words = terms(), found = [];
    practices.forEach(function (p) { if (passes(p, chosen, words, null)) found.push(p); });
    list.textContent = "";
    var page = document.createDocumentFragment();
    found.slice(0, limit).forEach(function (p) { page.appendChild(card(p)); });
    list.appendChild(page);
    more.hidden = found.length <= limit;
    more.textContent = "再显示 " + Math.min(PAGE, found.length - limit) + " 项（已显示 " + Math.min(limit, found.length) + " / " + found.length + " 项）";
    boxes.forEach(function (b) {
      var n = 0;
      for (var i = 0; i < practices.length; i++) {
        var p = practices[i];
        if (p.values[b.name].indexOf(b.value) >= 0 && passes(p, chosen, words, b.name)) n++;
      }
      b.parentNode.querySelector(".kb-finder__count").textContent = n;
      b.parentNode.classList.toggle("kb-finder__option--empty", n === 0 && !b.checked);
    });
    none.hidden = found.length > 0;
    if (!found.length) suggest(chosen, words);
    status.textContent = found.length === practices.length ? "共 " + practices.length + " 项做法" : "找到 " + found.length + " 项做法（共 " + practices.length + " 项）";
    showPicked();
    if (remember) writeHash(chosen);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });  // Enter in the box filters, it does not reload
  form.addEventListener("change", function () { limit = PAGE; update(true); });
  query.addEventListener("input", function () { limit = PAGE; update(true); });
  // Clear by hand rather than let the browser reset the form after this handler: the list then
  // updates within the click itself, with nothing left pending for a reader (or a test) to wait for.
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    query.value = "";
    boxes.forEach(function (b) { b.checked = false; });
    limit = PAGE;
    update(true);
  });
  more.addEventListener("click", function () { limit += PAGE; update(false); });
  list.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".kb-finder__pick input")) return;
    picked = picked.filter(function (id) { return id !== box.value; });
    if (box.checked) picked.push(box.value);
    showPicked();
    writeHash(selection());
  });
  root.querySelector(".kb-finder__unpick").addEventListener("click", function () {
    picked = [];
    update(true);
  });
  window.addEventListener("hashchange", function () { readHash(); update(false); });
  readHash();
  update(false);
})();
