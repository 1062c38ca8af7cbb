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
            let mut cleaned = String::with_capacity(line.len() + 8);
            clean_into(line, &mut cleaned, Markdown::Escape);
            let line = cleaned;
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
        // The literals are escaped here, in one pass (`Literal::string` escapes char by char:
        // it took a fifth of the generation time).
        let push_line = |repr: &mut String, line: &str| {
            if !line.is_empty() {
                repr.push(' ');
                push_literal_escaped(line, repr);
            }
        };
        if per_line {
            let literals = lines.iter().map(|line| {
                let mut repr = String::with_capacity(line.len() + 4);
                repr.push('"');
                push_line(&mut repr, line);
                repr.push('"');
                string_literal(&repr, || format!(" {line}"))
            });
            quote::quote! { #( #[doc = #literals] )* }
        } else if lines.is_empty() {
            proc_macro2::TokenStream::new()
        } else {
            let length = lines.iter().map(|l| l.len() + 3).sum::<usize>() + 2;
            let mut repr = String::with_capacity(length + length / 16);
            repr.push('"');
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    repr.push_str("\\n");
                }
                push_line(&mut repr, line);
            }
            repr.push('"');
            let literal = string_literal(&repr, || {
                let lines: Vec<String> = lines.iter().map(|l| format!(" {l}")).collect();
                lines.join("\n")
            });
            quote::quote! { #[doc = #literal] }
        }
    }
}

/// Appends `text` escaped for a string literal, as `Literal::string` escapes it: runs of
/// printable ASCII are copied as they are, any other character goes through
/// `char::escape_debug` as there (with its exceptions for `'` and NUL).
fn push_literal_escaped(text: &str, repr: &mut String) {
    let plain = |b: u8| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\';
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !plain(b)) {
        // `at` is a character boundary: every byte before it is ASCII.
        let (run, tail) = rest.split_at(at);
        repr.push_str(run);
        let mut chars = tail.chars();
        match chars.next() {
            Some('\0')
                if chars
                    .as_str()
                    .starts_with(|c: char| c.is_ascii_digit() && c < '8') =>
            {
                repr.push_str("\\x00");
            }
            Some('\0') => repr.push_str("\\0"),
            Some(c) => repr.extend(c.escape_debug()),
            None => {}
        }
        rest = chars.as_str();
    }
    repr.push_str(rest);
}

/// The string literal whose source text is `repr` (made by [`push_literal_escaped`], so it
/// lexes; were it not to, the literal of `text()` is made the slow way rather than panic).
fn string_literal(repr: &str, text: impl FnOnce() -> String) -> proc_macro2::Literal {
    repr.parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(&text()))
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

/// What [`clean_into`] does with Markdown's active characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Markdown {
    Escape,
    /// Inside a code span: only backticks are replaced (by `'`).
    Code,
}

/// The line breaks of one-line texts ([`inline`], [`code`]), which become spaces.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Appends `line` to `out`, cleaned and escaped in one pass: forbidden characters become
/// U+FFFD, runs of spaces and tabs collapse to one space, the ends are trimmed, and Markdown's
/// active characters are escaped (or, in a code span, backticks replaced). Line breaks count as
/// spaces (multi-line text is split into lines first).
fn clean_into(line: &str, out: &mut String, markdown: Markdown) {
    // Printable ASCII that stays as it is: copied in runs.
    let plain = |b: u8| match b {
        b'`' => false,
        b'&' | b'<' | b'>' | b'~' | b'\\' | b'[' | b']' | b'*' | b'_' | b'#' | b'|' => {
            markdown == Markdown::Code
        }
        _ => b.is_ascii_graphic(),
    };
    let start = out.len();
    let mut space = false;
    let mut rest = line;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        let c = if run == 0 {
            // One character that is not plain (a boundary: everything before it is ASCII).
            let Some(c) = rest.chars().next() else {
                break;
            };
            rest = &rest[c.len_utf8()..];
            if c == ' ' || c == '\t' || is_line_break(c) {
                space = true;
                continue;
            }
            Some(c)
        } else {
            None
        };
        if space && out.len() > start {
            out.push(' ');
        }
        space = false;
        match (c, markdown) {
            (None, _) => {
                out.push_str(&rest[..run]);
                rest = &rest[run..];
            }
            (Some('`'), Markdown::Code) => out.push('\''),
            (Some(c), Markdown::Code) => out.push(if is_forbidden(c) { '\u{FFFD}' } else { c }),
            (Some(c), Markdown::Escape) => push_markdown_escaped(c, out),
        }
    }
}

fn push_markdown_escaped(c: char, out: &mut String) {
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

/// A one-line text from a definition (a label, a key, an address), escaped.
pub(crate) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    clean_into(text, &mut out, Markdown::Escape);
    out
}

/// A one-line text from a definition as a Markdown code span: nothing inside a code span is
/// interpreted, so only line breaks, forbidden characters and backticks are replaced.
pub(crate) fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    clean_into(text, &mut out, Markdown::Code);
    out.push('`');
    out
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

    /// The one-pass cleaning and escaping against the two passes it replaced.
    mod reference {
        use super::super::is_forbidden;

        pub fn clean(line: &str) -> String {
            let mut out = String::new();
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

        pub fn escape(text: &str) -> String {
            let mut out = String::new();
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

        pub fn one_line(text: &str) -> String {
            text.replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " ")
        }
    }

    fn same_as_reference(text: &str) {
        for line in split_lines(text) {
            let mut out = String::new();
            clean_into(line, &mut out, Markdown::Escape);
            assert_eq!(out, reference::escape(&reference::clean(line)), "{line:?}");
        }
        assert_eq!(
            inline(text),
            reference::escape(&reference::clean(&reference::one_line(text))),
            "{text:?}"
        );
        let code_span = reference::clean(&reference::one_line(text)).replace('`', "'");
        assert_eq!(code(text), format!("`{code_span}`"), "{text:?}");
    }

    fn same_literal(text: &str) {
        let mut repr = String::from('"');
        push_literal_escaped(text, &mut repr);
        repr.push('"');
        let literal = string_literal(&repr, || unreachable!("{repr} does not lex"));
        assert_eq!(
            literal.to_string(),
            proc_macro2::Literal::string(text).to_string()
        );
    }

    const TRICKY: &[&str] = &[
        "",
        "plain text, with 'quotes' and \"double quotes\"",
        "back\\slash \\n not a newline",
        "tab\there  and   spaces \t ",
        "line\nbreaks\r\nand\u{85}others\u{2028}\u{2029}\u{0B}\u{0C}",
        "nul\0 and nul\u{0}7 digit, bell\u{7}, delete\u{7F}, escape\u{1B}",
        "bidi \u{202E}override\u{2066} marks \u{200E}\u{200F}\u{061C}",
        "combining e\u{301} and \u{301} alone, zero width \u{200B}\u{FEFF}",
        "non-ASCII: é, ü, 日本語, emoji 🦀, private \u{E000}, soft hyphen \u{AD}",
        "markdown `code` ~~strike~~ [link](x) <b>html</b> & *em* _em_ # | table",
    ];

    #[test]
    fn one_pass_cleaning_is_the_two_passes() {
        for text in TRICKY {
            same_as_reference(text);
        }
    }

    #[test]
    fn literals_are_escaped_as_literal_string_escapes_them() {
        for text in TRICKY {
            same_literal(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn cleaning_matches_the_reference(text in "\\PC*|[ -~\t\n\r\u{0}-\u{1F}\u{7F}-\u{A0}\u{2028}\u{202E}]*") {
            same_as_reference(&text);
        }

        #[test]
        fn literals_match_literal_string(text in "\\PC*|\\PZ*|[\u{0}-\u{7F}\u{300}-\u{36F}\u{2000}-\u{206F}]*") {
            same_literal(&text);
        }
    }

    #[test]
    fn paragraphs_are_kept() {
        let mut doc = Doc::new();
        doc.text("one\n  two  words\n\n\nthree\n");
        assert_eq!(doc.lines, ["one", "two words", "", "three", ""]);
    }
}
