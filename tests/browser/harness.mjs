// Trailhead's real-browser test harness.
//
// - `buildSite()` builds a site (the bundled demo by default) with the Trailhead binary into a
//   fresh temporary folder.
// - `serveSite(dir)` serves that folder from a loopback static server that applies the headers
//   the build wrote to `_headers` (so every page runs under the site's strict CSP).
// - `launchBrowser()` starts Debian's headless Chromium through playwright-core.
// - `openPage(browser, site)` gives a page whose guard records requests to other origins,
//   Content-Security-Policy violations, console errors and page errors; `guard.assertClean()`
//   fails the test on any of them.
//
// Adding a test: import these helpers in a new `*.test.mjs` file beside this one.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const TODAY = "2026-11-22";

/** The Trailhead binary: $TRAILHEAD_BIN, or target/debug/trailhead (built when missing). */
export function trailheadBin() {
  if (process.env.TRAILHEAD_BIN) return process.env.TRAILHEAD_BIN;
  const bin = join(ROOT, "target", "debug", "trailhead");
  if (!existsSync(bin)) {
    const r = spawnSync("cargo", ["build", "--quiet"], { cwd: ROOT, stdio: "inherit" });
    assert.equal(r.status, 0, "cargo build failed");
  }
  return bin;
}

/** Runs the Trailhead binary; returns {status, stdout, stderr}. A panic (exit 101) always fails. */
export function trailhead(args, opts = {}) {
  const r = spawnSync(trailheadBin(), args, {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, TRAILHEAD_TODAY: TODAY, NO_COLOR: "1", ...(opts.env ?? {}) },
  });
  assert.notEqual(r.status, 101, `trailhead ${args.join(" ")} panicked:\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Builds the site at `root` (default: the bundled demo) into a new temporary folder. */
export function buildSite({ root = ROOT, args = [] } = {}) {
  const parent = mkdtempSync(join(tmpdir(), "trailhead-browser-"));
  const out = join(parent, "public");
  const r = trailhead(["build", "--root", root, "--output", out, ...args]);
  assert.equal(r.status, 0, `trailhead build failed:\n${r.stderr}`);
  return { dir: out, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};

/** Headers for every path from the build's `_headers` file (its `/*` block). */
export function headersFile(dir) {
  const file = join(dir, "_headers");
  const headers = {};
  if (!existsSync(file)) return headers;
  let inAll = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === "/*";
      continue;
    }
    if (!inAll) continue;
    const at = line.indexOf(":");
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

/**
 * Serves `dir` on 127.0.0.1 with the site's headers; resolves to {url, close, requests}.
 * `{ headers: {} }` serves it without them, as GitHub Pages or a plain web server would (only
 * the pages' own CSP meta element then applies).
 */
export async function serveSite(dir, { headers = headersFile(dir) } = {}) {
  const root = resolve(dir);
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = join(root, "404.html");
    }
    const body = existsSync(file) ? readFileSync(file) : Buffer.from("not found");
    res.writeHead(status, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    close: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(ok);
    }),
  };
}

/**
 * Headless Debian Chromium (or $CHROMIUM), with the flags this machine needs, plus `args`
 * (e.g. `--host-resolver-rules=MAP rebind.test 127.0.0.1` to give loopback another name).
 */
export function launchBrowser({ args = [] } = {}) {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath}; run bash tests/run.sh, which installs it`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      ...args,
    ],
  });
}

/** The neutral page the quick exit goes to, answered locally so no request leaves the machine. */
export const NEUTRAL_PAGE = "<!doctype html><title>Weather</title><h1>Weather today</h1>";

/**
 * A new page in a fresh browser context, with a guard that records what a reader must never
 * meet: requests to another origin, CSP violations, console errors and uncaught errors.
 * Requests to other origins never reach the network: they are answered with NEUTRAL_PAGE
 * (so the quick exit can be followed) and recorded.
 */
export async function openPage(browser, site, { viewport = { width: 1280, height: 800 }, javaScriptEnabled = true, touch = false } = {}) {
  // `touch`: a phone (touch events, mobile viewport, no hover and a coarse pointer).
  const context = await browser.newContext({ viewport, javaScriptEnabled, serviceWorkers: "block", hasTouch: touch, isMobile: touch });
  const origin = new URL(site.url).origin;
  const guard = { foreign: [], csp: [], console: [], errors: [] };
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      guard.foreign.push(route.request().url());
      route.fulfill({ status: 200, contentType: "text/html", body: NEUTRAL_PAGE });
    },
  );
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window.__csp ||= []).push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/404 \(Not Found\)/.test(msg.text())) guard.console.push(msg.text());
  });
  page.on("pageerror", (err) => guard.errors.push(String(err)));
  guard.collectCsp = async () => {
    if (new URL(page.url()).origin !== origin) return;
    guard.csp.push(...(await page.evaluate(() => window.__csp ?? [])));
  };
  guard.assertClean = async (where = page.url()) => {
    await guard.collectCsp();
    assert.deepEqual(guard.csp, [], `CSP violations on ${where}`);
    assert.deepEqual(guard.errors, [], `page errors on ${where}`);
    assert.deepEqual(guard.console, [], `console errors on ${where}`);
  };
  return { context, page, guard, origin };
}

/** Every URL of the sitemap, as paths (e.g. "/stories/"). */
export function sitemapPaths(dir) {
  const xml = readFileSync(join(dir, "sitemap.xml"), "utf8");
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

/** A copy of the bundled demo site (sources only) in a new temporary folder, for edits. */
export function copyDemo() {
  const parent = mkdtempSync(join(tmpdir(), "trailhead-serve-"));
  const root = join(parent, "site");
  for (const part of ["trailhead.toml", "content", "themes"]) {
    cpSync(join(ROOT, part), join(root, part), { recursive: true });
  }
  return { root, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * Starts `trailhead serve` for `root` on a free loopback port. Resolves to
 * {url, log, stop}: `log` collects what it prints; `waitFor(re)` waits for a log line.
 */
export async function startServe(root, args = []) {
  const child = spawn(trailheadBin(), ["serve", "--root", root, "--port", "0", ...args], {
    env: { ...process.env, TRAILHEAD_TODAY: TODAY, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = [];
  const waiters = [];
  const take = (chunk) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line) continue;
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.ok(line); }
    }
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  const waitFor = (re, ms = 20_000) =>
    new Promise((ok, fail) => {
      const hit = lines.find((l) => re.test(l));
      if (hit) return ok(hit);
      const w = { re, ok };
      waiters.push(w);
      setTimeout(() => fail(new Error(`serve never printed ${re}; it printed:\n${lines.join("\n")}`)), ms);
    });
  const first = await waitFor(/^Serving the preview at /);
  const url = first.match(/(http:\/\/[^/\s]+)/)[1];
  return {
    url,
    log: lines,
    waitFor,
    /** Forgets earlier log lines, so `waitFor` sees only what comes next. */
    mark: () => lines.splice(0, lines.length),
    stop: () => new Promise((ok) => { child.once("exit", ok); child.kill("SIGINT"); }),
  };
}
