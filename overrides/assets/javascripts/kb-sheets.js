/* 案例单页 (macros/render/sheets.py): the print button, and on print.html the sheets named in #pick=a,b,
 * each loaded from its own script (sheets/<id>.js), which works from file:// as well. The sheets' HTML was
 * escaped when it was made; the ids from the address are checked to be ids before any script is asked for. */
(function () {
  "use strict";
  var button = document.querySelector(".sheet-toolbar__print");
  if (button) button.addEventListener("click", function () { window.print(); });
  var main = document.querySelector(".sheets");
  var empty = document.querySelector(".sheets__empty");
  if (!main || !empty) return;  // a single sheet: nothing to load
  window.addEventListener("hashchange", function () { location.reload(); });  // another selection: load it afresh
  var match = location.hash.match(/(?:^#|&)pick=([^&]*)/);
  var named = (match ? match[1].split(",") : []).map(decodeURIComponent).filter(function (id, i, all) {
    return id && all.indexOf(id) === i;
  });
  // only ids are asked for as scripts (sheets/<id>.js); anything else is reported as not found
  var ids = named.filter(function (id) { return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id); });
  var bodies = {};
  var pending = ids.length;
  window.__kbSheet = function (data) { bodies[data[0]] = data[1]; };

  function render() {
    var found = ids.filter(function (id) { return bodies[id]; });
    var missing = named.filter(function (id) { return !bodies[id]; });
    if (found.length) main.innerHTML = found.map(function (id) { return bodies[id]; }).join("");
    if (missing.length) {
      var note = document.createElement("p");
      note.className = "sheets__missing";
      note.textContent = "找不到这些做法的案例单页：" + missing.join("、");
      main.insertBefore(note, main.firstChild);
    }
    var count = document.querySelector(".sheet-toolbar__count");
    if (count) count.textContent = "共 " + found.length + " 页";
    document.body.setAttribute("data-sheets", "ready");
  }

  function done() { if (--pending === 0) render(); }
  if (!ids.length) { render(); return; }
  ids.forEach(function (id) {
    var script = document.createElement("script");
    script.src = id + ".js";
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  });
})();
