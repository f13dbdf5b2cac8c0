// Save-to-reload latency of `trailhead serve`, measured in headless Chromium.
//
//   node bench/serve-latency.mjs [--root SITE] [--page /stories/x/ --file content/stories/x.md] [--edits 20]
//
// Without --root it measures a copy of the bundled demo library. For each edit it appends a
// sentence to the story's Markdown file and times from just before the write to the reloaded
// page's load event (both on this machine's wall clock), then prints min/median/max and the
// rebuild times `serve` itself logged. A benchmark, not a test: figures vary by machine.
// Needs the test suite's npm packages (bash tests/run.sh installs them) and a built binary
// (TRAILHEAD_BIN, default target/release/trailhead if present, else target/debug/trailhead).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, copyDemo, launchBrowser, startServe } from "../tests/browser/harness.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
if (!process.env.TRAILHEAD_BIN && existsSync(join(ROOT, "target/release/trailhead"))) {
  process.env.TRAILHEAD_BIN = join(ROOT, "target/release/trailhead");
}
const edits = Number(args.edits ?? 20);
const demo = args.root ? null : copyDemo();
const root = args.root ?? demo.root;
const pagePath = args.page ?? "/stories/why-i-carry-naloxone/";
const file = join(root, args.file ?? "content/stories/why-i-carry-naloxone.md");

const server = await startServe(root);
const browser = await launchBrowser();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(server.url + pagePath);
const original = readFileSync(file, "utf8");
const times = [];
const rebuilds = [];

try {
  for (let i = 1; i <= edits; i++) {
    server.mark();
    const sentence = `Latency check sentence number ${i}.`;
    // The page is updated in place (its new body swapped in) or, when it cannot be, reloaded:
    // either way the moment the new text is in the document is what counts.
    await page.evaluate(() => {
      window.__updatedAt = undefined;
      document.addEventListener("trailhead:refreshed", () => (window.__updatedAt = performance.timeOrigin + performance.now()), { once: true });
    });
    const t0 = Date.now();
    writeFileSync(file, original.replace(/\n*$/, `\n\n${sentence}\n`));
    await page.waitForFunction((s) => document.body.textContent.includes(s), sentence, { timeout: 30_000, polling: "raf" });
    const at = await page.evaluate(() => {
      if (window.__updatedAt) return window.__updatedAt;
      const nav = performance.getEntriesByType("navigation")[0];
      return performance.timeOrigin + nav.loadEventStart;
    });
    times.push(at - t0);
    const line = await server.waitFor(/edited: re-rendered|full rebuild/);
    const ms = line.match(/\(([\d.]+) ms\)/);
    if (ms) rebuilds.push(Number(ms[1]));
    await page.waitForTimeout(150);
  }
} finally {
  writeFileSync(file, original);
  await browser.close();
  await server.stop();
  demo?.cleanup();
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const t = stats(times);
const r = stats(rebuilds);
console.log(`site: ${args.root ?? "bundled demo (copy)"}; page: ${pagePath}; edits: ${edits}`);
console.log(`save → new text in the open page: min ${t.min.toFixed(1)} ms, median ${t.median.toFixed(1)} ms, max ${t.max.toFixed(1)} ms`);
console.log(`rebuild (serve's own log): min ${r.min} ms, median ${r.median} ms, max ${r.max} ms`);
