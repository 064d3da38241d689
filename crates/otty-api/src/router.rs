//! [`router`]: every route of the API in one table, and [`routes`], the same table as data
//! (the OpenAPI test and the "every route needs a token" test read it).
//!
//! Routes are added through a small builder that records `(method, path, access)` while it
//! builds the axum router, so the list cannot drift from what is served. A token route names
//! its minimum [`Scope`] (`.read`, `.write`, `.admin`); the builder layers [`authorize`] on
//! it: the token check and the scope check in one layer, so a code request passes through one
//! middleware fewer (each layer costs a boxed service per request).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodFilter, on};
use tower_http::catch_panic::CatchPanicLayer;

use super::auth::authorize;
use super::guard::check_host;
use super::handlers::{
    backup_codes, export, fallback, features, generate, groups, icons, migration, openapi, otp,
    qrcode, reorder, settings, twofaccounts, user, verify,
};
use super::state::AppState;
use otty_core::vault::tokens::Scope;

/// Body limit of every route but image uploads (docs/DESIGN.md, «Body limits»).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Body limit of image uploads.
pub const IMAGE_LIMIT: usize = 4 * 1024 * 1024 + 64 * 1024;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A bearer token with at least this scope is required (401 without a token, 403 with a
    /// token of a lower scope).
    Token(Scope),
    /// No token needed.
    Public,
    /// The handler authenticates itself (`/api/2fa/generate`: 401 in its own envelope).
    OwnAuth,
    /// Not documented and only served with `bench_ceiling`.
    Hidden,
}

/// One route: method, path (axum syntax, `{id}` parameters) and access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// HTTP method.
    pub method: &'static str,
    /// Full path.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

struct Builder {
    token: Router<AppState>,
    open: Router<AppState>,
    table: Vec<Route>,
    bench: bool,
    /// The state the token routes check tokens against (`None`: the table only).
    state: Option<AppState>,
}

impl Builder {
    fn add<H, T>(mut self, access: Access, method: &'static str, path: &'static str, h: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match method {
            "GET" => MethodFilter::GET,
            "POST" => MethodFilter::POST,
            "PUT" => MethodFilter::PUT,
            "PATCH" => MethodFilter::PATCH,
            _ => MethodFilter::DELETE,
        };
        self.table.push(Route {
            method,
            path,
            access,
        });
        let mut route = on(filter, h);
        if path.starts_with("/api/v1/icons")
            || path.ends_with("/decode")
            || path.ends_with("/migration")
        {
            route = route.layer(DefaultBodyLimit::max(IMAGE_LIMIT));
        }
        match access {
            Access::Token(scope) => {
                // `route_layer`: a 405 for another method of the path is not a token matter.
                if let Some(state) = &self.state {
                    let route =
                        route.route_layer(from_fn_with_state((state.clone(), scope), authorize));
                    self.token = self.token.route(path, route);
                }
            }
            Access::Hidden if !self.bench => {}
            _ => self.open = self.open.route(path, route),
        }
        self
    }

    /// A route for tokens of any scope: reads that never return a secret.
    fn read<H: Handler<T, AppState>, T: 'static>(
        self,
        m: &'static str,
        p: &'static str,
        h: H,
    ) -> Self {
        self.add(Access::Token(Scope::Read), m, p, h)
    }

    /// A route that changes accounts, groups, icons or preferences: `write` or `admin`.
    fn write<H: Handler<T, AppState>, T: 'static>(
        self,
        m: &'static str,
        p: &'static str,
        h: H,
    ) -> Self {
        self.add(Access::Token(Scope::Write), m, p, h)
    }

    /// A route that returns secrets or changes settings: `admin` only.
    fn admin<H: Handler<T, AppState>, T: 'static>(
        self,
        m: &'static str,
        p: &'static str,
        h: H,
    ) -> Self {
        self.add(Access::Token(Scope::Admin), m, p, h)
    }
}

fn build(bench: bool, state: Option<AppState>) -> Builder {
    use Access::{Hidden, OwnAuth, Public};
    let b = Builder {
        token: Router::new(),
        open: Router::new(),
        table: Vec::new(),
        bench,
        state,
    };
    const A: &str = "/api/v1/twofaccounts";
    b
        // twofaccounts: static segments
        .read("GET", A, twofaccounts::index)
        .write("POST", A, twofaccounts::store)
        .write("DELETE", A, twofaccounts::destroy_many)
        .read("GET", "/api/v1/twofaccounts/count", twofaccounts::count)
        .read(
            "POST",
            "/api/v1/twofaccounts/preview",
            twofaccounts::preview,
        )
        .read("POST", "/api/v1/twofaccounts/otp", otp::generate)
        .admin("GET", "/api/v1/twofaccounts/export", export::export)
        .write("POST", "/api/v1/twofaccounts/reorder", reorder::accounts)
        .write(
            "PATCH",
            "/api/v1/twofaccounts/withdraw",
            twofaccounts::withdraw,
        )
        .admin("POST", "/api/v1/twofaccounts/migration", migration::migrate)
        // twofaccounts/{id}
        .read("GET", "/api/v1/twofaccounts/{id}", twofaccounts::show)
        .write("PUT", "/api/v1/twofaccounts/{id}", twofaccounts::update)
        .write("PATCH", "/api/v1/twofaccounts/{id}", twofaccounts::update)
        .write("DELETE", "/api/v1/twofaccounts/{id}", twofaccounts::destroy)
        .read("GET", "/api/v1/twofaccounts/{id}/otp", otp::show)
        .admin("GET", "/api/v1/twofaccounts/{id}/qrcode", qrcode::account)
        .read("GET", "/api/v1/twofaccounts/{id}/otp-logs", otp::logs)
        .write("POST", "/api/v1/twofaccounts/{id}/verify", verify::verify)
        .admin(
            "GET",
            "/api/v1/twofaccounts/{id}/backup-codes",
            backup_codes::show,
        )
        .write(
            "PUT",
            "/api/v1/twofaccounts/{id}/backup-codes",
            backup_codes::replace,
        )
        .write(
            "POST",
            "/api/v1/twofaccounts/{id}/backup-codes/use",
            backup_codes::use_code,
        )
        // groups
        .read("GET", "/api/v1/groups", groups::index)
        .write("POST", "/api/v1/groups", groups::store)
        .write("POST", "/api/v1/groups/reorder", reorder::groups)
        .read("GET", "/api/v1/groups/{id}", groups::show)
        .write("PUT", "/api/v1/groups/{id}", groups::update)
        .write("PATCH", "/api/v1/groups/{id}", groups::update)
        .write("DELETE", "/api/v1/groups/{id}", groups::destroy)
        .write("POST", "/api/v1/groups/{id}/assign", groups::assign)
        .read("GET", "/api/v1/groups/{id}/twofaccounts", groups::accounts)
        // qr codes and icons
        .read("POST", "/api/v1/qrcode/decode", qrcode::decode)
        .write("POST", "/api/v1/icons", icons::upload)
        .write("POST", "/api/v1/icons/default", icons::official)
        .read("GET", "/api/v1/icons/packs", icons::packs)
        .read("GET", "/api/v1/icons/{filename}", icons::show)
        .write("DELETE", "/api/v1/icons/{filename}", icons::destroy)
        .add(Public, "GET", "/storage/icons/{filename}", icons::public)
        .add(Public, "GET", "/storage/noicon.svg", icons::placeholder)
        // user, preferences, settings, features
        .read("GET", "/api/v1/user", user::show)
        .add(Public, "GET", "/api/v1/user/name", user::name)
        .read("GET", "/api/v1/user/preferences", user::preferences)
        .read(
            "GET",
            "/api/v1/user/preferences/{name}",
            user::show_preference,
        )
        .write(
            "PUT",
            "/api/v1/user/preferences/{name}",
            user::set_preference,
        )
        .read("GET", "/api/v1/settings", settings::index)
        .admin("POST", "/api/v1/settings", settings::store)
        .read("GET", "/api/v1/settings/{name}", settings::show)
        .admin("PUT", "/api/v1/settings/{name}", settings::update)
        .admin("DELETE", "/api/v1/settings/{name}", settings::destroy)
        .read("GET", "/api/v1/features", features::index)
        .read("GET", "/api/v1/features/{name}", features::show)
        // documents and extensions outside /api/v1
        .add(Public, "GET", "/api/v1/openapi.json", openapi::document)
        .add(OwnAuth, "POST", "/api/2fa/generate", generate::generate)
        .add(Hidden, "GET", "/api/v1/_ping", fallback::ping)
}

/// Every route, including the hidden benchmark route (marked [`Access::Hidden`]).
pub fn routes() -> Vec<Route> {
    build(true, None).table
}

/// A handler panicked: 500 with 2FAuth's server-error body; the panic message (which never
/// holds request data) goes to the log.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    super::error::ApiError::Internal("a handler panicked".to_owned()).into_response()
}

/// The application: every route with its guards, over `state`.
pub fn router(state: AppState) -> Router {
    let b = build(state.config.bench_ceiling, Some(state.clone()));
    let protected = b.token;
    let mut app = b
        .open
        .merge(protected)
        .fallback(fallback::unknown)
        .method_not_allowed_fallback(fallback::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let config = &state.config;
    if let Some(cors) = super::cors::layer(&config.cors_origins, config.extension_origins) {
        app = app.layer(cors);
    }
    app.layer(from_fn_with_state(state.clone(), check_host))
        // A bug must cost one request a 500, never the connection or the server.
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}
