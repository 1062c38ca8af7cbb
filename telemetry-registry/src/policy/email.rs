//! E-mail address syntax: the `addr-spec` of RFC 5322 §3.4.1 in its dot-atom form, with the
//! length limits of RFC 5321 §4.5.3.1 and host-name domains (RFC 1035 labels). Quoted local
//! parts, comments and address literals (`user@[192.0.2.1]`) are valid in theory and never
//! what a team means in a list of alert addresses, so they are rejected with a reason.

/// An RFC 5322 `atext` character: ASCII letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '/'
                | '='
                | '?'
                | '^'
                | '_'
                | '`'
                | '{'
                | '|'
                | '}'
                | '~'
        )
}

/// Checks one address; `Err` says what is wrong, in a few words.
pub fn check_address(address: &str) -> Result<(), String> {
    if address.is_empty() {
        return Err("it is empty".to_string());
    }
    if address.contains(',') || address.contains(';') {
        return Err("it holds several addresses: give each its own list item".to_string());
    }
    if let Some(c) = address.chars().find(|c| c.is_whitespace()) {
        return Err(match c {
            ' ' => "it contains a space".to_string(),
            _ => format!("it contains the whitespace character {}", c.escape_debug()),
        });
    }
    if address.contains('<') || address.contains('>') {
        return Err("write the bare address, without a display name or angle brackets".to_string());
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err("it has no `@`".to_string());
    };
    if local.contains('@') {
        return Err("it has more than one `@`".to_string());
    }
    if local.is_empty() {
        return Err("nothing comes before the `@`".to_string());
    }
    if local.len() > 64 {
        return Err("the part before the `@` is longer than 64 characters".to_string());
    }
    if address.len() > 254 {
        return Err("it is longer than 254 characters".to_string());
    }
    if local.starts_with('"') {
        return Err("quoted local parts are not accepted".to_string());
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("dots in the part before the `@` must separate characters".to_string());
    }
    if let Some(c) = local.chars().find(|&c| !(is_atext(c) || c == '.')) {
        return Err(format!(
            "the part before the `@` contains {}, which an address cannot hold unquoted",
            describe_char(c)
        ));
    }
    if domain.is_empty() {
        return Err("nothing comes after the `@`".to_string());
    }
    check_domain(domain).map_err(|reason| format!("the domain {reason}"))
}

/// Checks a host-name domain: at least two labels of ASCII letters, digits and inner hyphens,
/// each at most 63 characters, the last not all digits. `Err` completes "the domain …".
pub fn check_domain(domain: &str) -> Result<(), String> {
    if domain.starts_with('[') {
        return Err("is an address literal, which alert e-mails should not use".to_string());
    }
    if domain.len() > 253 {
        return Err("is longer than 253 characters".to_string());
    }
    if !domain.contains('.') {
        return Err("has no dot (a top-level domain alone receives no mail)".to_string());
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err("has an empty label (a leading, trailing or doubled dot)".to_string());
        }
        if label.len() > 63 {
            return Err("has a label longer than 63 characters".to_string());
        }
        if let Some(c) = label
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(format!("contains {}", describe_char(c)));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("has a label that starts or ends with a hyphen".to_string());
        }
    }
    if domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err("ends in a numeric label".to_string());
    }
    Ok(())
}

/// The domain of an address, lower-cased (the part after the last `@`).
pub fn domain_of(address: &str) -> Option<String> {
    address
        .rsplit_once('@')
        .map(|(_, domain)| domain.to_ascii_lowercase())
}

/// Whether `domain` is one of `allowed` (lower-case) or a subdomain of one, ignoring ASCII
/// case.
pub fn domain_allowed(domain: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|a| {
        domain.eq_ignore_ascii_case(a)
            || (domain.len() > a.len()
                && domain.is_char_boundary(domain.len() - a.len())
                && domain[domain.len() - a.len()..].eq_ignore_ascii_case(a)
                && domain[..domain.len() - a.len()].ends_with('.'))
    })
}

fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("`{c}`")
    } else {
        format!("the character {}", c.escape_unicode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses() {
        for ok in [
            "a@example.com",
            "telemetry-alerts@mozilla.com",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.org",
            "x_y@a-b.example",
            "1@example.com",
            "!#$%&'*+-/=?^_`{|}~@example.com",
        ] {
            assert_eq!(check_address(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn invalid_addresses_say_why() {
        for (bad, why) in [
            ("", "empty"),
            ("nonsense", "no `@`"),
            ("a@b@example.com", "more than one"),
            ("@example.com", "before the `@`"),
            ("a@", "after the `@`"),
            ("a b@example.com", "space"),
            ("a\t@example.com", "whitespace"),
            ("a@example.com, b@example.com", "several"),
            ("a@example.com;b@example.com", "several"),
            ("Jane <a@example.com>", "space"),
            ("<a@example.com>", "angle brackets"),
            (".a@example.com", "dots"),
            ("a..b@example.com", "dots"),
            ("a.@example.com", "dots"),
            ("\"a b\"@example.com", "space"),
            ("\"ab\"@example.com", "quoted"),
            ("a(b)@example.com", "`(`"),
            ("é@example.com", "\\u{e9}"),
            ("a@localhost", "no dot"),
            ("a@example..com", "empty label"),
            ("a@-example.com", "hyphen"),
            ("a@exa_mple.com", "`_`"),
            ("a@[192.0.2.1]", "address literal"),
            ("a@192.0.2.1", "numeric"),
        ] {
            let reason = check_address(bad).expect_err(bad);
            assert!(reason.contains(why), "{bad:?}: {reason}");
        }
        assert!(check_address(&format!("{}@example.com", "a".repeat(65))).is_err());
        assert!(check_address(&format!("a@{}.com", "b".repeat(64))).is_err());
    }

    #[test]
    fn allowed_domains_include_subdomains() {
        let allowed = vec!["mozilla.com".to_string()];
        assert!(domain_allowed("mozilla.com", &allowed));
        assert!(domain_allowed("lists.mozilla.com", &allowed));
        assert!(!domain_allowed("evilmozilla.com", &allowed));
        assert!(!domain_allowed("mozilla.org", &allowed));
        assert!(domain_allowed("Lists.Mozilla.COM", &allowed));
        assert!(!domain_allowed("é.com", &["x.com".to_string()]));
        assert_eq!(domain_of("A@Example.COM").as_deref(), Some("example.com"));
    }
}
