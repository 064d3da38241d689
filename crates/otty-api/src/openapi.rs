//! otty's own OpenAPI 3.1 document (`assets/openapi.json`), compiled in and served at
//! `GET /api/v1/openapi.json`. A test checks it against [`super::routes`] both ways.

/// The document, as shipped.
pub const DOCUMENT: &str = include_str!("../../../assets/openapi.json");
