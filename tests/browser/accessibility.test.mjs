// Accessibility of every page of the demo site: axe-core (WCAG 2.0–2.2 A and AA rules), page
// structure, the skip link, the crisis region, reflow at 320 px, focus never hidden under the
// sticky quick-exit bar, and target sizes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildSite, serveSite } from "./harness.mjs";
import { NOT_FOUND, Problems, axeViolations, fixtureSite, formatViolations, siteFixture } from "./site-helpers.mjs";

const f = siteFixture();
before(() => f.start());
after(() => f.stop());

const CONFIG_LANGUAGE = readFileSync(join(ROOT, "trailhead.toml"), "utf8").match(/^language = "([^"]+)"/m)[1];
// The demo's crisis lines (trailhead.toml): what each tel:/sms: link must dial and show.
const CRISIS_NUMBERS = ["988", "911", "1-800-662-4357"];

/** What a page's structure looks like to assistive technology, read in the page. */
function structure() {
  // The crisis region, named by its heading (in the page's language).
  const crisis = [...document.querySelectorAll("aside.crisis")].filter(
    (a) => a.getAttribute("aria-label") === a.querySelector("h2")?.textContent.trim(),
  );
  return {
    lang: document.documentElement.getAttribute("lang"),
    h1: document.querySelectorAll("h1").length,
    header: document.querySelectorAll("body > header").length,
    // The main navigation, and the language switcher of a site with more than one language.
    navInHeader: document.querySelectorAll("body > header nav[aria-label]").length,
    switcher: document.querySelectorAll("body > header nav.language-switcher[aria-label]").length,
    main: document.querySelectorAll("main").length,
    mainId: document.querySelector("main")?.id,
    footer: document.querySelectorAll("body > footer").length,
    crisis: crisis.length,
    crisisBeforeMain: crisis[0]?.nextElementSibling === document.querySelector("main"),
  };
}

describe("every page", { timeout: 300_000 }, () => {
  let p;
  before(async () => {
    p = await f.open();
  });
  after(() => p.context.close());

  for (const path of f.paths) {
    test(`${path}: axe finds nothing at 1280 and 320 px, one h1, landmarks, skip link first, no sideways scroll`, async () => {
      const { page } = p;
      await page.setViewportSize({ width: 1280, height: 800 });
      await f.visit(page, path);

      const s = await page.evaluate(structure);
      assert.doesNotThrow(() => Intl.getCanonicalLocales(s.lang), `lang="${s.lang}" is not a BCP 47 tag`);
      const spanish = path.startsWith("/es/");
      assert.equal(s.lang, spanish ? "es" : CONFIG_LANGUAGE);
      assert.deepEqual(
        { ...s, lang: undefined },
        { lang: undefined, h1: 1, header: 1, navInHeader: 2, switcher: 1, main: 1, mainId: "main", footer: 1, crisis: 1, crisisBeforeMain: true },
        `structure of ${path}`,
      );

      // The first Tab stop is the skip link, and it moves focus into <main>.
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute("href")]);
      assert.deepEqual(first, [spanish ? "Saltar al contenido principal" : "Skip to main content", "#main"]);
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id), "main");

      // From the top of the page: scrolled, the sticky bar briefly covers part of the header,
      // which axe would count against the header's links.
      await page.evaluate(() => window.scrollTo(0, 0));
      const wide = await axeViolations(page);
      assert.equal(wide.length, 0, `axe at 1280 px on ${path}:\n${formatViolations(wide)}`);

      await page.setViewportSize({ width: 320, height: 640 });
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      assert.ok(widths.scroll <= widths.inner, `${path} scrolls sideways at 320 px: ${JSON.stringify(widths)}`);
      const narrow = await axeViolations(page);
      assert.equal(narrow.length, 0, `axe at 320 px on ${path}:\n${formatViolations(narrow)}`);
    });
  }
});

describe("dark colour scheme", { timeout: 180_000 }, () => {
  // Only colours change with the scheme, so only axe's colour rules run again.
  test("axe's contrast rules find nothing on any page at 1280 px when the reader prefers dark", async () => {
    const { page, context } = await f.open();
    await page.emulateMedia({ colorScheme: "dark" });
    const problems = new Problems();
    for (const path of f.paths) {
      await f.visit(page, path);
      assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), true);
      const violations = await axeViolations(page, { type: "rule", values: ["color-contrast", "link-in-text-block"] });
      problems.check(violations.length === 0, `${path}:\n${formatViolations(violations)}`);
    }
    problems.assertNone("axe in the dark scheme");
    await context.close();
  });
});

describe("the crisis region in the static HTML (JavaScript off)", { timeout: 120_000 }, () => {
  test("is on every page, directly before <main>, at the same place and with the same content in each language", async () => {
    const { page, context } = await f.open({ javaScriptEnabled: false });
    const problems = new Problems();
    const references = {};
    // The whole band where a reader may arrive in crisis, one row elsewhere; whole ones first.
    const WHOLE = ["/", "/es/", "/guides/crisis-lines/", "/es/guides/crisis-lines/", NOT_FOUND];
    for (const path of [...f.paths].sort((a, b) => WHOLE.includes(b) - WHOLE.includes(a))) {
      await f.visit(page, path);
      const info = await page.evaluate(() => {
        const aside = document.querySelector("aside.crisis");
        if (!aside) return null;
        return {
          index: [...document.body.children].indexOf(aside),
          beforeMain: aside.nextElementSibling?.tagName === "MAIN",
          html: aside.outerHTML,
          compact: aside.classList.contains("crisis-compact"),
          list: aside.querySelector("ul.crisis-lines")?.outerHTML,
        };
      });
      problems.check(info, `${path}: no crisis region`);
      if (!info) continue;
      problems.check(info.beforeMain, `${path}: the crisis region is not directly before <main>`);
      const language = path.startsWith("/es/") ? "es" : "default";
      const full = WHOLE.includes(path);
      problems.check(info.compact === !full, `${path}: the ${info.compact ? "one-row" : "whole"} band`);
      const reference = (references[`${language} ${info.compact}`] ??= { path, ...info });
      problems.check(info.index === reference.index, `${path}: crisis region is child ${info.index} of <body>, on ${reference.path} child ${reference.index}`);
      problems.check(info.html === reference.html, `${path}: the crisis region differs from ${reference.path}`);
      // "More help" opens the very list the whole band shows.
      const whole = references[`${language} false`];
      if (whole) problems.check(info.list === whole.list, `${path}: the list of lines differs from ${whole.path}'s`);
    }
    problems.assertNone("crisis region");
    await context.close();
  });

  test("every number is a tel: or sms: link whose visible text shows the number", async () => {
    const { page, context } = await f.open({ javaScriptEnabled: false });
    await f.visit(page, NOT_FOUND);
    const links = await page.locator('aside.crisis a[href^="tel:"], aside.crisis a[href^="sms:"]').evaluateAll((as) =>
      as.map((a) => ({ href: a.getAttribute("href"), text: a.innerText.trim(), visible: a.checkVisibility() })),
    );
    for (const number of CRISIS_NUMBERS) {
      const dial = number.replaceAll("-", "");
      const link = links.find((l) => l.href === `tel:${dial}` || l.href === `tel:+${dial}`);
      assert.ok(link, `no tel: link for ${number} in ${JSON.stringify(links)}`);
      assert.ok(link.visible && link.text.includes(number), `the link for ${number} shows "${link.text}"`);
    }
    assert.ok(links.some((l) => l.href === "sms:988" && l.text.includes("988")), "988 can be texted");
    for (const l of links) {
      const digits = l.href.replace(/^(tel|sms):\+?/, "");
      assert.ok(l.visible, `${l.href} is hidden`);
      assert.equal(l.text.replace(/\D/g, "").endsWith(digits.replace(/^1(?=\d{10}$)/, "")), true, `"${l.text}" does not show ${l.href}`);
    }
    await context.close();
  });
});

/**
 * Reports, in the page, whether the focused element is hidden under the sticky quick-exit bar.
 * Returns null when nothing (or <body>) has focus, and marks elements already visited.
 */
function focusReport() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const seen = (window.__focusSeen ||= new WeakSet());
  const again = seen.has(el);
  seen.add(el);
  const bar = document.querySelector(".quick-exit").getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const inBar = !!el.closest(".quick-exit");
  // An element whose top edge is painted above the bar (the skip links) is not hidden by it.
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), Math.max(r.top, 0) + 1);
  const paintedOnTop = !!hit && (el === hit || el.contains(hit));
  const label = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent || "").trim().slice(0, 40)}"`;
  return {
    again,
    label,
    ok: inBar || r.top >= bar.bottom - 0.5 || paintedOnTop,
    inView: r.top >= -0.5 && (r.bottom <= window.innerHeight + 0.5 || r.height > window.innerHeight - bar.height),
    where: `top ${r.top.toFixed(1)}, bar bottom ${bar.bottom.toFixed(1)}`,
  };
}

describe("focus is never hidden under the sticky quick-exit bar", { timeout: 180_000 }, () => {
  for (const path of ["/guides/crisis-lines/", "/"]) {
    for (const width of [320, 1280]) {
      test(`Tab and Shift+Tab through ${path} at ${width} px`, async () => {
        const { page, context } = await f.open({ viewport: { width, height: 640 } });
        await f.visit(page, path);
        const focusable = await page.evaluate(
          () => [...document.querySelectorAll("a[href], button, summary, [tabindex]:not([tabindex='-1'])")].filter((e) => e.checkVisibility()).length,
        );
        const problems = new Problems();
        for (const key of ["Tab", "Shift+Tab"]) {
          await page.evaluate(() => (window.__focusSeen = new WeakSet()));
          let count = 0;
          for (let i = 0; i < 500; i++) {
            await page.keyboard.press(key);
            const r = await page.evaluate(focusReport);
            if (!r || r.again) break;
            count++;
            problems.check(r.ok, `${key} ${r.label}: under the quick-exit bar (${r.where})`);
            problems.check(r.inView, `${key} ${r.label}: off screen (${r.where})`);
          }
          problems.check(count >= focusable, `${key} reached ${count} of ${focusable} focusable elements`);
        }
        problems.assertNone(`focus on ${path} at ${width} px`);
        await context.close();
      });
    }
  }
});

describe("in-page links land below the sticky quick-exit bar", { timeout: 60_000 }, () => {
  for (const width of [320, 1280]) {
    test(`the table of contents and the skip link on a guide at ${width} px`, async () => {
      const { page, context } = await f.open({ viewport: { width, height: 640 } });
      await f.visit(page, "/guides/crisis-lines/");
      const targets = await page.locator(".toc a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert.ok(targets.length >= 3);
      const problems = new Problems();
      for (const href of [...targets, "#main"]) {
        await page.evaluate(() => window.scrollTo(0, 0));
        // Followed from the keyboard: the skip link is off screen until it has focus.
        await page.locator(`a[href="${href}"]`).first().focus();
        await page.keyboard.press("Enter");
        const r = await page.evaluate((id) => {
          const bar = document.querySelector(".quick-exit").getBoundingClientRect();
          const target = document.getElementById(id).getBoundingClientRect();
          return { top: target.top, barBottom: bar.bottom, scrolled: window.scrollY };
        }, href.slice(1));
        problems.check(r.scrolled > 0 && r.top >= r.barBottom - 0.5, `${href}: ${JSON.stringify(r)}`);
      }
      problems.assertNone("targets under the bar");
      await context.close();
    });
  }
});

describe("targets are at least 24 by 24 px", { timeout: 120_000 }, () => {
  test("pagination links are named 'Previous page' and 'Next page', their arrows are decoration", async () => {
    const { page, context } = await f.open();
    await f.visit(page, "/stories/page/2/");
    const nav = page.getByRole("navigation", { name: "More pages" });
    assert.equal(await nav.getByRole("link", { name: "Previous page", exact: true }).count(), 1);
    await f.visit(page, "/stories/");
    assert.equal(await nav.getByRole("link", { name: "Next page", exact: true }).count(), 1);
    await context.close();
  });

  const TARGETS = [
    ["/", ".quick-exit-button"],
    ["/", "aside.crisis a"],
    ["/", ".site-nav a"],
    ["/", ".site-footer a"],
    ["/stories/", ".pagination a"],
    ["/stories/page/2/", ".pagination a"],
    ["/stories/why-i-carry-naloxone/", ".support-box a"],
    ["/stories/learning-to-eat-without-fear/", ".support-box a"],
    ["/stories/a-key-of-my-own/", "aside.crisis a, aside.crisis summary"],
    ["/stories/why-i-carry-naloxone/", ".tag-list a"],
    ["/guides/crisis-lines/", ".contact-actions a"],
    ["/stories/the-weeks-after-the-hospital/", "details.story-body > summary"],
  ];
  for (const width of [320, 1280]) {
    test(`quick exit, crisis links, navigation, pagination, support links and buttons at ${width} px`, async () => {
      const { page, context } = await f.open({ viewport: { width, height: 800 } });
      const problems = new Problems();
      for (const [path, selector] of TARGETS) {
        await f.visit(page, path);
        const boxes = await page.locator(selector).evaluateAll((els) =>
          // A closed story hides its second support box: only what can be seen is a target.
          els.filter((e) => e.checkVisibility()).map((e) => {
            const r = e.getBoundingClientRect();
            return { text: e.textContent.trim().slice(0, 30), width: r.width, height: r.height };
          }),
        );
        problems.check(boxes.length > 0, `${path}: nothing matches ${selector}`);
        for (const b of boxes) problems.check(b.width >= 24 && b.height >= 24, `${path} ${selector} "${b.text}" is ${b.width.toFixed(1)}×${b.height.toFixed(1)}`);
      }
      problems.assertNone(`small targets at ${width} px`);
      await context.close();
    });
  }
});

// A 1×1 PNG, for the image of the every-feature page.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** A guide (raw HTML allowed) and a story that use every Markdown feature the renderer knows. */
const EVERY_FEATURE = `## A table

| Service | Phone | Hours |
|:--------|:-----:|------:|
| Drop-in center | (413) 555-0142 | 10–6 |
| Food pantry | (413) 555-0100 | 9–12 |

## A task list

- [x] Find the address
- [ ] Call before you go
- [ ] Bring an ID if you have one

## Footnotes and callouts

Peer support is free here.[^1] Some groups meet online.[^online]

> [!NOTE]
> Meetings change in winter.

> [!TIP]
> Bring a friend if that helps.

> [!IMPORTANT]
> You do not need a referral.

> [!WARNING]
> Never use alone.

> [!CAUTION]
> Fentanyl can be in any drug.

> A plain quotation, said by a peer.

## Media, code and raw HTML

![A quiet room with chairs in a circle](room.png "The group room")

Call us at (413) 555-0142 or text *HELP*, **any** day. ~~Closed Sundays~~ Open Sundays now.

\`inline code\` and a block:

\`\`\`
step 1: breathe
\`\`\`

1. First
2. Second
   - nested

Term with a [link to the story](@/stories/every.md) and an [outside link](https://example.org/help).

<audio controls src="/media/meeting.mp3"></audio>

<details class="transcript"><summary>Transcript</summary>

Ana: I started coming to the group in May.

</details>

<p>Raw <abbr title="Certified Peer Specialist">CPS</abbr> paragraph with <kbd>Shift</kbd>.</p>

---

[^1]: Paid for by the county.
[^online]: Ask at the front desk for the link.
`;

describe("a page that uses every Markdown feature", { timeout: 180_000 }, () => {
  let fixture, built, server;
  before(async () => {
    const guideFront = (lang) => `---\ntitle: "${lang === "es" ? "Todas las funciones" : "Every feature"}"\ndate: 2026-02-01\ntags: [housing]\nlast_reviewed: 2026-10-01\ncontacts:\n  - name: Helpline\n    phone: "1-800-662-4357"\n    languages: [en, es]\n---\n\n`;
    fixture = fixtureSite({
      "trailhead.toml": `title = "Every feature"\nbase_url = "https://example.org"\nlanguage = "en"\n\n[crisis]\nlast_verified = "2026-11-01"\n\n[languages.es]\ntitle = "Todas"\n`,
      "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
      "content/_index.es.md": "---\ntitle: Inicio\n---\nBienvenida.\n",
      "content/about.md": "---\ntitle: About\n---\nPeers.\n",
      "content/staying-safer-online.md": "---\ntitle: Staying safer\n---\nText.\n",
      "content/guides/_index.md": "---\ntitle: Guides\n---\n",
      "content/guides/_index.es.md": "---\ntitle: Guías\n---\n",
      "content/guides/every.md": guideFront("en") + EVERY_FEATURE,
      "content/guides/every.es.md": guideFront("es") + EVERY_FEATURE,
      "content/guides/every/room.png": PIXEL,
      "static/media/meeting.mp3": "not really audio",
      "content/stories/_index.md": "---\ntitle: Stories\n---\n",
      "content/stories/every/room.png": PIXEL,
      "content/stories/every.md": `---\ntitle: "Every feature, told"\ndate: 2026-03-01\nsummary: "A story."\ntags: [recovery]\nauthor_display: Anonymous\ncontent_notes: [overdose]\npull_quote: "I am still here."\nconsent:\n  date: 2026-01-01\n  scope: [web]\n  final_text_approved: true\n  record_id: F-1\n---\n\n` +
        EVERY_FEATURE.replace(/<audio[\s\S]*?<\/p>\n/, "").replace("@/stories/every.md", "@/guides/every.md"),
    });
    built = buildSite({ root: fixture.root });
    server = await serveSite(built.dir);
  });
  after(async () => {
    await server?.close();
    built?.cleanup();
    fixture?.cleanup();
  });

  for (const path of ["/guides/every/", "/es/guides/every/", "/stories/every/"]) {
    test(`${path}: axe finds nothing on a phone and a desktop, in light and dark`, async () => {
      const browser = f.browser;
      const problems = new Problems();
      for (const [viewport, touch, colorScheme] of [
        [{ width: 360, height: 640 }, true, "light"],
        [{ width: 1280, height: 800 }, false, "light"],
        [{ width: 1280, height: 800 }, false, "dark"],
      ]) {
        const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch, colorScheme });
        const page = await context.newPage();
        const response = await page.goto(server.url + path);
        assert.equal(response.status(), 200);
        // Every feature is there, so the check checks something.
        const has = await page.evaluate(() => ({
          table: !!document.querySelector("main table th"),
          tasks: document.querySelectorAll('main input[type="checkbox"]').length,
          footnotes: document.querySelectorAll("main .footnote-definition, main [id^='fn']").length > 0,
          callouts: document.querySelectorAll("main .callout").length,
          image: document.querySelector('main img[alt="A quiet room with chairs in a circle"]')?.complete && document.querySelector("main img").naturalWidth === 1,
          audio: !!document.querySelector("main audio"),
          transcript: !!document.querySelector("main .transcript"),
        }));
        problems.check(has.table && has.tasks === 3 && has.footnotes && has.callouts === 5 && has.image, `${path}: features missing ${JSON.stringify(has)}`);
        if (path.includes("guides")) problems.check(has.audio && has.transcript, `${path}: no audio with transcript`);
        const violations = await axeViolations(page);
        problems.check(violations.length === 0, `${path} at ${viewport.width} px, ${colorScheme}:\n${formatViolations(violations)}`);
        await context.close();
      }
      problems.assertNone("axe on every Markdown feature");
    });
  }

  test("callout titles and footnote back-links are in the page's language", async () => {
    const context = await f.browser.newContext();
    const page = await context.newPage();
    for (const [path, titles, back] of [
      ["/guides/every/", ["Note", "Tip", "Important", "Warning", "Caution"], "Back to the text"],
      ["/es/guides/every/", ["Nota", "Consejo", "Importante", "Advertencia", "Precaución"], "Volver al texto"],
    ]) {
      await page.goto(server.url + path);
      assert.deepEqual(await page.locator("main .callout-title").allTextContents(), titles);
      const backs = await page.locator("main a[href^='#fnref'], main a.footnote-backref").evaluateAll((as) => as.map((a) => a.getAttribute("aria-label") || a.textContent.trim()));
      assert.ok(backs.length >= 2 && backs.every((b) => b.includes(back)), `${path}: back-links ${JSON.stringify(backs)}`);
    }
    await context.close();
  });
});
