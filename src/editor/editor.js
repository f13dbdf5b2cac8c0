// Trailhead's local editor. Talks only to its own address; the token is part of it.
"use strict";
(() => {
  const S = JSON.parse(document.getElementById("strings").textContent);
  const $ = (id) => document.getElementById(id);
  const t = (k) => S[k] || k;
  const say = (msg) => { $("status").textContent = msg; };
  const api = async (path, body) => {
    const opts = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    const r = await fetch("api/" + path, opts);
    let data = null;
    try { data = await r.json(); } catch (_) { data = { error: t("failed") }; }
    return { status: r.status, data };
  };
  let current = null, timer = null;

  async function showList() {
    $("edit-view").hidden = true; $("list-view").hidden = false; current = null;
    const { data } = await api("list");
    const ul = $("files"); ul.textContent = "";
    for (const row of data || []) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button"; b.textContent = row.title;
      b.addEventListener("click", () => open(row.path));
      const s = document.createElement("span");
      s.className = "state"; s.textContent = t("kind_" + row.kind) + ": " + t("state_" + row.state);
      li.dataset.search = (row.title + " " + row.path + " " + row.state).toLowerCase();
      li.append(b, s); ul.append(li);
    }
    filter();
  }
  function filter() {
    const q = $("search").value.toLowerCase();
    for (const li of $("files").children) li.hidden = !!q && !li.dataset.search.includes(q);
  }

  function contactRow(c, i) {
    const box = document.createElement("fieldset");
    const lg = document.createElement("legend"); lg.textContent = t("contact") + " " + (i + 1); box.append(lg);
    for (const key of ["name", "phone", "text", "url", "hours"]) {
      const id = "c-" + i + "-" + key;
      const l = document.createElement("label"); l.htmlFor = id; l.textContent = t("contact_" + key);
      const inp = document.createElement("input"); inp.id = id; inp.dataset.contact = key; inp.value = c[key] || "";
      const d = document.createElement("p"); d.className = "diag"; d.id = "d-contacts." + i + "." + key;
      inp.setAttribute("aria-describedby", d.id);
      box.append(l, inp, d);
    }
    box.className = "contact";
    return box;
  }

  async function open(path) {
    const { status, data } = await api("open?path=" + encodeURIComponent(path));
    if (status !== 200) { say(data.error); return; }
    current = data;
    const f = data.fields || {};
    $("list-view").hidden = true; $("edit-view").hidden = false; $("conflict").hidden = true;
    $("edit-h").textContent = f.title || path;
    $("f-title").value = f.title || ""; $("f-summary").value = f.summary || "";
    $("f-tags").value = (f.tags || []).join(", "); $("f-author").value = f.author_display || "";
    $("tag-list").textContent = "";
    for (const tag of data.tags || []) { const o = document.createElement("option"); o.value = tag; $("tag-list").append(o); }
    const notes = $("notes"); for (const el of [...notes.querySelectorAll("label")]) el.remove();
    for (const [value, meaning] of Object.entries(data.vocabulary || {})) {
      const l = document.createElement("label"); const c = document.createElement("input");
      c.type = "checkbox"; c.className = "note"; c.value = value; c.checked = (f.content_notes || []).includes(value);
      l.append(c, " " + value + " (" + meaning + ")"); notes.append(l);
    }
    const c = f.consent || {};
    $("f-cdate").value = c.date || ""; $("f-record").value = c.record_id || ""; $("f-expires").value = c.expires || "";
    $("f-approved").checked = c.final_text_approved === true;
    for (const s of document.querySelectorAll(".scope")) s.checked = (c.scope || []).includes(s.value);
    $("f-reviewed").value = f.last_reviewed || "";
    $("contacts").textContent = "";
    (f.contacts || []).forEach((k, i) => $("contacts").append(contactRow(k, i)));
    $("story-fields").hidden = data.kind !== "story"; $("guide-fields").hidden = data.kind !== "guide";
    $("f-body").value = data.body || "";
    $("f-title").focus();
    refresh();
  }

  function draft() {
    const fields = { title: $("f-title").value, summary: $("f-summary").value,
      tags: $("f-tags").value.split(",").map((s) => s.trim()).filter(Boolean) };
    if (current.kind === "story") {
      fields.author_display = $("f-author").value;
      fields.content_notes = [...document.querySelectorAll(".note:checked")].map((c) => c.value);
      fields.consent = { date: $("f-cdate").value || null, scope: [...document.querySelectorAll(".scope:checked")].map((c) => c.value),
        final_text_approved: $("f-approved").checked, record_id: $("f-record").value, expires: $("f-expires").value || null };
    }
    if (current.kind === "guide") {
      fields.last_reviewed = $("f-reviewed").value || null;
      fields.contacts = [...document.querySelectorAll(".contact")].map((box) => {
        const o = {}; for (const i of box.querySelectorAll("input")) if (i.value) o[i.dataset.contact] = i.value; return o;
      });
    }
    return { path: current.path, version: current.version, fields, body: $("f-body").value };
  }

  function showDiagnostics(list) {
    for (const p of document.querySelectorAll(".diag")) { p.textContent = ""; p.className = "diag"; }
    for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const other = $("other-diags"); other.textContent = "";
    for (const d of list) {
      const text = d.message + (d.hint ? " — " + d.hint : "") + (d.field === "body" && d.body_line ? " (" + t("line") + " " + d.body_line + ")" : "");
      let slot = $("d-" + d.field) || $("d-" + d.field.split(".")[0] + (d.field.startsWith("contacts") ? "" : ""));
      if (!slot && d.field.startsWith("consent")) slot = $("d-consent");
      if (!slot) { slot = document.createElement("p"); slot.className = "diag"; other.append(slot); }
      slot.textContent = slot.textContent ? slot.textContent + " " + text : text;
      slot.classList.add(d.severity);
      const input = document.querySelector("[aria-describedby~='" + CSS.escape(slot.id) + "']");
      if (input && d.severity === "error") input.setAttribute("aria-invalid", "true");
    }
  }

  async function refresh() {
    if (!current) return;
    const { status, data } = await api("preview", draft());
    if (status !== 200) { say(data.error || t("failed")); return; }
    showDiagnostics(data.diagnostics);
    if (data.rendered) $("preview").src = "api/render?path=" + encodeURIComponent(current.path) + "&n=" + Date.now();
    const errors = data.diagnostics.filter((d) => d.severity === "error").length;
    say(errors ? t("has_errors").replace("{n}", errors) : t("no_errors"));
  }
  const soon = () => { clearTimeout(timer); timer = setTimeout(refresh, 700); };

  async function save(e) {
    e.preventDefault();
    const { status, data } = await api("save", draft());
    if (status === 200) { current.version = data.version; say(t("saved")); $("conflict").hidden = true; return; }
    if (status === 409) {
      $("disk").textContent = data.disk ?? t("deleted"); $("yours").textContent = data.yours;
      $("conflict").hidden = false; say(t("conflict")); $("conflict-h").tabIndex = -1; $("conflict-h").focus(); return;
    }
    say(data.error || t("failed"));
  }

  $("new-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const kind = e.submitter ? e.submitter.value : "story";
    const { status, data } = await api("new", { kind, title: $("new-title").value });
    if (status === 200) { say(t("created")); open(data.path); } else say(data.error + (data.hint ? " — " + data.hint : ""));
  });
  $("search").addEventListener("input", filter);
  $("back").addEventListener("click", showList);
  $("reload").addEventListener("click", () => open(current.path));
  $("page-form").addEventListener("input", soon);
  $("page-form").addEventListener("change", soon);
  $("page-form").addEventListener("submit", save);
  $("add-contact").addEventListener("click", () => { const n = document.querySelectorAll(".contact").length; $("contacts").append(contactRow({}, n)); });
  $("img-add").addEventListener("click", async () => {
    const file = $("img-file").files[0]; const alt = $("img-alt").value.trim();
    if (!file || !alt) { say(t("image_needs")); return; }
    const q = "page=" + encodeURIComponent(current.path) + "&name=" + encodeURIComponent(file.name) + "&alt=" + encodeURIComponent(alt);
    const r = await fetch("api/image?" + q, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
    const data = await r.json().catch(() => ({ error: t("failed") }));
    if (r.ok) { $("f-body").value += "\n\n" + data.markdown + "\n"; say(t("image_saved")); soon(); } else say(data.error);
  });
  showList();
})();
