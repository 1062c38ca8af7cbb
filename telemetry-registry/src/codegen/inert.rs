//! Zero-sized handles for probes that record nothing: expired probes (`#[deprecated]` at their
//! static) and keyed string scalars, which Firefox never creates. Their methods have the
//! signatures of the live types and are `#[inline(always)]` no-ops, so a call compiles to
//! nothing and code that records into them keeps compiling.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, runtime};
use crate::naming::fixed;

/// One method: its name, its value parameter (none for `add()`/`set()`), and whether it
/// returns `bool` (`accumulate_label`).
struct Method {
    name: &'static str,
    value: Option<TokenStream>,
    returns_bool: bool,
}

fn method(name: &'static str, value: Option<TokenStream>) -> Method {
    Method {
        name,
        value,
        returns_bool: false,
    }
}

fn methods(shape_key: &Option<TokenStream>, list: &[Method]) -> TokenStream {
    let mut out = TokenStream::new();
    for m in list {
        let name = ident(m.name);
        let key = shape_key.as_ref().map(|k| quote!(_key: #k,));
        let value = m.value.as_ref().map(|v| quote!(_value: #v));
        if m.returns_bool {
            out.extend(quote! {
                #[inline(always)]
                pub fn #name(&self, #key #value) -> ::core::primitive::bool { false }
            });
        } else {
            out.extend(quote! {
                #[inline(always)]
                pub fn #name(&self, #key #value) {}
            });
        }
    }
    out
}

/// The `__inert` module.
pub(super) fn module() -> TokenStream {
    let rt = runtime();
    let name = ident(fixed::INERT);
    let u32_ty = quote!(::core::primitive::u32);
    let bool_ty = quote!(::core::primitive::bool);
    let str_ty = quote!(&::core::primitive::str);

    // (kind marker type, generic parameters it needs, methods)
    let histogram_kinds: Vec<(TokenStream, Option<TokenStream>, Vec<Method>)> = vec![
        (
            quote!(#rt::Exponential),
            None,
            vec![
                method("accumulate", Some(u32_ty.clone())),
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
        (
            quote!(#rt::Linear),
            None,
            vec![
                method("accumulate", Some(u32_ty.clone())),
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
        (
            quote!(#rt::Enumerated),
            None,
            vec![
                method("accumulate", Some(u32_ty.clone())),
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
        (
            quote!(#rt::Categorical<L>),
            Some(quote!(L)),
            vec![
                method("accumulate", Some(quote!(L))),
                Method {
                    name: "accumulate_label",
                    value: Some(str_ty.clone()),
                    returns_bool: true,
                },
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
        (
            quote!(#rt::Boolean),
            None,
            vec![
                method("accumulate", Some(bool_ty.clone())),
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
        (
            quote!(#rt::Count),
            None,
            vec![
                method("add", None),
                method("accumulate", Some(u32_ty.clone())),
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
        (
            quote!(#rt::Flag),
            None,
            vec![
                method("set", None),
                method("accumulate_raw", Some(u32_ty.clone())),
            ],
        ),
    ];
    let scalar_kinds: Vec<(TokenStream, Vec<Method>)> = vec![
        (
            quote!(Uint),
            vec![
                method("add", Some(u32_ty.clone())),
                method("set", Some(u32_ty.clone())),
                method("set_maximum", Some(u32_ty.clone())),
            ],
        ),
        (quote!(Bool), vec![method("set", Some(bool_ty.clone()))]),
        (quote!(Str), vec![method("set", Some(str_ty.clone()))]),
    ];

    // (shape type, generic parameter, key parameter)
    let shapes: Vec<(TokenStream, Option<TokenStream>, Option<TokenStream>)> = vec![
        (quote!(Plain), None, None),
        (quote!(Keyed<K>), Some(quote!(K)), Some(quote!(K))),
        (quote!(Open), None, Some(str_ty.clone())),
    ];

    let mut impls = TokenStream::new();
    for (kind, kind_generic, list) in &histogram_kinds {
        for (shape, shape_generic, key) in &shapes {
            let generics: Vec<&TokenStream> = kind_generic.iter().chain(shape_generic).collect();
            let generics = if generics.is_empty() {
                TokenStream::new()
            } else {
                quote!(<#(#generics),*>)
            };
            let body = methods(key, list);
            impls.extend(quote! {
                impl #generics Histogram<#kind, #shape> {
                    #body
                }
            });
        }
    }
    for (kind, list) in &scalar_kinds {
        for (shape, shape_generic, key) in &shapes {
            let body = methods(key, list);
            let generics = match shape_generic {
                Some(g) => quote!(<#g>),
                None => TokenStream::new(),
            };
            impls.extend(quote! {
                impl #generics Scalar<#kind, #shape> {
                    #body
                }
            });
        }
    }

    quote! {
        /// Zero-sized handles of probes that record nothing (expired, or keyed string
        /// scalars): the API of the live types, as `#[inline(always)]` no-ops.
        #[doc(hidden)]
        pub mod #name {
            use ::core::marker::PhantomData;

            /// A plain probe.
            pub struct Plain;
            /// A probe with declared keys `K`.
            pub struct Keyed<K>(PhantomData<fn(K)>);
            /// A probe with open (string) keys.
            pub struct Open;
            /// Scalar kinds.
            pub struct Uint;
            pub struct Bool;
            pub struct Str;

            /// A histogram of kind `M` and shape `S` that records nothing.
            pub struct Histogram<M, S>(PhantomData<fn() -> (M, S)>);

            impl<M, S> Histogram<M, S> {
                pub const NEW: Self = Histogram(PhantomData);
            }

            /// A scalar of kind `T` and shape `S` that records nothing.
            pub struct Scalar<T, S>(PhantomData<fn() -> (T, S)>);

            impl<T, S> Scalar<T, S> {
                pub const NEW: Self = Scalar(PhantomData);
            }

            #impls
        }
    }
}
