/* Trailhead site search: the index, for the search page (search.js draws the page). Our own
 * small code: no dependencies, no build step, a classic script.
 * - The index is a set of classic scripts under search/ that call trailheadSearch(key, data),
 *   loaded with <script src> only when a query needs them, so search works from file:// (a
 *   folder or USB stick) as well as over HTTP. No fetch, XHR, modules, WASM or workers.
 * - A query loads the manifest (search/index.js), the shards holding its words (s<N>.js);
 *   search.js then loads the stored fields of the results it shows (d<N>.js) and the filter
 *   data (f.js). A word that matches nothing loads the word list t.js (typos, suggestions).
 * - A run can be asked to load nothing (ctx.offline): it then fails with NEED when a file is
 *   missing, so typing shows what is already here and fetches only after a pause.
 * - Words are folded like the build folds them (lowercase, accents and apostrophes removed);
 *   the index maps every word of the site to its stem, so the browser never stems.
 * - Forgiving: the manifest's synonyms (syn) add their alternatives to a word or phrase; a word
 *   with no match is matched to the closest words of t.js (1 edit for 4–7 letters, 2 for
 *   longer); pages with every word come first, then pages with most of them. */
(function () {
  "use strict";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = [];
  for (var ai = 0; ai < 64; ai++) DIGIT[ALPHABET.charCodeAt(ai)] = ai;
  var MAX_EXPANSIONS = 12;
  // How much a match counts beside the word itself: another form from a typed prefix, a
  // synonym, a corrected typo.
  var PREFIX = 0.7, PLAIN = 0.9, SYNONYM = 0.85, TYPO = 0.8;
  // Thrown (as a rejection) by an offline run that would need a file not loaded yet.
  var NEED = { need: true };

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
  // Plain forms of a word the site does not have ("recovers" → "recover").
  var SUFFIXES = [["ies", "y"], ["es", ""], ["s", ""], ["ed", ""], ["ing", ""], ["ly", ""], ["ing", "e"], ["ed", "e"]];
  function plainForms(w) {
    var out = [];
    SUFFIXES.forEach(function (sx) {
      if (w.length > sx[0].length + 2 && w.slice(-sx[0].length) === sx[0]) out.push(w.slice(0, -sx[0].length) + sx[1]);
    });
    return out;
  }

  /* Edit distance with transpositions (optimal string alignment), or max + 1 once it is
   * certainly more than max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  // Edits a word of this length may be away from the site's word: none below four letters.
  function allowed(w) { return w.length < 4 ? 0 : w.length <= 7 ? 1 : 2; }

  /* ---- Number lists (src/search/shards.rs) ---- */
  /* Ascending numbers, each followed by `width` bits: a digit k, the count (five bits a
   * character, the sixth says "more follows"), then bits six a character, least significant
   * first: each gap minus one as a Rice code (unary quotient, then k bits), then the extra bits. */
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

  /* A stem's postings: k and the count of a Rice list of documents, then how impacts and form
   * masks are coded ("_" raw, else k, table length and the values by rank), then per document
   * its gap, impact and mask. */
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

  /* The index under `base` (a folder address ending in /). */
  function open(base) {
    var loaded = {}, waiting = {}, promises = {};
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
    // A file for a run: an offline run never starts a load.
    function need(ctx, key) { return ctx.offline && !loaded[key] ? Promise.reject(NEED) : load(key); }

    var manifest = null;
    function init() {
      return load("index").then(function (m) {
        if (!manifest) {
          manifest = m;
          manifest.stopSet = new Set(m.stop);
          manifest.syn = m.syn || {};
        }
        return manifest;
      });
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
    function shard(ctx, i) { return need(ctx, "s" + i); }

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

    /* The dictionary entry of one exact word, or null. */
    function exact(ctx, w) {
      return shard(ctx, shardOfWord(w)).then(function (sh) {
        var k = lowerBound(sh.w, w);
        return k < sh.w.length && sh.w[k][0] === w ? sh.w[k] : null;
      });
    }

    /* The site's words for typos and suggestions (t.js): {w: words, c: frequency classes}. */
    var dictionary = null;
    function siteWords(ctx) {
      if (dictionary) return Promise.resolve(dictionary);
      return need(ctx, "t").then(function (s) {
        if (dictionary) return dictionary;
        var ws = [], cs = [], prev = "";
        s.split(" ").forEach(function (e) {
          if (!e) return;
          prev = prev.slice(0, DIGIT[e.charCodeAt(0)]) + e.slice(2);
          ws.push(prev);
          cs.push(DIGIT[e.charCodeAt(1)]);
        });
        dictionary = { w: ws, c: cs };
        return dictionary;
      });
    }
    /* The site's words closest to w, at most `max` edits away (for a word being typed, also
     * words that begin close to it): best first, [{word, d}]. */
    function closest(ctx, w, max, prefix, limit) {
      return siteWords(ctx).then(function (dict) {
        var found = [];
        for (var i = 0; i < dict.w.length; i++) {
          var c = dict.w[i];
          // A short word keeps its first letter ("kill" is not "ill").
          if (w.length <= 5 && c.charAt(0) !== w.charAt(0)) continue;
          var d = distance(w, c, max);
          if (d > max && prefix && c.length > w.length && w.length >= 5) {
            // Begins close to it: after the whole words as close.
            var p = Math.min(distance(w, c.slice(0, w.length), max), distance(w, c.slice(0, w.length + 1), max));
            if (p <= max) d = p + 0.5;
          }
          if (d <= max + 0.5 && c !== w) found.push({ word: c, d: d, c: dict.c[i] });
        }
        found.sort(function (a, b) { return a.d - b.d || b.c - a.c || (a.word < b.word ? -1 : 1); });
        return found.slice(0, limit);
      });
    }

    /* The stems a query word stands for: {stems: [{id, weight, bits, words}], corrected}. The
     * last word, while it is being typed, also stands for the most frequent words it begins. A
     * word with no match stands for the closest word of the site (corrected). */
    function resolve(ctx, w, prefix, fix) {
      var found = [], corrected = null;
      var i = shardOfWord(w);
      return shard(ctx, i).then(function (sh) {
        var at = lowerBound(sh.w, w);
        if (at < sh.w.length && sh.w[at][0] === w) found.push({ e: sh.w[at], weight: 1, exact: true });
        if (!prefix || w.length < 2) return null;
        var cands = [];
        for (var j = at; j < sh.w.length && sh.w[j][0].lastIndexOf(w, 0) === 0; j++) if (sh.w[j][0] !== w) cands.push(sh.w[j]);
        var spills = i + 1 < manifest.shards.length && manifest.shards[i + 1][0].lastIndexOf(w, 0) === 0;
        return (spills ? shard(ctx, i + 1) : Promise.resolve(null)).then(function (nsh) {
          if (nsh) for (var k = 0; k < nsh.w.length && nsh.w[k][0].lastIndexOf(w, 0) === 0; k++) if (nsh.w[k][0] !== w) cands.push(nsh.w[k]);
          cands.sort(function (a, b) { return b[3] - a[3] || (a[0] < b[0] ? -1 : 1); });
          // Only words whose postings are in a shard already loaded: typing never pulls in
          // a dozen more shards.
          cands = cands.filter(function (e) { return loaded["s" + shardOfStem(e[1])]; });
          cands.slice(0, MAX_EXPANSIONS).forEach(function (e) { found.push({ e: e, weight: PREFIX, exact: false }); });
        });
      }).then(function () {
        // A word being typed that only begins words on one page each ("panick": "panicked")
        // may be a typo too.
        var rare = prefix && w.length >= 5 && found.length && found.every(function (f) { return !f.exact && f.e[3] <= 1; });
        if (found.length && !rare) return null;
        // A word that is not on the site: its plain forms ("recovers" → "recover"), else the
        // closest words.
        return Promise.all(plainForms(w).map(function (t) { return exact(ctx, t); })).then(function (r) {
          r = r.filter(Boolean);
          if (r.length && !rare) { found.push({ e: r[0], weight: PLAIN, exact: false }); return null; }
          if (!fix || !allowed(w)) return null;
          return closest(ctx, w, allowed(w), prefix && !rare, 3).then(function (near) {
            if (rare) near = near.filter(function (n) { return n.c > 4; });
            if (!near.length) return null;
            // The closest (the most frequent of those as close), and others as close.
            var best = near.filter(function (n) { return n.d === near[0].d; }).slice(0, 2);
            corrected = best[0].word;
            return Promise.all(best.map(function (n) { return exact(ctx, n.word); })).then(function (es) {
              es.forEach(function (e, k) { if (e) found.push({ e: e, weight: TYPO * (k ? 0.9 : 1), exact: false }); });
            });
          });
        });
      }).then(function () {
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
        return Promise.all(Object.keys(homes).map(function (h) { return shard(ctx, +h); })).then(function () {
          return { stems: out, corrected: corrected };
        });
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

    /* ---- A query's terms ---- */
    /* Each term: {w, label, words, prefix, stopOnly, alts}. A run of words that is a synonym
     * (the longest, up to four words) is one term; so is every other word but stop words. */
    function terms(q) {
      var all = words(q), out = [];
      var complete = /[\s\p{P}]$/u.test(q);
      var syn = manifest.syn;
      for (var i = 0; i < all.length;) {
        var last = i === all.length - 1 && !complete, key = null, n;
        for (n = Math.min(4, all.length - i); n > 1; n--) {
          if (syn[all.slice(i, i + n).join(" ")]) { key = all.slice(i, i + n).join(" "); break; }
        }
        if (key) {
          out.push({ w: key, words: all.slice(i, i + n), prefix: false, stopOnly: false, alts: syn[key] });
          i += n;
          continue;
        }
        var w = all[i];
        i++;
        if (manifest.stopSet.has(w) && !last) continue;
        if (last && w.length < 2 && out.length) continue;
        var alts = syn[w] || null;
        if (!alts) plainForms(w).some(function (f) { return (alts = syn[f] || null); });
        out.push({ w: w, words: [w], prefix: last, stopOnly: manifest.stopSet.has(w), alts: alts });
      }
      return out;
    }

    /* A term's options (the words themselves, then each synonym): each a list of slots (its
     * words, stop words left out), each slot the stems it stands for. */
    function options(ctx, t) {
      var lists = [{ words: t.words, weight: 1, own: true }];
      (t.alts || []).forEach(function (a) { lists.push({ words: a.split(" "), weight: SYNONYM, own: false }); });
      return Promise.all(lists.map(function (o) {
        var ws = o.words.filter(function (w) { return !manifest.stopSet.has(w) || o.words.length === 1; });
        return Promise.all(ws.map(function (w) {
          // Only the words themselves are completed while typed, or corrected.
          return resolve(ctx, w, o.own && t.prefix, o.own && !t.alts);
        })).then(function (slots) {
          return { slots: slots.map(function (s) { return s.stems; }), corrected: slots.map(function (s) { return s.corrected; }), weight: o.weight, own: o.own };
        });
      }));
    }

    /* Documents where some stem of `a` is next to some stem of `b` (a phrase). A pair lives with
     * its rarer stem: 2 × other when that stem comes first, else + 1. */
    function phrase(a, b) {
      var out = new Set();
      a.forEach(function (x) {
        b.forEach(function (y) {
          var p = stem(x.id).pairs[y.id * 2] || stem(y.id).pairs[x.id * 2 + 1];
          if (p) riceList(p, 0).ids.forEach(function (d) { out.add(d); });
        });
      });
      return out;
    }

    /* Scores by document are arrays of manifest.n numbers, -1 where a document is not found:
     * a few array passes instead of maps keyed by document (a query can find most pages). */
    function scores() { return new Float64Array(manifest.n).fill(-1); }

    /* A slot's score per document: the best of its stems (BM25F impact × IDF, a boost for the
     * exact form typed). `fields` marks the documents with it in the title, a heading, the
     * summary or the topics. */
    function slotScores(slot, hl, fields) {
      var m = scores(), top = manifest.text_max || 63, k = manifest.k1 + 1;
      // Words a typed word begins never count for more than the word itself: a rare
      // "helpless" does not outweigh the "help" typed.
      var cap = 0;
      slot.forEach(function (r) { if (r.bits) cap = Math.max(cap, stem(r.id).idf); });
      slot.forEach(function (r) {
        hl.push(r.id);
        var s = stem(r.id), idf = r.bits || !cap ? s.idf : Math.min(s.idf, cap);
        for (var i = 0; i < s.docs.length; i++) {
          var x = idf * (s.imp[i] / 63) * k * r.weight * (s.mask[i] & r.bits ? 1.25 : 1);
          var d = s.docs[i];
          if (x > m[d]) m[d] = x;
          if (s.imp[i] > top) fields[d] = 1;
        }
      });
      return m;
    }

    /* An option's score per document: every slot present, with a phrase boost for words side by
     * side; times the option's weight. */
    function optionScores(o, hl, fields) {
      var per = o.slots.map(function (s) { return slotScores(s, hl, fields); });
      var out = scores();
      if (!per.length) return out;
      for (var d = 0; d < out.length; d++) {
        var sum = 0;
        for (var k = 0; k < per.length && sum >= 0; k++) sum = per[k][d] < 0 ? -1 : sum + per[k][d];
        out[d] = sum;
      }
      for (k = 0; k + 1 < o.slots.length; k++) {
        phrase(o.slots[k], o.slots[k + 1]).forEach(function (d) {
          if (out[d] >= 0) out[d] += 0.5 * (per[k][d] + per[k + 1][d]);
        });
      }
      if (o.weight !== 1) for (d = 0; d < out.length; d++) if (out[d] > 0) out[d] *= o.weight;
      return out;
    }

    /* ---- Ranking ---- */
    /* Runs a query: null before there is anything to look for, else {ranked, full, lacks,
     * strong, marks, corrected, unknown}: documents with every word first (`full` of them),
     * then those with most; `lacks(d)` is the words a document lacks (null for none). */
    function run(q, ctx) {
      var ts = terms(q);
      if (!ts.length) return Promise.resolve(null);
      return Promise.all(ts.map(function (t) { return options(ctx, t); })).then(function (opts) {
        var hl = [], corrected = {}, n = manifest.n;
        var fields = ts.map(function () { return new Uint8Array(n); });
        var perTerm = opts.map(function (os, ti) {
          var m = scores();
          os.forEach(function (o) {
            var x = optionScores(o, hl, fields[ti]);
            for (var d = 0; d < n; d++) if (x[d] > m[d]) m[d] = x[d];
            if (o.own && o.corrected[0]) corrected[ts[ti].w] = o.corrected[0];
          });
          return m;
        });
        // Phrase: two terms next to each other, each a single word.
        for (var t = 0; t + 1 < ts.length; t++) {
          if (opts[t][0].slots.length !== 1 || opts[t + 1][0].slots.length !== 1) continue;
          var a = perTerm[t], b = perTerm[t + 1];
          phrase(opts[t][0].slots[0], opts[t + 1][0].slots[0]).forEach(function (d) {
            if (a[d] >= 0 && b[d] >= 0) {
              var bonus = 0.25 * (a[d] + b[d]);
              a[d] += bonus;
              b[d] += bonus;
            }
          });
        }
        // Every document with at least one word; a stop word being typed only adds. Sorted by
        // how many words it has, then score: one number a document.
        var required = [], unknown = [];
        ts.forEach(function (t, i) { if (!t.stopOnly) required.push(i); });
        var key = new Float64Array(n), count = new Uint8Array(n), ranked = [];
        var found = required.map(function () { return false; });
        for (var d = 0; d < n; d++) {
          var c = 0, sc = 0, any = false;
          for (var i = 0; i < ts.length; i++) {
            var v = perTerm[i][d];
            if (v < 0) continue;
            any = true;
            sc += v;
            if (!ts[i].stopOnly) c++;
          }
          if (!any || (!c && required.length)) continue;
          for (var r = 0; r < required.length; r++) if (perTerm[required[r]][d] >= 0) found[r] = true;
          count[d] = c;
          key[d] = c * 1e6 + Math.min(sc, 999999);
          ranked.push(d);
        }
        required.forEach(function (i, r) { if (!found[r]) unknown.push(ts[i].w); });
        ranked.sort(function (x, y) { return key[y] - key[x] || x - y; });
        var full = 0;
        while (full < ranked.length && count[ranked[full]] === required.length) full++;
        var res = {
          ranked: ranked, full: full, marks: formsOf(hl), unknown: unknown, forced: -1,
          // The first page has every word, each in its title, a heading, summary or topics.
          strong: full > 0 && required.every(function (i) { return fields[i][ranked[0]] === 1; }),
          corrected: Object.keys(corrected).length ? words(q).map(function (w) { return corrected[w] || w; }).join(" ") : null,
        };
        res.lacks = function (d) {
          if (d === res.forced || count[d] === required.length) return null;
          return required.filter(function (i) { return perTerm[i][d] < 0; }).map(function (i) { return ts[i].w; });
        };
        return res;
      });
    }

    /* Other queries to try for one that found nothing: each unknown word swapped for one of
     * the site's closest words (a little further than typos go). */
    function suggest(q, unknown, ctx) {
      var w = unknown[0];
      if (!w || w.length < 3) return Promise.resolve([]);
      return closest(ctx, w, allowed(w) + 1, false, 3).then(function (near) {
        var all = words(q);
        return near.map(function (n) { return all.map(function (x) { return x === w ? n.word : x; }).join(" "); });
      });
    }

    /* Starts loading, while the reader types, the shards a query will need whatever its last
     * word becomes: those of its complete words, and of the last word once one shard holds
     * every word it begins. Nothing else loads before typing pauses. */
    function prefetch(q) {
      if (!manifest) return;
      var all = words(q), complete = /[\s\p{P}]$/u.test(q);
      all.forEach(function (w, i) {
        if (w.length < 3 || manifest.stopSet.has(w)) return;
        var at = shardOfWord(w), next = manifest.shards[at + 1];
        var typing = i === all.length - 1 && !complete;
        if (typing && (manifest.shards[at][0] > w || (next && next[0].lastIndexOf(w, 0) === 0))) return;
        load("s" + at).catch(function () {});
      });
    }

    return {
      init: init,
      run: run,
      prefetch: prefetch,
      suggest: suggest,
      load: load,
      need: need,
      loaded: function (key) { return !!loaded[key]; },
      data: function (key) { return loaded[key]; },
      manifest: function () { return manifest; },
    };
  }

  window.TrailheadSearchIndex = { open: open, words: words, fold: fold, distance: distance, riceList: riceList, NEED: NEED };
})();
