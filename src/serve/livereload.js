/* Trailhead preview: live reload and the error overlay. Served by `trailhead serve` only;
 * never part of a built site. No storage, no requests beyond this preview server. */
(function () {
  "use strict";
  var here = location.pathname.replace(/index\.html$/, "");
  var overlay = null;
  var retry = 250;

  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__trailhead/livereload");
    ws.onopen = function () { retry = 250; };
    ws.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "reload") {
        hideOverlay();
        if (msg.paths.indexOf(here) !== -1) location.reload();
      } else if (msg.type === "css") {
        hideOverlay();
        swapStyles(msg.paths);
      } else if (msg.type === "error") {
        showOverlay(msg.diagnostics);
      } else if (msg.type === "ok") {
        hideOverlay();
      }
    };
    ws.onclose = function () {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 4000);
    };
  }

  // A changed stylesheet is swapped in place: no reload, scroll and focus stay.
  function swapStyles(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(url.pathname) === -1) continue;
      var fresh = link.cloneNode();
      url.searchParams.set("trailhead-reload", String(Date.now()));
      fresh.href = url.pathname + url.search;
      fresh.addEventListener("load", removeLater(link));
      link.parentNode.insertBefore(fresh, link.nextSibling);
    }
  }

  function removeLater(link) {
    return function () { if (link.parentNode) link.parentNode.removeChild(link); };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ensureStyle() {
    if (document.getElementById("trailhead-overlay-style")) return;
    var link = el("link");
    link.id = "trailhead-overlay-style";
    link.rel = "stylesheet";
    link.href = "/__trailhead/overlay.css";
    document.head.appendChild(link);
  }

  function showOverlay(diagnostics) {
    ensureStyle();
    hideOverlay();
    overlay = el("div", "trailhead-overlay");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "trailhead-overlay-title");
    overlay.setAttribute("aria-describedby", "trailhead-overlay-intro");
    overlay.tabIndex = -1;
    var box = el("div", "trailhead-overlay-box");
    var title = el("h2", "trailhead-overlay-title", diagnostics.length === 1 ? "The site could not be updated: 1 problem" : "The site could not be updated: " + diagnostics.length + " problems");
    title.id = "trailhead-overlay-title";
    var intro = el("p", "trailhead-overlay-intro", "You are looking at the last version that worked. Fix the problem below and save the file; this message goes away by itself.");
    intro.id = "trailhead-overlay-intro";
    box.appendChild(title);
    box.appendChild(intro);
    var list = el("ol", "trailhead-overlay-list");
    diagnostics.forEach(function (d) {
      var item = el("li");
      var where = d.file ? d.file + (d.line ? ":" + d.line + (d.col ? ":" + d.col : "") : "") : "";
      if (where) item.appendChild(el("p", "trailhead-overlay-where", where));
      item.appendChild(el("p", "trailhead-overlay-message", d.message));
      if (d.snippet) item.appendChild(el("pre", "trailhead-overlay-snippet", d.snippet));
      if (d.hint) item.appendChild(el("p", "trailhead-overlay-hint", "How to fix it: " + d.hint));
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = el("button", "trailhead-overlay-close", "Hide this message");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    overlay.focus();
  }

  function hideOverlay() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && overlay) hideOverlay(); });
  connect();
})();
