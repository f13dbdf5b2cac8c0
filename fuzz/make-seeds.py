#!/usr/bin/env python3
"""Writes the fuzz targets' seeds (fuzz/seeds/<target>/) from the demo library and the theme,
so the fuzzers start from real content and mutate it. Run from the repository root:
    python3 fuzz/make-seeds.py
"""
import glob, os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")

def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()

def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def body(md):
    parts = md.split(b"\n---\n", 1)
    return parts[1] if len(parts) == 2 else md

pages = sorted(glob.glob("content/**/*.md", root_dir=ROOT, recursive=True))
small = [p for p in pages if len(read(p)) < 12000]
picked = small[::3][:12]
for p in picked:
    name = p.replace("/", "_")
    write("front_matter", name, read(p))
    write("markdown", name, body(read(p)))
    write("tokenizer", name, body(read(p))[:3000])
write("front_matter", "toml.md", b'+++\ntitle = "About"\ndate = 2026-03-01\ntags = ["a", "b"]\n+++\nText\n')
write("config", "demo.toml", read("trailhead.toml"))
write("config", "minimal.toml", b'title = "x"\n')
write("tokenizer", "unicode.txt", "Niño d’Arc O'Brien naïve İstanbul ǅ ﬁ ß 988 211 e-mail x86_64 ١٢٣ 😀‍🩹".encode())
# The template target starts from the theme's own templates. They are not committed (they
# would be copies that go stale): fuzz/run.sh runs this script first, and the regression test
# reads the theme itself.
for t in ["page.html", "story.html", "guide.html", "partials/crisis.html"]:
    write("template", t.replace("/", "_"), read("themes/default/templates/" + t))
# Whole sites: the demo's own files in the slots (settings, home, story, guide, page, Spanish).
story = next(p for p in pages if p.startswith("content/stories/") and "es.md" not in p and "_index" not in p)
guide = next(p for p in pages if p.startswith("content/guides/") and "es.md" not in p and "_index" not in p)
base_config = b'title = "Fuzz"\nbase_url = "https://example.org"\nlanguage = "en"\n\n[crisis]\nlast_verified = "2026-11-01"\n\n[languages.es]\ntitle = "Fuzz es"\n'
write("site", "demo-files", b"\xff".join([base_config, read("content/_index.md"), read(story), read(guide), read("content/about.md")]))
write("site", "empty", b"")
