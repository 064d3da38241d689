//! Integration tests of the REST API over real HTTP on 127.0.0.1:0.
//!
//! Each test starts its own server on an in-memory (or temporary file) vault through
//! `otty::api::serve`, which binds before it spawns, so there are no sleeps. Modules group the
//! tests by resource; `common` holds the client helpers.

#[path = "api/common.rs"]
mod common;

#[path = "api/accounts.rs"]
mod accounts;
#[path = "api/bodies.rs"]
mod bodies;
#[path = "api/budgets.rs"]
mod budgets;
#[path = "api/clients.rs"]
mod clients;
#[path = "api/code_params.rs"]
mod code_params;
#[path = "api/compat.rs"]
mod compat;
#[path = "api/extensions.rs"]
mod extensions;
#[path = "api/groups.rs"]
mod groups;
#[path = "api/guards.rs"]
mod guards;
#[path = "api/hygiene.rs"]
mod hygiene;
#[path = "api/integrity.rs"]
mod integrity;
#[path = "api/misc.rs"]
mod misc;
#[path = "api/openapi.rs"]
mod openapi;
#[path = "api/otp.rs"]
mod otp;
#[path = "api/scopes.rs"]
mod scopes;
