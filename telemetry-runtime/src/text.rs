//! String limits measured the way Firefox measures them.

/// Whether `s` is longer than `max` UTF-16 code units.
pub(crate) fn utf16_longer_than(s: &str, max: usize) -> bool {
    // Each byte is at most one code unit, so short strings need no counting.
    if s.len() <= max {
        return false;
    }
    let mut units = 0usize;
    for c in s.chars() {
        units += c.len_utf16();
        if units > max {
            return true;
        }
    }
    false
}

/// The longest prefix of `s` of at most `max` UTF-16 code units that does not split a
/// surrogate pair (Firefox may split one; we never do).
pub fn truncate_utf16(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut units = 0usize;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// The longest prefix of `s` of at most `max` UTF-8 bytes, cut at a code-point boundary.
pub fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        let s = "a😀b"; // 1 + 2 + 1 units
        assert!(!utf16_longer_than(s, 4));
        assert!(utf16_longer_than(s, 3));
        assert_eq!(truncate_utf16(s, 2), "a");
        assert_eq!(truncate_utf16(s, 3), "a😀");
        assert_eq!(truncate_utf16("é".repeat(60).as_str(), 50), "é".repeat(50));
    }

    #[test]
    fn utf8_cuts_at_char_boundaries() {
        assert_eq!(truncate_utf8("aé", 2), "a");
        assert_eq!(truncate_utf8("aé", 3), "aé");
        assert_eq!(truncate_utf8("😀😀", 5), "😀");
        assert_eq!(truncate_utf8("", 0), "");
    }
}
