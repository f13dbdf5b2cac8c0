//! Stylesheets: every URL a stylesheet would fetch, read with `cssparser` (Servo's CSS
//! tokenizer), so escapes (`url(\68ttps://…)`), comments and strings are read exactly as a
//! browser reads them.
//!
//! A stylesheet fetches through `url(…)` (and `src(…)`), `@import "…"` and the strings of
//! `image-set(…)`/`-webkit-image-set(…)`. Other strings (`content: "…"`, `@namespace "…"`)
//! load nothing.

use cssparser::{ParseError, Parser, Token};

use super::{Kind, RemoteLoad, is_remote};

/// How deep blocks may nest before the stylesheet is reported as unreadable (rather than
/// read with unbounded recursion; `cssparser` itself stops reading at 75).
const MAX_DEPTH: usize = 64;

/// Every URL in `css` (a stylesheet, the text of a `<style>` element or a `style` attribute)
/// that points at another website, with the byte offset of the URL in `css`.
pub(crate) fn remote_loads_in_css(css: &str) -> Vec<RemoteLoad> {
    let mut out = Vec::new();
    // Most style attributes and many stylesheets have no URL at all.
    let b = css.as_bytes();
    if !b.contains(&b'(') && !b.contains(&b'@') {
        return out;
    }
    let mut parser = Parser::new(css);
    walk(&mut parser, css, None, 0, &mut out);
    out
}

/// Reads the tokens of one block. `inside` is the kind of URL a string stands for here
/// (inside `url("…")`, `image-set("…")`), if any.
fn walk(p: &mut Parser<'_>, css: &str, inside: Option<Kind>, depth: usize, out: &mut Vec<RemoteLoad>) {
    let mut import = false;
    // `@namespace url(…)` names a namespace: it loads nothing.
    let mut namespace = false;
    loop {
        let start = p.position().byte_index();
        let token = match p.next_including_whitespace_and_comments() {
            Ok(t) => t.clone(),
            Err(_) => break,
        };
        // Offsets are into `css` only for the top-level parser; nested parsers share the input.
        let here = |url: &str, offset: usize, kind: Kind, out: &mut Vec<RemoteLoad>| {
            if is_remote(url) {
                out.push(RemoteLoad {
                    offset,
                    kind,
                    url: url.trim_matches(|c: char| c <= ' ').to_owned(),
                });
            }
        };
        match &token {
            Token::UnquotedUrl(_) | Token::Function(_) if namespace => {}
            Token::UnquotedUrl(url) => {
                // `url(` then spaces, then the URL.
                let raw = &css[start..];
                let open = raw.find('(').map_or(0, |i| i + 1);
                let lead = raw[open..].len() - raw[open..].trim_start().len();
                let kind = if import { Kind::CssImport } else { Kind::CssUrl };
                here(url, start + open + lead, kind, out);
            }
            Token::QuotedString(s) => {
                if let Some(kind) = inside.clone().or(import.then_some(Kind::CssImport)) {
                    here(s, start + 1, kind, out);
                }
            }
            Token::AtKeyword(name) => {
                import = name.eq_ignore_ascii_case("import");
                namespace = name.eq_ignore_ascii_case("namespace");
            }
            Token::Semicolon => (import, namespace) = (false, false),
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                let nested = match &token {
                    Token::Function(name) => {
                        let name = name.to_ascii_lowercase();
                        if name == "url" || name == "src" || name == "image" {
                            Some(if import { Kind::CssImport } else { Kind::CssUrl })
                        } else if name.ends_with("image-set") {
                            Some(Kind::CssImageSet)
                        } else {
                            None
                        }
                    }
                    Token::CurlyBracketBlock => {
                        (import, namespace) = (false, false);
                        None
                    }
                    _ => inside.clone(),
                };
                if depth >= MAX_DEPTH {
                    out.push(RemoteLoad {
                        offset: start,
                        kind: Kind::Unreadable,
                        url: format!("CSS blocks nested more than {MAX_DEPTH} deep"),
                    });
                    return;
                }
                let _ = p.parse_nested_block(|p| {
                    walk(p, css, nested, depth + 1, out);
                    Ok::<(), ParseError<()>>(())
                });
            }
            _ => {}
        }
    }
}
