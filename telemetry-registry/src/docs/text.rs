//! Descriptions as documents. A description is text, never markup: it is split into
//! paragraphs (at blank lines) and lines, escaped, and only two things become links —
//! `http://` / `https://` URLs and `bug NNNNNN` references (through the bug URL template).
//! No HTML from a definition is ever passed through, and no other URL scheme is ever linked.

use super::escape;

/// A piece of a description line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// An `http(s)` URL that passed [`escape::is_safe_http_url`].
    Url(&'a str),
    /// `bug 123456`: the text as written and the number.
    Bug(&'a str, i64),
}

/// Paragraphs (separated by blank lines), each a list of lines (trimmed, non-empty).
pub fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Splits a line into text, URLs and bug references.
pub fn segments(line: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < bytes.len() {
        let rest = &line[i..];
        let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if at_word_start
            && (starts_with_ignore_case(rest, "https://")
                || starts_with_ignore_case(rest, "http://"))
        {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
            if escape::is_safe_http_url(url) {
                if text_start < i {
                    out.push(Segment::Text(&line[text_start..i]));
                }
                out.push(Segment::Url(url));
                i += url.len();
                text_start = i;
                continue;
            }
        }
        if at_word_start && starts_with_ignore_case(rest, "bug") {
            let after = &rest[3..];
            let spaces = after.len() - after.trim_start_matches([' ', '#']).len();
            let digits = after[spaces..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let next_is_word = after[spaces + digits..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric());
            if spaces > 0
                && (1..=9).contains(&digits)
                && !next_is_word
                && let Ok(number) = after[spaces..spaces + digits].parse::<i64>()
            {
                if text_start < i {
                    out.push(Segment::Text(&line[text_start..i]));
                }
                let len = 3 + spaces + digits;
                out.push(Segment::Bug(&rest[..len], number));
                i += len;
                text_start = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if text_start < line.len() {
        out.push(Segment::Text(&line[text_start..]));
    }
    out
}

/// A description as HTML: `<p>` per paragraph, `<br>` between lines.
pub fn html(text: &str, bug_url: &dyn Fn(i64) -> String) -> String {
    let mut out = String::new();
    for paragraph in paragraphs(text) {
        out.push_str("<p>");
        for (n, line) in paragraph.iter().enumerate() {
            if n > 0 {
                out.push_str("<br>\n");
            }
            for segment in segments(line) {
                match segment {
                    Segment::Text(text) => escape::push_html(&mut out, text),
                    Segment::Url(url) => {
                        out.push_str("<a rel=\"noopener noreferrer nofollow\" href=\"");
                        escape::push_html(&mut out, url);
                        out.push_str("\">");
                        escape::push_html(&mut out, url);
                        out.push_str("</a>");
                    }
                    Segment::Bug(text, number) => {
                        out.push_str("<a href=\"");
                        escape::push_html(&mut out, &bug_url(number));
                        out.push_str("\">");
                        escape::push_html(&mut out, text);
                        out.push_str("</a>");
                    }
                }
            }
        }
        out.push_str("</p>\n");
    }
    out
}

/// A description as Markdown: paragraphs separated by a blank line, hard line breaks between
/// lines, every text escaped, URLs as `<autolinks>`.
pub fn markdown(text: &str, bug_url: &dyn Fn(i64) -> String) -> String {
    let mut out = String::new();
    for (p, paragraph) in paragraphs(text).iter().enumerate() {
        if p > 0 {
            out.push_str("\n\n");
        }
        for (n, line) in paragraph.iter().enumerate() {
            if n > 0 {
                out.push_str("\\\n");
            }
            let mut first = true;
            for segment in segments(line) {
                match segment {
                    Segment::Text(text) if first => out.push_str(&escape::markdown(text)),
                    Segment::Text(text) => {
                        out.push_str(&escape::markdown(&format!("x{text}"))[1..])
                    }
                    Segment::Url(url) => {
                        out.push('<');
                        out.push_str(url);
                        out.push('>');
                    }
                    Segment::Bug(text, number) => {
                        out.push('[');
                        out.push_str(&escape::markdown(text));
                        out.push_str("](<");
                        out.push_str(&bug_url(number));
                        out.push_str(">)");
                    }
                }
                first = false;
            }
        }
    }
    out
}

/// The first sentence (or the first 160 characters) of a description, on one line: the
/// summary in lists.
pub fn summary(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut end = flat.len();
    for (i, _) in flat.match_indices(". ") {
        if i >= 20 {
            end = i + 1;
            break;
        }
    }
    let mut cut = flat[..end].to_string();
    if cut.chars().count() > 160 {
        cut = cut.chars().take(159).collect::<String>() + "…";
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bug(n: i64) -> String {
        format!("https://bugs.example/{n}")
    }

    #[test]
    fn paragraphs_and_lines() {
        assert_eq!(
            paragraphs("a\nb\n\n\n  c  \n"),
            vec![vec!["a", "b"], vec!["c"]]
        );
        assert!(paragraphs("  \n").is_empty());
    }

    #[test]
    fn only_http_urls_and_bugs_become_links() {
        assert_eq!(
            segments("see https://example.com/a_b. and bug 1234, not javascript:alert(1)"),
            vec![
                Segment::Text("see "),
                Segment::Url("https://example.com/a_b"),
                Segment::Text(". and "),
                Segment::Bug("bug 1234", 1234),
                Segment::Text(", not javascript:alert(1)"),
            ]
        );
        assert_eq!(segments("debug 12"), vec![Segment::Text("debug 12")]);
        assert_eq!(segments("bug 12abc"), vec![Segment::Text("bug 12abc")]);
        assert_eq!(
            segments("xhttps://a.b"),
            vec![Segment::Text("xhttps://a.b")]
        );
        assert_eq!(
            segments("https://a.b/\"onclick=x"),
            vec![Segment::Url("https://a.b/"), Segment::Text("\"onclick=x")]
        );
    }

    #[test]
    fn html_is_escaped_text_with_safe_links() {
        let out = html(
            "<script>window.__pwned=1</script>\nline two https://example.com/?a=1&b=2\n\nBug 42",
            &bug,
        );
        assert_eq!(
            out,
            "<p>&lt;script&gt;window.__pwned=1&lt;/script&gt;<br>\nline two <a rel=\"noopener noreferrer nofollow\" href=\"https://example.com/?a=1&amp;b=2\">https://example.com/?a=1&amp;b=2</a></p>\n<p><a href=\"https://bugs.example/42\">Bug 42</a></p>\n"
        );
        let hostile = html(
            "[x](javascript:alert(1)) \"><img src=x onerror=alert(1)>",
            &bug,
        );
        assert!(!hostile.contains("<img"));
        assert!(!hostile.contains("href=\"javascript"));
    }

    #[test]
    fn markdown_is_escaped_text_with_autolinks() {
        assert_eq!(
            markdown("a_b <b>\n- c https://x.org/a_b\n\nbug 7", &bug),
            "a\\_b \\<b\\>\\\n\\- c <https://x.org/a_b>\n\n[bug 7](<https://bugs.example/7>)"
        );
        // Not at a line start: no list escape needed mid-line.
        assert_eq!(
            markdown("see https://x.org -1", &bug),
            "see <https://x.org> -1"
        );
    }

    #[test]
    fn summaries_are_short_single_lines() {
        assert_eq!(
            summary("Time spent in the GC (ms). More text."),
            "Time spent in the GC (ms)."
        );
        assert_eq!(summary("a\n b"), "a b");
        assert_eq!(summary(&"x".repeat(300)).chars().count(), 160);
    }
}
