/* Trailhead site search: the search page. Our own small client: no dependencies, no build
 * step, a classic script, after search-index.js (the index: loading, words, ranking).
 * - Results as the reader types, for as few bytes as it can: a keystroke shows at once what
 *   the files already loaded can answer; anything that needs a file waits until typing pauses
 *   (pause(): 90–160 ms, by the reader's pace), so a word typed key by key fetches its files
 *   once. Pasting, the button and a query from the header box search at once.
 * - Forgiving: a corrected typo says "Showing results for …"; pages with only some of the
 *   words come after those with all, each saying what it lacks; no results offers the closest
 *   words of the site; a query (or its correction) with a crisis phrase shows the crisis lines.
 * - Privacy: typing never changes the address, nothing is stored (no cookies, no Web Storage),
 *   and every file comes from this site. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || !window.TrailheadSearchIndex) return;
  var engine = window.TrailheadSearchIndex;
  var index = engine.open(box.getAttribute("data-index") || "search/");
  var words = engine.words, fold = engine.fold, NEED = engine.NEED;
  // The words, in the page's language, come from the search box's data attributes.
  function label(name, fallback) { return box.getAttribute("data-" + name) || fallback; }
  function fill(text, args) {
    Object.keys(args).forEach(function (k) { text = text.replace("{" + k + "}", String(args[k])); });
    return text;
  }
  var root = box.getAttribute("data-root") || "/";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var suggestEl = document.getElementById("search-suggest");
  var filtersEl = document.getElementById("search-filters");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 5;
  // Milliseconds without a keystroke before a query may load files: half as long again as the
  // reader's usual time between keys, from PAUSE to MAX_PAUSE.
  var PAUSE = 90, MAX_PAUSE = 160;

  document.getElementById("search-nojs").hidden = true;
  form.hidden = false;

  var manifest = null;
  var facets = null;
  function init() {
    return index.init().then(function (m) {
      if (manifest) return manifest;
      manifest = m;
      // Facets: the section of each document comes from its id range; taxonomy terms come
      // with f.js (loadFacets).
      facets = [{ key: "section", title: label("section", "Section"), values: m.sections.map(function (s) { return s[0]; }) }];
      var sectionOf = new Int32Array(m.n);
      m.sections.forEach(function (s, i) { for (var d = s[1]; d < s[2]; d++) sectionOf[d] = i; });
      facets[0].of = function (d) { return [sectionOf[d]]; };
      return m;
    });
  }
  var facetsLoaded = null, facetsReady = false;
  function loadFacets() {
    return facetsLoaded || (facetsLoaded = index.load("f").then(function (f) {
      facetsReady = true;
      manifest.taxonomies.forEach(function (t, ti) {
        var of = [];
        // A term's documents: a Rice list, or [list, runs] where runs are first, last pairs.
        f[ti].forEach(function (v, te) {
          function add(d) { (of[d] || (of[d] = [])).push(te); }
          if (typeof v === "string") v = [v];
          engine.riceList(v[0], 0).ids.forEach(add);
          var r = v[1] ? engine.riceList(v[1], 0).ids : [];
          for (var i = 0; i < r.length; i += 2) for (var d = r[i]; d <= r[i + 1]; d++) add(d);
        });
        facets.push({ key: "t" + ti, title: t[1], values: t[2], of: function (d) { return of[d] || []; } });
      });
    }));
  }
  /* ---- Rendering ---- */
  var state = { q: "", result: null, selected: {}, shown: PAGE, suggestions: [] };

  function passes(d, except) {
    for (var i = 0; i < facets.length; i++) {
      var f = facets[i], sel = state.selected[f.key];
      if (f.key === except || sel === undefined) continue;
      if (f.of(d).indexOf(sel) < 0) return false;
    }
    return true;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function href(url) {
    return location.protocol === "file:" ? root + url.replace(/^\//, "") + "index.html" : url;
  }

  /* Text with the matched words in <mark>, cut to about `max` characters around the first. */
  var WORD = /[\p{L}\p{N}]+(?:['\u2019\u02bc.][\p{L}\p{N}]+)*/gu;
  function marked(text, marks, max) {
    var spans = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) if (marks.has(fold(m[0]))) spans.push([m.index, m.index + m[0].length]);
    var start = 0, end = text.length;
    if (text.length > max) {
      if (spans.length && spans[0][1] > max - 20) start = text.lastIndexOf(" ", Math.max(0, spans[0][0] - 40)) + 1;
      end = Math.min(text.length, start + max);
      if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), start + 1);
    }
    var frag = document.createDocumentFragment(), at = start;
    if (start > 0) frag.appendChild(document.createTextNode("…"));
    spans.forEach(function (s) {
      if (s[0] < at || s[1] > end) return;
      frag.appendChild(document.createTextNode(text.slice(at, s[0])));
      frag.appendChild(el("mark", null, text.slice(s[0], s[1])));
      at = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) frag.appendChild(document.createTextNode("…"));
    return { node: frag, hits: spans.length };
  }

  function quoted(ws) { return ws.map(function (w) { return "“" + w + "”"; }).join(", "); }

  function resultItem(d, rec, r) {
    var li = el("li");
    var h = el("h2");
    var a = el("a", null, rec[1]);
    a.href = href(rec[0]);
    h.appendChild(a);
    li.appendChild(h);
    var meta = [manifest.sections[rec[2]][0]];
    rec[3].forEach(function (terms, ti) {
      terms.forEach(function (te) { meta.push(manifest.taxonomies[ti][2][te]); });
    });
    li.appendChild(el("p", "meta", meta.join(" · ")));
    if (rec[6]) {
      // A story with content notes: its note and the editor's summary, never its body.
      li.appendChild(el("p", "search-note", rec[6]));
      if (rec[4]) li.appendChild(el("p", null, rec[4]));
    } else {
      var text = marked(rec[4], r.marks, 220);
      var heads = rec[5] ? marked(rec[5], r.marks, 160) : null;
      var p = el("p", "search-excerpt");
      p.appendChild(text.hits || !heads || !heads.hits ? text.node : heads.node);
      li.appendChild(p);
    }
    var lacks = r.lacks(d);
    if (lacks && lacks.length) li.appendChild(el("p", "search-missing", fill(label("missing", "Missing: {words}"), { words: quoted(lacks) })));
    return li;
  }

  function renderFilters(docs) {
    var focused = document.activeElement && document.activeElement.getAttribute("data-facet");
    var focusedValue = focused && document.activeElement.getAttribute("data-value");
    filtersEl.textContent = "";
    var any = false;
    facets.forEach(function (f) {
      var counts = {};
      docs.forEach(function (d) {
        if (!passes(d, f.key)) return;
        f.of(d).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var sel = state.selected[f.key];
      var values = Object.keys(counts).map(Number);
      if (sel !== undefined && !counts[sel]) values.push(sel);
      if (values.length < 2 && sel === undefined) return;
      values.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || (f.values[a] < f.values[b] ? -1 : 1); });
      values = values.slice(0, 12);
      if (sel !== undefined && values.indexOf(sel) < 0) values.push(sel);
      var group = el("div", "search-facet");
      group.setAttribute("role", "group");
      var name = el("span", "search-facet-name", f.title);
      name.id = "search-facet-" + f.key;
      group.setAttribute("aria-labelledby", name.id);
      group.appendChild(name);
      values.forEach(function (v) {
        var b = el("button", null, f.values[v] + " ");
        b.type = "button";
        b.setAttribute("aria-pressed", sel === v ? "true" : "false");
        b.setAttribute("data-facet", f.key);
        b.setAttribute("data-value", String(v));
        b.appendChild(el("span", "count", "(" + (counts[v] || 0) + ")"));
        b.addEventListener("click", function () {
          if (state.selected[f.key] === v) delete state.selected[f.key];
          else state.selected[f.key] = v;
          state.shown = PAGE;
          render(true, {});
        });
        group.appendChild(b);
        if (focused === f.key && focusedValue === String(v)) setTimeout(function () { b.focus(); }, 0);
      });
      filtersEl.appendChild(group);
      any = true;
    });
    filtersEl.hidden = !any;
  }

  /* "Did you mean": buttons that search for the site's closest words. */
  function renderSuggestions() {
    suggestEl.textContent = "";
    suggestEl.hidden = !state.suggestions.length;
    if (!state.suggestions.length) return;
    suggestEl.appendChild(el("span", null, label("suggest", "Did you mean:") + " "));
    state.suggestions.forEach(function (s) {
      var b = el("button", "search-suggestion", s);
      b.type = "button";
      b.addEventListener("click", function () {
        input.value = s;
        input.focus();
        search(s);
      });
      suggestEl.appendChild(b);
    });
  }

  /* What the status says: how many results, and how they were found. */
  function said(r, n, full, filtered) {
    var q = state.q.trim();
    if (n === 0) return fill(label("none", "No results for “{q}”{filtered}. Try fewer or different words."), { q: q, filtered: filtered });
    var parts = [];
    if (r.corrected) parts.push(fill(label("corrected", "Showing results for {word}"), { word: "“" + r.corrected + "”" }) + ".");
    parts.push(fill(label(n === 1 ? "results-one" : "results-other", "{n} results for “{q}”{filtered}"), { n: n, q: q, filtered: filtered }) + ".");
    if (r.unknown.length) parts.push(fill(label("unknown", "No page mentions {words}."), { words: quoted(r.unknown) }));
    else if (!full) parts.push(label("partial", "No page has every word; these have some of them."));
    else if (n > full) parts.push(fill(label("some", "{n} of them have only some of the words."), { n: n - full }));
    return parts.join(" ");
  }

  /* Shows state.result. With ctx.offline, fails with NEED rather than load stored fields. */
  var renderSeq = 0;
  function render(announce, ctx) {
    var seq = ++renderSeq;
    var r = state.result;
    if (!r) {
      list.textContent = "";
      filtersEl.hidden = true;
      more.hidden = true;
      state.suggestions = [];
      renderSuggestions();
      status.textContent = state.q.trim() ? label("typing", "Keep typing…") : "";
      return Promise.resolve();
    }
    var docs = r.ranked.filter(function (d) { return passes(d); });
    var page = docs.slice(0, state.shown);
    var chunks = {};
    page.forEach(function (d) { chunks[Math.floor(d / manifest.chunk)] = 1; });
    return Promise.all(Object.keys(chunks).map(function (c) { return index.need(ctx, "d" + c); })).then(function () {
      if (seq !== renderSeq) return;
      renderFilters(r.ranked);
      list.textContent = "";
      page.forEach(function (d) {
        var rec = index.data("d" + Math.floor(d / manifest.chunk))[d % manifest.chunk];
        list.appendChild(resultItem(d, rec, r));
      });
      more.hidden = docs.length <= page.length;
      renderSuggestions();
      if (!facetsReady && !ctx.offline) loadFacets().then(function () { if (seq === renderSeq) renderFilters(r.ranked); }, function () {});
      var filtered = Object.keys(state.selected).length ? label("filtered", " (filtered)") : "";
      var full = docs.filter(function (d) { return !r.lacks(d); }).length;
      var text = said(r, docs.length, full, filtered);
      if (announce || status.textContent !== text) status.textContent = text;
      box.setAttribute("data-rendered", String(seq));
    });
  }

  // Crisis help first: a query that says someone may be in danger shows the crisis lines above
  // the results at once, before the index has loaded. The phrases come from the page's words.
  var crisisBox = document.getElementById("search-crisis");
  var crisisPhrases = (box.getAttribute("data-crisis") || "").split("|")
    .map(function (p) { return words(fold(p)).join(" "); })
    .filter(function (p) { return p.length > 0; });
  // A phrase's words match the query's in a row, each a word of four letters or more allowed
  // a typo (two from eight letters; a short word keeps its first letter): "sucidal".
  function near(a, b) {
    var max = b.length < 4 ? 0 : b.length <= 7 ? 1 : 2;
    if (a === b) return true;
    if (!max || (b.length <= 5 && a.charAt(0) !== b.charAt(0))) return false;
    return engine.distance(a, b, max) <= max;
  }
  function crisisCheck(q, corrected) {
    var ws = words(fold(q)).concat([""], corrected ? corrected.split(" ") : []);
    var crisis = crisisPhrases.some(function (p) {
      var ps = p.split(" ");
      for (var i = 0; i + ps.length <= ws.length; i++) {
        if (ps.every(function (w, k) { return near(ws[i + k], w); })) return true;
      }
      return false;
    });
    if (crisisBox) crisisBox.hidden = !crisis;
    return crisis;
  }
  /* The crisis guide first (as a page with every word) for a query in crisis, unless a page
   * has its words where they say what it is about ("overdose" finds the naloxone guide). */
  function crisisFirst(r) {
    var d = manifest.crisis;
    if (!r || d === null || d === undefined || r.strong) return;
    var at = r.ranked.indexOf(d);
    if (at >= 0) r.ranked.splice(at, 1);
    if (at < 0 || at >= r.full) r.full++;
    r.ranked.unshift(d);
    r.forced = d;
    r.unknown = [];
  }

  /* ---- Searching as the reader types ---- */
  var runSeq = 0, timer = null, lastKey = 0, gap = 0;
  function pause() { return Math.min(MAX_PAUSE, Math.max(PAUSE, 1.5 * gap)); }
  /* Runs q. Offline, it shows results only when every file they need is already loaded, and
   * else searches again (loading) after PAUSE; online it loads what it needs. */
  function attempt(q, offline) {
    var seq = ++runSeq;
    clearTimeout(timer);
    var ctx = { offline: offline };
    return init()
      .then(function () { return index.run(q, ctx); })
      .then(function (result) {
        if (seq !== runSeq) return null;
        var prev = { q: state.q, result: state.result, shown: state.shown, suggestions: state.suggestions };
        if (q !== state.q) state.shown = PAGE;
        state.q = q;
        state.result = result;
        state.suggestions = [];
        // Crisis lines instead of other words to try, for a query that says someone may be in
        // danger.
        var crisis = crisisCheck(q, result && result.corrected);
        if (crisis) crisisFirst(result);
        var none = result && !result.ranked.length && result.unknown.length && !crisis;
        return (none ? index.suggest(q, result.unknown, ctx) : Promise.resolve([])).then(function (s) {
          state.suggestions = s;
          return render(false, ctx);
        }).catch(function (e) {
          // Not shown after all: the screen still shows the previous query.
          state.q = prev.q; state.result = prev.result; state.shown = prev.shown; state.suggestions = prev.suggestions;
          throw e;
        });
      })
      .catch(function (e) {
        if (seq !== runSeq) return;
        if (e === NEED) {
          timer = setTimeout(function () { attempt(q, false); }, pause());
          return;
        }
        status.textContent = label("failed", "Search could not load. Reload the page to try again.");
      });
  }
  function search(q) { crisisCheck(q); return attempt(q, false); }

  input.addEventListener("input", function (e) {
    var q = input.value;
    crisisCheck(q);
    // A word typed key by key; anything else (pasted, dropped, picked from a list) at once.
    var typed = !e.inputType || /^(insertText|insertCompositionText|deleteContent)/.test(e.inputType);
    if (typed) {
      // The reader's pace: the time between keys, a pause of a second or more left out.
      var now = Date.now(), since = now - lastKey;
      lastKey = now;
      if (since < 1000) gap = gap ? 0.6 * gap + 0.4 * since : since;
      index.prefetch(q);
    }
    attempt(q, typed);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    search(input.value);
  });
  more.addEventListener("click", function () {
    var first = state.shown;
    state.shown += PAGE;
    render(true, {}).then(function () {
      var links = list.querySelectorAll("h2 a");
      if (links[first]) links[first].focus();
    });
  });

  /* Keyboard: ↓ from the box into the results, ↑/↓ between them, Escape back to the box. */
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var first = list.querySelector("h2 a");
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("h2 a"));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });

  // A search sent from the header box arrives once as ?q=; after that the address never changes.
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  } else {
    init().catch(function () {});
  }
})();
