// The live part of the preview. The page works without this script; with it, a save
// in the editor swaps in only the parts of the page that changed, keeping the
// scroll position and keyboard focus, and outlines the rows that changed.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="easyread-version"]');
  if (!meta || !window.EventSource) return;
  var UNITS = ".row, h1, h2, h3";
  var cssNode = document.getElementById("document-css");

  function flash(node) {
    var unit = node.nodeType === 1 ? (node.matches(UNITS) ? node : node.closest(UNITS)) : null;
    if (!unit) return;
    unit.classList.add("just-changed");
    setTimeout(function () { unit.classList.remove("just-changed"); }, 2500);
  }

  function syncAttributes(to, from) {
    var i, name;
    for (i = to.attributes.length - 1; i >= 0; i--) {
      name = to.attributes[i].name;
      if (!from.hasAttribute(name)) to.removeAttribute(name);
    }
    for (i = 0; i < from.attributes.length; i++) {
      if (to.getAttribute(from.attributes[i].name) !== from.attributes[i].value) to.setAttribute(from.attributes[i].name, from.attributes[i].value);
    }
  }

  // Make the children of `old` equal to those of `fresh`, touching as little as possible:
  // equal nodes are kept, one inserted or removed node is spotted, similar elements are
  // morphed in place, anything else is replaced.
  function morph(old, fresh) {
    var a = old.firstChild, b = fresh.firstChild, nextB, nextA;
    while (b) {
      nextB = b.nextSibling;
      if (!a) { old.appendChild(b); flash(b); b = nextB; continue; }
      if (a.isEqualNode(b)) { a = a.nextSibling; b = nextB; continue; }
      if (nextB && a.isEqualNode(nextB)) { old.insertBefore(b, a); flash(b); b = nextB; continue; }
      nextA = a.nextSibling;
      if (nextA && nextA.isEqualNode(b)) { old.removeChild(a); a = nextA; continue; }
      if (a.nodeType === 1 && b.nodeType === 1 && a.tagName === b.tagName && a.id === b.id) {
        syncAttributes(a, b);
        morph(a, b);
        if (a.matches(UNITS)) flash(a);
        a = a.nextSibling; b = nextB; continue;
      }
      if (a.nodeType === 3 && b.nodeType === 3) { a.nodeValue = b.nodeValue; flash(a.parentNode); a = a.nextSibling; b = nextB; continue; }
      old.replaceChild(b, a); flash(b); a = b.nextSibling; b = nextB;
    }
    while (a) { nextA = a.nextSibling; old.removeChild(a); a = nextA; }
  }

  function apply(data) {
    Array.prototype.forEach.call(document.querySelectorAll(".just-changed"), function (node) { node.classList.remove("just-changed"); });
    if (cssNode && cssNode.textContent !== data.css) cssNode.textContent = data.css;
    Object.keys(data.parts).forEach(function (id) {
      var target = document.getElementById(id);
      if (!target) return;
      var fresh = document.createElement(target.tagName);
      fresh.innerHTML = data.parts[id];
      morph(target, fresh);
    });
    fit();
    meta.content = data.version;
    document.documentElement.setAttribute("data-version", data.version);
    if (data.title) document.title = "Preview: " + data.title;
  }

  // Fit the sheet of paper to the window (print size when there is room). Narrow
  // screens reflow the words instead (see studio.css), so no zoom there.
  function fit() {
    var paper = document.querySelector("#paper .paper"), frame = document.getElementById("document");
    if (!paper || !frame) return;
    paper.style.zoom = "";
    if (window.matchMedia("(max-width: 56rem)").matches) return;
    var wide = paper.offsetWidth, room = frame.clientWidth - 8;
    paper.style.zoom = wide > room ? String(Math.max(0.4, room / wide)) : "1";
  }
  window.addEventListener("resize", fit);
  fit();

  var events = new EventSource("/events?v=" + encodeURIComponent(meta.content));
  events.addEventListener("view", function (event) { apply(JSON.parse(event.data)); });
  events.addEventListener("error", function () {
    var status = document.querySelector("#status .status-line");
    if (status && events.readyState !== EventSource.OPEN) status.textContent = "The preview server is not answering. Is easyread preview still running?";
  });
  document.documentElement.setAttribute("data-live", "yes");
})();
