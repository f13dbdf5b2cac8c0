// The reader on a cheap phone: the demo at 360×640 with touch, as Chromium emulates a phone.
// A story's first words on the first screen, crisis help one tap away on every page, a guide's
// contacts reachable from the first screen, the exit button on one line, no keyboard hint,
// and a search for a crisis phrase that answers with the crisis lines first.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";
import { Problems, frontMatter, siteFixture } from "./site-helpers.mjs";

const PHONE = { width: 360, height: 640 };
const f = siteFixture();
let p; // one phone page for the file
before(async () => {
  await f.start();
  p = await f.open({ viewport: PHONE, touch: true });
});
after(async () => {
  await p?.context.close();
  await f.stop();
});

/** The published demo stories that open at once (a collapsed story shows its body on a tap). */
function openStories() {
  const dir = join(ROOT, "content", "stories");
  return readdirSync(dir)
    .filter((n) => n.endsWith(".md") && n !== "_index.md")
    .map((n) => ({ name: n, fm: frontMatter(join(dir, n)) }))
    .filter(({ fm }) => fm.collapse !== "true" && fm.draft !== "true")
    .map(({ name }) => (name.endsWith(".es.md") ? `/es/stories/${name.slice(0, -6)}/` : `/stories/${name.slice(0, -3)}/`))
    .filter((url) => f.paths.includes(url)); // left out (consent, drafts, orphans): not built
}

/** What a phone's first screen shows of the page. */
function firstScreen() {
  const screen = window.innerHeight;
  const top = (el) => (el ? el.getBoundingClientRect().top : null);
  const para = document.querySelector(".story-body > p");
  const lineHeight = para ? parseFloat(getComputedStyle(para).lineHeight) : 0;
  const exit = document.querySelector(".quick-exit-button");
  const exitLines = Math.round(exit.getBoundingClientRect().height / parseFloat(getComputedStyle(exit).lineHeight));
  const band = document.querySelector("aside.crisis");
  const call = [...band.querySelectorAll('a[href^="tel:"]')].find((a) => a.checkVisibility());
  const hint = document.querySelector(".quick-exit-hint");
  return {
    screen,
    paragraphLineBottom: para ? top(para) + lineHeight : null,
    exitOneLine: exit.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(exit).lineHeight),
    exitLines,
    shiftHintShown: !!hint && hint.checkVisibility(),
    callOnFirstScreen: !!call && call.getBoundingClientRect().bottom <= screen,
    callText: call?.textContent.trim(),
    compact: band.classList.contains("crisis-compact"),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}

describe("a phone's first screen (360×640, touch)", { timeout: 180_000 }, () => {
  test("every open story: its first line on the first screen, a call to the crisis line, one-line exit, no Shift hint", async () => {
    const stories = openStories();
    assert.ok(stories.length >= 8, `only ${stories.length} open stories: ${stories}`);
    assert.ok(stories.some((u) => u.startsWith("/es/")), "Spanish stories too");
    const problems = new Problems();
    for (const url of stories) {
      await f.visit(p.page, url);
      const s = await p.page.evaluate(firstScreen);
      problems.check(s.paragraphLineBottom !== null && s.paragraphLineBottom <= s.screen, `${url}: the story's first line ends at y=${s.paragraphLineBottom?.toFixed(0)}`);
      problems.check(s.compact, `${url}: the crisis band is not the one-row band`);
      problems.check(s.callOnFirstScreen && /^(Call|Llamar al) 988$/.test(s.callText), `${url}: no call to 988 on the first screen (${s.callText})`);
      problems.check(s.exitOneLine, `${url}: the exit button takes ${s.exitLines} lines`);
      problems.check(!s.shiftHintShown, `${url}: "press Shift" shown on a phone`);
      problems.check(s.overflow <= 0, `${url}: ${s.overflow}px wider than the screen`);
    }
    problems.assertNone("stories on a phone");
  });

  test("the home page and the crisis guide show every crisis line, tappable", async () => {
    for (const url of ["/", "/guides/crisis-lines/", "/es/"]) {
      await f.visit(p.page, url);
      const s = await p.page.evaluate(firstScreen);
      assert.equal(s.compact, false, `${url}: the whole band`);
      assert.ok(s.callOnFirstScreen, `${url}: no call on the first screen`);
      const lines = await p.page.locator("aside.crisis .crisis-lines > li").evaluateAll((lis) => lis.map((li) => li.checkVisibility()));
      assert.ok(lines.length >= 4 && lines.every(Boolean), `${url}: lines ${JSON.stringify(lines)}`);
      assert.ok(!(await p.page.evaluate(firstScreen)).shiftHintShown);
    }
  });

  test("'More help' opens every line and the warmline with a tap, on the same page", async () => {
    await f.visit(p.page, "/stories/a-key-of-my-own/");
    const list = p.page.locator("aside.crisis .crisis-lines");
    assert.equal(await list.isVisible(), false, "closed at first");
    await p.page.locator("aside.crisis summary").tap();
    assert.equal(await list.isVisible(), true);
    const calls = await list.locator('a[href^="tel:"]').evaluateAll((as) => as.filter((a) => a.checkVisibility()).map((a) => a.getAttribute("href")));
    for (const number of ["tel:988", "tel:911", "tel:+18006624357", "tel:+14135550199"]) {
      assert.ok(calls.includes(number), `${number} in ${calls}`);
    }
    assert.match(await p.page.locator("aside.crisis .crisis-warmline").innerText(), /Riverbend Peer Warmline/);
    await p.page.locator("aside.crisis .crisis-guide-link a").tap();
    await p.page.waitForURL(/\/guides\/crisis-lines\/$/);
  });

  test("a guide's contacts are one tap from its first screen", async () => {
    const problems = new Problems();
    for (const url of ["/guides/naloxone/", "/guides/housing-help/", "/es/guides/naloxone/"]) {
      await f.visit(p.page, url);
      const jump = p.page.locator(".jump-contacts a");
      const box = await jump.boundingBox();
      problems.check(box && box.y + box.height <= PHONE.height, `${url}: the contacts link is at y=${box?.y}`);
      if (!box) continue;
      await jump.tap();
      await p.page.waitForFunction(() => location.hash === "#contacts-heading");
      const first = await p.page.locator(".contact-list .contact a").first().boundingBox();
      problems.check(first && first.y >= 0 && first.y + first.height <= PHONE.height, `${url}: after the jump the first contact's button is at y=${first?.y}`);
      const s = await p.page.evaluate(firstScreen);
      problems.check(s.exitOneLine && !s.shiftHintShown, `${url}: exit ${s.exitLines} lines, hint ${s.shiftHintShown}`);
    }
    problems.assertNone("guide contacts on a phone");
  });

  test("searching a crisis phrase puts the crisis lines before any result, on the first screen", async () => {
    for (const [url, query, call] of [
      ["/search/", "i want to die", "Call 988"],
      ["/es/search/", "quiero morir", "Llamar al 988"],
    ]) {
      await f.visit(p.page, `${url}?q=${encodeURIComponent(query)}`);
      const crisis = p.page.locator("#search-crisis");
      await crisis.waitFor({ state: "visible" });
      const order = await p.page.evaluate(() => {
        const c = document.getElementById("search-crisis");
        const first = document.querySelector(".search-results > li");
        return {
          before: !first || !!(c.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
          callBottom: c.querySelector('a[href^="tel:"]')?.getBoundingClientRect().bottom,
          callText: c.querySelector('a[href^="tel:"]')?.textContent.trim(),
        };
      });
      assert.ok(order.before, `${url}: a result comes before the crisis lines`);
      assert.equal(order.callText, call);
      assert.ok(order.callBottom <= PHONE.height, `${url}: the first call ends at y=${order.callBottom}`);
    }
  });

  test("nothing is wider than the screen at 320 px", async () => {
    const { page, context } = await f.open({ viewport: { width: 320, height: 640 }, touch: true });
    const problems = new Problems();
    for (const url of ["/", "/stories/learning-to-eat-without-fear/", "/guides/naloxone/", "/es/stories/", "/search/"]) {
      await f.visit(page, url);
      const s = await page.evaluate(firstScreen);
      problems.check(s.overflow <= 0, `${url}: ${s.overflow}px wider than the screen`);
      problems.check(s.exitOneLine, `${url}: the exit button takes ${s.exitLines} lines`);
    }
    problems.assertNone("320 px");
    await context.close();
  });
});
