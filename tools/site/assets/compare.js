// Up to five municipalities side by side: each indicator's latest
// headline figure, from compare.json (built with the site). The choice is
// kept in the address (?c=011002,012025) so that it can be shared.
(function () {
  "use strict";
  var form = document.getElementById("compare");
  var result = document.getElementById("result");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var data = null;
  function codeOf(v) {
    var m = /([0-9]{6})\s*$/.exec(v || "");
    return m && data && data.v[m[1]] ? m[1] : "";
  }
  function render() {
    if (!data) return;
    var codes = inputs.map(function (i) { return codeOf(i.value); }).filter(Boolean);
    history.replaceState(null, "", codes.length ? "?c=" + codes.join(",") : location.pathname);
    result.textContent = "";
    if (!codes.length) return;
    var table = document.createElement("table");
    var caption = table.createCaption();
    caption.textContent = "各指標の最新の版の数値 / each indicator's latest figures";
    var head = table.createTHead().insertRow();
    var th = document.createElement("th");
    th.scope = "col";
    th.textContent = "指標 (版・時点) / indicator";
    head.appendChild(th);
    codes.forEach(function (c) {
      var h = document.createElement("th");
      h.scope = "col";
      var a = document.createElement("a");
      a.href = "m/" + c + ".html";
      a.textContent = data.n[c];
      h.appendChild(a);
      head.appendChild(h);
    });
    var body = table.createTBody();
    data.i.forEach(function (ind, k) {
      var row = body.insertRow();
      var h = document.createElement("th");
      h.scope = "row";
      h.textContent = ind.t + ": " + ind.f + " (" + ind.e + "、" + ind.d + ")";
      row.appendChild(h);
      codes.forEach(function (c) {
        var td = row.insertCell();
        var v = data.v[c][k];
        td.textContent = v === null ? "—" : v;
        td.className = "num";
      });
    });
    var box = document.createElement("div");
    box.className = "scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "比較 / comparison");
    box.appendChild(table);
    result.appendChild(box);
  }
  inputs.forEach(function (i) { i.addEventListener("change", render); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); render(); });
  fetch("compare.json").then(function (r) { return r.json(); }).then(function (d) {
    data = d;
    var q = /[?&]c=([0-9,]+)/.exec(location.search);
    if (q) q[1].split(",").slice(0, 5).forEach(function (c, k) {
      if (data.v[c]) inputs[k].value = data.n[c] + " " + c;
    });
    render();
  }).catch(function () {
    result.textContent = "比較の数値を読めませんでした (サイトをフォルダから開いていませんか)。 The figures could not be loaded.";
  });
})();
