/* 找做法: filter the practice cards rendered by macros/render/finder.py.
 * Within one group of checkboxes the choices are alternatives (or); groups combine (and).
 * The state lives in the URL hash (#q=…&theme=a,b), which also works from file://.
 * No framework, no network: the cards and their data-* attributes are already in the page. */
(function () {
  "use strict";
  var root = document.getElementById("kb-finder");
  if (!root) return;
  var form = root.querySelector("form");
  var filters = root.querySelector(".kb-finder__filters");
  // open beside the results where there is room, or when the address already names filters
  if (filters && (window.matchMedia("(min-width: 60em)").matches || window.location.hash.length > 1)) filters.open = true;
  var query = root.querySelector("#kb-finder-q");
  var status = root.querySelector("#kb-finder-status");
  var none = root.querySelector(".kb-finder__none");
  var items = Array.prototype.slice.call(root.querySelectorAll(".kb-finder__item"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var facets = boxes.map(function (b) { return b.name; }).filter(function (f, i, all) { return all.indexOf(f) === i; });
  var data = items.map(function (item) {
    var values = {};
    facets.forEach(function (f) { values[f] = (item.getAttribute("data-" + f) || "").split(" "); });
    return { values: values, text: item.getAttribute("data-text") || "" };
  });

  function selection() {
    var chosen = {};
    facets.forEach(function (f) { chosen[f] = []; });
    boxes.forEach(function (b) { if (b.checked) chosen[b.name].push(b.value); });
    return chosen;
  }

  var synonyms = JSON.parse(form.getAttribute("data-synonyms") || "[]");

  // Each word of the box with the page words it stands for (data/synonyms.yaml): 摆摊 also finds 占道经营.
  function terms() {
    return query.value.trim().toLowerCase().split(/\s+/).filter(Boolean).map(function (word) {
      var alternatives = [word];
      synonyms.forEach(function (pair) {
        if (pair[0].some(function (say) { return word.indexOf(say) >= 0; })) alternatives = alternatives.concat(pair[1]);
      });
      return alternatives;
    });
  }

  // Does card i pass every filter (ignoring the facet `except`, for that facet's counts)?
  function passes(i, chosen, words, except) {
    var d = data[i];
    for (var w = 0; w < words.length; w++) {
      if (!words[w].some(function (t) { return d.text.indexOf(t) >= 0; })) return false;
    }
    for (var f = 0; f < facets.length; f++) {
      var name = facets[f], want = chosen[name];
      if (name === except || want.length === 0) continue;
      if (!want.some(function (v) { return d.values[name].indexOf(v) >= 0; })) return false;
    }
    return true;
  }

  function writeHash(chosen) {
    var parts = [];
    if (query.value.trim()) parts.push("q=" + encodeURIComponent(query.value.trim()));
    facets.forEach(function (f) { if (chosen[f].length) parts.push(f + "=" + chosen[f].map(encodeURIComponent).join(",")); });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) params[pair.slice(0, at)] = pair.slice(at + 1);
    });
    query.value = params.q ? decodeURIComponent(params.q) : "";
    boxes.forEach(function (b) {
      var wanted = params[b.name] ? params[b.name].split(",").map(decodeURIComponent) : [];
      b.checked = wanted.indexOf(b.value) >= 0;
    });
  }

  function update(remember) {
    var chosen = selection(), words = terms(), shown = 0;
    items.forEach(function (item, i) {
      var ok = passes(i, chosen, words, null);
      item.hidden = !ok;
      if (ok) shown++;
    });
    boxes.forEach(function (b) {
      var n = 0;
      for (var i = 0; i < items.length; i++) if (data[i].values[b.name].indexOf(b.value) >= 0 && passes(i, chosen, words, b.name)) n++;
      b.parentNode.querySelector(".kb-finder__count").textContent = n;
      b.parentNode.classList.toggle("kb-finder__option--empty", n === 0 && !b.checked);
    });
    if (none) none.hidden = shown > 0;
    status.textContent = shown === items.length ? "共 " + items.length + " 项做法" : "找到 " + shown + " 项做法（共 " + items.length + " 项）";
    if (remember) writeHash(chosen);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });  // Enter in the box filters, it does not reload
  form.addEventListener("change", function () { update(true); });
  query.addEventListener("input", function () { update(true); });
  // Clear by hand rather than let the browser reset the form after this handler: the list then
  // updates within the click itself, with nothing left pending for a reader (or a test) to wait for.
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    query.value = "";
    boxes.forEach(function (b) { b.checked = false; });
    update(true);
  });
  window.addEventListener("hashchange", function () { readHash(); update(false); });
  readHash();
  update(false);
})();
