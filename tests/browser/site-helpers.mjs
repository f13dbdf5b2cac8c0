// Helpers shared by the site-wide browser suites (privacy, accessibility, content).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import assert from "node:assert/strict";
import { ROOT, buildSite, launchBrowser, openPage, serveSite, sitemapPaths } from "./harness.mjs";

/** An address no page has: the server answers it with 404.html and status 404. */
export const NOT_FOUND = "/no-such-page-here/";
export const SAFETY_PAGE = "/staying-safer-online/";

/** Every page a reader can reach: the sitemap, the safety page and the 404 page. */
export function everyPath(dir) {
  return [...new Set([...sitemapPaths(dir), SAFETY_PAGE, NOT_FOUND])];
}

/**
 * One built site (built at once, so tests can be made per page), one server and one browser
 * for a whole test file. Call `start()` in `before` and `stop()` in `after`.
 */
export function siteFixture(buildOptions) {
  const site = buildSite(buildOptions);
  const f = {
    site,
    paths: everyPath(site.dir),
    async start() {
      f.server = await serveSite(f.site.dir);
      f.browser = await launchBrowser();
    },
    async stop() {
      await f.browser?.close();
      await f.server?.close();
      f.site?.cleanup();
    },
    open(opts) {
      return openPage(f.browser, f.server, opts);
    },
    /** Goes to `path`, checking the status: 404 for NOT_FOUND, else 200. */
    async visit(page, path) {
      const response = await page.goto(f.server.url + path);
      assert.equal(response.status(), path === NOT_FOUND ? 404 : 200, `status of ${path}`);
      return response;
    },
    /** The built HTML of a page, as served. */
    html(path) {
      const file = path === NOT_FOUND ? join(f.site.dir, "404.html") : join(f.site.dir, path, "index.html");
      return readFileSync(file, "utf8");
    },
  };
  return f;
}

const AXE_SOURCE = readFileSync(join(ROOT, "tests/browser/node_modules/axe-core/axe.min.js"), "utf8");
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe-core on the page (by default every WCAG 2.0–2.2 A and AA rule) and returns its
 * violations.
 *
 * The site's CSP (`script-src 'self'`) blocks `page.addScriptTag({content})`: an inline
 * <script> is exactly what the policy forbids. `page.evaluate(source)` runs the source through
 * the DevTools protocol (Runtime.evaluate), which CSP does not govern, so axe loads without
 * relaxing the policy and without a violation report.
 */
export async function axeViolations(page, runOnly = { type: "tag", values: AXE_TAGS }) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((only) => window.axe.run(document, { runOnly: only, resultTypes: ["violations"] }), runOnly);
  return result.violations;
}

/** Readable axe violations: rule id, help, and the selectors of each offending node. */
export function formatViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}  ${n.failureSummary?.split("\n").slice(1, 2).join("").trim() ?? ""}`).join("\n")}`)
    .join("\n");
}

/** Collects the messages of failed checks so one test can report every page that fails. */
export class Problems {
  constructor() {
    this.list = [];
  }
  check(ok, message) {
    if (!ok) this.list.push(message);
  }
  assertNone(what) {
    assert.equal(this.list.length, 0, `${what}:\n${this.list.join("\n")}`);
  }
}

/**
 * Writes a small site into a new temporary folder: the default theme from this repository plus
 * `files` ({"content/x.md": text, ...}); returns its root and a cleanup function.
 */
export function fixtureSite(files) {
  const root = mkdtempSync(join(tmpdir(), "trailhead-fixture-"));
  cpSync(join(ROOT, "themes/default"), join(root, "themes/default"), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The top-level `key: value` fields of a Markdown file's YAML front matter, as strings. */
export function frontMatter(file) {
  const yaml = readFileSync(file, "utf8").split(/^---$/m)[1];
  const fields = {};
  for (const m of yaml.matchAll(/^([a-z_]+):[ \t]*(.*)$/gm)) fields[m[1]] = m[2].trim().replace(/^"(.*)"$/, "$1");
  for (const m of yaml.matchAll(/^  ([a-z_]+):[ \t]*(.+)$/gm)) fields[`consent.${m[1]}`] ??= m[2].trim();
  return fields;
}

/** Every file under `dir`, as paths relative to it. */
export function allFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * A page for a site opened from a folder (file://): any request that is not to a file is
 * recorded in `guard.foreign` and stopped; files that fail to load go to `guard.failed` (a load
 * cancelled because the test moved on, such as the favicon, is not a missing file); page
 * errors and console errors are kept too. `guard.assertClean()` fails on page errors and on
 * console errors other than the ones a plain (non-portable) build expects from file://.
 */
export async function openFilePage(browser) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const guard = { foreign: [], failed: [], console: [], errors: [] };
  await context.route(
    (url) => url.protocol !== "file:",
    (route) => {
      guard.foreign.push(route.request().url());
      route.abort();
    },
  );
  const page = await context.newPage();
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText;
    if (new URL(r.url()).protocol === "file:" && why !== "net::ERR_ABORTED") guard.failed.push(`${r.url()} (${why})`);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") guard.console.push(msg.text());
  });
  page.on("pageerror", (err) => guard.errors.push(String(err)));
  guard.assertClean = async () => {
    assert.deepEqual(guard.errors, [], "page errors");
    assert.deepEqual(guard.console.filter((c) => !/style\.css|quick-exit\.js|ERR_FILE_NOT_FOUND/.test(c)), [], "console errors");
  };
  return { context, page, guard };
}
