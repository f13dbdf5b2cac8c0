//! The `trailhead` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use trailhead::diagnostics::Diagnostic;
use trailhead::pipeline::{BuildFailure, BuildOptions, BuildReport, display_path};

#[derive(Parser)]
#[command(
    name = "trailhead",
    version,
    about = "A static-site generator for peer-support resource libraries"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// The site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: public/ in the site folder).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include pages marked `draft`.
        #[arg(long)]
        drafts: bool,
        /// Use this public address instead of `base_url` from trailhead.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Print problems as JSON lines on standard output (for editors and CI).
        #[arg(long)]
        json: bool,
        /// Write a copy that works from any folder or USB stick, with no server: relative
        /// links, and only stories whose consent includes `offline`.
        #[arg(long)]
        portable: bool,
        /// Also write the portable copy as a zip archive (implies --portable).
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Check the site for every problem a build would find, without writing anything.
    Check {
        /// The site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft`.
        #[arg(long)]
        drafts: bool,
        /// Print problems as JSON lines on standard output (for editors and CI).
        #[arg(long)]
        json: bool,
    },
    /// Preview the site with live reload at http://127.0.0.1:1111/ (drafts included).
    Serve {
        /// The site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (default 1111, or the next free one if 1111 is taken). A port
        /// named here must be free; 0 picks any free port.
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on. The default keeps the preview on this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also answer requests for this host name (repeatable), e.g. a tunnel or a name in
        /// /etc/hosts. Otherwise only localhost, 127.0.0.1, [::1] and the --bind address are
        /// answered, so other websites cannot read drafts through your browser.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_host: Vec<String>,
        /// Open the preview in your browser.
        #[arg(long)]
        open: bool,
        /// Include drafts (the default).
        #[arg(long, overrides_with = "no_drafts")]
        drafts: bool,
        /// Leave drafts out, as `build` does.
        #[arg(long)]
        no_drafts: bool,
        /// Also serve the local editor (forms for stories and guides) under /_edit/, at an
        /// address with a secret token printed when it starts. This computer only.
        #[arg(long)]
        edit: bool,
        /// Allow --edit with a --bind address other computers can reach. Anyone who learns
        /// the editor's address can then change the site's content.
        #[arg(long, requires = "edit")]
        edit_on_network: bool,
    },
    /// List every story with its consent: state, scope, expiry, address and who links to it.
    /// Exits 3 when any consent ends within DAYS, so a scheduled job can warn the team.
    Consent {
        /// The site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON array instead of text.
        #[arg(long)]
        json: bool,
        /// "Expiring soon" means consent ends within this many days.
        #[arg(long, value_name = "DAYS", default_value_t = trailhead::register::DEFAULT_WITHIN)]
        within: i64,
    },
    /// Create a new site in DIR, ready to build; or, in an existing site, a new story or guide:
    /// `trailhead new story "Title"`, `trailhead new guide "Title"`.
    New {
        /// The folder to create (must be empty or missing), or `story` / `guide`.
        dir: PathBuf,
        /// With `story` or `guide`: the title of the new file (its name comes from it).
        title: Option<String>,
        /// With `story` or `guide`: the site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Build {
        root: ".".into(),
        output: None,
        drafts: false,
        base_url: None,
        json: false,
        portable: false,
        zip: None,
    }) {
        Command::Serve {
            root,
            port,
            bind,
            allowed_host,
            open,
            drafts: _,
            no_drafts,
            edit,
            edit_on_network,
        } => {
            let mut build = BuildOptions::new(root);
            build.drafts = !no_drafts;
            let opts = trailhead::serve::ServeOptions {
                build,
                bind,
                port: port.unwrap_or(1111),
                fixed_port: port.is_some(),
                allowed_hosts: allowed_host,
                open,
                edit,
                edit_on_network,
            };
            match trailhead::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            json,
            portable,
            zip,
        } => {
            let opts = BuildOptions {
                root,
                output,
                drafts,
                base_url,
                today: None,
                progress: !json,
                portable: portable || zip.is_some(),
                zip,
            };
            finish(trailhead::build(&opts), json, "Built")
        }
        Command::Check { root, drafts, json } => {
            let opts = BuildOptions {
                drafts,
                ..BuildOptions::new(root)
            };
            finish(trailhead::check(&opts), json, "Checked")
        }
        Command::Consent { root, json, within } => {
            let opts = BuildOptions::new(root);
            match trailhead::register::Register::read(&opts, within) {
                Ok(register) => {
                    let errors = register.diagnostics.iter().filter(|d| d.is_error()).count();
                    if errors > 0 {
                        eprintln!(
                            "Note: the site has {errors} {} the build; `trailhead check` lists them.",
                            if errors == 1 {
                                "problem that stops"
                            } else {
                                "problems that stop"
                            }
                        );
                    }
                    if json {
                        print!("{}", register.to_json());
                    } else {
                        print!("{}", register.to_text());
                    }
                    if register.any_expiring() {
                        ExitCode::from(3)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(diags) => {
                    for d in &diags {
                        eprint!("{d}");
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            dir,
            title: Some(title),
            root,
        } => {
            let word = dir.to_string_lossy();
            let Some(kind) = trailhead::scaffold::EntryKind::from_word(&word) else {
                eprintln!(
                    "error: `trailhead new {word} \"{title}\"` is not something Trailhead can make\n  hint: write `trailhead new story \"Title\"`, `trailhead new guide \"Title\"`, or `trailhead new FOLDER` for a new site"
                );
                return ExitCode::from(2);
            };
            match trailhead::scaffold::create_entry(&root, kind, &title) {
                Ok(path) => {
                    println!("Created {}.", display_path(&path).trim_start_matches("./"));
                    if kind == trailhead::scaffold::EntryKind::Story {
                        println!(
                            "Fill in its consent (date, scope, approval, record id) before it can be published; `trailhead build` says what is still missing."
                        );
                    } else {
                        println!("Fill in its summary and contacts, then run `trailhead build`.");
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprint!("{d}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { dir, .. } => match trailhead::scaffold::create(&dir) {
            Ok(()) => {
                println!("Created a new site in {}.", dir.display());
                println!("Next: cd {} && trailhead build", dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprint!("{d}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Prints what a build or check found and gives its exit code: 0, or 1 when it failed.
fn finish(result: Result<BuildReport, BuildFailure>, json: bool, verb: &str) -> ExitCode {
    let (diagnostics, excluded) = match &result {
        Ok(r) => (&r.warnings, &r.excluded),
        Err(f) => (&f.diagnostics, &f.excluded),
    };
    for d in diagnostics {
        if json {
            println!("{}", json_line(d));
        } else {
            eprint!("{d}");
        }
    }
    // With --json, standard output holds only the JSON lines: the summary goes to stderr.
    let say = |line: String| if json { eprintln!("{line}") } else { println!("{line}") };
    for ex in excluded {
        say(format!(
            "Left out content/{} (\"{}\"): {}.",
            ex.path, ex.title, ex.reason
        ));
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match result {
        Ok(report) => {
            let warnings = report.warnings.len();
            let (files, tail) = match &report.output {
                Some(o) if report.unchanged > 0 => (
                    format!(
                        " into {}: {} files ({} unchanged since the last build)",
                        display_path(o),
                        report.files,
                        report.unchanged
                    ),
                    "",
                ),
                Some(o) => (format!(" into {}: {} files", display_path(o), report.files), ""),
                None => (format!(" ({} files): no errors", report.files), " Nothing was written."),
            };
            say(format!(
                "{verb} {} pages, {} sections and {} topics{files}, {warnings} warning{}, in {} ms.{tail}",
                report.pages,
                report.sections,
                report.terms,
                plural(warnings),
                report.elapsed.as_millis()
            ));
            if report.output.is_none() {
                return ExitCode::SUCCESS;
            }
            say(format!(
                "Search index: {} pages in {} files, {:.1} KB in total, built in {} ms.",
                report.search_documents,
                report.search_files,
                report.search_bytes as f64 / 1024.0,
                report.search_elapsed.as_millis()
            ));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = failure.diagnostics.len() - errors;
            let tail = if verb == "Built" {
                "The previous output was left as it was."
            } else {
                "Nothing was written."
            };
            eprintln!(
                "{} stopped: {errors} problem{} to fix ({warnings} warning{}). {tail}",
                if verb == "Built" { "The build" } else { "The check" },
                plural(errors),
                plural(warnings),
            );
            ExitCode::FAILURE
        }
    }
}

/// One diagnostic as a JSON object on one line.
fn json_line(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "file": d.file.as_ref().map(|f| f.to_string_lossy().replace('\\', "/")),
        "line": d.line,
        "col": d.col,
        "message": d.message,
        "hint": d.hint,
        "source_line": d.snippet,
    })
    .to_string()
}
