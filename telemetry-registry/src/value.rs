//! The spanned document tree both parsers produce.
//!
//! It mirrors what Python's `json.load` and PyYAML's `safe_load` give Firefox's scripts (so the
//! rules can be stated the way Firefox states them), plus a span on every node. Mappings keep
//! every entry in source order, duplicates included: the rules decide what a duplicate means.

use crate::source::Span;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// An integer of any size, as Python sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Int {
    /// The value, saturated to the `i128` range when `exact` is false.
    pub value: i128,
    /// False when the literal does not fit an `i128` (Python would still hold it exactly).
    pub exact: bool,
    /// The value modulo 2^32 (what C's `c_int` keeps of it), exact for any size.
    pub low32: u32,
}

impl Int {
    pub fn new(value: i128) -> Int {
        Int {
            value,
            exact: true,
            low32: value as u32, // truncation to the low 32 bits is the point
        }
    }

    /// The value as `i64`, if it fits.
    pub fn as_i64(self) -> Option<i64> {
        if self.exact {
            i64::try_from(self.value).ok()
        } else {
            None
        }
    }

    /// What `ctypes.c_int(value).value` gives: the low 32 bits, two's complement.
    pub fn as_c_int(self) -> i32 {
        self.low32 as i32
    }
}

/// Builds an [`Int`] digit by digit, keeping the exact low 32 bits of literals of any size.
#[derive(Clone, Copy, Debug)]
pub struct IntAccumulator {
    radix: u32,
    value: i128,
    exact: bool,
    low32: u32,
}

impl IntAccumulator {
    pub fn new(radix: u32) -> IntAccumulator {
        IntAccumulator {
            radix,
            value: 0,
            exact: true,
            low32: 0,
        }
    }

    pub fn push_digit(&mut self, digit: u32) {
        self.low32 = self.low32.wrapping_mul(self.radix).wrapping_add(digit);
        if self.exact {
            match self
                .value
                .checked_mul(i128::from(self.radix))
                .and_then(|v| v.checked_add(i128::from(digit)))
            {
                Some(v) => self.value = v,
                None => {
                    self.exact = false;
                    self.value = i128::MAX;
                }
            }
        }
    }

    pub fn finish(self, negative: bool) -> Int {
        if negative {
            Int {
                value: if self.exact { -self.value } else { i128::MIN },
                exact: self.exact,
                low32: self.low32.wrapping_neg(),
            }
        } else {
            Int {
                value: self.value,
                exact: self.exact,
                low32: self.low32,
            }
        }
    }
}

/// A parsed value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(Int),
    /// Includes JSON's `NaN`/`Infinity` and YAML 1.1 floats such as `.inf`.
    Float(f64),
    Str(String),
    /// A YAML 1.1 timestamp (`2018-01-01`), kept as written. PyYAML makes it a `date`.
    Date(String),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` entry of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Value {
    /// The name of the value's type, as a diagnostic says it (Python's names, since that is what
    /// Firefox's messages print).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Date(_) => "date",
            Value::List(_) => "list",
            Value::Map(_) => "mapping",
        }
    }

    /// Python truthiness.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => i.value != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Date(_) => true,
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
        }
    }
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }

    /// Python truthiness of the value.
    pub fn is_truthy(&self) -> bool {
        self.value.is_truthy()
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Node]> {
        match &self.value {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The value of the *last* entry whose key is the string `key` (Python dicts keep the last
    /// of duplicate keys), with that entry's key node.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
    }
}
