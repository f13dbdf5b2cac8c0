// `trailhead serve` in a real browser: live reload, scroll kept, the error overlay, CSS swapped
// without a reload, and pages that did not change left alone.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
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
