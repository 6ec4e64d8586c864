// newsledger web UI: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Article page: hovering or following a fact in the side list lights its span in the text.
  function spansOf(id) {
    return document.querySelectorAll('#article-text .fact[data-facts~="' + CSS.escape(id) + '"]');
  }
  function flash(id, on) {
    spansOf(id).forEach(function (el) { el.classList.toggle("flash", on); });
  }
  document.querySelectorAll("aside.facts li[data-target]").forEach(function (li) {
    var id = li.getAttribute("data-target");
    li.addEventListener("mouseenter", function () { flash(id, true); });
    li.addEventListener("mouseleave", function () { flash(id, false); });
  });
  // Clicking a fact in the text shows its entries in the side list.
  var text = document.getElementById("article-text");
  if (text) {
    text.addEventListener("click", function (event) {
      var el = event.target.closest(".fact");
      if (!el) return;
      document.querySelectorAll("aside.facts li.active").forEach(function (li) { li.classList.remove("active"); });
      var first = null;
      el.getAttribute("data-facts").split(" ").forEach(function (id) {
        var li = document.getElementById("list-" + id);
        if (li) { li.classList.add("active"); first = first || li; }
      });
      if (first) first.scrollIntoView({ block: "nearest" });
    });
  }
  function flashHash() {
    var id = decodeURIComponent(location.hash.replace(/^#f-/, ""));
    if (!id || id === location.hash) return;
    flash(id, true);
    setTimeout(function () { flash(id, false); }, 1600);
  }
  window.addEventListener("hashchange", flashHash);
  flashHash();

  // Network: hovering an actor dims everything not tied to it.
  var svg = document.getElementById("network");
  if (svg) {
    svg.querySelectorAll(".node").forEach(function (node) {
      var key = node.getAttribute("data-key");
      node.addEventListener("mouseenter", function () {
        svg.classList.add("focus");
        node.classList.add("lit");
        svg.querySelectorAll(".edge").forEach(function (edge) {
          var s = edge.getAttribute("data-source"), t = edge.getAttribute("data-target");
          if (s === key || t === key) {
            edge.classList.add("lit");
            svg.querySelectorAll(".node").forEach(function (n) {
              var k = n.getAttribute("data-key");
              if (k === s || k === t) n.classList.add("lit");
            });
          }
        });
      });
      node.addEventListener("mouseleave", function () {
        svg.classList.remove("focus");
        svg.querySelectorAll(".lit").forEach(function (el) { el.classList.remove("lit"); });
      });
    });
  }
})();
