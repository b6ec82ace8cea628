// Live preview of a notification template (internal/notify, template_edit.html):
// as the administrator types, the text is rendered with the sample data by
// POST /quan-tri/mau-thong-bao/xem-truoc and shown with its SMS segment count.
// Without JavaScript the "Xem trước" button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("tpl-form");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var timer = null;
  var seq = 0;
  function show(p) {
    var subject = document.getElementById("preview-subject");
    if (subject) {
      subject.textContent = p.subject;
    }
    var body = document.getElementById("preview-body");
    body.replaceChildren();
    (p.body || "").split("\n").forEach(function (line) {
      var el = document.createElement("p");
      el.textContent = line;
      body.appendChild(el);
    });
    var seg = document.getElementById("preview-segments");
    if (seg) {
      seg.replaceChildren();
      var strong = document.createElement("strong");
      strong.textContent = p.summary;
      seg.appendChild(strong);
    }
    var err = document.getElementById("preview-error");
    var msgs = [];
    Object.keys(p.errors || {}).forEach(function (k) { msgs.push(p.errors[k]); });
    err.textContent = msgs.join(" ");
    err.hidden = msgs.length === 0;
  }
  function update() {
    var data = new URLSearchParams();
    data.set("event", form.dataset.event);
    data.set("channel", form.dataset.channel);
    var subject = form.elements.namedItem("subject");
    if (subject) {
      data.set("subject", subject.value);
    }
    data.set("body", form.elements.namedItem("body").value);
    var mine = ++seq;
    fetch("/quan-tri/mau-thong-bao/xem-truoc", {
      method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (p) {
      if (p && mine === seq) {
        show(p);
      }
    }).catch(function () { /* keep the last preview */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
})();
