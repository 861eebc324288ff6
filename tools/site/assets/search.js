// The search of the home page: every municipality from search.json (built
// with the site), matched by name (with or without the prefecture, with
// its county or island, variants such as 檮/梼 or ヶ/ケ made one), reading
// in hiragana or katakana, romaji (Hepburn or Kunrei, macrons and long
// vowels optional, the prefecture before the name) or code (five digits
// are also a code that lost its leading zero). The keys of each
// municipality are made in Go (tools/site/search.go, whose tests run the
// same rules); this script brings what is typed to their form. No request
// leaves the site.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !window.fetch) return;
  var entries = null;
  var variants = {};
  var LIMIT = 50;
  // A county before a town or village: also tried without it, for an exact
  // match only (大和郡山市 must not become 山市).
  var COUNTY = /^((?:.*?[都道府県])?)[^都道府県郡]+郡(.+)$/;

  function kana(s) {
    s = s.normalize("NFKC").toLowerCase().replace(/[\s\u3000・･]/g, "");
    s = s.replace(/[\u3041-\u3096]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) + 0x60);
    });
    return s.replace(/[^\x00-\x7f]/g, function (c) { return variants[c] || c; });
  }
  function plain(s) {
    return s.normalize("NFKD").toLowerCase().replace(/[\u0300-\u036f]/g, "");
  }
  function romaji(s) {
    s = plain(s).replace(/[^a-z]/g, "");
    return s
      .replace(/sy([aueo])/g, "sh$1").replace(/si/g, "shi")
      .replace(/ty([aueo])/g, "ch$1").replace(/ti/g, "chi").replace(/tu/g, "tsu")
      .replace(/zy([aueo])/g, "j$1").replace(/jy([aueo])/g, "j$1").replace(/zi/g, "ji").replace(/di/g, "ji").replace(/du/g, "zu")
      .replace(/(^|[^sc])hu/g, "$1fu")
      .replace(/m([bmp])/g, "n$1").replace(/nn/g, "n")
      .replace(/ou/g, "o").replace(/oo/g, "o").replace(/uu/g, "u").replace(/aa/g, "a").replace(/ii/g, "i").replace(/ee/g, "e");
  }
  function score(e, q, qr, noCounty, digits) {
    if (digits) {
      if (q.length === 5 && "0" + q === e.c) return 2;
      return e.c.indexOf(q) === 0 ? 1 : 0;
    }
    var best = 0;
    function match(keys, q) {
      keys.forEach(function (n) {
        if (n === q) best = Math.max(best, 4);
        else if (n.indexOf(q) === 0) best = Math.max(best, 3);
        else if (n.indexOf(q) >= 0) best = Math.max(best, 2);
      });
    }
    match(e.s, q);
    if (noCounty && e.s.indexOf(noCounty) >= 0) best = 4;
    if (qr) match(e.rs, qr);
    return best;
  }
  function show() {
    var raw = input.value;
    var q = kana(raw);
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    if (!entries) { status.textContent = "読み込み中… Loading…"; return; }
    var digits = /^[0-9]+$/.test(q);
    var qr = /^[a-z'\- ]+$/.test(plain(raw).trim()) ? romaji(raw) : "";
    var m = COUNTY.exec(q);
    var noCounty = m ? m[1] + m[2] : "";
    var hits = [];
    entries.forEach(function (e) {
      var s = score(e, q, qr, noCounty, digits);
      if (s > 0) hits.push({ e: e, s: s });
    });
    hits.sort(function (a, b) { return b.s - a.s || (a.e.c < b.e.c ? -1 : 1); });
    hits.slice(0, LIMIT).forEach(function (h) {
      var e = h.e;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.n + "（" + e.p + "）";
      var small = document.createElement("small");
      small.textContent = " " + e.k + " · ";
      var en = document.createElement("span");
      en.lang = "en";
      en.textContent = e.r;
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
  // Enter opens the first municipality found.
  document.getElementById("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    show();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  fetch("search.json").then(function (r) { return r.json(); }).then(function (data) {
    variants = data.v;
    entries = data.e;
    show();
  }).catch(function () {
    status.textContent = "検索の索引を読めませんでした。都道府県から選んでください。 The search index could not be loaded; choose a prefecture.";
  });
})();
