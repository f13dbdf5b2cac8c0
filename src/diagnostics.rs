//! Diagnostics: every problem a user can cause, with `file:line:col`, plain words and a hint.
//!
//! Stages never stop at the first problem: they push into a [`Diagnostics`] collector and the
//! build reports everything at once.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails and the previous output is kept.
    Error,
    /// The build succeeds, but something needs a look.
    Warning,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: Option<PathBuf>,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub col: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The text of the line, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A new error without a location.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    /// A new warning without a location.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// The same diagnostic as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets line and column (both 1-based).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Sets line, column and the snippet from the file's full text.
    pub fn at_in(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self.snippet = text_lines(source).nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// Locates the diagnostic at a byte offset in the file's full text.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at_in(source, line, col)
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as far as known.
    pub fn location(&self) -> String {
        let mut s = match &self.file {
            Some(f) => f.display().to_string(),
            None => String::new(),
        };
        if self.line > 0 {
            s.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                s.push_str(&format!(":{}", self.col));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self.location();
        if loc.is_empty() {
            writeln!(f, "{label}: {}", self.message)?;
        } else {
            writeln!(f, "{label}: {loc}: {}", self.message)?;
        }
        if let Some(snippet) = &self.snippet {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            let frame = Frame::new(snippet, self.col);
            writeln!(f, " {n} | {}", frame.text)?;
            if let Some(caret) = frame.caret {
                writeln!(f, " {pad} | {}^", " ".repeat(caret))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The widest line a code frame shows, in terminal columns, `…` marks included.
const FRAME_WIDTH: usize = 100;
/// Tab stops in a code frame.
const TAB_WIDTH: usize = 4;

/// A source line as a code frame shows it: tabs expanded, control characters made visible, cut
/// to [`FRAME_WIDTH`] columns around the caret, and the caret's column under it.
#[derive(Debug, PartialEq, Eq)]
struct Frame {
    /// The line as printed, with `…` on a cut side.
    text: String,
    /// Terminal columns before the caret, when the column is known.
    caret: Option<usize>,
}

/// One user-perceived character of a line (a grapheme cluster: a letter with its combining
/// marks, an emoji sequence), never split.
struct Cell<'a> {
    /// What is printed for it.
    text: std::borrow::Cow<'a, str>,
    /// Terminal column where it starts.
    x: usize,
    /// Terminal columns it takes.
    width: usize,
}

impl Frame {
    /// The frame of `line` with the caret at 1-based character column `col` (0: no caret).
    fn new(line: &str, col: usize) -> Frame {
        let mut cells = Vec::new();
        let (mut x, mut chars) = (0, 0);
        // Terminal column of the caret: the start of the cell holding character `col - 1`.
        let mut caret = None;
        for g in line.graphemes(true) {
            let n = g.chars().count();
            if col > 0 && caret.is_none() && col - 1 < chars + n {
                caret = Some(x);
            }
            chars += n;
            let (text, width) = if g == "\t" {
                let w = TAB_WIDTH - x % TAB_WIDTH;
                (" ".repeat(w).into(), w)
            } else if g.chars().any(char::is_control) {
                // A control character alone (the segmentation keeps them apart): shown as `�`
                // so it neither moves the terminal's cursor nor hides the caret's place.
                ("\u{FFFD}".into(), 1)
            } else {
                (g.into(), g.width())
            };
            cells.push(Cell { text, x, width });
            x += width;
        }
        let total = x;
        // Past the end of the line: the caret goes just after it.
        let caret = (col > 0).then(|| caret.unwrap_or(total));

        if total <= FRAME_WIDTH {
            return Frame {
                text: cells.iter().map(|c| &*c.text).collect(),
                caret,
            };
        }
        // Columns [from, to) of the line are shown, centred on the caret where the line allows.
        let half = (FRAME_WIDTH - 2) / 2;
        let start = caret.unwrap_or(0).saturating_sub(half);
        let (from, to, left, right) = if start == 0 {
            (0, FRAME_WIDTH - 1, false, true)
        } else if start + FRAME_WIDTH > total {
            (total - (FRAME_WIDTH - 1), total, true, false)
        } else {
            (start, start + FRAME_WIDTH - 2, true, true)
        };
        let shown: Vec<&Cell<'_>> = cells.iter().filter(|c| c.x >= from && c.x + c.width <= to).collect();
        let first_x = shown.first().map_or(from, |c| c.x);
        let mut text = String::new();
        if left {
            text.push('…');
        }
        text.extend(shown.iter().map(|c| &*c.text));
        if right {
            text.push('…');
        }
        Frame {
            text,
            caret: caret.map(|c| usize::from(left) + c.saturating_sub(first_x)),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut start = offset;
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let before = &source[..start];
    let bytes = source.as_bytes();
    // A line ends at a line feed, or at a carriage return not followed by one (old Mac files):
    // lines as editors, CommonMark and YAML count them.
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in before.bytes().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The lines of `source` as [`line_col`] counts them, without their line endings.
pub fn text_lines(source: &str) -> impl Iterator<Item = &str> {
    source
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// Collects diagnostics from many threads.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&self, d: Diagnostic) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    /// Adds many.
    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).extend(ds);
    }

    /// True when any error was collected.
    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(Diagnostic::is_error)
    }

    /// All diagnostics, sorted by file, line and column so output is stable.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.col, &a.message).cmp(&(b.severity, &b.file, b.line, b.col, &b.message))
        });
        v.dedup();
        v
    }
}

/// A path shown relative to `root` when it lies inside it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_in_editors() {
        let s = "a\rb\r\nc\nd";
        assert_eq!(line_col(s, 2), (2, 1));
        assert_eq!(line_col(s, 5), (3, 1));
        assert_eq!(line_col(s, 4), (2, 3), "the line feed of a \\r\\n is on its line");
        assert_eq!(text_lines(s).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        let d = Diagnostic::error("x").at_offset(s, 5);
        assert_eq!(d.snippet.as_deref(), Some("c"));
    }

    #[test]
    fn line_and_column_from_offset() {
        let s = "ab\ncdé\nf";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 7), (2, 4));
        assert_eq!(line_col(s, 8), (3, 1));
    }

    #[test]
    fn display_shows_location_snippet_caret_and_hint() {
        let d = Diagnostic::error("unknown content note \"overdoze\"")
            .in_file("content/stories/a.md")
            .at_in("---\ncontent_notes: [overdoze]\n", 2, 17)
            .hint("did you mean \"overdose\"?");
        let text = d.to_string();
        assert!(text.starts_with("error: content/stories/a.md:2:17: unknown content note"));
        assert!(text.contains(" 2 | content_notes: [overdoze]"));
        assert!(text.contains("   |                 ^"));
        assert!(text.contains("hint: did you mean"));
    }

    /// The printed code frame (line and caret) of a diagnostic at `col` of the one-line `source`.
    fn frame_of(source: &str, col: usize) -> String {
        let text = Diagnostic::error("x").at_in(source, 1, col).to_string();
        text.strip_prefix("error: :1:")
            .and_then(|t| t.split_once('\n'))
            .map(|(_, frame)| frame.to_owned())
            .unwrap_or(text)
    }

    /// The caret line with `n` columns before the caret.
    fn caret(n: usize) -> String {
        format!("   | {}^\n", " ".repeat(n))
    }

    /// 300 characters: `0123456789` thirty times.
    fn long_line() -> String {
        "0123456789".repeat(30)
    }

    #[test]
    fn short_lines_are_shown_whole() {
        assert_eq!(frame_of("tags: [Famly]", 8), " 1 | tags: [Famly]\n   |        ^\n");
        assert_eq!(frame_of("tags: [Famly]", 0), " 1 | tags: [Famly]\n");
        // Past the end of the line: the caret just after it.
        assert_eq!(frame_of("tags: [", 8), " 1 | tags: [\n   |        ^\n");
        let exactly = "x".repeat(FRAME_WIDTH);
        assert_eq!(frame_of(&exactly, 100), format!(" 1 | {exactly}\n{}", caret(99)));
    }

    #[test]
    fn long_line_with_the_column_near_the_start_is_cut_on_the_right() {
        let line = long_line();
        let frame = frame_of(&line, 10);
        assert_eq!(frame, format!(" 1 | {}…\n{}", &line[..99], caret(9)));
        assert_eq!(
            frame.lines().next().unwrap(),
            " 1 | 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678…"
        );
    }

    #[test]
    fn long_line_with_the_column_in_the_middle_is_cut_on_both_sides() {
        let line = long_line();
        // Column 150 is the `9` at index 149; 49 characters before it are shown, 48 after.
        assert_eq!(
            frame_of(&line, 150),
            format!(" 1 | …{}…\n{}", &line[100..198], caret(50))
        );
        assert_eq!(
            frame_of(&line, 150),
            format!(
                " 1 | …01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567…\n{}",
                caret(50)
            )
        );
    }

    #[test]
    fn long_line_with_the_column_near_the_end_is_cut_on_the_left() {
        let line = long_line();
        assert_eq!(frame_of(&line, 295), format!(" 1 | …{}\n{}", &line[201..], caret(94)));
        // The caret past the end of a long line stays in view.
        assert_eq!(frame_of(&line, 301), format!(" 1 | …{}\n{}", &line[201..], caret(100)));
    }

    #[test]
    fn caret_counts_terminal_columns_of_wide_characters_and_emoji() {
        // Eight CJK characters (two columns each), an emoji, then the tag at character 19.
        let line = "標題：家族の物語 🙂 tags: [Famly]";
        assert_eq!(
            frame_of(line, 19),
            format!(" 1 | 標題：家族の物語 🙂 tags: [Famly]\n{}", caret(27))
        );
        // A family emoji is five characters joined into one two-column picture.
        let line = "👨\u{200d}👩\u{200d}👧 [Famly]";
        assert_eq!(frame_of(line, 8), format!(" 1 | {line}\n{}", caret(4)));
    }

    #[test]
    fn caret_ignores_combining_marks() {
        // `é` written as `e` and a combining acute accent: two characters, one column.
        let line = "Cafe\u{301} cre\u{300}me [Famly]";
        assert_eq!(frame_of(line, 15), format!(" 1 | {line}\n{}", caret(12)));
        // A column pointing at the mark itself points at its letter.
        assert_eq!(frame_of(line, 5), format!(" 1 | {line}\n{}", caret(3)));
    }

    #[test]
    fn tabs_are_expanded_so_the_caret_lines_up() {
        // The first tab fills four columns, the second reaches the next stop at column 12.
        assert_eq!(
            frame_of("\tTitle:\tFamly", 9),
            format!(" 1 |     Title:  Famly\n{}", caret(12))
        );
    }

    #[test]
    fn control_characters_are_shown_as_a_replacement() {
        assert_eq!(frame_of("a\u{1b}[2Jb", 6), format!(" 1 | a\u{FFFD}[2Jb\n{}", caret(5)));
    }

    #[test]
    fn long_line_of_wide_characters_is_never_cut_inside_one() {
        // 200 two-column characters; the caret on the 100th (terminal column 198).
        let line = "家".repeat(200);
        let frame = frame_of(&line, 100);
        assert_eq!(frame, format!(" 1 | …{}…\n{}", "家".repeat(48), caret(49)));
        let shown = frame.lines().next().unwrap();
        assert_eq!(shown.width(), " 1 | ".len() + 98, "{shown}");
    }
}
