//! The `trailhead` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use trailhead::build::{BuildOptions, display_path};
use trailhead::diagnostics::Diagnostics;

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
    },
    /// Check the site for problems without writing anything.
    Check {
        /// The site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft`.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site with live reload at http://127.0.0.1:1111/ (drafts included).
    Serve {
        /// The site folder (holding trailhead.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; if it is taken, the next free one is used.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. The default keeps the preview on this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in your browser.
        #[arg(long)]
        open: bool,
        /// Include drafts (the default).
        #[arg(long, overrides_with = "no_drafts")]
        drafts: bool,
        /// Leave drafts out, as `build` does.
        #[arg(long)]
        no_drafts: bool,
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
    /// Create a new site in DIR, ready to build.
    New {
        /// The folder to create (must be empty or missing).
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Build {
        root: ".".into(),
        output: None,
        drafts: false,
        base_url: None,
    }) {
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts: _,
            no_drafts,
        } => {
            let mut build = BuildOptions::new(root);
            build.drafts = !no_drafts;
            let opts = trailhead::serve::ServeOptions {
                build,
                bind,
                port,
                open,
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
        } => {
            let opts = BuildOptions {
                root,
                output,
                drafts,
                base_url,
                today: None,
                progress: true,
            };
            match trailhead::build(&opts) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprint!("{w}");
                    }
                    for ex in &report.excluded {
                        println!("Left out content/{} (\"{}\"): {}.", ex.path, ex.title, ex.reason);
                    }
                    println!(
                        "Built {} pages, {} sections and {} topics into {}: {} files, {} warning{}, in {} ms.",
                        report.pages,
                        report.sections,
                        report.terms,
                        display_path(&report.output),
                        report.files,
                        report.warnings.len(),
                        if report.warnings.len() == 1 { "" } else { "s" },
                        report.elapsed.as_millis()
                    );
                    println!(
                        "Search index: {} pages in {} files, {:.1} KB in total, built in {} ms.",
                        report.search_documents,
                        report.search_files,
                        report.search_bytes as f64 / 1024.0,
                        report.search_elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
                    for d in &failure.diagnostics {
                        eprint!("{d}");
                    }
                    eprintln!(
                        "The build stopped: {errors} problem{} to fix. The previous output was left as it was.",
                        if errors == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, drafts } => {
            let opts = BuildOptions {
                root,
                output: None,
                drafts,
                base_url: None,
                today: None,
                progress: false,
            };
            let diags = Diagnostics::new();
            let site = trailhead::build::load_site(&opts, &diags);
            let all = diags.into_sorted();
            for d in &all {
                eprint!("{d}");
            }
            let errors = all.iter().filter(|d| d.is_error()).count();
            let warnings = all.len() - errors;
            if let Some(site) = site {
                for ex in &site.excluded {
                    println!("Left out content/{} (\"{}\"): {}.", ex.path, ex.title, ex.reason);
                }
                println!(
                    "Checked {} pages: {errors} error{}, {warnings} warning{}.",
                    site.pages.len(),
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                );
            }
            if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
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
        Command::New { dir } => match trailhead::scaffold::create(&dir) {
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
