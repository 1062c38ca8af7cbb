//! Tokens to text: the two layouts of the generated file, and the splicing of items rendered
//! apart (on worker threads, in chunks) into the file's skeleton.
//!
//! - **Formatted** (`prettyplease`): items are laid out as they have always been: a family
//!   module (`probes::histograms`, …) is formatted as a file of its own and then indented one
//!   level, so its content is laid out one level shallower than it sits. A run of items is
//!   formatted inside as many wrapper modules as that level, which gives each line the same
//!   width as formatting the whole module would; the wrappers' lines are then dropped.
//! - **Compact**: one item per line, indented by depth, tokens spaced as
//!   `TokenStream::to_string` spaces them. A module's items get lines of their own, so an
//!   error in generated code points at the line of one item.
//!
//! Code is never built as text: every line comes from tokens, and the skeleton (module
//! headers and the root items) is tokens too, with one placeholder item per run of rendered
//! items.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use quote::quote;

use super::{ident, runtime};
use crate::naming::fixed;

/// A `{ … }` group that takes the stream without copying it. (Interpolating a large stream
/// into `quote!` clones every token; interpolating a group clones one reference.)
pub(super) fn braced(stream: TokenStream) -> Group {
    Group::new(Delimiter::Brace, stream)
}

/// Items that sit `depth` modules below the file (the items of `probes::histograms` are at
/// depth 2), as lines of text.
pub(super) fn items(tokens: TokenStream, depth: usize, pretty: bool) -> String {
    let mut out = String::new();
    if tokens.is_empty() {
        return out;
    }
    if !pretty {
        compact(tokens, depth, &mut out);
        return out;
    }
    // Formatted one level shallower, then indented one level (see the module docs).
    let levels = depth.saturating_sub(1);
    let body = braced(tokens);
    let wrapper = ident("__wrapper");
    let mut file = body.stream();
    for _ in 0..levels {
        let group = braced(file);
        file = quote!(mod #wrapper #group);
    }
    let formatted = match syn::parse2::<syn::File>(file) {
        Ok(file) => prettyplease::unparse(&file),
        // Only a generator bug gets here: the items, compact, still compile (or point at it).
        Err(_) => {
            write_items(body.stream(), depth, &mut out);
            return out;
        }
    };
    // Safe to indent line by line: string literals hold no raw line breaks (they are escaped)
    // and every doc line is its own `///` comment, so every line break is between tokens.
    let lines = formatted.lines().count();
    out.reserve(formatted.len() + formatted.len() / 8);
    for line in formatted
        .lines()
        .skip(levels)
        .take(lines.saturating_sub(2 * levels))
    {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The whole file's skeleton as text, placeholders replaced by their items.
pub(super) fn file(skeleton: TokenStream, slots: Slots, pretty: bool) -> String {
    let mut text = String::new();
    if pretty {
        // A cheap copy for the fallback: the module's body is one group, shared by reference.
        let copy = skeleton.clone();
        match syn::parse2::<syn::File>(skeleton) {
            Ok(file) => text = prettyplease::unparse(&file),
            Err(_) => write_items(copy, 0, &mut text),
        }
    } else {
        write_items(skeleton, 0, &mut text);
    }
    let total = text.len() + slots.texts.iter().map(Pieces::len).sum::<usize>();
    let mut out = String::with_capacity(total);
    let mut next = 0;
    for line in text.lines() {
        if placeholder_index(line) == Some(next)
            && let Some(slot) = slots.texts.get(next)
        {
            for piece in &slot.0 {
                out.push_str(piece);
            }
            next += 1;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

const PLACEHOLDER: &str = "__GENERATED_ITEMS_";

/// The index of a placeholder line (`const __GENERATED_ITEMS_7__: () = ();`, spaced either
/// way): placeholders are the skeleton's only items of that name, and a line starts with an
/// item (or a `///` comment, or a compact item's `#[doc]`), never with the inside of one.
fn placeholder_index(line: &str) -> Option<usize> {
    let rest = line
        .trim_start()
        .strip_prefix("const ")?
        .strip_prefix(PLACEHOLDER)?;
    let (index, _) = rest.split_once("__")?;
    index.parse().ok()
}

/// The rendered runs of items of a skeleton, in skeleton order.
#[derive(Default)]
pub(super) struct Slots {
    texts: Vec<Pieces>,
}

impl Slots {
    /// The placeholder item that stands for `text`.
    fn slot(&mut self, text: Pieces) -> TokenStream {
        let placeholder = ident(&format!("{PLACEHOLDER}{}__", self.texts.len()));
        self.texts.push(text);
        quote!(const #placeholder: () = ();)
    }
}

/// Text in pieces (the chunks' runs of items), copied only once, into the file.
#[derive(Default)]
pub(super) struct Pieces(Vec<String>);

impl Pieces {
    pub(super) fn push(&mut self, text: String) {
        if !text.is_empty() {
            self.0.push(text);
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn len(&self) -> usize {
        self.0.iter().map(String::len).sum()
    }

    fn append(&mut self, other: Pieces) {
        self.0.extend(other.0);
    }
}

impl From<String> for Pieces {
    fn from(text: String) -> Pieces {
        let mut pieces = Pieces::default();
        pieces.push(text);
        pieces
    }
}

/// A module's content as text (items, submodules, `__storage`, `__meta`, `__events`), as a chunk of probes
/// rendered it; chunks merge in probe order.
#[derive(Default)]
pub(super) struct TreeText {
    pub items: Pieces,
    pub meta: Pieces,
    pub storage: Pieces,
    pub events: Pieces,
    pub children: Vec<(String, TreeText)>,
}

impl TreeText {
    /// Appends a later chunk's content: submodules keep the order of their first item.
    pub(super) fn merge(&mut self, other: TreeText) {
        self.items.append(other.items);
        self.meta.append(other.meta);
        self.storage.append(other.storage);
        self.events.append(other.events);
        for (name, child) in other.children {
            match self.children.iter_mut().find(|(mine, _)| *mine == name) {
                Some((_, mine)) => mine.merge(child),
                None => self.children.push((name, child)),
            }
        }
    }

    /// The module item (`head` is its attributes and `pub mod name`) with placeholders for its
    /// runs of items.
    pub(super) fn skeleton(self, head: TokenStream, slots: &mut Slots) -> TokenStream {
        let mut body = TokenStream::new();
        if !self.items.is_empty() {
            body.extend(slots.slot(self.items));
        }
        for (name, child) in self.children {
            let name = ident(&name);
            body.extend(child.skeleton(quote!(pub mod #name), slots));
        }
        if !self.storage.is_empty() {
            let module = ident(fixed::STORAGE);
            let rt = runtime();
            let slot = slots.slot(self.storage);
            body.extend(quote!(mod #module { use #rt::*; #slot }));
        }
        if !self.meta.is_empty() {
            let module = ident(fixed::META);
            let rt = runtime();
            let slot = slots.slot(self.meta);
            body.extend(quote!(mod #module { use #rt::*; #slot }));
        }
        if !self.events.is_empty() {
            let module = ident(fixed::EVENT_PROBES);
            let slot = slots.slot(self.events);
            body.extend(quote! {
                #[doc(hidden)]
                pub mod #module { #slot }
            });
        }
        let body = braced(body);
        quote!(#head #body)
    }
}

/// A module of rendered items only (the shared bound tables).
pub(super) fn module_skeleton(head: TokenStream, text: Pieces, slots: &mut Slots) -> TokenStream {
    let tree = TreeText {
        items: text,
        ..TreeText::default()
    };
    tree.skeleton(head, slots)
}

/// Appends items in the compact layout.
pub(super) fn compact(tokens: TokenStream, depth: usize, out: &mut String) {
    write_items(tokens, depth, out);
}

/// Compact layout: one item per line at `depth`; a module's items on lines of their own
/// between its header and its closing brace.
fn write_items(stream: TokenStream, depth: usize, out: &mut String) {
    let mut trees = stream.into_iter().peekable();
    while trees.peek().is_some() {
        write_item(&mut trees, depth, out);
    }
}

/// Writes one item and its line break. An item ends at a `;`, or at a `{ … }` body unless an
/// `=` came first (a static's initializer may hold braces: it ends at its `;`). An `=` between
/// angle brackets (`Iterator<Item = u32>`) is not an initializer's.
fn write_item(
    trees: &mut std::iter::Peekable<impl Iterator<Item = TokenTree>>,
    depth: usize,
    out: &mut String,
) {
    indent(out, depth);
    let mut first = true;
    let mut joint = false;
    let mut assigns = false;
    let mut angles = 0usize;
    let mut previous = ' ';
    // 1 after `mod`, 2 after `mod name`.
    let mut module = 0u8;
    while let Some(tree) = trees.next() {
        if !first && !joint {
            out.push(' ');
        }
        let after_joint = joint;
        first = false;
        joint = false;
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && module == 2 => {
                out.push_str("{\n");
                // Dropped first, so that the stream is not copied.
                let body = group.stream();
                drop(group);
                write_items(body, depth + 1, out);
                indent(out, depth);
                out.push_str("}\n");
                return;
            }
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                write_group(group, out);
                if delimiter == Delimiter::Brace && !assigns {
                    if matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
                        trees.next();
                        out.push_str(" ;");
                    }
                    out.push('\n');
                    return;
                }
                module = 0;
            }
            TokenTree::Ident(name) => {
                let _ = write!(out, "{name}");
                module = match module {
                    0 if name == "mod" => 1,
                    1 => 2,
                    _ => 0,
                };
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                out.push(c);
                joint = punct.spacing() == Spacing::Joint;
                module = 0;
                if c == ';' {
                    out.push('\n');
                    return;
                }
                match c {
                    '<' => angles += 1,
                    // Not the end of `->` or `=>`.
                    '>' if !(after_joint && matches!(previous, '-' | '=')) => {
                        angles = angles.saturating_sub(1);
                    }
                    // `=` alone, not part of `==`, `<=`, `=>`, …
                    '=' if !joint && !after_joint && angles == 0 => assigns = true,
                    _ => {}
                }
                previous = c;
            }
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal}");
                module = 0;
            }
        }
    }
    out.push('\n');
}

/// Tokens spaced as `TokenStream::to_string` spaces them: a space between two tokens unless
/// the first is a joint punctuation mark.
fn write_tokens(stream: TokenStream, out: &mut String) {
    let mut first = true;
    let mut joint = false;
    for tree in stream {
        if !first && !joint {
            out.push(' ');
        }
        first = false;
        joint = false;
        match tree {
            TokenTree::Group(group) => write_group(group, out),
            TokenTree::Ident(name) => {
                let _ = write!(out, "{name}");
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                joint = punct.spacing() == Spacing::Joint;
            }
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal}");
            }
        }
    }
}

/// A group as `Group::to_string` writes it (`{ a }`, `{ }`, `(a)`, `[a]`). The group is
/// dropped before its stream is walked, so the stream is not copied.
fn write_group(group: Group, out: &mut String) {
    let delimiter = group.delimiter();
    let stream = group.stream();
    drop(group);
    let (open, close) = match delimiter {
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::Brace => ("{ ", "}"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::None => ("", ""),
    };
    out.push_str(open);
    let empty = stream.is_empty();
    write_tokens(stream, out);
    if delimiter == Delimiter::Brace && !empty {
        out.push(' ');
    }
    out.push_str(close);
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_items_get_a_line_each() {
        let tokens = quote! {
            impl<I: Iterator<Item = u32>> X for Y<I> { fn f() -> u32 { 1 } }
            pub static A: T = T { a: 1, b: [0; 2] };
            use a::{b, c};
            pub fn g<'a>(value: &'a str) -> bool { value == "=" }
            #[doc(hidden)]
            pub(super) mod m { struct S; const C: u32 = 1 << 2; }
            pub struct K<K>(P<fn(K)>);
            pub enum E { A = 0 }
        };
        let mut text = String::new();
        write_items(tokens, 1, &mut text);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "    impl < I : Iterator < Item = u32 >> X for Y < I > { fn f () -> u32 { 1 } }",
                "    pub static A : T = T { a : 1 , b : [0 ; 2] } ;",
                "    use a :: { b , c } ;",
                "    pub fn g < 'a > (value : & 'a str) -> bool { value == \"=\" }",
                "    # [doc (hidden)] pub (super) mod m {",
                "        struct S ;",
                "        const C : u32 = 1 << 2 ;",
                "    }",
                "    pub struct K < K > (P < fn (K) >) ;",
                "    pub enum E { A = 0 }",
            ]
        );
    }

    #[test]
    fn placeholders_are_found_in_either_layout() {
        assert_eq!(
            placeholder_index("    const __GENERATED_ITEMS_12__: () = ();"),
            Some(12)
        );
        assert_eq!(
            placeholder_index("const __GENERATED_ITEMS_0__ : () = () ;"),
            Some(0)
        );
        assert_eq!(
            placeholder_index("    pub const __GENERATED_ITEMS_1__: () = ();"),
            None
        );
        assert_eq!(
            placeholder_index("    /// const __GENERATED_ITEMS_1__"),
            None
        );
    }
}
