// The portable copy of the demo (`trailhead build --portable`), opened from file:// with no
// server: every internal link on every page reached loads, nothing fails to load, the
// stylesheet applies everywhere, search finds pages, and the quick exit (button and Shift×3)
// leaves the site. The English and the Spanish half.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSite, launchBrowser } from "./harness.mjs";
import { allFiles, openFilePage } from "./site-helpers.mjs";

let site, browser, home;

before(async () => {
  site = buildSite({ args: ["--portable"] });
  browser = await launchBrowser();
  home = pathToFileURL(join(site.dir, "index.html")).href;
});
after(async () => {
  await browser?.close();
  site?.cleanup();
});

describe("the portable copy from file://", { timeout: 600_000 }, () => {
  test("every internal link on every page reached loads, with its stylesheet, in both languages", async () => {
    const { page, context, guard } = await openFilePage(browser);
    const seen = new Set();
    const queue = [home];
    const problems = [];
    while (queue.length) {
      const url = queue.shift();
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await page.goto(url);
      if (!response || !response.ok()) {
        problems.push(`${url}: did not load`);
        continue;
      }
      const info = await page.evaluate(() => ({
        styled: getComputedStyle(document.querySelector(".quick-exit")).position === "sticky",
        title: document.title,
        // Links, and the header's search form (how readers reach the search page).
        links: [...document.querySelectorAll("a[href]")].map((a) => a.href).concat([...document.querySelectorAll("form[action]")].map((f) => f.action)),
      }));
      if (!info.styled) problems.push(`${url}: the stylesheet did not apply`);
      for (const link of info.links) {
        const target = new URL(link);
        if (target.protocol !== "file:") continue;
        target.hash = "";
        if (!target.pathname.endsWith(".html")) problems.push(`${url}: links to a folder, ${target.pathname}`);
        else if (!seen.has(target.href)) queue.push(target.href);
      }
    }
    const pages = [...seen];
    assert.deepEqual(problems, []);
    assert.deepEqual(guard.failed, [], "files that failed to load");
    assert.deepEqual(guard.errors, [], "page errors");
    assert.deepEqual(guard.foreign, [], "requests to other origins");
    // Every page of the copy is reached by following links from its home page.
    const files = allFiles(site.dir).filter((f) => f.endsWith(".html")).map((f) => pathToFileURL(join(site.dir, f)).href);
    assert.deepEqual(files.filter((f) => !seen.has(f)), [], "pages no link leads to");
    assert.ok(pages.filter((p) => p.includes("/es/")).length >= 20, "the Spanish half is reached");
    await context.close();
  });

  for (const [language, path, query, word] of [
    ["English", "search/index.html", "housing", /results? for/],
    ["Spanish", "es/search/index.html", "ayuda", /resultados? para/],
  ]) {
    test(`search finds pages (${language}) and its results open`, async () => {
      const { page, context, guard } = await openFilePage(browser);
      await page.goto(pathToFileURL(join(site.dir, path)).href);
      await page.fill("#search-q", query);
      await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q}”`), query);
      assert.match(await page.locator("#search-status").textContent(), word);
      const first = page.locator("#search-results h2 a").first();
      await first.click();
      await page.waitForURL(/index\.html$/);
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".quick-exit")).position), "sticky");
      assert.deepEqual(guard.failed, []);
      assert.deepEqual(guard.errors, []);
      await context.close();
    });
  }

  for (const [language, path] of [
    ["English", "guides/naloxone/index.html"],
    ["Spanish", "es/guides/naloxone/index.html"],
  ]) {
    test(`the exit button and Shift×3 leave the site (${language})`, async () => {
      for (const how of ["button", "shift"]) {
        const { page, context, guard } = await openFilePage(browser);
        await page.goto(pathToFileURL(join(site.dir, path)).href);
        const exit = await page.locator(".quick-exit-button").getAttribute("href");
        if (how === "button") await page.locator(".quick-exit-button").click();
        else for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
        // Requests to other sites are stopped here, so the attempt to go is what shows.
        for (let waited = 0; waited < 5000 && !guard.foreign.some((u) => u.startsWith(exit)); waited += 50) {
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(guard.foreign.some((u) => u.startsWith(exit)), `${how}: no request to ${exit}: ${guard.foreign}`);
        await context.close();
      }
    });
  }
});
