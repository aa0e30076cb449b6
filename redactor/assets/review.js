
(function () {
  "use strict";
  var root = document.getElementById("review");
  var form = document.getElementById("filters");
  if (!root || !form) { return; }
  var counts = JSON.parse(form.getAttribute("data-counts") || "[]");
  var step = parseInt(form.getAttribute("data-step"), 10);
  var steps = parseInt(form.getAttribute("data-steps"), 10);
  var boxes = form.querySelectorAll("input[data-k]");
  var kept = document.getElementById("f-kept");
  var below = document.getElementById("f-below");
  var shown = document.getElementById("shown");
  var total = 0;
  counts.forEach(function (c) { total += c[3]; });
  function apply() {
    var hide = [];
    var off = {};
    boxes.forEach(function (box) {
      var k = box.getAttribute("data-k");
      if (!box.checked) { hide.push("hk" + k); off[k] = true; }
    });
    var t = parseInt(below.value, 10);
    for (var s = 0; s < steps; s++) { if (s * step >= t) { hide.push("hs" + s); } }
    if (!kept.checked) { hide.push("hkept"); }
    root.className = hide.join(" ");
    var n = 0;
    counts.forEach(function (c) {
      if (!off[String(c[0])] && c[1] * step < t && (kept.checked || !c[2])) { n += c[3]; }
    });
    shown.textContent = "Showing " + n.toLocaleString("en-GB") + " of " + total.toLocaleString("en-GB") + " highlights.";
  }
  function setAll(on) { boxes.forEach(function (box) { box.checked = on; }); apply(); }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  document.getElementById("f-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("f-none").addEventListener("click", function () { setAll(false); });
  apply();
})();
