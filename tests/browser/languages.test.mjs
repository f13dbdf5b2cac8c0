// The demo library in Spanish: search finds Spanish pages only, the language switcher goes to
// the translation, axe finds nothing on Spanish pages, and the quick exit works in Spanish.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, launchBrowser, openPage, serveSite } from "./harness.mjs";
import { axeViolations, formatViolations } from "./site-helpers.mjs";

let site, server, browser;

before(async () => {
  site = buildSite();
  server = await serveSite(site.dir);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
});

/** Types a query on the Spanish search page and waits for its results. */
async function search(page, q) {
  await page.fill("#search-q", q);
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q.trim()}”`), q);
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    hrefs: [...document.querySelectorAll("#search-results > li h2 a")].map((a) => a.getAttribute("href")),
    titles: [...document.querySelectorAll("#search-results > li h2")].map((h) => h.textContent),
  }));
}

describe("the Spanish site", { timeout: 180_000 }, () => {
  test("search on /es/search/ finds Spanish pages only, and says so in Spanish", async () => {
    const { page, context, guard } = await openPage(browser, server);
    await page.goto(server.url + "/es/search/");
    assert.equal(await page.getAttribute("html", "lang"), "es");
    for (const q of ["ayuda", "reunión"]) {
      const r = await search(page, q);
      assert.ok(r.hrefs.length >= 1, `${q}: no results (${r.status})`);
      for (const href of r.hrefs) assert.match(href, /^\/es\//, `${q}: ${href} is not a Spanish page`);
      assert.match(r.status, /resultados? para/, r.status);
      assert.doesNotMatch(r.status, / results? for /);
    }
    // An English word that only English pages have finds nothing here.
    const none = await search(page, "naloxone overdose wellness");
    for (const href of none.hrefs) assert.match(href, /^\/es\//);
    // The English search page does not find Spanish pages.
    await page.goto(server.url + "/search/");
    const en = await search(page, "reunión");
    for (const href of en.hrefs) assert.doesNotMatch(href, /^\/es\//);
    await guard.assertClean();
    await context.close();
  });

  for (const [path, q, calm] of [
    ["/search/", "i want to die", "housing help"],
    ["/es/search/", "quiero morir", "vivienda"],
  ]) {
    test(`a search that says someone may be in danger shows the crisis lines first (${path})`, async () => {
      const { page, context, guard } = await openPage(browser, server);
      await page.goto(server.url + path);
      const crisis = page.locator("#search-crisis");
      assert.equal(await crisis.isVisible(), false);
      await page.fill("#search-q", q);
      await crisis.waitFor({ state: "visible" });
      assert.ok(await crisis.locator('a[href="tel:988"]').count() >= 1, "988 to call");
      const before = await page.evaluate(() => {
        const c = document.getElementById("search-crisis");
        return !!(c.compareDocumentPosition(document.getElementById("search-results")) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(before, "the crisis lines come before the results");
      await page.fill("#search-q", calm);
      await page.waitForFunction(() => document.getElementById("search-crisis").hidden);
      await guard.assertClean();
      await context.close();
    });
  }

  test("the language switcher goes to the translation, and back", async () => {
    const { page, context, guard } = await openPage(browser, server);
    await page.goto(server.url + "/guides/naloxone/");
    const toSpanish = page.locator('.language-switcher a[hreflang="es"]');
    assert.equal(await toSpanish.getAttribute("lang"), "es");
    assert.equal((await toSpanish.textContent()).trim(), "Español");
    await toSpanish.click();
    await page.waitForURL(server.url + "/es/guides/naloxone/");
    assert.equal(await page.getAttribute("html", "lang"), "es");
    const toEnglish = page.locator('.language-switcher a[lang^="en"]');
    assert.equal((await toEnglish.textContent()).trim(), "English");
    await toEnglish.click();
    await page.waitForURL(server.url + "/guides/naloxone/");
    // A page without a translation leads to the other language's home.
    await page.goto(server.url + "/guides/returning-to-work/");
    await page.locator('.language-switcher a[hreflang="es"]').click();
    await page.waitForURL(server.url + "/es/");
    await guard.assertClean();
    await context.close();
  });

  for (const path of [
    "/es/",
    "/es/stories/",
    "/es/stories/why-i-carry-naloxone/",
    "/es/stories/la-familia-tambien-se-recupera/",
    "/es/guides/crisis-lines/",
    "/es/guides/naloxone/",
    "/es/tags/",
    "/es/search/",
    "/es/about/",
  ]) {
    test(`${path}: axe finds no WCAG 2.2 A/AA violation`, async () => {
      const { page, context, guard } = await openPage(browser, server);
      await page.goto(server.url + path);
      assert.equal(await page.getAttribute("html", "lang"), "es");
      const v = await axeViolations(page);
      assert.deepEqual(v, [], formatViolations(v));
      await guard.assertClean();
      await context.close();
    });
  }

  test("the quick exit works and speaks Spanish", async () => {
    const { page, context } = await openPage(browser, server);
    await page.goto(server.url + "/es/");
    await page.goto(server.url + "/es/stories/why-i-carry-naloxone/");
    const button = page.locator(".quick-exit-button");
    assert.match(await button.textContent(), /Salir de esta página/);
    const exitUrl = await button.getAttribute("href");
    const status = page.locator("#quick-exit-status");
    await page.keyboard.press("Shift");
    assert.equal(await status.textContent(), "Mayús: oprima 2 veces más para salir.");
    await page.keyboard.press("Shift");
    assert.equal(await status.textContent(), "Mayús: oprima 1 vez más para salir.");
    await page.keyboard.press("Shift");
    await page.waitForURL(exitUrl);
    await page.goBack();
    assert.equal(new URL(page.url()).pathname, "/es/", "Back skips the story");
    await context.close();
  });
});

describe("a guide's contacts", { timeout: 120_000 }, () => {
  for (const path of ["/guides/naloxone/", "/es/guides/naloxone/"]) {
    test(`${path}: a link near the top jumps to the contacts`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, serviceWorkers: "block" });
      const page = await context.newPage();
      await page.goto(server.url + path);
      const jump = page.locator(".jump-contacts a");
      // Before the guide's text: the first thing after its title, summary and dates.
      const first = await page.evaluate(() => {
        const j = document.querySelector(".jump-contacts");
        const body = document.querySelector("article.guide > h2, article.guide > p:not(.lead):not(.meta):not(.jump-contacts)");
        return !!(j.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(first, "the jump link comes before the guide's text");
      await jump.click();
      await page.waitForFunction(() => location.hash === "#contacts-heading");
      const heading = await page.locator("#contacts-heading").boundingBox();
      assert.ok(heading.y >= 0 && heading.y < 640, `the contacts heading is at y=${heading.y} after the jump`);
      assert.ok(await page.locator(".contact a[href^='tel:']").first().isVisible());
      await context.close();
    });
  }
});
