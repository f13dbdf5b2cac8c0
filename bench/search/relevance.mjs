// Relevance benchmark: the judged queries of bench/search/judged.json on the demo library,
// searched with Trailhead's search page and with Pagefind over the same pages, in headless
// Chromium. Prints hits@3 (a page the reader expects among the first three results) and MRR
// (mean of 1 / rank of the first expected page in the first five; 0 when none is) per language
// and kind of query, and the queries each engine misses.
//
//   (cd tests/browser && npm ci)                 # the browser harness
//   (cd bench && npm i)                          # Pagefind, not committed (optional)
//   node bench/search/relevance.mjs              # builds the demo with target/release/trailhead
//   TRAILHEAD_BIN=path/to/trailhead node bench/search/relevance.mjs [--json]
//
// Pagefind indexes the same build (every page of it); its results are then kept to the pages
// Trailhead indexes (stories, guides and pages; not listings or topic pages), in its order, so
// neither engine is judged on pages the other cannot return.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, serveSite } from "../../tests/browser/harness.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const judged = JSON.parse(readFileSync(join(HERE, "judged.json"), "utf8")).queries;
const asJson = process.argv.includes("--json");
const log = (...a) => { if (!asJson) console.log(...a); };

const bin = process.env.TRAILHEAD_BIN ?? [join(ROOT, "target/release/trailhead"), join(ROOT, "target/debug/trailhead")].find(existsSync);
if (!bin) throw new Error("no trailhead binary: run `cargo build --release` or set TRAILHEAD_BIN");
const work = mkdtempSync(join(tmpdir(), "trailhead-relevance-"));
const site = join(work, "public");
const built = spawnSync(bin, ["build", "--root", ROOT, "--output", site], { encoding: "utf8", env: { ...process.env, TRAILHEAD_TODAY: "2026-11-22" } });
if (built.status !== 0) throw new Error(`trailhead build failed:\n${built.stderr}`);

// The pages Trailhead indexes, per language: the stored fields of search/d*.js.
function indexed(dir) {
  const urls = new Set();
  for (const f of readdirSync(dir).filter((f) => /^d\d+\.js$/.test(f))) {
    const text = readFileSync(join(dir, f), "utf8");
    const data = JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")));
    for (const r of data) urls.add(r[0]);
  }
  return urls;
}
const pages = { en: indexed(join(site, "search")), es: indexed(join(site, "es/search")) };
const searchPage = { en: "/search/", es: "/es/search/" };

const pagefindBin = [join(ROOT, "bench/node_modules/.bin/pagefind"), join(HERE, "node_modules/.bin/pagefind")].find(existsSync);
let pagefindVersion = null;
if (pagefindBin) {
  const r = spawnSync(pagefindBin, ["--site", site, "--output-path", join(site, "pagefind")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pagefind failed:\n${r.stderr}`);
  pagefindVersion = spawnSync(pagefindBin, ["--version"], { encoding: "utf8" }).stdout.trim();
  for (const [lang, tag] of [["en", "en-US"], ["es", "es"]]) {
    writeFileSync(join(site, "pagefind", `bench-${lang}.html`), `<!doctype html><html lang="${tag}"><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>\n`);
  }
}

// Served without the site's _headers: Pagefind runs WebAssembly, which the site's policy does
// not allow (Trailhead's search page keeps its own meta policy).
const server = await serveSite(site, { headers: {} });
const browser = await launchBrowser();

async function trailheadTop(page, q) {
  await page.fill("#search-q", q);
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q}”`), q, { timeout: 10_000 });
  return page.evaluate(() => [...document.querySelectorAll("#search-results > li h2 a")].map((a) => a.getAttribute("href")));
}

async function pagefindTop(page, q, lang) {
  const urls = await page.evaluate(async (q) => {
    window.__pf ||= await import("/pagefind/pagefind.js");
    const r = await window.__pf.search(q);
    const data = await Promise.all(r.results.slice(0, 40).map((x) => x.data()));
    return data.map((d) => d.url);
  }, q);
  return urls.map((u) => u.replace(/index\.html$/, "")).filter((u) => pages[lang].has(u)).slice(0, 5);
}

function score(top, expect) {
  const rank = top.slice(0, 5).findIndex((u) => expect.includes(u));
  return { hit: rank >= 0 && rank < 3 ? 1 : 0, rr: rank >= 0 ? 1 / (rank + 1) : 0 };
}

const engines = { trailhead: trailheadTop };
if (pagefindBin) engines.pagefind = pagefindTop;
const results = [];
for (const [name, top] of Object.entries(engines)) {
  for (const lang of ["en", "es"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + (name === "trailhead" ? searchPage[lang] : `/pagefind/bench-${lang}.html`));
    for (const j of judged.filter((j) => j.lang === lang)) {
      const got = await top(page, j.q, lang);
      results.push({ engine: name, ...j, top: got, ...score(got, j.expect) });
    }
    await context.close();
  }
}
await browser.close();
await server.close();
rmSync(work, { recursive: true, force: true });

const pct = (x) => `${(100 * x).toFixed(1)}%`;
function summary(rows) {
  const n = rows.length;
  return { n, hits3: rows.reduce((s, r) => s + r.hit, 0) / n, mrr: rows.reduce((s, r) => s + r.rr, 0) / n };
}
const groups = [["all", () => true], ["en", (r) => r.lang === "en"], ["es", (r) => r.lang === "es"]];
for (const kind of [...new Set(judged.map((j) => j.kind))]) groups.push([kind, (r) => r.kind === kind]);
const table = groups.map(([g, f]) => {
  const row = { group: g };
  for (const e of Object.keys(engines)) row[e] = summary(results.filter((r) => r.engine === e && f(r)));
  return row;
});
if (asJson) {
  console.log(JSON.stringify({ pagefind: pagefindVersion, table, results }, null, 1));
} else {
  log(`${judged.length} judged queries (${judged.filter((j) => j.lang === "en").length} English, ${judged.filter((j) => j.lang === "es").length} Spanish) on the demo library; Pagefind: ${pagefindVersion ?? "not installed (cd bench && npm i)"}\n`);
  log(`| queries | n | ${Object.keys(engines).map((e) => `${e} hits@3 | ${e} MRR`).join(" | ")} |`);
  log(`|---|---|${Object.keys(engines).map(() => "---|---").join("|")}|`);
  for (const row of table) {
    const n = row.trailhead.n;
    log(`| ${row.group} | ${n} | ${Object.keys(engines).map((e) => `${pct(row[e].hits3)} | ${row[e].mrr.toFixed(3)}`).join(" | ")} |`);
  }
  for (const e of Object.keys(engines)) {
    const missed = results.filter((r) => r.engine === e && !r.hit);
    log(`\n${e} misses (${missed.length}):`);
    for (const r of missed) log(`  [${r.lang} ${r.kind}] "${r.q}" → ${r.top.slice(0, 3).join(", ") || "(nothing)"}`);
  }
}
