/* 投稿与更正: what the reader fills in becomes one plain text to copy or save; nothing leaves the browser. */
(function () {
  "use strict";
  var form = document.getElementById("kb-contribute");
  if (!form) return;
  var output = form.querySelector("textarea[name=text]");
  var status = form.querySelector(".kb-contribute__status");

  function compose() {
    var lines = ["【基层治理实践知识库 · 投稿与更正】"];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "text" || field.type === "button") return;
      var value = field.value.trim();
      if (value) lines.push(field.name + "：" + (value.indexOf("\n") >= 0 ? "\n" + value : value));
    });
    lines.push("（页面：" + window.location.href.split("#")[0] + "）");
    output.value = lines.join("\n");
    return output.value;
  }

  form.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-action");
    if (!action) return;
    var text = output.value || compose();
    if (action === "compose") { compose(); status.textContent = "已生成，可复制或保存。"; }
    if (action === "copy") {
      output.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      status.textContent = copied ? "已复制。" : "请按 Ctrl+C 复制选中的文字。";
    }
    if (action === "save") {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/plain;charset=utf-8" }));
      link.download = "投稿与更正.txt";
      document.body.appendChild(link);
      link.click();
      link.remove();
      status.textContent = "已保存为“投稿与更正.txt”。";
    }
  });
})();
