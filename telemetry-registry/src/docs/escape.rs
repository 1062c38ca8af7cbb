//! Context-specific escaping. Every text that comes from a definition passes through exactly
//! one of these on its way into a page:
//!
//! | context | function |
//! |---|---|
//! | HTML text and double-quoted attribute values | [`html`] |
//! | a URL path segment or query value | [`url_component`] |
//! | a `mailto:` link | [`mailto`] |
//! | JSON inside `<script type="application/json">` | [`json_for_script`] |
//! | a JavaScript string literal (the search index file) | [`js_string`] |
//! | Markdown inline text | [`markdown`] |
//! | a file name in the output directory | [`file_stem`] |
//!
//! Bidirectional-override and other invisible control characters are shown as `[U+202E]`
//! in HTML and Markdown, so a definition cannot make a page read differently from what it
//! says; the JSON contexts keep them exactly (as `\u` escapes).

use std::fmt::Write as _;

/// Characters that change how surrounding text is displayed without being visible themselves:
/// bidi embeddings, overrides and isolates, directional marks, and C0/C1 controls other than
/// tab and newline.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{2028}' | '\u{2029}'
        | '\u{FEFF}'
        | '\u{0080}'..='\u{009F}'
    ) || (c.is_control() && c != '\n' && c != '\t')
}

fn push_visible_control(out: &mut String, c: char) {
    let _ = write!(out, "[U+{:04X}]", c as u32);
}

/// Escapes text for HTML element content and for a double-quoted attribute value.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_html(&mut out, text);
    out
}

/// [`html`], appending to `out`. Runs of characters that need nothing are copied whole.
pub fn push_html(out: &mut String, text: &str) {
    let mut clean_from = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            c if (c.is_ascii() && !c.is_ascii_control()) || !is_invisible_control(c) => continue,
            _ => "",
        };
        out.push_str(&text[clean_from..i]);
        if replacement.is_empty() {
            push_visible_control(out, c);
        } else {
            out.push_str(replacement);
        }
        clean_from = i + c.len_utf8();
    }
    out.push_str(&text[clean_from..]);
}

/// Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
/// The result is safe in any part of a URL and in an attribute.
pub fn url_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A `mailto:` URL for an address: everything but unreserved characters and `@` is
/// percent-encoded, so no address can carry a second header, a scheme or a quote.
pub fn mailto(address: &str) -> String {
    let encoded: Vec<String> = address.split('@').map(url_component).collect();
    format!("mailto:{}", encoded.join("@"))
}

/// Whether `url` is an absolute `http:` or `https:` URL with no characters that could end an
/// attribute or a Markdown link (the checks on user-supplied templates and on links found in
/// descriptions).
pub fn is_safe_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\'))
}

/// JSON text made safe inside `<script type="application/json">`: `<`, `>` and `&` become
/// `\u003c`, `\u003e`, `\u0026` (so neither `</script>` nor `<!--` can appear), and U+2028,
/// U+2029 and the other invisible controls are escaped. `JSON.parse` of the result gives back
/// the original value. `json` is compact JSON (as `serde_json::to_string` writes it).
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Only strings can hold these (JSON's syntax is ASCII), and `\u` escapes are
            // exact there: the page source shows no bidi override.
            c if is_invisible_control(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A double-quoted JavaScript string literal of `text`, in pure ASCII: quotes, backslashes,
/// controls, `<`, `>`, `&` and every non-ASCII character are `\u` escapes (surrogate pairs
/// above U+FFFF). Safe in a script file and even inside an HTML script element.
pub fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' if !matches!(c, '<' | '>' | '&' | '\'') => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

/// Escapes text for Markdown inline content (also inside a GFM table cell): every ASCII
/// punctuation character that Markdown or HTML gives a meaning is backslash-escaped, so no
/// definition text becomes a link, an image, raw HTML, emphasis or a table column. Newlines
/// become spaces; invisible controls are shown as `[U+....]`.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '!'
            | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_invisible_control(c) => push_visible_control(&mut out, c),
            c => out.push(c),
        }
    }
    // At the start of a line: "-", "+", "=" (lists, setext headings) and "1." (ordered lists).
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && out.as_bytes()[end] == b'.'
    {
        out.insert(end, '\\');
    }
    out
}

/// Text for a Markdown code span or fenced block: controls made visible, nothing else
/// changed (code is shown literally).
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible_control(c) {
            push_visible_control(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// A file name stem for a probe page. Names that are already `[A-Za-z0-9._-]+` (every name
/// Firefox accepts) are kept as they are; any other name has every other character replaced by
/// `_` and a short hash of the original appended, so two distinct names never share a page and
/// no name can leave its directory (no `/`, no `\`, no leading `..`-only name).
pub fn file_stem(name: &str) -> String {
    let plain = !name.is_empty()
        && name.len() <= 150
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !name.starts_with('.');
    if plain {
        return name.to_string();
    }
    let mut stem: String = name
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    format!("{stem}-{:08x}", short_hash(name))
}

/// FNV-1a, folded to 32 bits: stable across platforms and releases.
pub fn short_hash(text: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "<script>window.__pwned=1</script>",
        "javascript:alert(1)",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</script><script>alert(1)</script>",
        "\u{202E}gnp.exe",
        "a\u{2028}b\u{2029}c",
        "<!--",
        "&lt;script&gt;",
    ];

    #[test]
    fn html_escapes_markup_and_shows_controls() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(html("\u{202E}abc"), "[U+202E]abc");
        assert_eq!(html("a\u{0}b\u{7}"), "a[U+0000]b[U+0007]");
        assert_eq!(html("line\nbreak\ttab"), "line\nbreak\ttab");
        for text in HOSTILE {
            let escaped = html(text);
            for bad in ['<', '>', '"', '\'', '\u{202E}', '\u{2028}'] {
                assert!(!escaped.contains(bad), "{text:?} → {escaped:?}");
            }
        }
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(url_component("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
        assert_eq!(url_component("é"), "%C3%A9");
        assert_eq!(mailto("a.b@example.com"), "mailto:a.b@example.com");
        assert_eq!(
            mailto("\"><img onerror=x>@x"),
            "mailto:%22%3E%3Cimg%20onerror%3Dx%3E@x"
        );
        assert_eq!(
            mailto("a@b?cc=evil@x"),
            "mailto:a@b%3Fcc%3Devil@x",
            "no extra headers"
        );
    }

    #[test]
    fn only_plain_http_urls_are_safe() {
        assert!(is_safe_http_url(
            "https://bugzilla.mozilla.org/show_bug.cgi?id=1"
        ));
        assert!(is_safe_http_url("HTTP://example.com/"));
        assert!(!is_safe_http_url("javascript:alert(1)"));
        assert!(!is_safe_http_url(" https://example.com"));
        assert!(!is_safe_http_url("https://example.com/\"onmouseover=x"));
        assert!(!is_safe_http_url("https://"));
        assert!(!is_safe_http_url("data:text/html,<script>"));
        assert!(!is_safe_http_url("https://exa mple.com"));
    }

    #[test]
    fn json_in_script_cannot_close_the_element() {
        let json = serde_json::to_string(&HOSTILE).unwrap();
        let safe = json_for_script(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}') && !safe.contains('\u{202E}'));
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, HOSTILE);
    }

    #[test]
    fn js_strings_are_ascii_and_round_trip() {
        for text in HOSTILE.iter().copied().chain(["😀 \\ \" \n", ""]) {
            let literal = js_string(text);
            assert!(literal.is_ascii());
            assert!(!literal[1..literal.len() - 1].contains('"') || literal.contains("\\\""));
            for bad in ['<', '>', '\n', '\u{2028}'] {
                assert!(!literal.contains(bad), "{literal}");
            }
            // A JS string literal of this form is also a JSON string.
            let back: String = serde_json::from_str(&literal).unwrap();
            assert_eq!(back, text);
        }
    }

    #[test]
    fn markdown_text_cannot_make_links_or_html() {
        assert_eq!(markdown("[x](javascript:y)"), "\\[x\\]\\(javascript:y\\)");
        assert_eq!(markdown("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("1. first"), "1\\. first");
        assert_eq!(markdown("# title\nnext"), "\\# title next");
        assert_eq!(markdown("GC_MS"), "GC\\_MS");
        assert_eq!(markdown("\u{202E}x"), "[U+202E]x");
        for text in HOSTILE {
            let escaped = markdown(text);
            let unescaped_lt = escaped
                .char_indices()
                .any(|(i, c)| c == '<' && !escaped[..i].ends_with('\\'));
            assert!(!unescaped_lt, "{escaped}");
        }
    }

    #[test]
    fn file_stems_stay_inside_their_directory() {
        assert_eq!(file_stem("GC_MS"), "GC_MS");
        assert_eq!(
            file_stem("browser.engagement.max_tabs"),
            "browser.engagement.max_tabs"
        );
        for hostile in [
            "../../etc/passwd",
            "..",
            ".",
            "",
            "a/b",
            "a\\b",
            "<script>",
            "\u{202E}x",
            "CON",
        ] {
            let stem = file_stem(hostile);
            assert!(!stem.contains('/') && !stem.contains('\\'), "{stem}");
            assert!(!stem.starts_with('.'), "{stem}");
            assert!(
                stem.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-_".contains(&b))
            );
            assert!(!stem.is_empty());
        }
        assert_ne!(file_stem("a<b"), file_stem("a>b"));
        assert_eq!(file_stem("a<b"), file_stem("a<b"));
    }
}
