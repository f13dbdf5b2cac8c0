/* Trailhead site search. Our own small client: no dependencies, no build step, a classic script.
 * - The index is a set of classic scripts under search/ that call trailheadSearch(key, data),
 *   loaded with <script src> only when a query needs them, so search works from file:// (a
 *   folder or USB stick) as well as over HTTP. No fetch, XHR, modules, WASM or workers.
 * - A query loads the manifest (search/index.js), the shards holding its words (s<N>.js) and
 *   the stored fields of the results it shows (d<N>.js); then the filter data (f.js).
 * - Numbers are bit-packed in strings (see riceList).
 * - Privacy: typing never changes the address, nothing is stored (no cookies, no Web Storage),
 *   and every file comes from this site.
 * - Words are folded like the build folds them (lowercase, accents and apostrophes removed);
 *   the index maps every word of the site to its stem, so the browser never stems. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var base = box.getAttribute("data-index") || "search/";
  // The words, in the page's language, come from the search box's data attributes.
  function label(name, fallback) { return box.getAttribute("data-" + name) || fallback; }
  function fill(text, q, filtered, n) {
    return text.replace("{q}", q).replace("{filtered}", filtered).replace("{n}", String(n));
  }
  var root = box.getAttribute("data-root") || "/";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var filtersEl = document.getElementById("search-filters");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 5;
  var MAX_EXPANSIONS = 12;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = [];
  for (var ai = 0; ai < 64; ai++) DIGIT[ALPHABET.charCodeAt(ai)] = ai;

  document.getElementById("search-nojs").hidden = true;
  form.hidden = false;

  /* ---- Loading index files ---- */
  var loaded = {};
  var waiting = {};
  var promises = {};
  window.trailheadSearch = function (key, data) {
    loaded[key] = data;
    if (waiting[key]) waiting[key](data);
  };
  function load(key) {
    if (loaded[key]) return Promise.resolve(loaded[key]);
    if (promises[key]) return promises[key];
    promises[key] = new Promise(function (resolve, reject) {
      waiting[key] = resolve;
      var s = document.createElement("script");
      s.src = base + key + ".js";
      s.async = true;
      s.onerror = function () {
        delete promises[key];
        reject(new Error("could not load " + key));
      };
      document.head.appendChild(s);
    });
    return promises[key];
  }

  var manifest = null;
  var facets = null;
  function init() {
    return load("index").then(function (m) {
      if (manifest) return manifest;
      manifest = m;
      manifest.stopSet = new Set(m.stop);
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
    return facetsLoaded || (facetsLoaded = load("f").then(function (f) {
      facetsReady = true;
      manifest.taxonomies.forEach(function (t, ti) {
        var of = [];
        // A term's documents: a Rice list, or [list, runs] where runs are first, last pairs.
        f[ti].forEach(function (v, te) {
          function add(d) { (of[d] || (of[d] = [])).push(te); }
          if (typeof v === "string") v = [v];
          riceList(v[0], 0).ids.forEach(add);
          var r = v[1] ? riceList(v[1], 0).ids : [];
          for (var i = 0; i < r.length; i += 2) for (var d = r[i]; d <= r[i + 1]; d++) add(d);
        });
        facets.push({ key: "t" + ti, title: t[1], values: t[2], of: function (d) { return of[d] || []; } });
      });
    }));
  }

  /* A list of ascending numbers, each followed by `width` bits of extra fields: a digit k,
   * the count (five bits a character, the sixth says "more follows"), then bits six a
   * character, least significant first: each gap minus one as a Rice code (unary quotient,
   * then k bits), then the extra bits. */
  function riceList(s, width) {
    var k = DIGIT[s.charCodeAt(0)], count = 0, shift = 0, at = 1, v;
    do { v = DIGIT[s.charCodeAt(at++)]; count += (v & 31) * Math.pow(2, shift); shift += 5; } while (v & 32);
    var pos = at * 6;
    function bits(n) {
      var out = 0;
      for (var i = 0; i < n; i++, pos++) out |= ((DIGIT[s.charCodeAt((pos / 6) | 0)] >> (pos % 6)) & 1) << i;
      return out;
    }
    var ids = new Array(count), extra = width ? new Array(count) : null, next = 0;
    for (var j = 0; j < count; j++) {
      var q = 0;
      while (bits(1)) q++;
      next += q * (1 << k) + bits(k);
      ids[j] = next++;
      if (width) extra[j] = bits(width);
    }
    return { ids: ids, extra: extra };
  }

  /* A stem's postings (src/search/shards.rs): k and the count of a Rice list of documents,
   * then how impacts and form masks are coded ("_" raw, else k, table length and the values
   * by rank), then per document its gap, impact and mask. */
  function postings(s, mbits) {
    var at = 0, pos;
    function digit() { return DIGIT[s.charCodeAt(at++)]; }
    function varint() {
      var n = 0, shift = 0, v;
      do { v = digit(); n += (v & 31) * Math.pow(2, shift); shift += 5; } while (v & 32);
      return n;
    }
    function field(width) {
      var k = digit(), t = [];
      if (k === 63) return { raw: width };
      for (var n = varint(); n > 0; n--) t.push(digit());
      return { k: k, t: t };
    }
    function bits(n) {
      var out = 0;
      for (var i = 0; i < n; i++, pos++) out |= ((DIGIT[s.charCodeAt((pos / 6) | 0)] >> (pos % 6)) & 1) << i;
      return out;
    }
    function rice(k) { var q = 0; while (bits(1)) q++; return q * (1 << k) + bits(k); }
    function value(f) { return f.t ? f.t[rice(f.k)] : bits(f.raw); }
    var k = digit(), count = varint();
    var fi = count ? field(6) : null, fm = count && mbits ? field(mbits) : null;
    pos = at * 6;
    var docs = new Array(count), imp = new Array(count), mask = new Array(count), next = 0;
    for (var j = 0; j < count; j++) {
      next += rice(k);
      docs[j] = next++;
      imp[j] = value(fi);
      mask[j] = fm ? value(fm) : 1;
    }
    return { docs: docs, imp: imp, mask: mask };
  }

  /* ---- Words ---- */
  function fold(w) {
    return w.toLowerCase().normalize("NFD").replace(/[\p{M}'\u2019\u02bc]/gu, "");
  }
  var WORD = /[\p{L}\p{N}]+(?:['\u2019\u02bc.][\p{L}\p{N}]+)*/gu;
  function words(text) {
    var out = [];
    if (window.Intl && Intl.Segmenter) {
      var seg = new Intl.Segmenter(undefined, { granularity: "word" });
      for (var it = seg.segment(text)[Symbol.iterator](), r = it.next(); !r.done; r = it.next()) {
        if (r.value.isWordLike) out.push(fold(r.value.segment));
      }
    } else {
      (text.match(WORD) || []).forEach(function (w) { out.push(fold(w)); });
    }
    return out.filter(function (w) { return w.length; });
  }

  /* ---- Shards ---- */
  function lastAtMost(arr, value, get) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (get(arr[mid]) <= value) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }
  function shardOfWord(w) { return lastAtMost(manifest.shards, w, function (s) { return s[0]; }); }
  function shardOfStem(id) { return lastAtMost(manifest.shards, id, function (s) { return s[1]; }); }
  function lowerBound(ws, w) {
    var lo = 0, hi = ws.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (ws[mid][0] < w) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function shard(i) { return load("s" + i); }

  /* A stem's postings, decoded once: {docs, imp, mask, idf, pairs}. */
  var stems = {};
  function stem(id) {
    if (stems[id]) return stems[id];
    var si = shardOfStem(id);
    var entry = loaded["s" + si].p[id - manifest.shards[si][1]];
    var forms = entry[1], list = postings(entry[0], forms > 1 ? Math.min(forms, 6) : 0);
    var N = manifest.n, df = list.docs.length;
    stems[id] = { docs: list.docs, imp: list.imp, mask: list.mask, idf: Math.log(1 + (N - df + 0.5) / (df + 0.5)), pairs: entry[2] || {} };
    return stems[id];
  }

  /* The stems a query word stands for: [{id, weight, bits, words}]. The last word, while it is
   * being typed, also stands for the most frequent words it begins. */
  var SUFFIXES = [["ies", "y"], ["es", ""], ["s", ""], ["ed", ""], ["ing", ""], ["ly", ""], ["ing", "e"], ["ed", "e"]];
  function resolve(w, prefix) {
    var i = shardOfWord(w);
    return shard(i).then(function (sh) {
      var found = [];
      var at = lowerBound(sh.w, w);
      if (at < sh.w.length && sh.w[at][0] === w) found.push({ e: sh.w[at], weight: 1, exact: true });
      if (prefix && w.length >= 2) {
        var cands = [];
        for (var j = at; j < sh.w.length && sh.w[j][0].lastIndexOf(w, 0) === 0; j++) if (sh.w[j][0] !== w) cands.push(sh.w[j]);
        var next = i + 1 < manifest.shards.length && manifest.shards[i + 1][0].lastIndexOf(w, 0) === 0 ? shard(i + 1) : null;
        return Promise.resolve(next).then(function (nsh) {
          if (nsh) for (var k = 0; k < nsh.w.length && nsh.w[k][0].lastIndexOf(w, 0) === 0; k++) if (nsh.w[k][0] !== w) cands.push(nsh.w[k]);
          cands.sort(function (a, b) { return b[3] - a[3] || (a[0] < b[0] ? -1 : 1); });
          // Only words whose postings are in a shard already loaded: typing never pulls in
          // a dozen more shards.
          cands = cands.filter(function (e) { return loaded["s" + shardOfStem(e[1])]; });
          cands.slice(0, MAX_EXPANSIONS).forEach(function (e) { found.push({ e: e, weight: 0.7, exact: false }); });
          return found;
        });
      }
      if (!found.length) {
        // A word that is not on the site: try its plain forms ("recovers" → "recover").
        var tries = [];
        SUFFIXES.forEach(function (sx) {
          if (w.length > sx[0].length + 2 && w.slice(-sx[0].length) === sx[0]) tries.push(w.slice(0, -sx[0].length) + sx[1]);
        });
        return Promise.all(tries.map(function (t) {
          return shard(shardOfWord(t)).then(function (s2) {
            var k = lowerBound(s2.w, t);
            return k < s2.w.length && s2.w[k][0] === t ? { e: s2.w[k], weight: 0.9, exact: false } : null;
          });
        })).then(function (r) { return r.filter(Boolean).slice(0, 1); });
      }
      return found;
    }).then(function (found) {
      var byStem = {};
      found.forEach(function (f) {
        var id = f.e[1], cur = byStem[id] || (byStem[id] = { id: id, weight: 0, bits: 0, words: [] });
        cur.weight = Math.max(cur.weight, f.weight);
        if (f.exact) cur.bits |= 1 << f.e[2];
        cur.words.push(f.e[0]);
      });
      var out = Object.keys(byStem).map(function (k) { return byStem[k]; });
      var homes = {};
      out.forEach(function (s) { homes[shardOfStem(s.id)] = 1; });
      return Promise.all(Object.keys(homes).map(function (h) { return shard(+h); })).then(function () { return out; });
    });
  }

  /* Every word of the loaded shards whose stem matched, for <mark>. */
  function formsOf(ids) {
    var want = {}, out = new Set();
    ids.forEach(function (id) { want[id] = 1; });
    Object.keys(loaded).forEach(function (k) {
      if (k[0] !== "s") return;
      loaded[k].w.forEach(function (e) { if (want[e[1]]) out.add(e[0]); });
    });
    return out;
  }

  /* ---- Ranking: BM25F impacts × IDF, a boost for the exact word and for phrases ---- */
  function run(q) {
    var all = words(q);
    var complete = /[\s\p{P}]$/u.test(q);
    var terms = [];
    all.forEach(function (w, i) {
      var last = i === all.length - 1 && !complete;
      if (manifest.stopSet.has(w) && !last) return;
      if (last && w.length < 2 && terms.length) return;
      terms.push({ w: w, prefix: last, stopOnly: manifest.stopSet.has(w) });
    });
    if (!terms.length) return Promise.resolve(null);
    return Promise.all(terms.map(function (t) { return resolve(t.w, t.prefix); })).then(function (resolved) {
      var scores = null, hl = [];
      var perTerm = resolved.map(function (rs) {
        var m = new Map();
        rs.forEach(function (r) {
          hl.push(r.id);
          var s = stem(r.id);
          for (var i = 0; i < s.docs.length; i++) {
            var x = s.idf * (s.imp[i] / 63) * (manifest.k1 + 1) * r.weight * (s.mask[i] & r.bits ? 1.25 : 1);
            var d = s.docs[i];
            if (!(m.get(d) >= x)) m.set(d, x);
          }
        });
        return m;
      });
      perTerm.forEach(function (m, ti) {
        if (terms[ti].stopOnly && !m.size) return;
        if (!scores) { scores = new Map(m); return; }
        var next = new Map();
        scores.forEach(function (v, d) { var x = m.get(d); if (x !== undefined) next.set(d, v + x); });
        scores = next;
      });
      scores = scores || new Map();
      // Phrase: the two words next to each other in a title, heading or summary, or twice in the
      // body. A pair lives with its rarer stem: 2 × other when that stem comes first, else + 1.
      for (var t = 0; t + 1 < resolved.length; t++) {
        resolved[t].forEach(function (a) {
          resolved[t + 1].forEach(function (b) {
            var p = stem(a.id).pairs[b.id * 2] || stem(b.id).pairs[a.id * 2 + 1];
            if (!p) return;
            var ids = riceList(p, 0).ids;
            for (var i = 0; i < ids.length; i++) {
              var d = ids[i], v = scores.get(d);
              if (v !== undefined) scores.set(d, v + 0.5 * ((perTerm[t].get(d) || 0) + (perTerm[t + 1].get(d) || 0)));
            }
          });
        });
      }
      var ranked = Array.from(scores.keys());
      ranked.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
      return { ranked: ranked, marks: formsOf(hl) };
    });
  }

  /* ---- Rendering ---- */
  var state = { q: "", result: null, selected: {}, shown: PAGE };

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

  function resultItem(d, rec, marks) {
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
      var text = marked(rec[4], marks, 220);
      var heads = rec[5] ? marked(rec[5], marks, 160) : null;
      var p = el("p", "search-excerpt");
      p.appendChild(text.hits || !heads || !heads.hits ? text.node : heads.node);
      li.appendChild(p);
    }
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
      var label = el("span", "search-facet-name", f.title);
      label.id = "search-facet-" + f.key;
      group.setAttribute("aria-labelledby", label.id);
      group.appendChild(label);
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
          render(true);
        });
        group.appendChild(b);
        if (focused === f.key && focusedValue === String(v)) setTimeout(function () { b.focus(); }, 0);
      });
      filtersEl.appendChild(group);
      any = true;
    });
    filtersEl.hidden = !any;
  }

  var renderSeq = 0;
  function render(announce) {
    var seq = ++renderSeq;
    var r = state.result;
    if (!r) {
      list.textContent = "";
      filtersEl.hidden = true;
      more.hidden = true;
      status.textContent = state.q.trim() ? label("typing", "Keep typing…") : "";
      return Promise.resolve();
    }
    var docs = r.ranked.filter(function (d) { return passes(d); });
    var page = docs.slice(0, state.shown);
    var chunks = {};
    page.forEach(function (d) { chunks[Math.floor(d / manifest.chunk)] = 1; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("d" + c); })).then(function () {
      if (seq !== renderSeq) return;
      renderFilters(r.ranked);
      list.textContent = "";
      page.forEach(function (d) {
        var rec = loaded["d" + Math.floor(d / manifest.chunk)][d % manifest.chunk];
        list.appendChild(resultItem(d, rec, r.marks));
      });
      more.hidden = docs.length <= page.length;
      if (!facetsReady) loadFacets().then(function () { if (seq === renderSeq) renderFilters(r.ranked); }, function () {});
      var filtered = Object.keys(state.selected).length ? label("filtered", " (filtered)") : "";
      var n = docs.length;
      var said = n === 0 ? label("none", "No results for “{q}”{filtered}. Try fewer or different words.") :
        n === 1 ? label("results-one", "{n} result for “{q}”{filtered}") : label("results-other", "{n} results for “{q}”{filtered}");
      var text = fill(said, state.q.trim(), filtered, n);
      if (announce || status.textContent !== text) status.textContent = text;
      box.setAttribute("data-rendered", String(seq));
    });
  }

  /* At most one search at a time; typing during one queues only the latest input (debounce). */
  var busy = false, pending = null;
  // Crisis help first: a query that says someone may be in danger shows the crisis lines above
  // the results at once, before the index has loaded. The phrases come from the page's words.
  var crisisBox = document.getElementById("search-crisis");
  var crisisPhrases = (box.getAttribute("data-crisis") || "").split("|")
    .map(function (p) { return words(fold(p)).join(" "); })
    .filter(function (p) { return p.length > 0; });
  function crisisCheck(q) {
    if (!crisisBox) return;
    var said = " " + words(fold(q)).join(" ") + " ";
    crisisBox.hidden = !crisisPhrases.some(function (p) { return said.indexOf(" " + p + " ") >= 0; });
  }

  function schedule(q) {
    crisisCheck(q);
    pending = q;
    if (!busy) next();
  }
  function next() {
    if (pending === null) { busy = false; return; }
    var q = pending;
    pending = null;
    busy = true;
    init()
      .then(function () { return run(q); })
      .then(function (result) {
        if (q !== state.q) state.shown = PAGE;
        state.q = q;
        state.result = result;
        return render(false);
      })
      .catch(function () {
        status.textContent = label("failed", "Search could not load. Reload the page to try again.");
      })
      .then(next);
  }

  input.addEventListener("input", function () { schedule(input.value); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    schedule(input.value);
  });
  more.addEventListener("click", function () {
    var first = state.shown;
    state.shown += PAGE;
    render(true).then(function () {
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
    schedule(initial);
  } else {
    init().catch(function () {});
  }
})();
