// Site search: the same checks over http://127.0.0.1 (under the site's CSP) and straight from
// the folder (file://, no server), on the demo library plus two Spanish pages and a page that
// opts out of search.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, buildSite, launchBrowser, openPage, serveSite } from "./harness.mjs";
import { openFilePage } from "./site-helpers.mjs";

const SPANISH_A = `---
title: "Ayuda con la vivienda"
date: 2026-05-01
summary: "Dónde pedir ayuda para encontrar un lugar seguro."
tags: [housing]
language: es
last_reviewed: 2026-10-01
contacts:
  - name: Línea de ayuda
    phone: "1-800-662-4357"
---

La recuperación empieza con un lugar seguro. Aquí explicamos los programas de viviendas.
`;
const SPANISH_B = `---
title: "Grupos de apoyo entre pares"
date: 2026-05-02
summary: "Cómo encontrar un grupo."
tags: [peer support]
language: es
last_reviewed: 2026-10-01
contacts:
  - name: Línea de ayuda
    phone: "1-800-662-4357"
---

Muchas personas pudieron recuperarse con un grupo de apoyo.
`;
const HIDDEN = `---
title: "Internal checklist"
search: false
---

The zanzibarian checklist for volunteers.
`;

// Field weighting and phrases, on words no other page has: named after them; side by side twice
// in the body; both many times but never side by side.
const QUILTING = {
  "quilting-circle.md": `---\ntitle: "Our quilting circle"\n---\n\nWe meet on Tuesdays.\n`,
  "quilting-phrase.md": `---\ntitle: "Tuesday notes"\n---\n\nThe quilting circle met. The quilting circle will meet again.\n`,
  "quilting-apart.md": `---\ntitle: "Wednesday notes"\n---\n\n${"Quilting takes patience, and we talked for a long while about the weather. A circle of chairs. ".repeat(12)}\n`,
};

let fixture, site, server, browser;

before(async () => {
  fixture = mkdtempSync(join(tmpdir(), "trailhead-search-fixture-"));
  for (const f of ["trailhead.toml", "content", "themes"]) cpSync(join(ROOT, f), join(fixture, f), { recursive: true });
  writeFileSync(join(fixture, "content/guides/ayuda-con-la-vivienda.md"), SPANISH_A);
  writeFileSync(join(fixture, "content/guides/grupos-de-apoyo.md"), SPANISH_B);
  writeFileSync(join(fixture, "content/internal-checklist.md"), HIDDEN);
  for (const [name, text] of Object.entries(QUILTING)) writeFileSync(join(fixture, "content", name), text);
  site = buildSite({ root: fixture });
  server = await serveSite(site.dir);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

// `open(lang)`: the search page of the site's English ("") or Spanish ("es/") library.
const MODES = {
  http: {
    open: async (lang = "") => {
      const p = await openPage(browser, server);
      await p.page.goto(server.url + `/${lang}search/`);
      return p;
    },
  },
  file: {
    open: async (lang = "") => {
      const p = await openFilePage(browser);
      await p.page.goto(pathToFileURL(join(site.dir, lang, "search", "index.html")).href);
      return p;
    },
  },
};

/** Types a query and waits until its results (or "No results") are on screen. */
async function search(page, q) {
  await page.fill("#search-q", q);
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q.trim()}”`), q);
  return results(page);
}

/** Types a query key by key, as a reader does, and waits until its results are on screen. */
async function type(page, q) {
  await page.fill("#search-q", "");
  await page.locator("#search-q").pressSequentially(q, { delay: 40 });
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(`“${q}”`), q);
  return results(page);
}

function statusText(page) {
  return page.locator("#search-status").textContent();
}

function results(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("#search-results > li")].map((li) => ({
      title: li.querySelector("h2").textContent,
      href: li.querySelector("h2 a").getAttribute("href"),
      meta: li.querySelector(".meta").textContent,
      note: li.querySelector(".search-note")?.textContent ?? null,
      excerpt: li.querySelector(".search-excerpt")?.innerHTML ?? null,
      missing: li.querySelector(".search-missing")?.textContent ?? null,
    })),
  );
}

for (const [mode, { open }] of Object.entries(MODES)) {
  describe(`search over ${mode}`, { timeout: 120_000 }, () => {
    test("a query finds the expected pages in a sensible order, matched words in <mark>", async () => {
      const { page, context, guard } = await open();
      const r = await search(page, "housing help");
      assert.equal(r[0].title, "Finding housing help");
      assert.ok(r.length >= 2);
      assert.match(r[0].excerpt, /<mark>help<\/mark>/);
      const naloxone = await search(page, "naloxone overdose");
      assert.equal(naloxone[0].title, "How to recognize an opioid overdose and use naloxone");
      if (mode === "file") assert.match(naloxone[0].href, /^\.\.\/guides\/naloxone\/index\.html$/);
      else assert.equal(naloxone[0].href, "/guides/naloxone/");
      // The link works from where the page is.
      await page.locator("#search-results h2 a").first().click();
      await page.waitForURL(/naloxone/);
      assert.equal(await page.locator("h1").first().textContent(), "How to recognize an opioid overdose and use naloxone");
      await guard.assertClean();
      assert.deepEqual(guard.foreign, []);
      await context.close();
    });

    test("a filter narrows the results and the counts update", async () => {
      const { page, context, guard } = await open();
      const all = await search(page, "peer support");
      const chip = page.locator('#search-filters button[data-facet="section"]', { hasText: "Recovery stories" });
      const chipCount = Number((await chip.locator(".count").textContent()).replace(/\D/g, ""));
      const topicsBefore = await page.locator('#search-filters button[data-facet="t0"]').allTextContents();
      assert.ok(chipCount > 0 && chipCount < all.length + 1000);
      await chip.click();
      await page.waitForFunction(() => /filtered/.test(document.getElementById("search-status").textContent));
      assert.equal(await chip.getAttribute("aria-pressed"), "true");
      const status = await page.locator("#search-status").textContent();
      assert.equal(Number(status.match(/^(\d+)/)[1]), chipCount, status);
      const narrowed = await results(page);
      assert.ok(narrowed.length > 0 && narrowed.every((x) => x.meta.startsWith("Recovery stories")), JSON.stringify(narrowed));
      const topicsAfter = await page.locator('#search-filters button[data-facet="t0"]').allTextContents();
      assert.notDeepEqual(topicsAfter, topicsBefore, "topic counts follow the section filter");
      // Pressing it again clears the filter.
      await chip.click();
      await page.waitForFunction(() => !/filtered/.test(document.getElementById("search-status").textContent));
      assert.equal(await chip.getAttribute("aria-pressed"), "false");
      await guard.assertClean();
      await context.close();
    });

    test("the last word typed matches as a prefix", async () => {
      const { page, context } = await open();
      assert.equal((await search(page, "naloxo"))[0].title, "How to recognize an opioid overdose and use naloxone");
      assert.equal((await search(page, "finding hous"))[0].title, "Finding housing help");
      await context.close();
    });

    test("Spanish pages are stemmed in Spanish, accents folded", async () => {
      const { page, context } = await open();
      // "recuperación" (page A) and "recuperarse" (page B) share the Snowball stem "recuper".
      const titles = (await search(page, "recuperacion ")).map((x) => x.title);
      assert.ok(titles.includes("Ayuda con la vivienda"), titles.join(", "));
      assert.ok(titles.includes("Grupos de apoyo entre pares"), titles.join(", "));
      const vivienda = (await search(page, "viviendas ")).map((x) => x.title);
      assert.equal(vivienda[0], "Ayuda con la vivienda");
      await context.close();
    });

    test("withdrawn stories and pages with search = false are never found", async () => {
      const { page, context } = await open();
      for (const q of ["a year of small steps", "casseroles", "zanzibarian"]) {
        const r = await search(page, q);
        assert.ok(!r.some((x) => /a-year-of-small-steps|internal-checklist/.test(x.href)), `${q}: ${JSON.stringify(r)}`);
      }
      await context.close();
    });

    test("a story with content notes shows its note and summary, never a body excerpt", async () => {
      const { page, context } = await open();
      const r = await search(page, "relapse");
      const story = r.find((x) => x.title === "Coming back after a relapse");
      assert.ok(story, JSON.stringify(r));
      assert.match(story.note, /^This story mentions: /);
      assert.equal(story.excerpt, null);
      await context.close();
    });

    test("typing never changes the address and nothing is stored", async () => {
      const { page, context, guard } = await open();
      const url = page.url();
      const length = await page.evaluate(() => history.length);
      await page.locator("#search-q").pressSequentially("crisis line", { delay: 20 });
      await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("“crisis line”"));
      assert.equal(page.url(), url);
      assert.equal(await page.evaluate(() => history.length), length);
      const stored = await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length]);
      assert.deepEqual(stored, ["", 0, 0]);
      assert.equal(await page.locator("#search-q").getAttribute("autocomplete"), "off");
      assert.deepEqual(guard.foreign, []);
      await guard.assertClean();
      await context.close();
    });

    test("a misspelled word, typed key by key, finds the page it meant and says so", async () => {
      const { page, context, guard } = await open();
      const r = await type(page, "nalaxone");
      assert.equal(r[0].title, "How to recognize an opioid overdose and use naloxone");
      assert.match(await statusText(page), /^Showing results for “naloxone”\. \d+ results for “nalaxone”/);
      assert.match(r[0].excerpt, /<mark>naloxone<\/mark>/i);
      // One word of two, and a transposition.
      assert.equal((await type(page, "suport group"))[0].title, "How to find a peer support group");
      assert.match(await statusText(page), /Showing results for “support group”/);
      assert.equal((await type(page, "biploar"))[0].title, "Learning my own rhythm with bipolar disorder");
      // A word that is right is never corrected.
      await type(page, "naloxone");
      assert.doesNotMatch(await statusText(page), /Showing results for/);
      await guard.assertClean();
      await context.close();
    });

    test("a synonym, typed key by key, finds the pages that use another word, in English and Spanish", async () => {
      const { page, context, guard } = await open();
      // The eating-disorder story never says "anorexia"; no page says "rehab".
      assert.equal((await type(page, "anorexia"))[0].title, "Learning to eat without fear");
      assert.equal((await type(page, "rehab"))[0].title, "After a hospital stay: the first weeks home");
      // A phrase as a synonym.
      assert.equal((await type(page, "suicide hotline"))[0].title, "Crisis lines and warmlines: who to call, text, or chat");
      await guard.assertClean();
      await context.close();
      const es = await open("es/");
      // "alquiler" (rent) finds the housing guide, which says "vivienda" and "renta".
      assert.equal((await type(es.page, "alquiler"))[0].title, "Cómo encontrar ayuda con la vivienda");
      assert.equal((await type(es.page, "naloxna"))[0].title, "Cómo reconocer una sobredosis de opioides y usar la naloxona");
      assert.match(await statusText(es.page), /^Mostrando resultados de “naloxona”/);
      await es.guard.assertClean();
      await es.context.close();
    });

    test("the title outweighs the body, and words side by side outweigh words apart", async () => {
      const { page, context } = await open();
      const r = await search(page, "quilting circle");
      assert.deepEqual(r.slice(0, 3).map((x) => x.title), ["Our quilting circle", "Tuesday notes", "Wednesday notes"]);
      assert.ok(r.slice(0, 3).every((x) => x.missing === null) && r.slice(3).every((x) => x.missing !== null), JSON.stringify(r));
      await context.close();
    });

    test("two-letter words and numbers are searched", async () => {
      const { page, context } = await open();
      // "AA" is not on the site: the guide says "Alcoholics Anonymous"; every guide says "meeting".
      const aa = await search(page, "aa meeting");
      assert.equal(aa[0].title, "How to find a peer support group");
      assert.equal(aa[0].missing, null, "it has both");
      assert.equal((await search(page, "988"))[0].title, "Crisis lines and warmlines: who to call, text, or chat");
      await context.close();
    });

    test("pages with only some of the words come after those with all, saying what they lack", async () => {
      const { page, context } = await open();
      // No page says "caseworker": the best pages for "housing", each saying so.
      const r = await search(page, "housing caseworker");
      assert.equal(r[0].title, "Finding housing help");
      assert.match(await statusText(page), /No page mentions “caseworker”\./);
      assert.ok(r.every((x) => x.missing === "Missing: “caseworker”"), JSON.stringify(r));
      // Pages with both words first, then pages with one of them.
      const mixed = await search(page, "naloxone family");
      const [, n, some] = (await statusText(page)).match(/^(\d+) results for “naloxone family”\. (\d+) of them have only some of the words\.$/) ?? [];
      assert.ok(Number(some) > 0 && Number(n) > Number(some), await statusText(page));
      const all = Number(n) - Number(some);
      for (let i = 0; i < all && i < mixed.length; i++) assert.equal(mixed[i].missing, null, JSON.stringify(mixed));
      await page.locator("#search-more").click();
      await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, mixed.length);
      const more = await results(page);
      const firstPartial = more.findIndex((x) => x.missing !== null);
      assert.equal(firstPartial, all, JSON.stringify(more));
      assert.ok(more.slice(firstPartial).every((x) => /^Missing: “(naloxone|family)”$/.test(x.missing)), JSON.stringify(more));
      await context.close();
    });

    test("no results offers the closest words; a crisis word shows the crisis lines and guide first", async () => {
      const { page, context, guard } = await open();
      assert.deepEqual(await search(page, "pannicc"), []);
      assert.match(await statusText(page), /^No results for “pannicc”/);
      const suggestion = page.locator("#search-suggest button").first();
      assert.equal(await suggestion.textContent(), "panic");
      assert.equal(await page.locator("#search-crisis").isVisible(), false);
      await suggestion.click();
      await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("“panic”"));
      assert.equal((await results(page))[0].title, "When panic kept me home");
      assert.equal(await page.locator("#search-suggest").isVisible(), false);
      // Nothing on the site says "kill": the crisis lines, and the crisis guide as a result.
      const r = await search(page, "kill myself");
      assert.equal(await page.locator("#search-crisis").isVisible(), true);
      assert.equal(r[0].title, "Crisis lines and warmlines: who to call, text, or chat");
      assert.equal(await page.locator("#search-suggest").isVisible(), false, "no other words to try");
      // A misspelled crisis word too.
      await search(page, "sucidal");
      assert.equal(await page.locator("#search-crisis").isVisible(), true);
      // A page about the words keeps its place: "overdose" is the naloxone guide's.
      assert.equal((await search(page, "overdose"))[0].title, "How to recognize an opioid overdose and use naloxone");
      await guard.assertClean();
      await context.close();
    });

    test("keyboard: ↓ moves from the box into the results, Escape comes back; the status is live", async () => {
      const { page, context } = await open();
      await search(page, "peer");
      await page.locator("#search-q").press("ArrowDown");
      assert.equal(await page.evaluate(() => document.activeElement.closest("#search-results li") !== null), true);
      await page.keyboard.press("ArrowDown");
      const second = await page.evaluate(() => document.activeElement.textContent);
      assert.equal(second, (await results(page))[1].title);
      await page.keyboard.press("Escape");
      assert.equal(await page.evaluate(() => document.activeElement.id), "search-q");
      assert.equal(await page.locator("#search-status").getAttribute("aria-live"), "polite");
      await context.close();
    });
  });
}

describe("search pages and files", { timeout: 120_000 }, () => {
  test("the header box sends a query once; later typing leaves the address alone", async () => {
    const { page, context, guard } = await openPage(browser, server);
    await page.goto(server.url + "/guides/");
    await page.fill("#site-search-q", "naloxone");
    await page.locator(".site-search button").click();
    await page.waitForURL(/\/search\/\?q=naloxone$/);
    await page.waitForFunction(() => document.getElementById("search-status").textContent.includes("“naloxone”"));
    const url = page.url();
    await search(page, "housing");
    assert.equal(page.url(), url);
    await guard.assertClean();
    assert.deepEqual(guard.foreign, []);
    await context.close();
  });

  test("without JavaScript the search page says so and links to the topic index", async () => {
    const { page, context } = await openPage(browser, server, { javaScriptEnabled: false });
    await page.goto(server.url + "/search/");
    assert.match(await page.locator("#search-nojs").textContent(), /needs JavaScript/);
    assert.equal(await page.locator("#search-nojs a").first().getAttribute("href"), "../tags/");
    assert.equal(await page.locator("#search-form").isVisible(), false);
    await context.close();
  });

  test("the index is classic scripts, few files, and holds nothing of left-out pages", () => {
    const dir = join(site.dir, "search");
    const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
    assert.ok(files.includes("index.js"));
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      assert.match(text, /^trailheadSearch\("[a-z0-9]+",/);
      assert.doesNotMatch(text, /casseroles|zanzibarian/i, f);
    }
  });
});
