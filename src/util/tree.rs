//! YAML and TOML (front matter, the configuration file) as a format-independent tree of keys
//! and values, each with its byte span in the text, so every problem can be reported at its own
//! line and column.
//!
//! YAML is read through serde-saphyr's `Spanned` (which carries each node's byte offset and
//! length); TOML through `toml::de::DeTable`, whose keys and values are `Spanned` already.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One value with its place in the front-matter text (byte offsets, relative to the text
/// between the fences).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Byte offset where the value starts.
    pub(crate) start: usize,
    /// Byte offset just after the value.
    pub(crate) end: usize,
    /// The value.
    pub(crate) value: Value,
}

/// A value of either language.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// YAML `null`/`~`/nothing.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text.
    Str(String),
    /// A TOML date or date-time, as written.
    Date(String),
    /// A list.
    List(Vec<Node>),
    /// A table: keys in the order written.
    Map(Vec<Entry>),
}

/// A key and its value.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The key.
    pub(crate) key: String,
    /// Byte offset where the key starts.
    pub(crate) key_start: usize,
    /// The value.
    pub(crate) value: Node,
}

impl Value {
    /// The kind of value in plain words, for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Value::Null => "nothing".into(),
            Value::Bool(b) => format!("`{b}`"),
            Value::Int(i) => format!("the number {i}"),
            Value::Float(f) => format!("the number {f}"),
            Value::Str(s) => format!("the text \"{s}\""),
            Value::Date(d) => format!("the date-time {d}"),
            Value::List(_) => "a list".into(),
            Value::Map(_) => "a group of fields".into(),
        }
    }
}

impl Node {
    /// The deepest key (or list item) of `path` that is written (`["crisis", "guide"]`; a
    /// number picks an item of a list), as the byte offset where it starts and the value under
    /// it; `None` when not even the first is.
    pub(crate) fn find(&self, path: &[&str]) -> Option<(usize, &Node)> {
        let mut node = self;
        let mut found = None;
        for seg in path {
            let next = match &node.value {
                Value::Map(entries) => entries.iter().find(|e| e.key == *seg).map(|e| (e.key_start, &e.value)),
                Value::List(items) => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|item| (item.start, item)),
                _ => None,
            };
            let Some((start, n)) = next else { break };
            found = Some((start, n));
            node = n;
        }
        found
    }

    /// The byte offset of the key at `path`, or of the deepest part of it that is written.
    pub(crate) fn offset_of(&self, path: &[&str]) -> Option<usize> {
        self.find(path).map(|(start, _)| start)
    }

    /// Free-form values (`extra`) as JSON for templates.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) | Value::Date(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(entries.iter().map(|e| (e.key.clone(), e.value.to_json())).collect()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// YAML

/// A YAML value deserialized with `deserialize_any`, its children spanned.
struct Yaml(Value);

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

fn node(s: Spanned<Yaml>) -> Node {
    let span = s.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let end = start + span.byte_len().unwrap_or(0) as usize;
    Node {
        start,
        end,
        value: s.value.0,
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Yaml, E> {
        Ok(Yaml(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yaml, E> {
        Ok(Yaml(Value::Int(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yaml, E> {
        Ok(Yaml(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Yaml, E> {
        Ok(Yaml(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Yaml, E> {
        Ok(Yaml(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yaml, E> {
        Ok(Yaml(Value::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Yaml, E> {
        Ok(Yaml(Value::Str(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Yaml, E> {
        Ok(Yaml(Value::Str(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element::<Spanned<Yaml>>()? {
            items.push(node(item));
        }
        Ok(Yaml(Value::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(key) = map.next_key::<Spanned<Yaml>>()? {
            let key = node(key);
            let value = node(map.next_value::<Spanned<Yaml>>()?);
            let name = match key.value {
                Value::Str(s) | Value::Date(s) => s,
                Value::Null => String::new(),
                Value::Bool(b) => b.to_string(),
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::List(_) | Value::Map(_) => "(a list or group used as a key)".into(),
            };
            entries.push(Entry {
                key: name,
                key_start: key.start,
                value,
            });
        }
        Ok(Yaml(Value::Map(entries)))
    }
}

/// Parses YAML front matter into a tree. Errors are serde-saphyr's, as before.
///
/// Ordinary front matter (no anchors, aliases, tags or merge keys, and no number written in an
/// unusual form) is read straight from the parser's events, which is several times faster than
/// going through serde; anything else, and every syntax error, goes through serde-saphyr.
pub(crate) fn parse_yaml(front: &str) -> Result<Node, serde_saphyr::Error> {
    if let Some(n) = fast_yaml(front) {
        return Ok(n);
    }
    serde_saphyr::from_str::<Spanned<Yaml>>(front).map(node)
}

type YamlEvent<'a> = (granit_parser::Event<'a>, granit_parser::Span);

fn fast_yaml(front: &str) -> Option<Node> {
    use granit_parser::Event;
    let mut events = granit_parser::Parser::new_from_str(front);
    let mut next = move || -> Option<YamlEvent<'_>> { events.next()?.ok() };
    let mut first = next()?;
    while matches!(first.0, Event::StreamStart | Event::DocumentStart(..)) {
        first = next()?;
    }
    let root = fast_node(first, &mut next, 0)?;
    loop {
        match next()?.0 {
            Event::DocumentEnd => {}
            Event::StreamEnd => return Some(root),
            _ => return None,
        }
    }
}

fn fast_node<'a>(
    (event, span): YamlEvent<'a>,
    next: &mut impl FnMut() -> Option<YamlEvent<'a>>,
    depth: usize,
) -> Option<Node> {
    use granit_parser::{Event, ScalarStyle};
    if depth > 64 {
        return None;
    }
    let start = span.start.byte_offset()?;
    let (value, end) = match event {
        Event::Scalar(text, style, 0, None) => {
            let value = match style {
                ScalarStyle::Plain => plain_scalar(&text)?,
                _ => Value::Str(text.into_owned()),
            };
            (value, span.end.byte_offset()?)
        }
        Event::SequenceStart(_, 0, None) => {
            let mut items = Vec::new();
            loop {
                let ev = next()?;
                if let Event::SequenceEnd = ev.0 {
                    break (Value::List(items), ev.1.end.byte_offset()?);
                }
                items.push(fast_node(ev, next, depth + 1)?);
            }
        }
        Event::MappingStart(_, 0, None) => {
            let mut entries = Vec::new();
            loop {
                let ev = next()?;
                if let Event::MappingEnd = ev.0 {
                    break (Value::Map(entries), ev.1.end.byte_offset()?);
                }
                let key = fast_node(ev, next, depth + 1)?;
                let name = match key.value {
                    Value::Str(s) if s != "<<" => s,
                    _ => return None,
                };
                let value = fast_node(next()?, next, depth + 1)?;
                entries.push(Entry {
                    key: name,
                    key_start: key.start,
                    value,
                });
            }
        }
        _ => return None,
    };
    Some(Node { start, end, value })
}

/// A plain scalar's value under YAML 1.2's core schema; `None` for numbers written in forms
/// this fast path leaves to serde-saphyr (hexadecimal, octal, `.inf`, very large).
fn plain_scalar(text: &str) -> Option<Value> {
    let t = text.trim();
    Some(match t {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
            let first = digits.bytes().next().unwrap_or(b'x');
            if first.is_ascii_digit() || first == b'.' {
                if digits.bytes().all(|b| b.is_ascii_digit()) {
                    // `007`: serde-saphyr's reading of leading zeros is left to it.
                    if digits.len() > 1 && digits.starts_with('0') {
                        return None;
                    }
                    Value::Int(t.parse().ok()?)
                } else if digits.bytes().all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b))
                    && digits.bytes().any(|b| b.is_ascii_digit())
                    && digits.bytes().filter(|b| *b == b'.').count() <= 1
                    && digits.bytes().all(|b| b != b'_')
                {
                    match t.parse::<f64>() {
                        Ok(f) => Value::Float(f),
                        // `2026-03-14`, `1-800-662-4357`: text.
                        Err(_) if !digits.contains(['e', 'E']) => Value::Str(t.to_owned()),
                        Err(_) => return None,
                    }
                } else if digits.starts_with("0x") || digits.starts_with("0o") || digits.starts_with(".") {
                    return None;
                } else {
                    Value::Str(t.to_owned())
                }
            } else {
                Value::Str(t.to_owned())
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------
// TOML

/// Parses TOML front matter into a tree. Errors are toml's, as before.
pub(crate) fn parse_toml(front: &str) -> Result<Node, toml::de::Error> {
    let table = toml::de::DeTable::parse(front)?;
    let span = table.span();
    Ok(Node {
        start: span.start,
        end: span.end,
        value: toml_table(table.into_inner()),
    })
}

fn toml_table(table: toml::de::DeTable<'_>) -> Value {
    let mut entries: Vec<Entry> = table
        .into_iter()
        .map(|(k, v)| Entry {
            key_start: k.span().start,
            key: k.into_inner().into_owned(),
            value: toml_node(v),
        })
        .collect();
    entries.sort_by_key(|e| e.key_start);
    Value::Map(entries)
}

fn toml_node(v: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let span = v.span();
    let value = match v.into_inner() {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => {
            let text = i.as_str().replace('_', "");
            let digits = text.trim_start_matches(['+', '-']);
            let digits = digits
                .strip_prefix("0x")
                .or_else(|| digits.strip_prefix("0o"))
                .or_else(|| digits.strip_prefix("0b"))
                .unwrap_or(digits);
            match i64::from_str_radix(digits, i.radix()) {
                Ok(n) if text.starts_with('-') => Value::Int(-n),
                Ok(n) => Value::Int(n),
                Err(_) => Value::Str(text),
            }
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Date(d.to_string()),
        DeValue::Array(a) => Value::List(a.into_iter().map(toml_node).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node {
        start: span.start,
        end: span.end,
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(n: &Node, out: &mut Vec<String>) {
        match &n.value {
            Value::List(items) => {
                out.push(format!("list@{}", n.start));
                items.iter().for_each(|i| flat(i, out));
            }
            Value::Map(entries) => {
                for e in entries {
                    out.push(format!("{}@{}", e.key, e.key_start));
                    flat(&e.value, out);
                }
            }
            v => out.push(format!("{v:?}@{}..{}", n.start, n.end)),
        }
    }

    #[test]
    fn the_fast_yaml_path_reads_what_serde_saphyr_reads() {
        let front = "title: \"A story\"\ndate: 2026-03-01\nweight: -3\nratio: 1.5\ndraft: false\nnothing:\ntags: [a, 'b c']\nconsent:\n  scope:\n    - web\n    - print\n  record_id: F-7\ncontacts:\n  - name: Line\n    phone: 1-800-662-4357\nsummary: >\n  folded\n  text\n";
        let fast = fast_yaml(front).expect("ordinary front matter takes the fast path");
        let slow = serde_saphyr::from_str::<Spanned<Yaml>>(front).map(node).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        flat(&fast, &mut a);
        flat(&slow, &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn unusual_yaml_takes_the_serde_path() {
        assert!(fast_yaml("a: &x 1\nb: *x\n").is_none());
        assert!(fast_yaml("n: 0x1F\n").is_none());
        assert!(fast_yaml("n: 007\n").is_none());
        assert!(fast_yaml("a: [unclosed\n").is_none());
        assert!(parse_yaml("a: &x 1\nb: *x\n").is_ok());
    }
}
