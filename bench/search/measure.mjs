// Search benchmark: bytes a cold page loads for a first query, keystroke-to-results time, and
// what a query typed key by key costs, beside Pagefind's default UI on the same pages.
//
//   python3 bench/search/gen.py /tmp/bench-lib
//   (cd /tmp/bench-lib && /path/to/target/release/trailhead build)
//   bench/node_modules/.bin/pagefind --site /tmp/bench-lib/public --output-path /tmp/bench-lib/public/pagefind
//   node bench/search/measure.mjs /tmp/bench-lib/public [--delay 30] [--typed]
//
// Uses the browser tests' harness (tests/browser: run `npm ci` there first): the built site is
// served from 127.0.0.1 with its _headers, and opened in headless Chromium. `--typed` measures
// only the typed queries; `--delay` sets the time between keys (30 ms by default).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, serveSite } from "../../tests/browser/harness.mjs";
import { pagefindPage, typeQuery } from "./typing.mjs";

const dir = process.argv[2];
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const DELAY = Number(arg("--delay", 30));
const TYPED = ["housing help", "peer support", "support group", "crisis line", "housing caseworker"];
const QUERIES = ["housing help", "peer support", "family recovery", "crisis line", "medication sleep"];
const TIMED = ["work stress", "school money", "anger calm", "doctor appointment", "faith community", "music art", "debt bills",
  "court judge", "night alone", "trust honest", "garden walk", "phone number", "sleep routine", "food bank", "rent apartment"];

const files = readdirSync(join(dir, "search"));
const pages = readdirSync(join(dir, "stories")).length + readdirSync(join(dir, "guides")).length;
const bytes = files.reduce((n, f) => n + statSync(join(dir, "search", f)).size, 0);
console.log(`index: ${files.filter((f) => f.endsWith(".js")).length} script files, ${(bytes / 1024).toFixed(0)} KB, for about ${pages} pages`);

const server = await serveSite(dir);
const browser = await launchBrowser();

// Typed at DELAY ms a key, and pasted: every response from the first keystroke until the
// results of the whole query are on screen, and 800 ms after (the rest of a result page,
// filters). Pagefind's default UI on the same pages (served without the site's _headers: it
// runs WebAssembly), when `pagefind` has indexed the folder into DIR/pagefind.
const pagefind = pagefindPage(dir);
const plain = pagefind ? await serveSite(dir, { headers: {} }) : null;
console.log(`\nqueries typed at ${DELAY} ms a key (and pasted), after the page has loaded: requests and bytes from the first keystroke, and the time from the last keystroke to its results:`);
for (const [engine, url] of [["trailhead", server.url + "/search/"], ["pagefind", pagefind && plain.url + pagefind]]) {
  if (!url) {
    console.log(`  ${engine}: not measured (index the folder with pagefind first)`);
    continue;
  }
  const rows = [];
  for (const q of TYPED) {
    const typed = await typeQuery(browser, url, engine, q, DELAY);
    const pasted = await typeQuery(browser, url, engine, q, null);
    rows.push(typed);
    console.log(`  ${engine} "${q}": typed ${typed.requests} requests, ${(typed.bytes / 1024).toFixed(1)} KB, results ${typed.firstResultMs.toFixed(0)} ms after the last key; pasted ${pasted.requests} requests, ${(pasted.bytes / 1024).toFixed(1)} KB, ${pasted.firstResultMs.toFixed(0)} ms`);
  }
  const max = (f) => Math.max(...rows.map(f));
  console.log(`  ${engine}, typed, worst of ${rows.length}: ${max((r) => r.requests)} requests, ${(max((r) => r.bytes) / 1024).toFixed(1)} KB, ${max((r) => r.firstResultMs).toFixed(0)} ms`);
}
await plain?.close();
if (process.argv.includes("--typed")) {
  await browser.close();
  await server.close();
  process.exit(0);
}

async function cold(q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const loads = [];
  page.on("response", async (r) => {
    try {
      loads.push({ url: new URL(r.url()).pathname, size: (await r.body()).length });
    } catch {}
  });
  await page.goto(server.url + "/search/");
  await page.fill("#search-q", q);
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q}”`), q);
  await page.waitForTimeout(200);
  const status = await page.locator("#search-status").textContent();
  await context.close();
  const total = loads.reduce((n, l) => n + l.size, 0);
  const search = loads.filter((l) => l.url.startsWith("/search/") && l.url.endsWith(".js") || l.url === "/search.js" || l.url === "/search-index.js");
  const index = search.filter((l) => l.url.startsWith("/search/"));
  return { q, status, total, search: search.reduce((n, l) => n + l.size, 0), index: index.reduce((n, l) => n + l.size, 0), files: index.map((l) => `${l.url.slice(8)} ${(l.size / 1024).toFixed(1)}K`) };
}

console.log("\nfirst query on a cold page (bytes of every response body):");
for (const q of QUERIES) {
  const r = await cold(q);
  console.log(`  "${q}": ${(r.total / 1024).toFixed(1)} KB in all; search.js, search-index.js + index ${(r.search / 1024).toFixed(1)} KB (index files ${(r.index / 1024).toFixed(1)} KB: ${r.files.join(", ")}) — ${r.status}`);
}

// Keystroke to results: after a first query, type each query but its last letter, wait, then
// time the last keystroke until the results for the whole query are on screen.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(server.url + "/search/");
await page.fill("#search-q", QUERIES[0]);
await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("results"));
const times = [];
for (const q of [...QUERIES, ...TIMED]) {
  await page.fill("#search-q", q.slice(0, -1));
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q}”`), q.slice(0, -1));
  await page.waitForTimeout(50);
  const ms = await page.evaluate(
    (q) =>
      new Promise((resolve) => {
        const input = document.getElementById("search-q");
        const status = document.getElementById("search-status");
        const box = document.getElementById("search");
        const obs = new MutationObserver(() => {
          if (status.textContent.includes(`“${q}”`)) {
            obs.disconnect();
            // Rendered: wait for the frame that shows it.
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        obs.observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
        const t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new InputEvent("input", { bubbles: true, data: q.slice(-1), inputType: "insertText" }));
      }),
    q,
  );
  times.push(ms);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`\nkeystroke to results rendered, ${times.length} queries after the first: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}`);
await context.close();
await browser.close();
await server.close();
