//! Link handling while rendering: which links point at other content files, what URL they
//! get, and which `#anchors` must be checked once every page is rendered.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// What a content path points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// A published page or section, with its URL.
    Url(String),
    /// A page that exists but is not published, and why.
    Unpublished(String),
    /// Nothing: the closest existing path, if any, for a hint.
    Missing(Option<String>),
}

/// Looks up content paths (`guides/naloxone.md`) during rendering.
pub(crate) trait Resolver: Sync {
    /// Resolves a path under `content/`.
    fn resolve(&self, path: &str) -> LinkTarget;

    /// Resolves a link written as an address on the site (`/stories/x/`): the content path of
    /// the page at that address and what it is, when a page of the site has (or would have) it.
    fn resolve_url(&self, _url: &str) -> Option<(String, LinkTarget)> {
        None
    }

    /// The address a file under `content/` (`stories/x/photo.jpg`) is published at, if it is.
    fn asset(&self, _path: &str) -> Option<String> {
        None
    }
}

/// A link or image to an address on the site (`/guides/x/`, `/files/form.pdf`, `../x/#a`),
/// checked against every file the build wrote once the whole site is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlRef {
    /// As written.
    pub(crate) written: String,
    /// The address from the site root, without `#anchor` or `?query`: `/guides/x/`.
    pub(crate) address: String,
    /// The anchor, without `#`.
    pub(crate) anchor: Option<String>,
    /// Byte offset of the link in the file.
    pub(crate) offset: usize,
    /// An image (`![…](…)`) rather than a link.
    pub(crate) image: bool,
}

/// What a link becomes in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Link {
    /// A link: its `href`, and whether it leaves the site.
    Href(String, bool),
    /// Only its text: it pointed at a page that is not published.
    Text,
}

/// A link to `#anchor` on a page, to check after rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnchorRef {
    /// The target page's path under `content/`.
    pub(crate) target: String,
    /// The anchor, without `#`.
    pub(crate) anchor: String,
    /// Byte offset of the link in the file.
    pub(crate) offset: usize,
}

/// Where a body comes from, for resolving its links and locating its problems.
pub(crate) struct Context<'a> {
    /// The file, for messages.
    pub(crate) file: &'a Path,
    /// The whole file.
    pub(crate) source: &'a str,
    /// Where the body starts in `source`.
    pub(crate) body_offset: usize,
    /// The page's own path under `content/`.
    pub(crate) page_path: &'a str,
    /// The page's name without its language (`guides/x.md` for `guides/x.es.md`): translations
    /// share the original's bundle folder (`guides/x/`).
    pub(crate) page_key: &'a str,
    /// The page's own address (`/stories/a/`), for resolving relative addresses.
    pub(crate) page_url: &'a str,
    /// Looks up other pages.
    pub(crate) resolver: &'a dyn Resolver,
}

impl Context<'_> {
    /// An error at a byte offset in the body.
    pub(crate) fn error(&self, body_offset: usize, message: String, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.file)
            .at_offset(self.source, self.body_offset + body_offset)
            .hint(hint)
    }

    /// A warning at a byte offset in the body.
    fn warning(&self, body_offset: usize, message: String, hint: impl Into<String>) -> Diagnostic {
        self.error(body_offset, message, hint).as_warning()
    }

    /// A link to a page that is not published: only its text is kept, with a warning. A
    /// storyteller's withdrawal (or a draft) never stops the build of the pages linking to it.
    fn unpublished(&self, dest: &str, target: &str, why: &str, at: usize, diags: &mut Vec<Diagnostic>) -> Link {
        diags.push(self.warning(
            at,
            format!("the link `{dest}` points to content/{target}, which is not published ({why}), so only the link's text is shown"),
            "this does not stop the build; when you can, reword the sentence so it reads well without the link, or link to another page",
        ));
        Link::Text
    }

    /// Rewrites one link destination. `targets` collects the content paths of the site's
    /// pages it points at (published or not), for the consent register.
    pub(crate) fn link(&self, dest: &str, at: usize, diags: &mut Vec<Diagnostic>, out: &mut super::Rendered) -> Link {
        let (anchors, targets) = (&mut out.anchor_refs, &mut out.link_targets);
        if crate::privacy::is_remote(dest) {
            return Link::Href(dest.to_owned(), true);
        }
        let lower = dest.trim().to_ascii_lowercase();
        if lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:") {
            diags.push(self.error(
                at,
                "this link would run code in the reader's browser".into(),
                "link to a page or a web address instead",
            ));
            return Link::Href("#".to_owned(), false);
        }
        if lower.contains(':')
            && !dest.starts_with('/')
            && !dest.starts_with('.')
            && !dest.starts_with('@')
            && !dest.starts_with('#')
        {
            // mailto:, tel:, sms: and other schemes.
            return Link::Href(dest.to_owned(), false);
        }
        let (path_part, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if path_part.is_empty() {
            if let Some(a) = anchor {
                anchors.push(AnchorRef {
                    target: self.page_path.to_owned(),
                    anchor: a.to_owned(),
                    offset: self.body_offset + at,
                });
            }
            return Link::Href(dest.to_owned(), false);
        }
        let target = if let Some(rest) = path_part.strip_prefix("@/") {
            Some(rest.to_owned())
        } else if path_part.ends_with(".md") && !path_part.starts_with('/') {
            let base = match self.page_path.rfind('/') {
                Some(i) => &self.page_path[..i],
                None => "",
            };
            match normalize(base, path_part) {
                Some(p) => Some(p),
                None => {
                    diags.push(self.error(
                        at,
                        format!("the link `{dest}` goes above the content folder"),
                        "link to a file inside content/, e.g. `../guides/find-a-support-group.md`",
                    ));
                    return Link::Href(dest.to_owned(), false);
                }
            }
        } else {
            None
        };
        let Some(target) = target else {
            // A file beside the page or in its bundle (`form.pdf`): its published address.
            if let Some(file) = self.file(dest, path_part, at, diags) {
                let href = match anchor {
                    Some(a) => format!("{file}#{a}"),
                    None => file,
                };
                return Link::Href(href, false);
            }
            // An address on the site (`/stories/x/`, `../x/`): a page that is not published
            // must not keep a link (its address names it).
            if let Some(url) = site_address(self.page_url, path_part)
                && let Some((path, found)) = self.resolver.resolve_url(&url)
            {
                if let LinkTarget::Unpublished(why) = &found {
                    targets.push(path.clone());
                    return self.unpublished(dest, &path, why, at, diags);
                }
                targets.push(path);
            }
            if let Some(address) = address_of(self.page_url, path_part) {
                out.url_refs.push(UrlRef {
                    written: dest.to_owned(),
                    address,
                    anchor: anchor.map(str::to_owned),
                    offset: self.body_offset + at,
                    image: false,
                });
            }
            return Link::Href(dest.to_owned(), false);
        };
        targets.push(target.clone());
        match self.resolver.resolve(&target) {
            LinkTarget::Url(url) => {
                let href = match anchor {
                    Some(a) => {
                        anchors.push(AnchorRef {
                            target: target.clone(),
                            anchor: a.to_owned(),
                            offset: self.body_offset + at,
                        });
                        format!("{url}#{a}")
                    }
                    None => url,
                };
                Link::Href(href, false)
            }
            LinkTarget::Unpublished(why) => self.unpublished(dest, &target, &why, at, diags),
            LinkTarget::Missing(closest) => {
                let hint = match closest {
                    Some(c) => format!("did you mean `{}`? Links to other pages are written relative to this file, or as @/ paths from content/", suggest_relative(self.page_path, &c, dest.starts_with("@/"))),
                    None => "check the file name; links to other pages are written relative to this file (`../guides/naloxone.md`) or from content/ (`@/guides/naloxone.md`)".into(),
                };
                diags.push(self.error(
                    at,
                    format!("the link `{dest}` points to content/{target}, which does not exist"),
                    hint,
                ));
                Link::Href("#".to_owned(), false)
            }
        }
    }
}

impl Context<'_> {
    /// A relative path to a file (`photo.jpg`, `forms/intake.pdf`, `../x.pdf`): looked up in
    /// the page's bundle (`stories/x/` beside `stories/x.md`), then beside the page, and given
    /// its published address. A missing file is an error here. `None` for anything else
    /// (addresses of pages, root-relative paths), which is checked after rendering.
    pub(super) fn file(&self, dest: &str, path: &str, at: usize, diags: &mut Vec<Diagnostic>) -> Option<String> {
        let path = path.split('?').next().unwrap_or("");
        let last = path.rsplit('/').next().unwrap_or("");
        if path.is_empty() || path.starts_with('/') || !last.contains('.') || last.ends_with(".html") {
            return None;
        }
        let dir = match self.page_path.rfind('/') {
            Some(i) => &self.page_path[..i],
            None => "",
        };
        let bundle = self.page_key.strip_suffix(".md").filter(|b| !b.ends_with("_index"));
        let candidates: Vec<String> = bundle
            .into_iter()
            .chain(std::iter::once(dir))
            .filter_map(|base| normalize(base, path))
            .collect();
        if let Some(url) = candidates.iter().find_map(|c| self.resolver.asset(c)) {
            return Some(url);
        }
        let shown = candidates.last().cloned().unwrap_or_else(|| path.to_owned());
        diags.push(self.error(
            at,
            format!("`{dest}` points to content/{shown}, which does not exist"),
            match bundle {
                Some(b) => format!("put the file beside this page (content/{shown}) or in its own folder content/{b}/, or check the name"),
                None => format!("put the file at content/{shown}, or check the name"),
            },
        ));
        Some("#".to_owned())
    }
}

/// The address a link path names on the site, from its root, `?query` and `#anchor` removed:
/// `/a/b/`, `/a/b.pdf`. `None` for paths that leave the site's root.
pub(crate) fn address_of(page_url: &str, path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or("").trim();
    if path.is_empty() || path.starts_with("//") || path.starts_with('\\') {
        return None;
    }
    let trailing = path.ends_with('/');
    let joined = match path.strip_prefix('/') {
        Some(rest) => normalize("", rest)?,
        None => normalize(page_url.trim_matches('/'), path)?,
    };
    Some(if joined.is_empty() {
        "/".to_owned()
    } else if trailing {
        format!("/{joined}/")
    } else {
        format!("/{joined}")
    })
}

/// The site address a link path names, resolved against the page's own address: `/a/b/`,
/// with `index.html` and a missing final `/` on a folder-like name made equal. `None` for
/// anything that is not a page address.
pub(super) fn site_address(page_url: &str, path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or("").trim();
    if path.is_empty() || path.starts_with("//") || path.starts_with('\\') {
        return None;
    }
    let joined = if let Some(rest) = path.strip_prefix('/') {
        normalize("", rest)?
    } else {
        normalize(page_url.trim_matches('/'), path)?
    };
    let joined = joined
        .strip_suffix("index.html")
        .unwrap_or(&joined)
        .trim_end_matches('/');
    let last = joined.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return None;
    }
    Some(if joined.is_empty() {
        "/".to_owned()
    } else {
        format!("/{joined}/")
    })
}

/// Joins `rel` onto the folder `base` (both under `content/`), resolving `.` and `..`.
pub(super) fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn suggest_relative(from: &str, to: &str, at_form: bool) -> String {
    if at_form {
        return format!("@/{to}");
    }
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(normalize("stories", "../guides/a.md").as_deref(), Some("guides/a.md"));
        assert_eq!(normalize("stories", "b.md").as_deref(), Some("stories/b.md"));
        assert_eq!(normalize("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(normalize("", "../a.md"), None);
    }

    #[test]
    fn site_addresses_resolve_against_the_page() {
        let a = |p| site_address("/stories/a/", p);
        assert_eq!(a("/stories/b/").as_deref(), Some("/stories/b/"));
        assert_eq!(a("/stories/b").as_deref(), Some("/stories/b/"));
        assert_eq!(a("/stories/b/index.html").as_deref(), Some("/stories/b/"));
        assert_eq!(a("../b/").as_deref(), Some("/stories/b/"));
        assert_eq!(a("../../guides/x/?q=1").as_deref(), Some("/guides/x/"));
        assert_eq!(a("photo.jpg"), None);
        assert_eq!(a("//host/x"), None);
        assert_eq!(a("/"), Some("/".into()));
    }

    #[test]
    fn suggests_paths_relative_to_the_page() {
        assert_eq!(suggest_relative("stories/a.md", "guides/b.md", false), "../guides/b.md");
        assert_eq!(suggest_relative("stories/a.md", "stories/c.md", false), "c.md");
        assert_eq!(suggest_relative("about.md", "guides/b.md", false), "guides/b.md");
    }
}
