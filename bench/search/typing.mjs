// A reader typing a query, key by key, into Trailhead's search page or Pagefind's default UI:
// what it costs after the first keystroke (requests and bytes of every response) and how long
// the results for the whole query take to show after the last keystroke.
//
// Used by measure.mjs. Pagefind needs a page of its own: `pagefindPage(dir)` writes one into
// the folder Pagefind wrote (`DIR/pagefind/bench.html`), in the language most of its pages have.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes the Pagefind test page; returns its path under the site, or null without Pagefind. */
export function pagefindPage(dir) {
  let entry;
  try {
    entry = JSON.parse(readFileSync(join(dir, "pagefind", "pagefind-entry.json"), "utf8"));
  } catch {
    return null;
  }
  const langs = Object.entries(entry.languages ?? {}).sort((a, b) => b[1].page_count - a[1].page_count);
  const lang = langs[0]?.[0] ?? "en";
  writeFileSync(
    join(dir, "pagefind", "bench.html"),
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>new PagefindUI({ element: "#search", showSubResults: false, showImages: false });</script></body></html>\n`,
  );
  return "/pagefind/bench.html";
}

const ENGINES = {
  trailhead: {
    input: "#search-q",
    // The status names the whole query once its results are on screen.
    done: (q) => {
      const s = document.getElementById("search-status").textContent;
      return s.includes(`“${q}”`) ? s : null;
    },
    top: () => [...document.querySelectorAll("#search-results > li h2 a")].map((a) => a.getAttribute("href")),
  },
  pagefind: {
    input: ".pagefind-ui__search-input",
    done: (q) => {
      const m = document.querySelector(".pagefind-ui__message");
      const s = m ? m.textContent : "";
      // "Searching for …" while it works, then "N results for …".
      return s.includes(q) && !/^Searching/.test(s.trim()) ? s : null;
    },
    top: () => [...document.querySelectorAll(".pagefind-ui__result-link")].map((a) => a.getAttribute("href")),
  },
};

/**
 * Types `q` at `delay` ms a key (or pastes it when `delay` is null) into the page at `url`,
 * after it has loaded. Resolves to {requests, bytes, firstResultMs, files, status, top}.
 */
export async function typeQuery(browser, url, engine, q, delay) {
  const e = ENGINES[engine];
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const loads = [];
  let counting = false;
  page.on("response", async (r) => {
    if (!counting) return;
    const entry = { url: new URL(r.url()).pathname, size: 0 };
    loads.push(entry);
    try {
      entry.size = (await r.body()).length;
    } catch {}
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector(e.input);
  // The time of the last keystroke and of the first render of the whole query's results.
  await page.evaluate(
    ({ input, q, done }) => {
      const box = document.querySelector(input);
      window.__typing = { last: 0, shown: 0, status: "" };
      box.addEventListener("input", () => { window.__typing.last = performance.now(); });
      const check = new Function("q", `return (${done})(q);`);
      const obs = new MutationObserver(() => {
        const s = check(q);
        if (s && box.value === q && !window.__typing.shown) {
          window.__typing.shown = performance.now();
          window.__typing.status = s;
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    },
    { input: e.input, q, done: e.done.toString() },
  );
  counting = true;
  await page.focus(e.input);
  if (delay === null) {
    // Pasted: one input event, as a paste makes it.
    await page.evaluate(({ input, q }) => {
      const box = document.querySelector(input);
      box.value = q;
      box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: q }));
    }, { input: e.input, q });
  } else await page.locator(e.input).pressSequentially(q, { delay });
  await page.waitForFunction(() => window.__typing.shown > 0, null, { timeout: 20_000 });
  // Late loads (the rest of a result page, filters) count too.
  await page.waitForTimeout(800);
  const t = await page.evaluate(() => window.__typing);
  const top = await page.evaluate(e.top);
  await context.close();
  return {
    requests: loads.length,
    bytes: loads.reduce((n, l) => n + l.size, 0),
    firstResultMs: t.shown - t.last,
    files: loads.map((l) => l.url),
    status: t.status,
    top,
  };
}
