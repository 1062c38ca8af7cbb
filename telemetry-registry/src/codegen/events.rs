//! Events: `probes::events::<category modules>::<method>_<object>(value, extra)`, one function
//! per (method, object) pair, a struct of the event's extra keys, and the runtime probe in the
//! module's hidden `__events`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::{Common, Ctx, Tree, ident, runtime, str_slice, usize_lit};
use crate::model::Event;
use crate::naming::{self, fixed};

pub(super) fn generate(ctx: &mut Ctx<'_>, tree: &mut Tree, event: &Event) {
    let rt = runtime();
    let id = format!("{}.{}", event.category.value, event.name.value);
    let modules = naming::category_modules(&event.category.value);

    let mut common_doc = Doc::new();
    Common {
        expires: event.expires.as_ref(),
        owners: event
            .notification_emails
            .iter()
            .map(|e| e.value.as_str())
            .collect(),
        bugs: event.bug_numbers.iter().map(|b| b.value).collect(),
        processes: event
            .record_in_processes
            .iter()
            .map(|p| p.value.as_str())
            .collect(),
        products: event
            .products
            .as_ref()
            .map(|p| p.iter().map(|p| p.value.as_str()).collect()),
        collection: event.collection.value,
    }
    .write(&mut common_doc);

    let mut items = TokenStream::new();
    let str_ty = quote!(::core::primitive::str);

    // The extras struct.
    let extra_struct: Option<Ident> = if event.extra_keys.is_empty() {
        None
    } else {
        let name = ident(&naming::event_extra_struct(event));
        let fields: Vec<Ident> = event
            .extra_keys
            .iter()
            .map(|k| ident(&naming::extra_field(&k.name.value)))
            .collect();
        let keys: Vec<&str> = event
            .extra_keys
            .iter()
            .map(|k| k.name.value.as_str())
            .collect();
        let field_docs = event.extra_keys.iter().map(|k| {
            let mut doc = Doc::new();
            doc.markdown(format!("{}:", docs::code(&k.name.value)));
            if let Some(description) = &k.description {
                doc.text(description);
            }
            ctx.doc(&doc)
        });
        let n = usize_lit(fields.len());
        let struct_doc = format!(
            " The extra keys of event {}. Every key is optional (`None` leaves it out); list \
             them all, or end with `..Default::default()`. Values are cut to 80 bytes.",
            docs::code(&id)
        );
        items.extend(quote! {
            #[doc = #struct_doc]
            #[derive(
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::fmt::Debug,
                ::core::default::Default,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash
            )]
            pub struct #name<'a> {
                #( #field_docs pub #fields: ::core::option::Option<&'a #str_ty>, )*
            }

            impl<'a> #name<'a> {
                /// Records the event with the extras that are present, in key order.
                #[doc(hidden)]
                #[inline]
                pub fn __record(
                    self,
                    probe: &#rt::EventProbe,
                    method: ::core::primitive::usize,
                    object: ::core::primitive::usize,
                    value: ::core::option::Option<&#str_ty>,
                ) {
                    let mut pairs = [("", ""); #n];
                    let mut len = 0;
                    #(
                        if let ::core::option::Option::Some(value) = self.#fields {
                            if let ::core::option::Option::Some(slot) = pairs.get_mut(len) {
                                *slot = (#keys, value);
                                len += 1;
                            }
                        }
                    )*
                    let _ = probe.record(method, object, value, pairs.get(..len).unwrap_or(&[]));
                }
            }
        });
        Some(name)
    };

    let expired = ctx.expired(&id, event.expires.as_ref(), event.is_test_probe());
    let static_name = ident(&naming::event_static(event));
    let probes_module = ident(fixed::EVENT_PROBES);

    for (method_index, method) in event.methods.iter().enumerate() {
        for (object_index, object) in event.objects.iter().enumerate() {
            let function = ident(&naming::event_function(&method.value, &object.value));
            let mut doc = Doc::new();
            if let Some(description) = &event.description {
                doc.text(description);
            }
            doc.blank();
            doc.markdown(format!(
                "Records event {}: method {}, object {}, with an optional value{}.",
                docs::code(&event.category.value),
                docs::code(&method.value),
                docs::code(&object.value),
                if extra_struct.is_some() {
                    " and extras"
                } else {
                    ""
                }
            ));
            doc.blank();
            if !event.extra_keys.is_empty() {
                doc.markdown(format!(
                    "- **Extra keys:** {}",
                    docs::list(event.extra_keys.iter().map(|k| k.name.value.as_str()))
                ));
            }
            doc.append(&common_doc);
            let value_ty = quote!(impl ::core::convert::Into<::core::option::Option<&'a #str_ty>>);
            let params = match &extra_struct {
                Some(name) => quote!(value: #value_ty, extra: #name<'a>),
                None => quote!(value: #value_ty),
            };
            if let Some(expired) = &expired {
                doc.blank();
                doc.markdown(expired.doc.clone());
                let attrs = ctx.doc(&doc);
                let deprecated = expired.attr();
                let ignore = match &extra_struct {
                    Some(_) => quote!(let _ = (value, extra);),
                    None => quote!(let _ = value;),
                };
                items.extend(quote! {
                    #attrs
                    #deprecated
                    #[inline(always)]
                    pub fn #function<'a>(#params) {
                        #ignore
                    }
                });
                continue;
            }
            let attrs = ctx.doc(&doc);
            let m = usize_lit(method_index);
            let o = usize_lit(object_index);
            let body = match &extra_struct {
                Some(_) => {
                    quote!(extra.__record(&#probes_module::#static_name, #m, #o, value.into());)
                }
                None => {
                    quote!(let _ = #probes_module::#static_name.record(#m, #o, value.into(), &[]);)
                }
            };
            items.extend(quote! {
                #attrs
                #[inline]
                pub fn #function<'a>(#params) {
                    #body
                }
            });
        }
    }

    if expired.is_some() {
        tree.module(&modules)
            .push(items, TokenStream::new(), TokenStream::new());
        return;
    }

    let meta_module = ident(fixed::META);
    let category = event.category.value.as_str();
    let methods = str_slice(event.methods.iter().map(|m| m.value.as_str()));
    let objects = str_slice(event.objects.iter().map(|o| o.value.as_str()));
    let extra_keys = str_slice(event.extra_keys.iter().map(|k| k.name.value.as_str()));
    let record_in = super::process_set(&event.record_in_processes);
    let products = super::product_set(event.products.as_deref());
    let collection = super::collection(event.collection.value);
    let meta = quote! {
        pub(super) static #static_name: EventMeta = EventMeta {
            category: #category,
            methods: #methods,
            objects: #objects,
            extra_keys: #extra_keys,
            record_in: #record_in,
            products: #products,
            collection: #collection,
        };
    };
    let probe_doc = format!(" The runtime probe of event {}.", docs::code(&id));
    let probe = quote! {
        #[doc = #probe_doc]
        pub static #static_name: #rt::EventProbe = #rt::EventProbe::new(&super::#meta_module::#static_name);
    };
    tree.module(&modules).push(items, meta, probe);

    let mut path = vec![fixed::EVENTS.to_string()];
    path.extend(modules);
    path.push(fixed::EVENT_PROBES.to_string());
    path.push(naming::event_static(event));
    ctx.registered.push(path);
}
