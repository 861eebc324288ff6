// Every table can be downloaded as CSV: a button in its caption builds
// the file from the table as shown (UTF-8 with a BOM, so that Excel reads
// the Japanese; cells without data are empty). No request is made.
(function () {
  "use strict";
  function text(cell) {
    if (cell.classList.contains("na")) return "";
    var clone = cell.cloneNode(true);
    clone.querySelectorAll(".vh, button").forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }
  function quote(s) {
    // A cell that a spreadsheet would run as a formula gets a leading '.
    if (/^[=+\-@\t\r]/.test(s) && !/^-?[0-9.]+$/.test(s)) s = "'" + s;
    return '"' + s.replace(/"/g, '""') + '"';
  }
  var n = 0;
  document.querySelectorAll("table").forEach(function (table) {
    var caption = table.caption;
    if (!caption) return;
    n++;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "csv";
    button.textContent = "CSV";
    button.setAttribute("aria-label", "この表を CSV でダウンロード / download this table as CSV");
    caption.appendChild(document.createTextNode(" "));
    caption.appendChild(button);
    var name = (document.location.pathname.split("/").pop() || "index.html").replace(/\.html$/, "") + "-" + n + ".csv";
    button.addEventListener("click", function () {
      var lines = [];
      Array.prototype.forEach.call(table.rows, function (row) {
        lines.push(Array.prototype.map.call(row.cells, function (c) { return quote(text(c)); }).join(","));
      });
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
  });
})();
