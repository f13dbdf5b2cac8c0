// Printing: a guide and the print pack, printed to PDF by Chromium, then read back as text with
// pdftotext (poppler-utils): the contacts and the crisis lines are on paper, the quick exit,
// the navigation and the search box are not. Stories without print consent never appear.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, launchBrowser, openPage, serveSite } from "./harness.mjs";

let site, server, browser, work;

before(async () => {
  site = buildSite();
  server = await serveSite(site.dir);
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), "trailhead-print-"));
});
after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Prints `path` to PDF and returns its text, as pdftotext reads it. */
async function printed(path) {
  const { page, context, guard } = await openPage(browser, server);
  await page.goto(server.url + path);
  const pdf = join(work, path.replaceAll("/", "_") + ".pdf");
  await page.pdf({ path: pdf, format: "Letter", printBackground: false });
  await guard.assertClean();
  await context.close();
  const r = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  assert.equal(r.status, 0, `pdftotext failed: ${r.stderr}`);
  return r.stdout.replace(/\s+/g, " ");
}

describe("printing", { timeout: 180_000 }, () => {
  test("a guide prints its contacts and the crisis lines once, without the screen-only parts", async () => {
    const text = await printed("/guides/naloxone/");
    for (const wanted of ["How to recognize an opioid overdose", "Never Use Alone", "1-800-484-3731", "(413) 555-0142", "988 Suicide & Crisis Lifeline"]) {
      assert.ok(text.includes(wanted), `"${wanted}" is not on paper`);
    }
    assert.equal(text.split("988 Suicide & Crisis Lifeline").length - 1, 1, "the crisis lines are printed once");
    for (const unwanted of ["Exit this page", "Skip to main content", "Search this site", "Staying safer online", "Español"]) {
      assert.ok(!text.includes(unwanted), `"${unwanted}" is on paper`);
    }
    assert.match(text, /https:\/\/neverusealone\.com/, "an external link's address is printed");
  });

  for (const [path, title, crisis] of [
    ["/print/", "Printable guides", "988 Suicide & Crisis Lifeline"],
    ["/es/print/", "Guías para imprimir", "988 Línea de Prevención del Suicidio y Crisis"],
  ]) {
    test(`the print pack ${path} prints its cover, contents, guides and contacts`, async () => {
      const text = await printed(path);
      for (const wanted of [title, "(413) 555-0142", crisis]) {
        assert.ok(text.includes(wanted), `"${wanted}" is not in the printed pack`);
      }
      assert.ok(!text.includes("Exit this page") && !text.includes("Salir de esta página"), "the quick exit is on paper");
      // Only guides are marked for print in the demo: no story text.
      assert.ok(!/Shared by|Compartida por/.test(text), "a story is in the print pack");
    });
  }
});
