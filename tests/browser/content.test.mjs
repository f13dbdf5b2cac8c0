// What readers meet in the content: content notes, collapsed stories, support links, listings
// that never quote a noted story, story and guide dates, the re-checking notice, left-out
// stories, structured data and the "Staying safer online" page.
// Pages are read with JavaScript off unless a test says otherwise: all of this is static HTML.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildSite, openPage, serveSite } from "./harness.mjs";
import { NOT_FOUND, Problems, SAFETY_PAGE, allFiles, fixtureSite, frontMatter, siteFixture } from "./site-helpers.mjs";

const f = siteFixture();
let p; // one page with JavaScript off, shared by the tests of this file
before(async () => {
  await f.start();
  p = await f.open({ javaScriptEnabled: false });
});
after(async () => {
  await p?.context.close();
  await f.stop();
});

/** Front matter of every demo story and guide in English, by its address (the Spanish pages,
 *  `*.es.md`, are read by languages.test.mjs). */
function demo(section) {
  const dir = join(ROOT, "content", section);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => n.endsWith(".md") && n !== "_index.md" && !n.endsWith(".es.md"))
      .map((n) => [`/${section}/${n.slice(0, -3)}/`, { file: join(dir, n), ...frontMatter(join(dir, n)) }]),
  );
}
const STORIES = demo("stories");
const GUIDES = demo("guides");
const LEFT_OUT = ["/stories/a-year-of-small-steps/", "/stories/coming-home-from-deployment/"];
const PUBLISHED_STORIES = Object.keys(STORIES).filter((u) => !LEFT_OUT.includes(u));
const SUPPORT_NOTES = /\b(suicide|self-harm|overdose)\b/;
/** The notes trailhead.toml gives lines of their own (`[[crisis.support.<note>]]`), by note. */
const CONFIGURED_SUPPORT = Object.fromEntries(
  [...readFileSync(join(ROOT, "trailhead.toml"), "utf8").matchAll(/^\[\[crisis\.support\.([a-z-]+)\]\]\nname = "[^"]*"\nphone = "([^"]+)"/gm)].map((m) => [
    m[1],
    `tel:+1${m[2].replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "")}`,
  ]),
);

/** Reads a story page: its note, byline, dates line, support boxes and body paragraphs. */
function readStory() {
  const article = document.querySelector("article.story");
  const body = article.querySelector(".story-body");
  const outside = article.cloneNode(true);
  outside.querySelector(".story-body").remove();
  return {
    title: document.querySelector("h1").textContent.trim(),
    description: document.querySelector('meta[name="description"]').content,
    byline: article.querySelector(".byline")?.textContent.trim(),
    meta: article.querySelector(".meta")?.textContent.replace(/\s+/g, " ").trim(),
    notes: [...article.querySelectorAll(".content-note")].map((n) => ({
      text: n.textContent.trim(),
      beforeBody: !!(n.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
      lines: (() => {
        const range = document.createRange();
        range.selectNodeContents(n);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.bottom))).size;
      })(),
    })),
    // Where each support box sits: before the story body or after it.
    support: [...article.querySelectorAll(".support-box")].map((b) => ({
      before: !!(b.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
      tel: [...b.querySelectorAll('a[href^="tel:"]')].map((a) => a.getAttribute("href")),
    })),
    collapsed: body.localName === "details",
    paragraphs: [...body.querySelectorAll("p")].map((q) => q.textContent.replace(/\s+/g, " ").trim()),
    outsideText: outside.textContent,
  };
}

describe("stories", { timeout: 120_000 }, () => {
  const read = {};
  before(async () => {
    for (const url of PUBLISHED_STORIES) {
      await f.visit(p.page, url);
      read[url] = await p.page.evaluate(readStory);
    }
  });

  test("a story with content notes starts with one calm line: 'This story mentions: …' before the story", () => {
    const problems = new Problems();
    for (const url of PUBLISHED_STORIES) {
      const notes = STORIES[url].content_notes?.replace(/[[\]]/g, "").trim();
      const got = read[url].notes;
      if (!notes) {
        problems.check(got.length === 0, `${url} has no notes but shows ${JSON.stringify(got)}`);
        continue;
      }
      problems.check(got.length === 1, `${url}: ${got.length} content notes`);
      const [note] = got;
      if (!note) continue;
      problems.check(/^This story mentions: [a-z][a-z ,;-]*\.$/.test(note.text), `${url}: "${note.text}"`);
      problems.check(note.beforeBody, `${url}: the note comes after the story`);
      problems.check(note.lines === 1, `${url}: the note takes ${note.lines} lines at 1280 px`);
    }
    problems.assertNone("content notes");
    assert.equal(read["/stories/why-i-carry-naloxone/"].notes[0].text, "This story mentions: overdose and substance use.");
    assert.equal(read["/stories/finding-work-again/"].notes[0].text, "This story mentions: substance use.");
  });

  test("suicide, self-harm and overdose notes bring 988, other notes their configured lines, before the story and at its end", () => {
    assert.ok(CONFIGURED_SUPPORT["eating-disorder"], `the demo configures support lines: ${JSON.stringify(CONFIGURED_SUPPORT)}`);
    const problems = new Problems();
    for (const url of PUBLISHED_STORIES) {
      const { support } = read[url];
      const notes = STORIES[url].content_notes ?? "";
      const expected = [
        ...(SUPPORT_NOTES.test(notes) ? ["tel:988"] : []),
        ...Object.entries(CONFIGURED_SUPPORT).filter(([note]) => new RegExp(`\\b${note}\\b`).test(notes)).map(([, tel]) => tel),
      ];
      if (expected.length) {
        problems.check(support.length === 2, `${url}: ${support.length} support boxes`);
        problems.check(support[0]?.before && support[1] && !support[1].before, `${url}: support boxes are not before and after the story`);
        // Before the story: the first line (the whole box when the story is closed); after it, every line.
        problems.check(support[0]?.tel.includes(expected[0]), `${url}: the first support box does not call ${expected[0]}: ${support[0]?.tel}`);
        problems.check(JSON.stringify(support[1]?.tel) === JSON.stringify(expected), `${url}: the closing box calls ${support[1]?.tel}, expected ${expected}`);
      } else {
        problems.check(support.length === 0, `${url}: support boxes for notes with no lines (${notes})`);
      }
    }
    problems.assertNone("support links");
    assert.ok(PUBLISHED_STORIES.filter((u) => read[u].support.length).length >= 2, "the demo has stories with support links");
    assert.ok(read["/stories/learning-to-eat-without-fear/"].support[0].tel.includes(CONFIGURED_SUPPORT["eating-disorder"]), "the eating-disorder story offers its own line");
    assert.ok(!read["/stories/learning-to-eat-without-fear/"].support[1].tel.includes("tel:988"), "and not 988");
  });

  test("story pages say 'Shared with permission · Published … · Last reviewed …' and nothing about consent", () => {
    const date = "[A-Z][a-z]+ \\d{1,2}, \\d{4}";
    const problems = new Problems();
    for (const url of PUBLISHED_STORIES) {
      const fm = STORIES[url];
      const { meta, byline, outsideText } = read[url];
      const expected = new RegExp(`^Shared with permission · Published ${date}${fm.updated ? ` · Last reviewed ${date}` : ""} · \\d+ min read$`);
      problems.check(expected.test(meta), `${url}: "${meta}"`);
      // A storyteller who chose "Anonymous" is not named "Anonymous".
      const expectedByline = fm.author_display === "Anonymous" ? "Shared anonymously" : `Shared by ${fm.author_display}`;
      problems.check(byline === expectedByline, `${url}: byline "${byline}"`);
      problems.check(!/consent|scope|signed|record|expire|withdr/i.test(outsideText), `${url}: mentions consent details outside the story text`);
      const html = f.html(url);
      problems.check(!html.includes(fm["consent.record_id"]), `${url}: shows the consent record id`);
      problems.check(!html.includes(fm["consent.date"]), `${url}: shows the consent date`);
    }
    problems.assertNone("story dates and consent");
  });
});

describe("collapsed stories open without JavaScript", { timeout: 60_000 }, () => {
  test("a story with collapse: true is a closed <details>; clicking its summary shows the story and the closing support links", async () => {
    const { page } = p;
    const url = "/stories/the-weeks-after-the-hospital/";
    assert.equal(STORIES[url].collapse, "true");
    await f.visit(page, url);
    const details = page.locator("details.story-body");
    assert.equal(await details.getAttribute("open"), null);
    const firstParagraph = details.locator("p").first();
    const lastSupport = page.locator(".support-box").last();
    assert.equal(await firstParagraph.isVisible(), false, "the story is hidden until the reader opens it");
    assert.equal(await lastSupport.isVisible(), false, "the closing support links wait for the story");
    assert.equal(await page.locator(".support-box").first().isVisible(), true, "support links are shown before the story");
    const summary = details.locator("> summary");
    assert.equal((await summary.innerText()).trim(), "Show the story");
    await summary.click();
    assert.equal(await details.getAttribute("open"), "");
    assert.equal(await firstParagraph.isVisible(), true);
    assert.equal(await lastSupport.isVisible(), true);
    assert.equal((await summary.innerText()).trim(), "Hide the story", "the toggle says what it does now");
    await summary.click();
    assert.equal((await summary.innerText()).trim(), "Show the story");
  });

  test("a story without collapse shows its body at once", async () => {
    await f.visit(p.page, "/stories/finding-work-again/");
    assert.equal(await p.page.locator("article details").count(), 0);
    assert.equal(await p.page.locator("div.story-body p").first().isVisible(), true);
  });
});

describe("listings", { timeout: 120_000 }, () => {
  test("home, /stories/, topic and audience pages show a noted story's note and summary, never its text", async () => {
    // Text from each story's body: a listing or feed must never quote a noted story.
    const bodies = {};
    for (const url of PUBLISHED_STORIES) {
      await f.visit(p.page, url);
      bodies[url] = (await p.page.evaluate(readStory)).paragraphs.filter((t) => t.length > 40).map((t) => t.slice(0, 40));
      assert.ok(bodies[url].length > 3, `${url}: no body text to compare with`);
    }
    const listings = f.paths.filter((u) => u === "/" || /^\/(stories|tags|audience)\/([^/]+\/)?$/.test(u) && !PUBLISHED_STORIES.includes(u));
    const problems = new Problems();
    let noted = 0;
    for (const listing of [...listings, "/stories/page/2/"]) {
      await f.visit(p.page, listing);
      const cards = await p.page.locator("article.card-story").evaluateAll((cs) =>
        cs.map((c) => ({
          url: c.querySelector(".card-title a").getAttribute("href"),
          note: c.querySelector(".content-note")?.textContent.trim() ?? null,
          summary: c.querySelector(".card-summary")?.textContent.replace(/\s+/g, " ").trim() ?? null,
          text: c.textContent.replace(/\s+/g, " "),
        })),
      );
      for (const card of cards) {
        const fm = STORIES[card.url];
        const where = `${listing} card for ${card.url}`;
        if (!fm) {
          problems.check(false, `${where}: not a published story`);
          continue;
        }
        const notes = fm.content_notes?.replace(/[[\]\s]/g, "");
        if (notes) {
          noted++;
          problems.check(card.note && card.note.startsWith("This story mentions: "), `${where}: no content note`);
        }
        problems.check(card.summary === fm.summary, `${where}: summary "${card.summary}"`);
        for (const snippet of bodies[card.url]) problems.check(!card.text.includes(snippet), `${where}: quotes the story: "${snippet}"`);
      }
    }
    problems.assertNone("listings");
    assert.ok(noted >= 10, `only ${noted} noted story cards were checked`);
    // Feeds follow the same rule.
    for (const feed of allFiles(f.site.dir).filter((file) => file.endsWith("atom.xml"))) {
      const xml = readFileSync(join(f.site.dir, feed), "utf8").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
      for (const url of PUBLISHED_STORIES.filter((u) => STORIES[u].content_notes?.replace(/[[\]\s]/g, ""))) {
        for (const snippet of bodies[url]) assert.ok(!xml.includes(snippet), `${feed} quotes ${url}: "${snippet}"`);
      }
    }
  });
});

describe("guides", { timeout: 60_000 }, () => {
  test("each guide's contacts say 'Last checked <time>' and 'Hours can change. Call before you go.'", async () => {
    const problems = new Problems();
    for (const [url, fm] of Object.entries(GUIDES)) {
      await f.visit(p.page, url);
      const info = await p.page.evaluate(() => {
        const section = document.querySelector("section.contacts");
        const checked = section?.querySelector(".contacts-checked");
        return {
          contacts: section?.querySelectorAll(".contact").length ?? 0,
          checked: checked?.textContent.replace(/\s+/g, " ").trim(),
          time: checked?.querySelector("time")?.getAttribute("datetime"),
          checkedBeforeList: !!checked && !!(checked.compareDocumentPosition(section.querySelector(".contact-list")) & Node.DOCUMENT_POSITION_FOLLOWING),
          notice: document.querySelector(".notice")?.textContent ?? null,
        };
      });
      problems.check(info.contacts > 0, `${url}: no contacts`);
      problems.check(/^Last checked [A-Z][a-z]+ \d{1,2}, \d{4}\. Hours can change\. Call before you go\.$/.test(info.checked ?? ""), `${url}: "${info.checked}"`);
      problems.check(info.time === fm.last_reviewed, `${url}: <time datetime="${info.time}">, last_reviewed ${fm.last_reviewed}`);
      problems.check(info.checkedBeforeList, `${url}: the date is not beside the contacts`);
      problems.check(info.notice === null, `${url} is up to date but shows "${info.notice}"`);
    }
    problems.assertNone("guide contacts");
  });
});

describe("stories without consent", { timeout: 60_000 }, () => {
  test("withdrawn and expired stories have no page and are named in no page, feed or sitemap", async () => {
    for (const url of LEFT_OUT) {
      const response = await p.page.goto(f.server.url + url);
      assert.equal(response.status(), 404, `${url} is still served`);
      const slug = url.split("/")[2];
      const title = STORIES[url].title;
      for (const file of allFiles(f.site.dir)) {
        const text = readFileSync(join(f.site.dir, file), "utf8");
        assert.ok(!text.includes(slug), `${file} links to ${url}`);
        assert.ok(!text.includes(title), `${file} names "${title}"`);
      }
    }
    assert.ok(!f.paths.some((u) => LEFT_OUT.includes(u)));
  });
});

describe("structured data", { timeout: 120_000 }, () => {
  test("every page's JSON-LD parses; stories are Articles by their pseudonym, guides WebPages with lastReviewed and ContactPoints", async () => {
    const problems = new Problems();
    for (const path of f.paths) {
      await f.visit(p.page, path);
      const info = await p.page.evaluate(() => ({
        json: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
        h1: document.querySelector("h1").textContent.trim(),
        byline: document.querySelector(".byline")?.textContent.trim(),
        checked: document.querySelector(".meta time")?.getAttribute("datetime"),
        tel: [...document.querySelectorAll(".contact")].map((c) => c.querySelector('a[href^="tel:"]')?.getAttribute("href").slice(4) ?? null),
      }));
      let data;
      try {
        data = info.json.map((j) => JSON.parse(j));
      } catch (e) {
        problems.check(false, `${path}: JSON-LD does not parse: ${e.message}`);
        continue;
      }
      if (STORIES[path]) {
        const article = data.find((d) => d["@type"] === "Article");
        problems.check(data.length === 1 && article, `${path}: no single Article`);
        problems.check(article?.headline === info.h1, `${path}: headline "${article?.headline}"`);
        const shown = STORIES[path].author_display === "Anonymous" ? "Shared anonymously" : `Shared by ${STORIES[path].author_display}`;
        problems.check(article?.author?.name === STORIES[path].author_display && info.byline === shown, `${path}: author ${JSON.stringify(article?.author)}, byline ${info.byline}`);
        problems.check(!/consent|record_id|RPSC/i.test(info.json.join()), `${path}: consent details in JSON-LD`);
      } else if (GUIDES[path]) {
        const webPage = data.find((d) => d["@type"] === "WebPage");
        problems.check(data.length === 1 && webPage, `${path}: no single WebPage`);
        problems.check(webPage?.lastReviewed === GUIDES[path].last_reviewed && webPage?.lastReviewed === info.checked, `${path}: lastReviewed ${webPage?.lastReviewed}`);
        const points = webPage?.mentions ?? [];
        problems.check(points.length === info.tel.length && points.every((c) => c["@type"] === "ContactPoint" && c.name), `${path}: ${points.length} ContactPoints for ${info.tel.length} contacts`);
        points.forEach((c, i) => problems.check((c.telephone ?? null) === info.tel[i], `${path}: ContactPoint ${c.name} telephone ${c.telephone}, link tel:${info.tel[i]}`));
      }
    }
    problems.assertNone("structured data");
  });
});

describe("staying safer online", { timeout: 60_000 }, () => {
  test("every page's footer links to it", async () => {
    const problems = new Problems();
    for (const path of f.paths) {
      // A Spanish page links to the Spanish version.
      const href = path.startsWith("/es/") ? "/es/staying-safer-online/" : "/staying-safer-online/";
      problems.check(f.html(path).match(/<footer[^>]*>[\s\S]*<\/footer>/)?.[0].includes(`<a href="${href}">`), `${path}: no footer link to ${href}`);
    }
    problems.assertNone("footer links");
  });

  test("explains the exit button, Shift three times, Back, history, private windows and shared computers, and promises no safety", async () => {
    await f.visit(p.page, SAFETY_PAGE);
    const text = (await p.page.locator("main").textContent()).replace(/\s+/g, " ");
    assert.match(text, /Exit this page/);
    assert.match(text, /Shift key three times|Shift three times|press Shift 3 times/i);
    assert.match(text, /Back/);
    assert.match(text, /JavaScript is turned off/i);
    assert.match(text, /does not (erase|delete|clear) your (browsing )?history/i);
    assert.match(text, /private (window|browsing)/i);
    assert.match(text, /shared (or public )?computer/i);
    assert.doesNotMatch(text, /keeps? you safe/i);
    assert.doesNotMatch(readFileSync(join(ROOT, "content/staying-safer-online.md"), "utf8"), /keeps? you safe/i);
  });
});

describe("a fixture site: an overdue guide, site-wide collapsed notes, a self-harm note", { timeout: 60_000 }, () => {
  const CONFIG = `title = "Test Library"
base_url = "https://example.org"
language = "en"
taxonomies = ["tags"]
collapse_content_notes = true

[crisis]
last_verified = "2026-11-01"
`;
  const story = (title, extra, body) =>
    `---\ntitle: "${title}"\ndate: 2026-03-01\nsummary: "The summary of ${title}."\ntags: [recovery]\nauthor_display: Sam\n${extra}consent:\n  date: 2026-01-01\n  scope: [web]\n  final_text_approved: true\n  record_id: F-1\n---\n\n${body}\n`;
  const guide = (title, extra) =>
    `---\ntitle: "${title}"\ndate: 2026-02-01\ntags: [housing]\n${extra}contacts:\n  - name: Helpline\n    phone: "1-800-662-4357"\n---\n\n## Call\n\nCall someone.\n`;
  let fixture, built, server, fp;
  before(async () => {
    fixture = fixtureSite({
      "trailhead.toml": CONFIG,
      "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
      "content/about.md": "---\ntitle: About\n---\nPeers.\n",
      "content/staying-safer-online.md": "---\ntitle: Staying safer\n---\nText.\n",
      "content/stories/_index.md": "---\ntitle: Stories\n---\n",
      "content/guides/_index.md": "---\ntitle: Guides\n---\n",
      "content/stories/noted.md": story("Noted", "content_notes: [self-harm]\nsafe_messaging_review:\n  by: Reviewer\n  date: 2026-01-01\n", "NOTED-BODY-TEXT is the story itself, long enough to quote."),
      "content/stories/opened.md": story("Opened", "content_notes: [substance-use]\ncollapse: false\n", "OPENED-BODY-TEXT is shown at once."),
      "content/stories/plain.md": story("Plain", "", "PLAIN-BODY-TEXT has no note."),
      "content/guides/crisis-lines.md": guide("Crisis lines", "last_reviewed: 2026-10-01\n"),
      "content/guides/old.md": guide("Old guide", "last_reviewed: 2025-03-01\nreview_every: 6 months\n"),
    });
    built = buildSite({ root: fixture.root });
    server = await serveSite(built.dir);
    // Its own page: the guard treats any origin but the server's as another site.
    fp = await openPage(f.browser, server, { javaScriptEnabled: false });
  });
  after(async () => {
    await fp?.context.close();
    await server?.close();
    built?.cleanup();
    fixture?.cleanup();
  });

  test("a guide past its review date says it is being re-checked, beside its date", async () => {
    await fp.page.goto(server.url + "/guides/old/");
    const notice = fp.page.locator("article .notice");
    assert.equal(await notice.isVisible(), true);
    assert.match(await notice.textContent(), /We are re-checking the details on this page/);
    await fp.page.goto(server.url + "/guides/crisis-lines/");
    assert.equal(await fp.page.locator("article .notice").count(), 0);
  });

  test("collapse_content_notes collapses every noted story unless it says collapse: false, and never an unnoted one", async () => {
    await fp.page.goto(server.url + "/stories/noted/");
    const story = await fp.page.evaluate(readStory);
    assert.equal(story.collapsed, true);
    assert.deepEqual(story.notes.map((n) => n.text), ["This story mentions: self-harm."]);
    assert.deepEqual(story.support.map((s) => s.before), [true, false], "self-harm brings support links before and after");
    assert.equal(await fp.page.getByText("NOTED-BODY-TEXT").isVisible(), false);
    await fp.page.locator("details.story-body > summary").click();
    assert.equal(await fp.page.getByText("NOTED-BODY-TEXT").isVisible(), true);

    await fp.page.goto(server.url + "/stories/opened/");
    assert.equal((await fp.page.evaluate(readStory)).collapsed, false);
    await fp.page.goto(server.url + "/stories/plain/");
    const plain = await fp.page.evaluate(readStory);
    assert.deepEqual([plain.collapsed, plain.notes, plain.support], [false, [], []]);
  });

  test("the listing shows the self-harm note and summary, not the story", async () => {
    await fp.page.goto(server.url + "/stories/");
    const card = fp.page.locator("article.card", { has: fp.page.locator('a[href="/stories/noted/"]') });
    assert.equal(await card.locator(".content-note").textContent(), "This story mentions: self-harm.");
    assert.equal(await card.locator(".card-summary").textContent(), "The summary of Noted.");
    assert.doesNotMatch(await card.textContent(), /NOTED-BODY-TEXT/);
    assert.doesNotMatch(readFileSync(join(built.dir, "atom.xml"), "utf8"), /NOTED-BODY-TEXT/);
  });
});

test("the 404 page answers with status 404", async () => {
  await f.visit(p.page, NOT_FOUND);
  assert.equal(await p.page.locator("h1").textContent(), "We couldn't find that page");
});
