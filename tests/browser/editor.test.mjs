// `trailhead serve --edit` in a real browser: a story from "New story" to a saved file that
// builds, a bad phone number shown beside its field, a change on disk refused with both
// versions, requests without the token / from another origin / outside content/ refused,
// and axe finds nothing on the editor.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyDemo, launchBrowser, startServe, trailhead } from "./harness.mjs";
import { axeViolations, formatViolations } from "./site-helpers.mjs";

let site, server, browser, editor;

before(async () => {
  site = copyDemo();
  server = await startServe(site.root, ["--edit"]);
  editor = (await server.waitFor(/^Editor at /)).match(/(http:\/\/\S+\/_edit\/[0-9a-f]+\/)/)[1];
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  site?.cleanup();
});

const file = (rel) => join(site.root, rel);
const read = (rel) => readFileSync(file(rel), "utf8");

async function openEditor() {
  const page = await browser.newPage();
  const csp = [];
  // The preview frame is sandboxed without scripts on purpose: its blocked scripts are expected.
  page.on("console", (m) => { if (m.type() === "error" && !/frame is sandboxed/.test(m.text())) csp.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) csp.push(`${r.status()} ${r.url()}`); });
  await page.goto(editor);
  await page.getByRole("button", { name: "A key of my own" }).waitFor();
  return { page, csp };
}

describe("the editor", { timeout: 180_000 }, () => {
  test("New story → form → saved file that builds", async () => {
    const { page, csp } = await openEditor();
    assert.deepEqual(await axeViolations(page), [], "list page");
    await page.getByLabel("Title of a new story or guide").fill("Learning to rest");
    await page.getByRole("button", { name: "New story" }).click();
    await page.locator("#edit-view:not([hidden])").waitFor();
    assert.ok(existsSync(file("content/stories/learning-to-rest.md")));
    await page.getByLabel("Summary").fill("How rest became part of recovery.");
    await page.getByLabel("Date the form was signed").fill("2026-11-20");
    await page.getByLabel("On the website").check();
    await page.getByLabel("The storyteller read and approved this final text").check();
    await page.getByLabel("Number of the signed form").fill("FORM-2026-44");
    await page.getByLabel("Text (Markdown)").fill("I learned to rest.\n\n## What helped\n\nMy group.\n");
    await page.locator("#status", { hasText: "No problems found." }).waitFor({ timeout: 30_000 });
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#status", { hasText: "Saved." }).waitFor();
    const text = read("content/stories/learning-to-rest.md");
    assert.match(text, /record_id: "FORM-2026-44"/);
    assert.match(text, /# The number of the signed form/, "comments of the new file are kept");
    const r = trailhead(["check", "--root", site.root]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(csp, []);
    await page.close();
  });

  test("a bad phone number shows its diagnostic next to the field", async () => {
    const { page } = await openEditor();
    await page.getByRole("button", { name: "How to recognize an opioid overdose and use naloxone" }).click();
    await page.locator("#edit-view:not([hidden])").waitFor();
    const phone = page.locator("#c-0-phone");
    await phone.fill("555-12");
    const diag = page.locator("[id='d-contacts.0.phone']");
    await diag.filter({ hasText: /phone|number/i }).waitFor({ timeout: 30_000 });
    assert.equal(await phone.getAttribute("aria-invalid"), "true");
    await page.close();
  });

  test("a change on disk while editing is refused, showing both versions", async () => {
    const { page } = await openEditor();
    await page.getByRole("button", { name: "A key of my own" }).click();
    await page.locator("#edit-view:not([hidden])").waitFor();
    const rel = "content/stories/a-key-of-my-own.md";
    const changed = read(rel).replace("I'm 63.", "I'm 64.");
    writeFileSync(file(rel), changed);
    await page.getByLabel("Title", { exact: true }).fill("A key of my own, again");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: /changed on disk/ }).waitFor();
    assert.match(await page.locator("#disk").textContent(), /I'm 64\./);
    assert.match(await page.locator("#yours").textContent(), /A key of my own, again/);
    assert.equal(read(rel), changed, "the file on disk was not overwritten");
    await page.close();
  });

  test("no token, a foreign Origin or a path outside content/ is refused and writes nothing", async () => {
    const base = new URL(editor).origin;
    const before = read("trailhead.toml");
    const post = (url, body, origin = base) =>
      fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Origin: origin }, body: JSON.stringify(body) });
    assert.equal((await fetch(base + "/_edit/")).status, 403);
    assert.equal((await fetch(base + "/_edit/0000/api/list")).status, 403);
    assert.equal((await post(base + "/_edit/0000/api/new", { kind: "story", title: "No token" })).status, 403);
    assert.equal((await post(editor + "api/new", { kind: "story", title: "Foreign" }, "http://evil.example")).status, 403);
    const r = await fetch(editor + "api/new", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    assert.equal(r.status, 403, "no Origin at all");
    for (const path of ["../trailhead.toml.md", "/etc/passwd.md", "stories/../../x.md"]) {
      const s = await post(editor + "api/save", { path, fields: {}, body: "x" });
      assert.equal(s.status, 400, path);
    }
    assert.ok(!existsSync(file("content/stories/no-token.md")));
    assert.ok(!existsSync(file("content/stories/foreign.md")));
    assert.ok(!existsSync(file("x.md")));
    assert.equal(read("trailhead.toml"), before);
  });

  test("nothing of the editor is in a built site", () => {
    const r = trailhead(["build", "--root", site.root, "--output", join(site.root, "out")]);
    assert.equal(r.status, 0, r.stderr);
    const grep = readFileSync(join(site.root, "out/index.html"), "utf8");
    assert.ok(!grep.includes("_edit") && !existsSync(join(site.root, "out/_edit")));
  });
});
