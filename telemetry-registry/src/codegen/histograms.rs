//! Histograms: one `const` handle per histogram in `probes::histograms`, its metadata (a
//! `const`) in the hidden `__meta` module, its cells (a `static`) in the hidden `__storage`
//! module, its label and key enums beside it, and its bucket bounds in a `const` table shared
//! by every histogram of the same layout.
//!
//! The handle and the metadata are constants so that at every call site, in any crate, the
//! gate masks and the bound table are compile-time values the optimiser folds into the
//! recording code; only the cells are a `static`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::{Common, Ctx, ident, runtime, str_slice, to_root, uint, usize_lit};
use crate::model::{Histogram, HistogramKind, Spanned};
use crate::naming::{self, fixed};

pub(super) struct Out {
    pub items: TokenStream,
    pub meta: TokenStream,
    pub storage: TokenStream,
}

/// The doc line of a probe that records only into other stores than `main`.
pub(super) const NOT_MAIN_STORE: &str = "**Not in the main ping:** it records only into other stores, and the runtime keeps the `main` store alone, so this handle does nothing.";

/// Depth of `probes::histograms` below the root.
const DEPTH: usize = 1;

fn kind_marker(kind: HistogramKind) -> Ident {
    ident(match kind {
        HistogramKind::Exponential => "Exponential",
        HistogramKind::Linear => "Linear",
        HistogramKind::Enumerated => "Enumerated",
        HistogramKind::Categorical => "Categorical",
        HistogramKind::Boolean => "Boolean",
        HistogramKind::Count => "Count",
        HistogramKind::Flag => "Flag",
    })
}

/// What the enum's variants are to the runtime.
#[derive(Clone, Copy)]
pub(super) enum EnumRole {
    Label,
    Key,
}

/// A fieldless enum of labels or keys, in definition order, with its runtime trait.
pub(super) fn value_enum(
    name: &Ident,
    doc: TokenStream,
    values: &[Spanned<String>],
    role: EnumRole,
) -> TokenStream {
    let rt = runtime();
    let variants: Vec<Ident> = values
        .iter()
        .map(|v| ident(&naming::variant(&v.value)))
        .collect();
    let strings: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let docs = strings.iter().map(|s| format!(" {}", docs::code(s)));
    let discriminants = (0..values.len()).map(usize_lit);
    let n = usize_lit(values.len());
    let (what, trait_impl) = match role {
        EnumRole::Label => (
            "label",
            quote! {
                impl #rt::Label for #name {
                    #[inline(always)]
                    fn index(self) -> ::core::primitive::u32 {
                        self as ::core::primitive::u32
                    }
                }
            },
        ),
        EnumRole::Key => (
            "key",
            quote! {
                impl #rt::Key for #name {
                    #[inline(always)]
                    fn index(self) -> ::core::primitive::usize {
                        self as ::core::primitive::usize
                    }
                }
            },
        ),
    };
    let all_doc = format!(" Every {what}, in definition order.");
    let str_doc = format!(" The {what} as the definition (and the ping) spells it.");
    quote! {
        #doc
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::fmt::Debug,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::cmp::PartialOrd,
            ::core::cmp::Ord
        )]
        #[repr(u32)]
        pub enum #name {
            #( #[doc = #docs] #variants = #discriminants, )*
        }

        impl #name {
            #[doc = #all_doc]
            pub const ALL: [Self; #n] = [#(Self::#variants),*];

            #[doc = #str_doc]
            pub const fn as_str(self) -> &'static ::core::primitive::str {
                match self {
                    #(Self::#variants => #strings,)*
                }
            }
        }

        #trait_impl
    }
}

/// The bucket layout, in words and numbers, for the docs.
fn layout_doc(histogram: &Histogram, bounds: &[i64], doc: &mut Doc) {
    let (low, high, n) = histogram.parameters();
    let kind = histogram.kind.value;
    let line = match kind {
        HistogramKind::Exponential | HistogramKind::Linear => {
            format!(
                "- **Kind:** {}, {n} buckets from {low} to {high}",
                kind.as_str()
            )
        }
        HistogramKind::Enumerated => {
            format!(
                "- **Kind:** enumerated, values 0 to {high} ({n} buckets; {high} and above share the last)"
            )
        }
        HistogramKind::Categorical => format!(
            "- **Kind:** categorical, {} labels ({n} buckets)",
            histogram.labels.len()
        ),
        HistogramKind::Boolean => "- **Kind:** boolean (buckets 0 = false, 1 = true)".to_string(),
        HistogramKind::Count => {
            "- **Kind:** count (each recording adds 1; `sum` adds the sample)".to_string()
        }
        HistogramKind::Flag => "- **Kind:** flag (set once per subsession)".to_string(),
    };
    doc.markdown(line);
    if matches!(kind, HistogramKind::Exponential | HistogramKind::Linear) {
        let shown: Vec<String> = if bounds.len() <= 16 {
            bounds.iter().map(i64::to_string).collect()
        } else {
            let mut v: Vec<String> = bounds[..10].iter().map(i64::to_string).collect();
            v.push("…".to_string());
            v.extend(bounds[bounds.len() - 4..].iter().map(i64::to_string));
            v
        };
        doc.markdown(format!("- **Bucket lower bounds:** {}", shown.join(", ")));
    }
    if histogram.keyed {
        if histogram.keys.is_empty() {
            doc.markdown("- **Keyed:** any string key");
        } else {
            doc.markdown(format!(
                "- **Keys:** {}",
                docs::list(histogram.keys.iter().map(|k| k.value.as_str()))
            ));
        }
    }
    if kind == HistogramKind::Categorical {
        doc.markdown(format!(
            "- **Labels:** {}",
            docs::list(histogram.labels.iter().map(|l| l.value.as_str()))
        ));
    }
}

pub(super) fn generate(ctx: &mut Ctx<'_>, histogram: &Histogram) -> Out {
    let rt = runtime();
    let name = &histogram.name.value;
    let static_name = ident(&naming::histogram_static(histogram));
    let kind = histogram.kind.value;
    let (low, high, n_buckets) = histogram.parameters();
    // The checks have rejected layouts that cannot be computed or stored.
    let bounds = histogram.buckets().unwrap_or_default();

    let mut doc = Doc::new();
    match &histogram.description {
        Some(description) => doc.text(description),
        None => doc.markdown(""),
    }
    doc.blank();
    doc.markdown(format!("{} in the ping.", docs::code(name)));
    doc.blank();
    layout_doc(histogram, &bounds, &mut doc);
    Common {
        expires: histogram.expires.as_ref(),
        owners: histogram
            .alert_emails
            .iter()
            .flatten()
            .map(|e| e.value.as_str())
            .collect(),
        bugs: histogram
            .bug_numbers
            .iter()
            .flatten()
            .map(|b| b.value)
            .collect(),
        processes: histogram
            .record_in_processes
            .iter()
            .map(|p| p.value.as_str())
            .collect(),
        products: histogram
            .products
            .as_ref()
            .map(|p| p.iter().map(|p| p.value.as_str()).collect()),
        collection: histogram.collection.value,
    }
    .write(&mut doc);
    let main_store = histogram.record_into_store.is_empty()
        || histogram
            .record_into_store
            .iter()
            .any(|s| s.value == "main");
    if !main_store {
        doc.markdown(format!(
            "- **Stores:** {} (not `main`)",
            docs::list(histogram.record_into_store.iter().map(|s| s.value.as_str()))
        ));
    }

    // The label enum (categorical) and the key enum (declared keys), after the static.
    let mut enums = TokenStream::new();
    let label_type = if kind == HistogramKind::Categorical && !histogram.labels.is_empty() {
        let enum_name = ident(&naming::histogram_label_enum(histogram));
        let enum_doc = format!(" The labels of [`{static_name}`], in bucket order.");
        enums.extend(value_enum(
            &enum_name,
            quote!(#[doc = #enum_doc]),
            &histogram.labels,
            EnumRole::Label,
        ));
        Some(quote!(#enum_name))
    } else {
        None
    };
    let key_type = if histogram.keyed && !histogram.keys.is_empty() {
        let enum_name = ident(&naming::histogram_key_enum(histogram));
        let enum_doc = format!(" The declared keys of [`{static_name}`].");
        enums.extend(value_enum(
            &enum_name,
            quote!(#[doc = #enum_doc]),
            &histogram.keys,
            EnumRole::Key,
        ));
        Some(quote!(#enum_name))
    } else {
        None
    };

    let marker = kind_marker(kind);
    let marker_type = match (&label_type, kind) {
        (Some(labels), _) => quote!(#rt::#marker<#labels>),
        (None, HistogramKind::Categorical) => quote!(#rt::#marker<::core::primitive::u32>),
        _ => quote!(#rt::#marker),
    };
    let n = usize_lit(bounds.len());
    let mut items = TokenStream::new();

    let expired = ctx.expired(name, histogram.expires.as_ref(), histogram.is_test_probe());
    if expired.is_some() || !main_store {
        ctx.inert_used = true;
        doc.blank();
        let deprecated = match &expired {
            Some(note) => {
                doc.markdown(note.doc.clone());
                note.attr()
            }
            None => {
                doc.markdown(NOT_MAIN_STORE);
                TokenStream::new()
            }
        };
        let inert = ident(fixed::INERT);
        let root = to_root(DEPTH);
        let shape = match (&key_type, histogram.keyed) {
            (Some(keys), _) => quote!(#root::#inert::Keyed<#keys>),
            (None, true) => quote!(#root::#inert::Open),
            (None, false) => quote!(#root::#inert::Plain),
        };
        let attrs = ctx.doc(&doc);
        items.extend(quote! {
            #attrs
            #deprecated
            pub static #static_name: #root::#inert::Histogram<#marker_type, #shape> =
                #root::#inert::Histogram::NEW;
        });
        items.extend(enums);
        return Out {
            items,
            meta: TokenStream::new(),
            storage: TokenStream::new(),
        };
    }

    // The shared bounds table.
    let table = naming::bounds_table(kind, low, high, n_buckets);
    let table_ident = ident(&table);
    if ctx.bounds_names.insert(table.clone()) {
        let item = match kind {
            HistogramKind::Exponential | HistogramKind::Linear => {
                let values = bounds.iter().map(|&b| uint(u64::try_from(b).unwrap_or(0)));
                quote! {
                    pub const #table_ident: [::core::primitive::u32; #n] = [#(#values),*];
                }
            }
            _ => quote! {
                pub const #table_ident: [::core::primitive::u32; #n] =
                    #rt::HistogramMeta::identity_bounds::<#n>();
            },
        };
        ctx.bounds_items.push(item);
    }

    let (handle, storage) = match (&key_type, histogram.keyed) {
        (Some(keys), _) => {
            let kn = usize_lit(histogram.keys.len());
            (
                quote!(KeyedHistogram<#marker_type, #keys, #n, #kn>),
                quote!(KeyedHistogramStorage<#n, #kn>),
            )
        }
        (None, true) => (
            quote!(OpenKeyedHistogram<#marker_type, #n>),
            quote!(OpenKeyedHistogramStorage<#n>),
        ),
        (None, false) => (
            quote!(Histogram<#marker_type, #n>),
            quote!(HistogramStorage<#n>),
        ),
    };
    let constructor = match (&key_type, histogram.keyed) {
        (Some(_), _) => quote!(KeyedHistogram),
        (None, true) => quote!(OpenKeyedHistogram),
        (None, false) => quote!(Histogram),
    };
    let meta_module = ident(fixed::META);
    let storage_module = ident(fixed::STORAGE);
    let attrs = ctx.doc(&doc);
    items.extend(quote! {
        #attrs
        pub const #static_name: #rt::#handle =
            #rt::#constructor::new(&#meta_module::#static_name, &#storage_module::#static_name);
    });
    items.extend(enums);

    let runtime_kind = kind_marker(kind);
    let bounds_module = ident(fixed::BOUNDS);
    let meta_root = to_root(DEPTH + 1);
    let labels = str_slice(histogram.labels.iter().map(|l| l.value.as_str()));
    let keys = if histogram.keyed {
        str_slice(histogram.keys.iter().map(|k| k.value.as_str()))
    } else {
        quote!(&[])
    };
    let low = uint(u64::try_from(low).unwrap_or(0));
    let high = uint(u64::try_from(high).unwrap_or(0));
    let record_in = super::process_set(&histogram.record_in_processes);
    let products = super::product_set(histogram.products.as_deref());
    let collection = super::collection(histogram.collection.value);
    let storage = quote! {
        pub(super) static #static_name: #storage = <#storage>::new();
    };
    let meta = quote! {
        pub(super) const #static_name: HistogramMeta = HistogramMeta {
            name: #name,
            kind: HistogramKind::#runtime_kind,
            low: #low,
            high: #high,
            bounds: &#meta_root::#bounds_module::#table_ident,
            labels: #labels,
            keys: #keys,
            record_in: #record_in,
            products: #products,
            collection: #collection,
        };
    };
    ctx.registered.push(vec![
        fixed::HISTOGRAMS.to_string(),
        naming::histogram_static(histogram),
    ]);
    Out {
        items,
        meta,
        storage,
    }
}
