//! Non-strict mode's coercion of string bucket parameters: Firefox `eval`s them as Python
//! expressions (`"16 * 1024"`, `"2**3"`, `"0x100"`). We evaluate the arithmetic subset those
//! historical files use — never arbitrary code.

/// What Python's `eval` gives for an expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Evaluated {
    Int(i64),
    Float(f64),
}

/// The two C++ constants Firefox maps by name.
const CONSTANTS: [(&str, i64); 2] = [
    ("JS::GCReason::NUM_TELEMETRY_REASONS", 101),
    ("mozilla::StartupTimeline::MAX_EVENT_ID", 12),
];

/// Evaluates `text` like Firefox's `try_to_coerce_to_number`; `None` when Python would leave
/// the string as it is (an unknown name, a syntax error, an overflow we do not model).
pub fn coerce(text: &str) -> Option<Evaluated> {
    if let Some((_, value)) = CONSTANTS.iter().find(|(name, _)| *name == text) {
        return Some(Evaluated::Int(*value));
    }
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = parser.sum()?;
    parser.skip_space();
    (parser.pos == parser.bytes.len()).then_some(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.pos += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        if self.bytes[self.pos..].starts_with(token.as_bytes()) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn sum(&mut self) -> Option<Evaluated> {
        let mut left = self.product()?;
        loop {
            if self.eat("+") {
                left = arith(left, self.product()?, i64::checked_add, |a, b| a + b)?;
            } else if self.eat("-") {
                left = arith(left, self.product()?, i64::checked_sub, |a, b| a - b)?;
            } else {
                return Some(left);
            }
        }
    }

    fn product(&mut self) -> Option<Evaluated> {
        let mut left = self.unary()?;
        loop {
            if self.eat("//") {
                let right = self.unary()?;
                left = match (left, right) {
                    (Evaluated::Int(a), Evaluated::Int(b)) if b != 0 => {
                        Evaluated::Int(floor_div(a, b)?)
                    }
                    (a, b) if to_f64(b) != 0.0 => Evaluated::Float((to_f64(a) / to_f64(b)).floor()),
                    _ => return None,
                };
            } else if self.eat("*") {
                if self.bytes.get(self.pos) == Some(&b'*') {
                    // `**` binds tighter; undo and let `unary` handle it.
                    self.pos -= 1;
                    return Some(left);
                }
                left = arith(left, self.unary()?, i64::checked_mul, |a, b| a * b)?;
            } else if self.eat("/") {
                let right = self.unary()?;
                if to_f64(right) == 0.0 {
                    return None;
                }
                left = Evaluated::Float(to_f64(left) / to_f64(right));
            } else if self.eat("%") {
                let right = self.unary()?;
                left = match (left, right) {
                    (Evaluated::Int(a), Evaluated::Int(b)) if b != 0 => {
                        Evaluated::Int(floor_mod(a, b)?)
                    }
                    _ => return None,
                };
            } else {
                return Some(left);
            }
        }
    }

    fn unary(&mut self) -> Option<Evaluated> {
        self.depth += 1;
        if self.depth > 64 {
            return None;
        }
        let result = if self.eat("-") {
            match self.unary()? {
                Evaluated::Int(v) => v.checked_neg().map(Evaluated::Int),
                Evaluated::Float(v) => Some(Evaluated::Float(-v)),
            }
        } else if self.eat("+") {
            self.unary()
        } else {
            self.power()
        };
        self.depth -= 1;
        result
    }

    fn power(&mut self) -> Option<Evaluated> {
        let base = self.atom()?;
        if self.eat("**") {
            let exponent = self.unary()?;
            return match (base, exponent) {
                (Evaluated::Int(b), Evaluated::Int(e)) if e >= 0 => {
                    b.checked_pow(u32::try_from(e).ok()?).map(Evaluated::Int)
                }
                (b, e) => Some(Evaluated::Float(to_f64(b).powf(to_f64(e)))),
            };
        }
        Some(base)
    }

    fn atom(&mut self) -> Option<Evaluated> {
        if self.eat("(") {
            let value = self.sum()?;
            return self.eat(")").then_some(value);
        }
        self.skip_space();
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        {
            self.pos += 1;
        }
        // Exponent signs of float literals (`1e-3`).
        if self.pos > start
            && matches!(self.bytes[self.pos - 1], b'e' | b'E')
            && matches!(self.bytes.get(self.pos), Some(b'+' | b'-'))
            && self.bytes[start].is_ascii_digit()
        {
            self.pos += 1;
            while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                self.pos += 1;
            }
        }
        literal(std::str::from_utf8(&self.bytes[start..self.pos]).ok()?)
    }
}

fn literal(text: &str) -> Option<Evaluated> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let radix = |prefix: &str, radix: u32| {
        lower
            .strip_prefix(prefix)
            .and_then(|digits| i64::from_str_radix(digits, radix).ok())
            .map(Evaluated::Int)
    };
    if lower.starts_with("0x") {
        return radix("0x", 16);
    }
    if lower.starts_with("0o") {
        return radix("0o", 8);
    }
    if lower.starts_with("0b") {
        return radix("0b", 2);
    }
    if !clean.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if clean.chars().all(|c| c.is_ascii_digit()) {
        // Python 3 rejects leading zeros in decimal literals other than 0 itself.
        if clean.len() > 1 && clean.starts_with('0') && clean.chars().any(|c| c != '0') {
            return None;
        }
        return clean.parse().ok().map(Evaluated::Int);
    }
    clean.parse::<f64>().ok().map(Evaluated::Float)
}

/// Python's `//`: rounds toward negative infinity.
fn floor_div(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    Some(if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

/// Python's `%`: the result has the divisor's sign.
fn floor_mod(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b)?;
    Some(if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    })
}

fn to_f64(value: Evaluated) -> f64 {
    match value {
        Evaluated::Int(v) => v as f64,
        Evaluated::Float(v) => v,
    }
}

fn arith(
    a: Evaluated,
    b: Evaluated,
    int_op: fn(i64, i64) -> Option<i64>,
    float_op: fn(f64, f64) -> f64,
) -> Option<Evaluated> {
    match (a, b) {
        (Evaluated::Int(a), Evaluated::Int(b)) => int_op(a, b).map(Evaluated::Int),
        (a, b) => Some(Evaluated::Float(float_op(to_f64(a), to_f64(b)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_what_historical_files_wrote() {
        assert_eq!(coerce("16 * 1024"), Some(Evaluated::Int(16384)));
        assert_eq!(coerce("2**3"), Some(Evaluated::Int(8)));
        assert_eq!(coerce("0x100"), Some(Evaluated::Int(256)));
        assert_eq!(coerce("1e1"), Some(Evaluated::Float(10.0)));
        assert_eq!(coerce("(1 + 2) * 3 - -1"), Some(Evaluated::Int(10)));
        assert_eq!(coerce("60 * 60 * 24"), Some(Evaluated::Int(86400)));
        assert_eq!(coerce("7 // 2"), Some(Evaluated::Int(3)));
        assert_eq!(coerce("-7 // 2"), Some(Evaluated::Int(-4)));
        assert_eq!(coerce("2 * 3 ** 2"), Some(Evaluated::Int(18)));
        assert_eq!(
            coerce("JS::GCReason::NUM_TELEMETRY_REASONS"),
            Some(Evaluated::Int(101))
        );
        assert_eq!(
            coerce("mozilla::StartupTimeline::MAX_EVENT_ID"),
            Some(Evaluated::Int(12))
        );
    }

    #[test]
    fn anything_else_stays_a_string() {
        for text in [
            "",
            "abc",
            "__import__('os')",
            "1 +",
            "(1",
            "1/0",
            "01",
            &"(".repeat(1000),
        ] {
            assert_eq!(coerce(text), None, "{text:?}");
        }
    }
}
