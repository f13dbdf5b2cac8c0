// Quick exit, after GOV.UK's "Exit this page": static links, the Shift×3 shortcut, history,
// covering the page, bfcache restore, sticky position and print.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, launchBrowser, openPage, serveSite } from "./harness.mjs";

const STORY = "/stories/why-i-carry-naloxone/";
let site, server, browser, exitUrl;

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

async function storyPage(opts) {
  const p = await openPage(browser, server, opts);
  await p.page.goto(server.url + "/");
  await p.page.goto(server.url + STORY);
  exitUrl ??= await p.page.locator(".quick-exit-button").getAttribute("href");
  return p;
}

describe("quick exit in the static HTML", { timeout: 120_000 }, () => {
  test("comes before <main>, names itself 'Emergency Exit this page' and hides nothing from the referrer", async () => {
    const { page, context } = await storyPage();
    const info = await page.evaluate(() => {
      const button = document.querySelector(".quick-exit-button");
      const main = document.querySelector("main");
      return {
        before: !!(button.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING),
        rel: button.getAttribute("rel"),
        href: button.getAttribute("href"),
      };
    });
    assert.ok(info.before, "exit link must precede <main>");
    assert.equal(info.rel, "nofollow noreferrer");
    assert.match(info.href, /^https?:\/\//);
    await assert.doesNotReject(page.getByRole("link", { name: "Emergency Exit this page", exact: true }).waitFor());
    // "Emergency" is there for assistive technology only.
    const hidden = await page.locator(".quick-exit-button .visually-hidden").evaluate((el) => el.getBoundingClientRect().width <= 1);
    assert.ok(hidden);
    await context.close();
  });

  test("the first two links are 'Skip to main content' then an exit link", async () => {
    const { page, context } = await storyPage();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Skip to main content");
    await page.keyboard.press("Tab");
    const second = await page.evaluate(() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute("href")]);
    assert.equal(second[0], "Exit this page now");
    assert.equal(second[1], exitUrl);
    await context.close();
  });

  test("works with JavaScript off", async () => {
    const { page, context, guard } = await storyPage({ javaScriptEnabled: false });
    await page.locator(".quick-exit-button").click();
    await page.waitForURL(exitUrl);
    assert.equal(await page.title(), "Weather");
    assert.deepEqual(guard.foreign, [exitUrl]);
    await context.close();
  });
});

describe("quick exit with JavaScript", { timeout: 120_000 }, () => {
  test("clicking covers the page and replaces it in history: Back skips the story", async () => {
    const { page, context } = await storyPage();
    await page.locator(".quick-exit-button").click();
    await page.waitForURL(exitUrl);
    await page.goBack();
    assert.equal(new URL(page.url()).pathname, "/", "Back must land on the page before the story");
    await context.close();
  });

  test("Shift pressed three times exits, announcing progress", async () => {
    const { page, context } = await storyPage();
    const status = page.locator("#quick-exit-status");
    assert.equal(await status.getAttribute("role"), "status");
    await page.keyboard.press("Shift");
    assert.equal(await status.textContent(), "Shift, press 2 more times to exit.");
    await page.keyboard.press("Shift");
    assert.equal(await status.textContent(), "Shift, press 1 more time to exit.");
    await page.keyboard.press("Shift");
    await page.waitForURL(exitUrl);
    await page.goBack();
    assert.equal(new URL(page.url()).pathname, "/");
    await context.close();
  });

  test("the page is hidden and its title blanked before navigating away", async () => {
    const { page, context } = await storyPage();
    // Point the exit at a place on this page, so the covered page stays to be looked at: the
    // script covers the page in the same task as it starts the navigation, whatever the target
    // (reading it through console messages raced a real navigation under load).
    await page.evaluate(() => {
      for (const a of document.querySelectorAll("a[data-quick-exit]")) a.href = "#covered";
    });
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.waitForFunction(() => location.hash === "#covered", null, { timeout: 10_000, polling: 50 });
    const state = await page.evaluate(() => ({
      title: document.title,
      hidden: document.body.hidden,
      main: document.querySelector("main").checkVisibility(),
      url: location.pathname,
    }));
    assert.deepEqual(state, { title: "", hidden: true, main: false, url: STORY });
    await context.close();
  });

  test("a pageshow from the back-forward cache restores the page", async () => {
    const { page, context } = await storyPage();
    const title = await page.title();
    // Point the exit at a place on this page, so the covered page stays, as if the browser had
    // kept it in its back-forward cache (stopping a real navigation raced it under load).
    await page.evaluate(() => {
      for (const a of document.querySelectorAll("a[data-quick-exit]")) a.href = "#covered";
    });
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.waitForFunction(() => document.body.hidden);
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true })));
    const state = await page.evaluate(() => ({ title: document.title, hidden: document.body.hidden }));
    assert.deepEqual(state, { title, hidden: false });
    await context.close();
  });

  for (const [name, keys] of [
    ["Shift used with another key", ["Shift", "Shift", "Shift+A", "Shift"]],
    ["any other key", ["Shift", "Shift", "x", "Shift"]],
    ["an arrow key", ["Shift", "ArrowDown", "Shift", "Shift"]],
  ]) {
    test(`${name} resets the count`, async () => {
      const { page, context, guard } = await storyPage();
      for (const k of keys) await page.keyboard.press(k);
      await page.waitForTimeout(300);
      assert.equal(new URL(page.url()).pathname, STORY);
      assert.deepEqual(guard.foreign, []);
      await context.close();
    });
  }

  test("more than 5 seconds between presses resets the count", async () => {
    const { page, context, guard } = await storyPage();
    await page.clock.install();
    await page.reload();
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.clock.runFor(5100);
    assert.equal(await page.locator("#quick-exit-status").textContent(), "");
    await page.keyboard.press("Shift");
    assert.equal(await page.locator("#quick-exit-status").textContent(), "Shift, press 2 more times to exit.");
    await page.waitForTimeout(200);
    assert.equal(new URL(page.url()).pathname, STORY);
    assert.deepEqual(guard.foreign, []);
    await context.close();
  });

  test("no single printable key exits", async () => {
    const { page, context, guard } = await storyPage();
    for (const k of "abcdefghijklmnopqrstuvwxyz0123456789 ") await page.keyboard.press(k === " " ? "Space" : k);
    for (const k of ["Escape", "Enter", "Backspace"]) await page.keyboard.press(k);
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).pathname, STORY);
    assert.deepEqual(guard.foreign, []);
    await guard.assertClean();
    await context.close();
  });
});

describe("quick exit on a phone", { timeout: 120_000 }, () => {
  test("at 320 and 360 px with touch: the button is one line and there is no Shift hint", async () => {
    for (const width of [320, 360]) {
      const context = await browser.newContext({ viewport: { width, height: 640 }, hasTouch: true, isMobile: true, serviceWorkers: "block" });
      const page = await context.newPage();
      await page.goto(server.url + STORY);
      // One line: the button keeps its 44 px minimum height (two lines would make it taller).
      const height = await page.locator(".quick-exit-button").evaluate((b) => b.getBoundingClientRect().height);
      assert.ok(height <= 46, `the exit button wraps at ${width} px (${height} px tall)`);
      assert.equal(await page.locator(".quick-exit-hint").isVisible(), false, `the Shift hint shows at ${width} px on a phone`);
      await context.close();
    }
  });

  test("with a mouse and a keyboard the Shift hint shows", async () => {
    const { page, context } = await storyPage();
    assert.equal(await page.locator(".quick-exit-hint").isVisible(), true);
    await context.close();
  });
});

describe("quick exit placement", { timeout: 120_000 }, () => {
  for (const width of [320, 1280]) {
    test(`stays on screen at ${width} px after scrolling to the bottom`, async () => {
      const { page, context } = await storyPage({ viewport: { width, height: 640 } });
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForFunction(() => window.scrollY > 0);
      const box = await page.locator(".quick-exit-button").boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 640, `exit button at ${JSON.stringify(box)}`);
      assert.ok(box.width >= 24 && box.height >= 24);
      await context.close();
    });
  }

  test("is hidden when printing", async () => {
    const { page, context } = await storyPage();
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".quick-exit").isVisible(), false);
    assert.equal(await page.locator(".skip-exit").isVisible(), false);
    await context.close();
  });
});
