// Search-as-you-type for the procedure search box (progressive enhancement:
// without this script the form still works). Served from the site itself
// (CSP script-src 'self'); it calls the public catalog API and lists up to
// eight procedures under the box, in a polite live region, as links that
// Tab reaches after the box.
(function () {
  "use strict";
  var box = document.getElementById("q");
  var form = box && box.form;
  if (!box || !form || !window.fetch) { return; }
  var list = document.createElement("ul");
  list.id = "goi-y";
  list.className = "results catalog-suggest";
  list.setAttribute("aria-live", "polite");
  list.setAttribute("aria-label", document.documentElement.lang === "en" ? "Suggestions" : "Gợi ý");
  form.appendChild(list);
  var timer = 0, seq = 0;
  function show(items, q) {
    list.textContent = "";
    if (!q) { return; }
    items.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/thu-tuc/" + encodeURIComponent(p.code);
      a.textContent = p.name;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " · " + p.code + " · " + p.field.name;
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    var q = box.value.trim();
    if (q.length < 2) { show([], ""); return; }
    timer = setTimeout(function () {
      var mine = ++seq;
      fetch("/api/v1/procedures?per_page=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { if (mine === seq) { show(body.items || [], q); } })
        .catch(function () {});
    }, 200);
  });
})();
