// The search of the home page: every municipality from search.json (built
// with the site), matched by name (with or without the prefecture), reading
// in hiragana or katakana, romaji (Hepburn or Kunrei, long vowels optional)
// or code. No request leaves the site.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !window.fetch) return;
  var entries = null;
  var LIMIT = 50;

  function kana(s) {
    s = s.normalize("NFKC").toLowerCase().replace(/[\s\u3000・･]/g, "");
    return s.replace(/[\u3041-\u3096]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) + 0x60);
    });
  }
  function romaji(s) {
    s = s.normalize("NFKD").toLowerCase().replace(/[\u0300-\u036f]/g, "").replace(/[^a-z]/g, "");
    return s
      .replace(/sy([aueo])/g, "sh$1").replace(/si/g, "shi")
      .replace(/ty([aueo])/g, "ch$1").replace(/ti/g, "chi").replace(/tu/g, "tsu")
      .replace(/zy([aueo])/g, "j$1").replace(/jy([aueo])/g, "j$1").replace(/zi/g, "ji").replace(/di/g, "ji").replace(/du/g, "zu")
      .replace(/(^|[^sc])hu/g, "$1fu")
      .replace(/m([bmp])/g, "n$1").replace(/nn/g, "n")
      .replace(/ou/g, "o").replace(/oo/g, "o").replace(/uu/g, "u").replace(/aa/g, "a").replace(/ii/g, "i").replace(/ee/g, "e");
  }
  function prepare(data) {
    return data.map(function (e) {
      return {
        e: e,
        names: [kana(e.n), kana(e.p + e.n), kana(e.k), kana(e.pk + e.k)],
        rom: [romaji(e.r), romaji(e.pr + e.r)]
      };
    });
  }
  function score(x, q, qr, digits) {
    if (digits) {
      return x.e.c.indexOf(q) === 0 ? 1 : 0;
    }
    var best = 0;
    x.names.forEach(function (n) {
      if (n === q) best = Math.max(best, 4);
      else if (n.indexOf(q) === 0) best = Math.max(best, 3);
      else if (n.indexOf(q) >= 0) best = Math.max(best, 2);
    });
    if (qr) {
      x.rom.forEach(function (n) {
        if (n === qr) best = Math.max(best, 4);
        else if (n.indexOf(qr) === 0) best = Math.max(best, 3);
        else if (n.indexOf(qr) >= 0) best = Math.max(best, 2);
      });
    }
    return best;
  }
  function show() {
    var raw = input.value;
    var q = kana(raw);
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    if (!entries) { status.textContent = "読み込み中… Loading…"; return; }
    var digits = /^[0-9]+$/.test(q);
    var qr = /^[a-z'\- ]+$/.test(raw.normalize("NFKC").toLowerCase().trim()) ? romaji(raw) : "";
    var hits = [];
    entries.forEach(function (x) {
      var s = score(x, q, qr, digits);
      if (s > 0) hits.push({ x: x, s: s });
    });
    hits.sort(function (a, b) { return b.s - a.s || (a.x.e.c < b.x.e.c ? -1 : 1); });
    hits.slice(0, LIMIT).forEach(function (h) {
      var e = h.x.e;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.n + "（" + e.p + "）";
      var small = document.createElement("small");
      small.textContent = " " + e.k + " · ";
      var en = document.createElement("span");
      en.lang = "en";
      en.textContent = e.r.charAt(0).toUpperCase() + e.r.slice(1);
      small.appendChild(en);
      small.appendChild(document.createTextNode(" · " + e.c));
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
    });
    if (hits.length === 0) status.textContent = "見つかりません。 No municipality found.";
    else if (hits.length > LIMIT) status.textContent = hits.length + " 件 (最初の " + LIMIT + " 件を表示)。 " + hits.length + " found; the first " + LIMIT + " shown.";
    else status.textContent = hits.length + " 件 / " + hits.length + " found";
  }
  input.addEventListener("input", show);
  // Enter goes to the first municipality found.
  document.getElementById("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  fetch("search.json").then(function (r) { return r.json(); }).then(function (data) {
    entries = prepare(data);
    show();
  }).catch(function () {
    status.textContent = "検索の索引を読めませんでした。都道府県から選んでください。 The search index could not be loaded; choose a prefecture.";
  });
})();
