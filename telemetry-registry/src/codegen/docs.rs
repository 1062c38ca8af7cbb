//! Doc comments from definition text.
//!
//! Every text that comes from a definition file (descriptions, e-mail addresses, labels, …)
//! goes into the generated code only as the string literal of a `#[doc = "…"]` attribute, one
//! attribute per line, so it can never become code. It is also made inert for rustdoc:
//!
//! - a doc line never holds a line break (`\n`, `\r`, U+0085, U+2028, U+2029), a control
//!   character or a bidirectional-override character (rustc rejects bare CRs and bidi
//!   characters in comments): each is replaced by U+FFFD;
//! - runs of spaces and tabs collapse to one space, and each line is trimmed, so no text can
//!   open an indented code block (which rustdoc would compile and run as a doctest);
//! - Markdown's active characters `` ` ``, `~`, `\`, `[`, `]`, `<`, `>`, `&`, `*`, `_`, `#`
//!   and `|` are escaped, so no text can open a fenced code block (another doctest), a link, an
//!   HTML tag or a heading.

/// Lines of documentation: text from the definitions (escaped) and our own Markdown.
#[derive(Default)]
pub(crate) struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub(crate) fn new() -> Doc {
        Doc::default()
    }

    /// A paragraph of definition text (one doc line per source line; blank lines separate
    /// paragraphs).
    pub(crate) fn text(&mut self, text: &str) {
        let mut blank = true;
        for line in split_lines(text) {
            let line = escape(&clean(line));
            if line.is_empty() {
                if !blank {
                    self.lines.push(String::new());
                    blank = true;
                }
                continue;
            }
            self.lines.push(line);
            blank = false;
        }
        if !blank {
            self.lines.push(String::new());
        }
    }

    /// A line of our own Markdown (never definition text).
    pub(crate) fn markdown(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    /// Appends the lines of another doc.
    pub(crate) fn append(&mut self, other: &Doc) {
        self.lines.extend(other.lines.iter().cloned());
    }

    /// A blank line (a paragraph break), unless the last line is already blank.
    pub(crate) fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// The `#[doc = "…"]` attributes: one per line (`///` comments once formatted), or one for
    /// the whole doc. Each line gets a leading space, as `///` comments have.
    pub(crate) fn attrs(&self, per_line: bool) -> proc_macro2::TokenStream {
        let mut lines: &[String] = &self.lines;
        while let [rest @ .., last] = lines {
            if last.is_empty() {
                lines = rest;
            } else {
                break;
            }
        }
        let lines = lines.iter().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        });
        if per_line {
            quote::quote! { #( #[doc = #lines] )* }
        } else if lines.len() == 0 {
            proc_macro2::TokenStream::new()
        } else {
            let joined = lines.collect::<Vec<_>>().join("\n");
            quote::quote! { #[doc = #joined] }
        }
    }
}

/// Splits at every character a reader (or an editor) would take for a line break.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split([
        '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{0B}', '\u{0C}',
    ])
}

/// Characters rustc refuses in comments, or that would make a comment misleading.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Replaces forbidden characters, collapses whitespace runs and trims.
fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c == ' ' || c == '\t' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(if is_forbidden(c) { '\u{FFFD}' } else { c });
    }
    out
}

/// Escapes Markdown's active characters.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' | '~' | '\\' | '[' | ']' | '*' | '_' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c if is_forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A one-line text from a definition (a label, a key, an address), escaped.
pub(crate) fn inline(text: &str) -> String {
    escape(&clean(
        &text.replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " "),
    ))
}

/// A one-line text from a definition as a Markdown code span: nothing inside a code span is
/// interpreted, so only line breaks, forbidden characters and backticks are replaced.
pub(crate) fn code(text: &str) -> String {
    let cleaned = clean(&text.replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " "));
    format!("`{}`", cleaned.replace('`', "'"))
}

/// A list of one-line texts, comma-separated.
pub(crate) fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(inline).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_code_blocks_links_or_html() {
        let mut doc = Doc::new();
        doc.text("```\nstd::process::exit(1)\n```\n\n        indented code\n<script>x</script> [a](javascript:x)\u{202E}\r\n");
        let joined = doc.lines.join("\n");
        assert!(!joined.contains("```"));
        assert!(!joined.contains("    "));
        assert!(!joined.contains('<'));
        assert!(!joined.contains("\u{202E}"));
        assert!(!joined.contains('\r'));
        assert!(joined.contains("\\`\\`\\`"));
        assert!(joined.contains("\\[a\\](javascript:x)"));
    }

    #[test]
    fn paragraphs_are_kept() {
        let mut doc = Doc::new();
        doc.text("one\n  two  words\n\n\nthree\n");
        assert_eq!(doc.lines, ["one", "two words", "", "three", ""]);
    }
}
