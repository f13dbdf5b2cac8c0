//! Test harness: fixture sites built in temporary folders.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use trailhead::diagnostics::Diagnostic;
use trailhead::pipeline::{BuildFailure, BuildOptions, BuildReport};

/// The date every fixture build treats as today.
pub const TODAY: (i16, i8, i8) = (2026, 11, 22);

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const CONFIG: &str = r#"title = "Test Library"
base_url = "https://example.org"
language = "en"
taxonomies = ["tags"]
paginate_by = 2

[crisis]
last_verified = "2026-11-01"
"#;

/// A complete, valid story front matter plus body.
pub fn story(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2026-03-01\nsummary: \"A story.\"\ntags: [recovery]\nauthor_display: Sam\n{extra}consent:\n  date: 2026-01-01\n  scope: [web]\n  final_text_approved: true\n  record_id: F-1\n---\n\n{body}\n"
    )
}

/// A complete, valid guide.
pub fn guide(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2026-02-01\ntags: [housing]\nlast_reviewed: 2026-10-01\n{extra}contacts:\n  - name: Helpline\n    phone: \"1-800-662-4357\"\n---\n\n{body}\n"
    )
}

impl Fixture {
    /// A small valid site: home, about, two stories, one guide.
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        for (path, text) in trailhead::scaffold::DEFAULT_THEME {
            f.write(&format!("themes/default/{path}"), text);
        }
        f.write("trailhead.toml", CONFIG);
        f.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
        f.write("content/about.md", "---\ntitle: About\n---\n## Who we are\n\nPeers.\n");
        f.write(
            "content/staying-safer-online.md",
            "---\ntitle: Staying safer\n---\nText.\n",
        );
        f.write("content/stories/_index.md", "---\ntitle: Stories\n---\n");
        f.write("content/guides/_index.md", "---\ntitle: Guides\n---\n");
        f.write(
            "content/stories/first.md",
            &story("First story", "", "## Start\n\nI began."),
        );
        f.write(
            "content/stories/second.md",
            &story(
                "Second story",
                "",
                "Another story. See [the guide](../guides/crisis-lines.md#call).",
            ),
        );
        f.write(
            "content/guides/crisis-lines.md",
            &guide("Crisis lines", "", "## Call\n\nCall someone."),
        );
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).expect("remove");
        self
    }

    pub fn options(&self) -> BuildOptions {
        let mut o = BuildOptions::new(self.root());
        o.today = Some(jiff::civil::date(TODAY.0, TODAY.1, TODAY.2));
        o
    }

    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        trailhead::build(&self.options())
    }

    /// Builds, expecting success; `check` must agree, with the same warnings.
    pub fn build_ok(&self) -> BuildReport {
        let checked = trailhead::check(&self.options());
        let report = match self.build() {
            Ok(r) => r,
            Err(f) => panic!("build failed:\n{}", render(&f.diagnostics)),
        };
        match checked {
            Ok(c) => assert_eq!(render(&c.warnings), render(&report.warnings), "check and build differ"),
            Err(f) => panic!("check failed where build succeeded:\n{}", render(&f.diagnostics)),
        }
        report
    }

    /// Builds, expecting failure; returns the errors.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(f) => f.diagnostics.into_iter().filter(Diagnostic::is_error).collect(),
        }
    }

    pub fn out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel)).unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn out_exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Every file under public/, as (relative path, text).
    pub fn all_output(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        for e in walkdir::WalkDir::new(self.path("public"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(self.path("public"))
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                v.push((
                    rel,
                    String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
                ));
            }
        }
        v
    }
}

pub fn render(ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| d.to_string()).collect()
}

/// A 1×1 PNG.
pub fn tiny_png() -> Vec<u8> {
    vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8,
        0, 0, 0, 0, 0x3A, 0x7E, 0x9B, 0x55, 0, 0, 0, 10, b'I', b'D', b'A', b'T', 0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1,
        0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82,
    ]
}

/// A site in English and Spanish: two translated pages, a translated story, a Spanish-only
/// story, and Spanish crisis lines.
pub fn bilingual_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "trailhead.toml",
        &format!(
            "{}\n[languages.es]\ntitle = \"Biblioteca de prueba\"\ndescription = \"Historias y guías.\"\ntaxonomies = {{ tags = \"Temas\" }}\n\n[languages.es.crisis]\nguide = \"guides/crisis.es.md\"\n\n[[languages.es.crisis.lines]]\nname = \"988 Línea de Prevención del Suicidio y Crisis\"\nphone = \"988\"\ntext = \"988\"\ndescription = \"Para español, oprima 2. Envíe AYUDA por mensaje de texto al 988.\"\n",
            CONFIG
        ),
    );
    f.write("content/_index.es.md", "---\ntitle: Inicio\n---\nBienvenida.\n");
    f.write("content/about.es.md", "---\ntitle: Quiénes somos\n---\n## Quiénes somos\n\nPares. Lea la [guía](guides/crisis.es.md) o la [historia en inglés](stories/first.md).\n");
    f.write("content/stories/_index.es.md", "---\ntitle: Historias\n---\n");
    f.write("content/guides/_index.es.md", "---\ntitle: Guías\n---\n");
    f.write(
        "content/guides/crisis.md",
        &guide("Crisis lines", "", "## Call\n\nCall 988."),
    );
    f.write(
        "content/guides/crisis.es.md",
        &guide("Líneas de crisis", "", "## Llame\n\nLlame al 988.").replace("[housing]", "[crisis]"),
    );
    // The first story's consent allows translation; its Spanish version has no consent of its own.
    f.write(
        "content/stories/first.md",
        &story("First story", "", "## Start\n\nI began.").replace("scope: [web]", "scope: [web, translation]"),
    );
    f.write(
        "content/stories/first.es.md",
        "---\ntitle: \"Mi primera historia\"\ndate: 2026-03-01\nsummary: \"Una historia.\"\ntags: [recuperación]\nauthor_display: Sam\n---\n\n## Inicio\n\nEmpecé.\n",
    );
    f.write(
        "content/stories/solo.es.md",
        &story("Solo en español", "", "Mi historia.").replace("[recovery]", "[familia]"),
    );
    f
}
