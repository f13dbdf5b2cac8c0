//! Saving the form: the front-matter keys the form manages are replaced, and everything else
//! (other keys, their comments, the body) is kept as it was written.

use serde_json::Value;

/// Splits `source` into its front matter (without the `---` lines) and body. `None` when the
/// file has no YAML front matter.
pub(crate) fn split(source: &str) -> Option<(&str, &str)> {
    let rest = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..at], &rest[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// One top-level entry: its key (none for comments and blank lines) and its lines.
struct Entry<'a> {
    key: Option<&'a str>,
    lines: Vec<&'a str>,
}

fn key_of(line: &str, indent: usize) -> Option<&str> {
    let rest = line.get(indent..)?;
    if line[..indent].chars().any(|c| c != ' ') || rest.starts_with([' ', '#', '-']) {
        return None;
    }
    let (k, _) = rest.split_once(':')?;
    (!k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')).then_some(k)
}

fn entries(front: &str, indent: usize) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for line in front.split_inclusive('\n') {
        if let Some(k) = key_of(line, indent) {
            out.push(Entry {
                key: Some(k),
                lines: vec![line],
            });
        } else if let Some(last) = out.last_mut().filter(|e| e.key.is_some() && deeper(line, indent)) {
            last.lines.push(line);
        } else {
            out.push(Entry {
                key: None,
                lines: vec![line],
            });
        }
    }
    out
}

fn deeper(line: &str, indent: usize) -> bool {
    let t = line.trim_start_matches(' ');
    t.trim().is_empty() || line.len() - t.len() > indent || (indent == 0 && t.starts_with('-'))
}

/// A scalar as YAML: dates and booleans bare, everything else double-quoted.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) if crate::util::dates::parse_date(s).is_some() && s.len() == 10 => s.clone(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => "\"\"".into(),
    }
}

/// `key: value` lines at `indent`.
fn render(key: &str, v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match v {
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            let list: Vec<String> = items.iter().map(scalar).collect();
            format!("{pad}{key}: [{}]\n", list.join(", "))
        }
        Value::Array(items) => {
            let mut out = format!("{pad}{key}:\n");
            for item in items {
                let Value::Object(map) = item else { continue };
                let mut first = true;
                for (k, v) in map.iter().filter(|(_, v)| !is_empty(v)) {
                    let line = render(k, v, indent + 4);
                    let line = if first {
                        format!("{pad}  - {}", &line[indent + 4..])
                    } else {
                        line
                    };
                    first = false;
                    out.push_str(&line);
                }
            }
            out
        }
        Value::Object(map) => {
            let mut out = format!("{pad}{key}:\n");
            for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                out.push_str(&render(k, v, indent + 2));
            }
            out
        }
        other => format!("{pad}{key}: {}\n", scalar(other)),
    }
}

fn is_empty(v: &Value) -> bool {
    v.is_null() || v.as_str().is_some_and(str::is_empty)
}

/// The front matter with each key of `fields` replaced (null: removed). A replaced key stays
/// where it was; a new one goes at the end. In an object value (such as `consent`), the
/// sub-keys the form does not send are kept.
pub(crate) fn merge(front: &str, fields: &serde_json::Map<String, Value>) -> String {
    let mut out = String::new();
    let mut done = Vec::new();
    for e in entries(front, 0) {
        let Some(key) = e.key else {
            out.extend(e.lines);
            continue;
        };
        let Some(v) = fields.get(key) else {
            out.extend(e.lines);
            continue;
        };
        done.push(key.to_owned());
        match v {
            Value::Null => {}
            Value::Object(map) => out.push_str(&merge_object(key, &e.lines, map)),
            v => out.push_str(&render(key, v, 0)),
        }
    }
    for (key, v) in fields {
        if !done.contains(key) && !v.is_null() {
            out.push_str(&render(key, v, 0));
        }
    }
    out
}

/// A nested block (`consent:`) with the form's sub-keys replaced and the others kept.
fn merge_object(key: &str, old: &[&str], map: &serde_json::Map<String, Value>) -> String {
    let inner: String = old[1..].concat();
    let mut out = format!("{key}:\n");
    let mut done = Vec::new();
    for e in entries(&inner, 2) {
        match e.key.and_then(|k| map.get(k).map(|v| (k, v))) {
            Some((k, v)) => {
                done.push(k);
                if !v.is_null() {
                    out.push_str(&render(k, v, 2));
                }
            }
            None => out.extend(e.lines),
        }
    }
    for (k, v) in map {
        if !done.contains(&k.as_str()) && !v.is_null() {
            out.push_str(&render(k, v, 2));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{merge, split};
    use serde_json::json;

    #[test]
    fn keeps_unknown_keys_comments_and_sub_keys() {
        let src = "---\n# note\ntitle: Old\nweight: 3\nconsent:\n  date: 2026-01-01\n  withdrawn: false\n  scope: [web]\ntags: [a]\n---\nBody\n";
        let (front, body) = split(src).unwrap();
        assert_eq!(body, "Body\n");
        let fields = json!({"title": "New \"one\"", "tags": ["x", "y"], "consent": {"date": "2026-02-02", "scope": ["web", "print"], "expires": null}, "summary": "S"});
        let out = merge(front, fields.as_object().unwrap());
        assert_eq!(
            out,
            "# note\ntitle: \"New \\\"one\\\"\"\nweight: 3\nconsent:\n  date: 2026-02-02\n  withdrawn: false\n  scope: [\"web\", \"print\"]\ntags: [\"x\", \"y\"]\nsummary: \"S\"\n"
        );
    }

    #[test]
    fn contacts_are_a_block_list() {
        let fields = json!({"contacts": [{"name": "Line", "phone": "988"}]});
        let out = merge("contacts: []\n", fields.as_object().unwrap());
        assert_eq!(out, "contacts:\n  - name: \"Line\"\n    phone: \"988\"\n");
    }
}
