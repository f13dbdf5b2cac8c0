// Privacy of every page of the demo site: response headers, nothing sent to other sites, no CSP
// violations or errors, nothing stored in the browser, no inline styles or scripts, and no
// absolute URLs for the site's own links and assets.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, openPage, serveSite } from "./harness.mjs";
import { NOT_FOUND, Problems, siteFixture } from "./site-helpers.mjs";

const f = siteFixture();
before(() => f.start());
after(() => f.stop());

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
// What a <meta> element can carry: the same policy without frame-ancestors.
const META_CSP = CSP.split(";").map((d) => d.trim()).filter((d) => !/^(frame-ancestors|report-uri|sandbox)\b/.test(d)).join("; ");
const SITE_HOST = new URL(readFileSync(join(ROOT, "trailhead.toml"), "utf8").match(/^base_url = "([^"]+)"/m)[1]).host;

describe("response headers", () => {
  for (const path of ["/", "/stories/why-i-carry-naloxone/", NOT_FOUND, "/style.css", "/quick-exit.js"]) {
    test(`${path} is served with the strict CSP, no referrer, nosniff and a Permissions-Policy`, async () => {
      const res = await fetch(f.server.url + path);
      assert.equal(res.status, path === NOT_FOUND ? 404 : 200);
      assert.equal(res.headers.get("content-security-policy"), CSP);
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const permissions = res.headers.get("permissions-policy") ?? "";
      for (const feature of ["camera", "microphone", "geolocation", "interest-cohort"]) assert.match(permissions, new RegExp(`(^|, )${feature}=\\(\\)`));
    });
  }
});

/** Checks one page's DOM for what the CSP and the privacy rules forbid; returns problems. */
function markupProblems(siteHost) {
  const problems = [];
  const here = location.pathname;
  const referrer = [...document.querySelectorAll('meta[name="referrer"]')].map((m) => m.content);
  if (referrer.join() !== "no-referrer") problems.push(`meta referrer is ${JSON.stringify(referrer)}`);
  for (const el of document.querySelectorAll("*")) {
    for (const { name } of el.attributes) {
      if (name === "style" || name.startsWith("on")) problems.push(`<${el.localName}> has a ${name} attribute`);
    }
  }
  if (document.querySelector("style")) problems.push("a <style> element");
  for (const s of document.querySelectorAll("script")) {
    if (!s.hasAttribute("src") && s.type !== "application/ld+json") problems.push(`an inline script: ${s.textContent.slice(0, 60)}`);
  }
  const absolute = (url) => /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
  const check = (el, attr, allowed) => {
    const url = el.getAttribute(attr);
    if (!absolute(url) || allowed(url)) return;
    problems.push(`<${el.localName} ${attr}="${url}"> is absolute`);
  };
  // Outbound links to other sites, and tel:/sms:/mailto:, may be absolute; links to this site not.
  for (const a of document.querySelectorAll("a[href]")) {
    check(a, "href", (url) => /^(tel|sms|mailto):/.test(url) || (/^https?:\/\//.test(url) && new URL(url).host !== siteHost && new URL(url).origin !== location.origin));
  }
  for (const l of document.querySelectorAll("link[href]")) check(l, "href", () => /\b(canonical|alternate)\b/.test(l.rel));
  for (const el of document.querySelectorAll("script[src]")) check(el, "src", () => false);
  for (const el of document.querySelectorAll("img[src], source[src], video[src], audio[src], iframe[src]")) check(el, "src", () => false);
  for (const el of document.querySelectorAll("[srcset]")) if (/(^|,)\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(el.getAttribute("srcset"))) problems.push(`srcset on <${el.localName}> is absolute`);
  if (document.querySelector("iframe, embed, object, form[action^='http']")) problems.push("an embed or a form to another site");
  return problems.map((p) => `${here}: ${p}`);
}

describe("every page, in one browser session", { timeout: 180_000 }, () => {
  let p;
  before(async () => {
    p = await f.open();
  });
  after(() => p.context.close());

  test("loads nothing from other sites, breaks no CSP rule, logs no error", async () => {
    const problems = new Problems();
    for (const path of f.paths) {
      const { guard, page } = p;
      await f.visit(page, path);
      await page.waitForLoadState("load");
      await guard.collectCsp();
      for (const [what, list] of Object.entries({ "requests to other sites": guard.foreign, "CSP violations": guard.csp, "console errors": guard.console, "page errors": guard.errors })) {
        problems.check(list.length === 0, `${path}: ${what}: ${list.join("; ")}`);
        list.length = 0;
      }
    }
    problems.assertNone("pages that were not clean");
  });

  test("no inline styles, scripts or event handlers; own links and assets are relative; meta referrer", async () => {
    const problems = new Problems();
    for (const path of f.paths) {
      await f.visit(p.page, path);
      for (const problem of await p.page.evaluate(markupProblems, SITE_HOST)) problems.check(false, problem);
    }
    problems.assertNone("markup");
  });

  test("every page has exactly one CSP meta element, in the head, before any stylesheet or script", async () => {
    const problems = new Problems();
    for (const path of f.paths) {
      await f.visit(p.page, path);
      const found = await p.page.evaluate(() => {
        const metas = [...document.querySelectorAll("meta[http-equiv]")].filter((m) => m.httpEquiv.toLowerCase() === "content-security-policy");
        const first = document.querySelector('link[rel~="stylesheet"], script, style, img, iframe');
        return {
          count: metas.length,
          content: metas[0]?.content,
          inHead: metas[0]?.parentElement === document.head,
          beforeLoaders: !first || !!metas[0] && !!(metas[0].compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
        };
      });
      problems.check(found.count === 1, `${path}: ${found.count} CSP meta elements`);
      problems.check(found.content === META_CSP, `${path}: CSP meta is ${JSON.stringify(found.content)}`);
      problems.check(found.inHead && found.beforeLoaders, `${path}: the CSP meta is not first in the head`);
    }
    problems.assertNone("CSP meta elements");
  });

  test("after visiting every page: no cookies, and nothing in local, session, IndexedDB or cache storage", async () => {
    const { page, context } = p;
    await f.visit(page, "/");
    assert.deepEqual(await context.cookies(), []);
    const stored = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      caches: "caches" in window ? await caches.keys() : [],
    }));
    assert.deepEqual(stored, { cookie: "", local: 0, session: 0, indexedDB: [], caches: [] });
    const storage = await context.storageState();
    assert.deepEqual(storage.cookies, []);
    assert.deepEqual(storage.origins, [], "no origin has stored anything");
  });
});

describe("served without _headers (GitHub Pages, a plain web server)", { timeout: 60_000 }, () => {
  let copy, server, p;
  before(async () => {
    // A copy of the built site with a remote image slipped into one page, as if a build had
    // missed it: only the page's own CSP meta element stands in the way.
    copy = mkdtempSync(join(tmpdir(), "trailhead-no-headers-"));
    cpSync(f.site.dir, copy, { recursive: true });
    const file = join(copy, "index.html");
    const html = readFileSync(file, "utf8");
    writeFileSync(file, html.replace("</main>", '<img id="injected" src="https://tracker.example/pixel.png" alt=""></main>'));
    assert.match(readFileSync(file, "utf8"), /id="injected"/);
    server = await serveSite(copy, { headers: {} });
    p = await openPage(f.browser, server);
  });
  after(async () => {
    await p?.context.close();
    await server?.close();
    rmSync(copy, { recursive: true, force: true });
  });

  test("pages are served with no CSP header", async () => {
    const res = await fetch(server.url + "/");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-security-policy"), null);
  });

  test("a remote image in the markup is blocked by the meta CSP: a violation fires and no request leaves", async () => {
    const { page, guard } = p;
    await page.goto(server.url + "/");
    await page.waitForLoadState("load");
    await guard.collectCsp();
    assert.deepEqual(guard.foreign, [], "no request may reach another site");
    assert.ok(guard.csp.some((v) => /img-src/.test(v) && /tracker\.example/.test(v)), `a CSP violation for the image: ${guard.csp.join("; ")}`);
    guard.csp.length = 0;
  });

  test("an image added by script at run time is blocked too", async () => {
    const { page, guard } = p;
    await page.goto(server.url + "/about/");
    const blocked = await page.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.blockedURI), { once: true });
          const img = new Image();
          img.src = "https://tracker.example/runtime.png";
          document.body.append(img);
          setTimeout(() => resolve(null), 3000);
        }),
    );
    assert.match(String(blocked), /tracker\.example/);
    assert.deepEqual(guard.foreign, [], "no request may reach another site");
  });
});
