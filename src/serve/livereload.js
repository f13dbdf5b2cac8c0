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
        if (msg.paths.indexOf(here) !== -1) refresh();
        // A stylesheet edit that came in one rebuild with other edits.
        swapStyles(msg.paths);
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

  // Scripts known to cope with their page's body being replaced (they delegate their events
  // and look elements up when needed). Any other script means a full reload.
  var SWAP_SAFE = /\/(quick-exit\.js|__trailhead\/livereload\.js)$/;

  function scriptsOf(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("script[src]"), function (s) {
      return new URL(s.getAttribute("src"), location.href).pathname;
    });
  }

  function headWithoutTitle(doc) {
    var head = doc.head.cloneNode(true);
    var drop = head.querySelectorAll("title, #trailhead-overlay-style");
    for (var i = 0; i < drop.length; i++) drop[i].parentNode.removeChild(drop[i]);
    return head.innerHTML.replace(/\s+/g, " ");
  }

  // The new page is fetched and its body put in place of the old one: faster than a reload,
  // and the scroll position and open <details> stay as they were where nothing moved. When
  // the page's head or scripts changed, or anything goes wrong, the page reloads instead.
  function refresh() {
    fetch(location.pathname, { cache: "no-store" })
      .then(function (res) {
        if (!res.ok) throw new Error("status " + res.status);
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var scripts = scriptsOf(doc).concat(scriptsOf(document));
        var safe = scripts.every(function (p) { return SWAP_SAFE.test(p); });
        if (!safe || headWithoutTitle(doc) !== headWithoutTitle(document)
            || doc.documentElement.lang !== document.documentElement.lang) {
          location.reload();
          return;
        }
        var open = Array.prototype.map.call(document.querySelectorAll("details"), function (d) { return d.open; });
        var x = window.scrollX, y = window.scrollY;
        document.title = doc.title;
        document.body.replaceWith(document.adoptNode(doc.body));
        var details = document.querySelectorAll("details");
        if (details.length === open.length) {
          for (var i = 0; i < details.length; i++) details[i].open = open[i];
        }
        window.scrollTo(x, y);
        if (overlay) document.body.appendChild(overlay);
        document.dispatchEvent(new CustomEvent("trailhead:refreshed"));
      })
      .catch(function () { location.reload(); });
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
