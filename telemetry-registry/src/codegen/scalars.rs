//! Scalars: `probes::scalars::<category modules>::<NAME>`, a key enum beside a scalar with
//! declared keys, metadata in the module's hidden `__meta`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::histograms::{EnumRole, value_enum};
use super::{Common, Ctx, Tree, ident, runtime, str_slice, to_root};
use crate::model::{Scalar, ScalarKind};
use crate::naming::{self, fixed};

pub(super) fn generate(ctx: &mut Ctx<'_>, tree: &mut Tree, scalar: &Scalar) {
    let rt = runtime();
    let label = scalar.label();
    let modules = naming::category_modules(&scalar.category.value);
    // probes::scalars::<modules>
    let depth = 1 + modules.len();
    let static_name = ident(&naming::scalar_static(scalar));
    let kind = scalar.kind.value;

    let mut doc = Doc::new();
    if let Some(description) = &scalar.description {
        doc.text(description);
    }
    doc.blank();
    doc.markdown(format!("{} in the ping.", docs::code(&label)));
    doc.blank();
    let operations = match kind {
        ScalarKind::Uint => "uint (`add`, `set`; adds wrap modulo 2^32)",
        ScalarKind::Boolean => "boolean (`set`)",
        ScalarKind::String => "string (`set`; values are cut to 50 UTF-16 code units)",
    };
    doc.markdown(format!("- **Kind:** {operations}"));
    if scalar.keyed {
        if scalar.keys.is_empty() {
            doc.markdown("- **Keyed:** any non-empty key of at most 72 UTF-16 code units, 100 keys per session");
        } else {
            doc.markdown(format!(
                "- **Keys:** {}",
                docs::list(scalar.keys.iter().map(|k| k.value.as_str()))
            ));
        }
    }
    Common {
        expires: scalar.expires.as_ref(),
        owners: scalar
            .notification_emails
            .iter()
            .map(|e| e.value.as_str())
            .collect(),
        bugs: scalar.bug_numbers.iter().map(|b| b.value).collect(),
        processes: scalar
            .record_in_processes
            .iter()
            .map(|p| p.value.as_str())
            .collect(),
        products: scalar
            .products
            .as_ref()
            .map(|p| p.iter().map(|p| p.value.as_str()).collect()),
        collection: scalar.collection.value,
    }
    .write(&mut doc);
    let main_store = scalar.record_into_store.is_empty()
        || scalar.record_into_store.iter().any(|s| s.value == "main");
    if !main_store {
        doc.markdown(format!(
            "- **Stores:** {} (not `main`)",
            docs::list(scalar.record_into_store.iter().map(|s| s.value.as_str()))
        ));
    }

    let mut items = TokenStream::new();
    let mut enums = TokenStream::new();
    let key_type = if scalar.keyed && !scalar.keys.is_empty() {
        let enum_name = ident(&naming::scalar_key_enum(scalar));
        let enum_doc = format!(" The declared keys of [`{static_name}`].");
        enums.extend(value_enum(
            &enum_name,
            quote!(#[doc = #enum_doc]),
            &scalar.keys,
            EnumRole::Key,
        ));
        Some(quote!(#enum_name))
    } else {
        None
    };

    let expired = ctx.expired(&label, scalar.expires.as_ref(), scalar.is_test_probe());
    let keyed_string = scalar.keyed && kind == ScalarKind::String;
    if expired.is_some() || keyed_string || !main_store {
        ctx.inert_used = true;
        let root = to_root(depth);
        let inert = ident(fixed::INERT);
        let marker = ident(match kind {
            ScalarKind::Uint => "Uint",
            ScalarKind::Boolean => "Bool",
            ScalarKind::String => "Str",
        });
        let shape = match (&key_type, scalar.keyed) {
            (Some(keys), _) => quote!(#root::#inert::Keyed<#keys>),
            (None, true) => quote!(#root::#inert::Open),
            (None, false) => quote!(#root::#inert::Plain),
        };
        doc.blank();
        let deprecated = match &expired {
            Some(expired) => {
                doc.markdown(expired.doc.clone());
                expired.attr()
            }
            None if keyed_string => {
                doc.markdown("**Never records:** Firefox creates no storage for a keyed string scalar, so this handle does nothing.");
                TokenStream::new()
            }
            None => {
                doc.markdown(super::histograms::NOT_MAIN_STORE);
                TokenStream::new()
            }
        };
        let attrs = ctx.doc(&doc);
        items.extend(quote! {
            #attrs
            #deprecated
            pub static #static_name: #root::#inert::Scalar<#root::#inert::#marker, #shape> =
                #root::#inert::Scalar::NEW;
        });
        items.extend(enums);
        tree.module(&modules)
            .push(items, TokenStream::new(), TokenStream::new());
        return;
    }

    let (storage, constructor) = match (kind, &key_type, scalar.keyed) {
        (ScalarKind::Uint, Some(keys), _) => {
            let kn = super::usize_lit(scalar.keys.len());
            (
                quote!(#rt::KeyedUintScalar<#keys, #kn>),
                quote!(#rt::KeyedUintScalar::new),
            )
        }
        (ScalarKind::Boolean, Some(keys), _) => {
            let kn = super::usize_lit(scalar.keys.len());
            (
                quote!(#rt::KeyedBoolScalar<#keys, #kn>),
                quote!(#rt::KeyedBoolScalar::new),
            )
        }
        (ScalarKind::Uint, None, true) => (
            quote!(#rt::OpenKeyedUintScalar),
            quote!(#rt::OpenKeyedUintScalar::new),
        ),
        (ScalarKind::Boolean, None, true) => (
            quote!(#rt::OpenKeyedBoolScalar),
            quote!(#rt::OpenKeyedBoolScalar::new),
        ),
        (ScalarKind::Uint, _, false) => (quote!(#rt::UintScalar), quote!(#rt::UintScalar::new)),
        (ScalarKind::Boolean, _, false) => (quote!(#rt::BoolScalar), quote!(#rt::BoolScalar::new)),
        // Keyed string scalars returned above.
        (ScalarKind::String, _, _) => (quote!(#rt::StringScalar), quote!(#rt::StringScalar::new)),
    };
    let meta_module = ident(fixed::META);
    let attrs = ctx.doc(&doc);
    items.extend(quote! {
        #attrs
        pub static #static_name: #storage = #constructor(&#meta_module::#static_name);
    });
    items.extend(enums);

    let runtime_kind = ident(match kind {
        ScalarKind::Uint => "Uint",
        ScalarKind::Boolean => "Boolean",
        ScalarKind::String => "String",
    });
    let keys = str_slice(scalar.keys.iter().map(|k| k.value.as_str()));
    let record_in = super::process_set(&scalar.record_in_processes);
    let products = super::product_set(scalar.products.as_deref());
    let collection = super::collection(scalar.collection.value);
    let meta = quote! {
        pub(super) static #static_name: ScalarMeta = ScalarMeta {
            name: #label,
            kind: ScalarKind::#runtime_kind,
            keys: #keys,
            record_in: #record_in,
            products: #products,
            collection: #collection,
        };
    };
    tree.module(&modules).push(items, meta, TokenStream::new());

    let mut path = vec![fixed::SCALARS.to_string()];
    path.extend(modules);
    path.push(naming::scalar_static(scalar));
    ctx.registered.push(path);
}
