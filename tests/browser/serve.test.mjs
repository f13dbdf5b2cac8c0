// `trailhead serve` in a real browser: live reload, scroll kept, the error overlay, CSS swapped
// without a reload, pages that did not change left alone, and no way in for other websites
// (a name it was not started for, a page from another origin).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { copyDemo, launchBrowser, openPage, startServe } from "./harness.mjs";

const STORY = "/stories/why-i-carry-naloxone/";
const STORY_FILE = "content/stories/why-i-carry-naloxone.md";
let site, server, browser;

before(async () => {
  site = copyDemo();
  server = await startServe(site.root);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  site?.cleanup();
});

const file = (rel) => join(site.root, rel);
const read = (rel) => readFileSync(file(rel), "utf8");
const write = (rel, text) => writeFileSync(file(rel), text);

/** Marks the open page's body: an update (a reload, or the new body swapped in) removes the mark. */
const mark = (page) => page.evaluate(() => (document.body.dataset.marked = "yes"));
const untouched = (page) => page.evaluate(() => document.body.dataset.marked === "yes");

describe("live reload", { timeout: 120_000 }, () => {
  test("an edit to the open page shows without a manual reload, at the same scroll position", async () => {
    const { page, context, guard } = await openPage(browser, server, { viewport: { width: 1280, height: 600 } });
    await page.goto(server.url + STORY);
    const target = await page.evaluate(() => Math.floor((document.documentElement.scrollHeight - innerHeight) / 2));
    assert.ok(target > 200, `the story is long enough to scroll (${target})`);
    await page.evaluate((y) => window.scrollTo(0, y), target);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 1, target);
    await mark(page);
    const original = read(STORY_FILE);
    write(STORY_FILE, original.replace(/\n*$/, "\n\nA sentence the editor just added.\n"));
    // The story sits in a closed <details> (it has a content note), so the text is attached, not visible.
    await page.getByText("A sentence the editor just added.").waitFor({ state: "attached", timeout: 10_000 });
    assert.equal(await untouched(page), false, "the page was updated");
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(Math.abs(y - target) <= 2, `scroll position kept (was ${target}, now ${y})`);
    await guard.assertClean();
    write(STORY_FILE, original);
    await page.getByText("A sentence the editor just added.").waitFor({ state: "detached", timeout: 10_000 });
    await context.close();
  });

  test("an edit to another page leaves the open page alone", async () => {
    const { page, context } = await openPage(browser, server);
    await page.goto(server.url + STORY);
    await mark(page);
    server.mark();
    const about = read("content/about.md");
    write("content/about.md", about.replace(/\n*$/, "\n\nA new line on the about page.\n"));
    await server.waitFor(/content\/about\.md edited/);
    await page.waitForTimeout(400);
    assert.equal(await untouched(page), true, "the story page was left alone");
    const aboutPage = await context.newPage();
    await aboutPage.goto(server.url + "/about/");
    await aboutPage.getByText("A new line on the about page.").waitFor();
    write("content/about.md", about);
    await context.close();
  });

  test("a stylesheet edit is swapped in without reloading the page", async () => {
    const { page, context, guard } = await openPage(browser, server);
    await page.goto(server.url + STORY);
    await mark(page);
    const css = read("themes/default/static/style.css");
    write("themes/default/static/style.css", css + "\n.site-title { letter-spacing: 7px; }\n");
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector(".site-title")).letterSpacing === "7px",
      null,
      { timeout: 10_000 },
    );
    assert.equal(await untouched(page), true, "no reload for a CSS change");
    write("themes/default/static/style.css", css);
    await page.waitForFunction(() => getComputedStyle(document.querySelector(".site-title")).letterSpacing !== "7px");
    await guard.assertClean();
    await context.close();
  });
});

describe("errors in the browser", { timeout: 120_000 }, () => {
  test("broken front matter shows an overlay with the file, line and hint; fixing it removes the overlay", async () => {
    const { page, context } = await openPage(browser, server);
    await page.goto(server.url + STORY);
    const good = read(STORY_FILE);
    const lines = good.split("\n");
    const dateLine = lines.findIndex((l) => l.startsWith("date:"));
    lines[dateLine] = "date: [not a date";
    write(STORY_FILE, lines.join("\n"));
    const overlay = page.getByRole("alertdialog");
    await overlay.waitFor({ timeout: 10_000 });
    const text = await overlay.innerText();
    assert.match(text, new RegExp(`${STORY_FILE.replace(/[.]/g, "\\.")}:${dateLine + 1}`), text);
    assert.match(text, /How to fix it:/, text);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "alertdialog", "the overlay takes focus");
    assert.ok(await page.locator("main").isVisible(), "the last good page stays underneath");
    // A page opened while the site is broken shows the overlay too.
    const second = await context.newPage();
    await second.goto(server.url + "/");
    await second.getByRole("alertdialog").waitFor({ timeout: 10_000 });

    write(STORY_FILE, good);
    await overlay.waitFor({ state: "detached", timeout: 10_000 });
    await second.getByRole("alertdialog").waitFor({ state: "detached", timeout: 10_000 });
    await context.close();
  });

  test("a template error names the template in the overlay", async () => {
    const { page, context } = await openPage(browser, server);
    await page.goto(server.url + STORY);
    const base = read("themes/default/templates/base.html");
    write("themes/default/templates/base.html", base.replace("{% block content %}", "{% block content %}{{ page.title | nope_filter }}"));
    const overlay = page.getByRole("alertdialog");
    await overlay.waitFor({ timeout: 15_000 });
    assert.match(await overlay.innerText(), /themes\/default\/templates\/base\.html/);
    write("themes/default/templates/base.html", base);
    await overlay.waitFor({ state: "detached", timeout: 15_000 });
    await context.close();
  });
});

describe("the preview is not a door into drafts", { timeout: 120_000 }, () => {
  const DRAFT = "content/unpublished-plans.md";
  before(async () => {
    server.mark();
    write(DRAFT, "---\ntitle: Unpublished plans\ndraft: true\n---\nA secret draft about next year.\n");
    await server.waitFor(/unpublished-plans\.md changed; full rebuild: re-rendered/);
  });

  test("under a name it was not started for (DNS rebinding), it answers 403 in plain words and shows no draft", async () => {
    const port = new URL(server.url).port;
    const rebinding = await launchBrowser({
      args: ["--host-resolver-rules=MAP rebind.test 127.0.0.1", "--disable-features=HttpsUpgrades"],
    });
    try {
      const page = await (await rebinding.newContext()).newPage();
      const refused = await page.goto(`http://rebind.test:${port}/unpublished-plans/`);
      assert.equal(refused.status(), 403);
      const text = await page.locator("body").innerText();
      assert.match(text, /trailhead serve --allowed-host rebind\.test/, text);
      assert.doesNotMatch(text, /secret draft/);
      // The same browser at the preview's own address sees the draft.
      const own = await page.goto(`${server.url}/unpublished-plans/`);
      assert.equal(own.status(), 200);
      await page.getByText("A secret draft about next year.").waitFor();
    } finally {
      await rebinding.close();
    }
    await server.waitFor(/Refused a request for "rebind\.test:\d+"/);
  });

  test("a page from another origin can neither follow live reload nor include or read the preview's files", async () => {
    const other = createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Another site</title><p>Another site</p>");
    });
    await new Promise((ok) => other.listen(0, "127.0.0.1", ok));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const attempt = (preview) =>
        page.evaluate(async (preview) => {
          const socket = await new Promise((ok) => {
            const ws = new WebSocket(preview.replace(/^http/, "ws") + "/__trailhead/livereload");
            ws.onopen = () => { ws.close(); ok("open"); };
            ws.onerror = () => ok("refused");
          });
          const script = await new Promise((ok) => {
            const s = document.createElement("script");
            s.src = preview + "/search/index.js";
            s.onload = () => ok("loaded");
            s.onerror = () => ok("blocked");
            document.head.append(s);
          });
          let read;
          try {
            read = (await (await fetch(preview + "/unpublished-plans/")).text()).includes("secret draft") ? "read" : "other";
          } catch {
            read = "blocked";
          }
          return { socket, script, read };
        }, preview);
      await page.goto(`http://127.0.0.1:${other.address().port}/`);
      assert.deepEqual(await attempt(server.url), { socket: "refused", script: "blocked", read: "blocked" });
      // The preview's own pages can do all three.
      await page.goto(server.url + "/about/");
      assert.deepEqual(await attempt(server.url), { socket: "open", script: "loaded", read: "read" });
      // The overlay's own files are never sniffed and load nothing themselves.
      for (const path of ["/__trailhead/livereload.js", "/__trailhead/overlay.css"]) {
        const res = await page.request.get(server.url + path);
        assert.equal(res.headers()["x-content-type-options"], "nosniff", path);
        assert.match(res.headers()["content-security-policy"], /^default-src 'none'/, path);
      }
    } finally {
      await context.close();
      await new Promise((ok) => other.close(ok));
    }
  });
});
