//! The registry of windows over the main screen: [`Overlay`], the one value `App::overlay`
//! holds.
//!
//! Each screen is one module of `screens/` implementing [`Screen`] (declared by its `pub mod`
//! line below); the `screens!` table lists it once, as `Variant(module::Type)`, optionally
//! `on Command` (the main-screen command that opens it through [`Screen::open`]). From that
//! one line the macro makes the `Overlay` variant (boxed), the dispatch to the trait
//! ([`Overlay::screen`], [`Overlay::screen_mut`]) and the opening by command ([`open`]).
//!
//! Why an enum rather than `Box<dyn Screen>`: tests and callers can still match on a variant
//! (`Overlay::Tokens(s)` → `s.stage`) without downcasting, and every variant is named in one
//! place. The rest of the code reaches a screen only through the trait.
//!
//! Windows not converted yet (the form, confirmations, the group picker and groups screen,
//! import and export) are the `legacy` variants: their keys are still in `update/overlay.rs`
//! and their drawing in `ui/`.

use super::export::ExportScreen;
use super::form::AccountForm;
use super::groups::{GroupsPane, Picker};
use super::import::ImportScreen;
use super::keys::Command;
use super::screen::{Ctx, Screen};

pub mod help;
pub mod otp_log;
pub mod qr;
pub mod secret;
pub mod tokens;

/// A question waiting for `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Delete this account (id, label).
    Delete(i64, String),
    /// Reveal the secret of this account (id, label).
    Reveal(i64, String),
}

/// Declares [`Overlay`] from the table of screens.
macro_rules! screens {
    (
        legacy {
            $( $(#[$ldoc:meta])* $lvariant:ident($lty:ty), )*
        }
        $( $(#[$doc:meta])* $variant:ident($module:ident::$ty:ident) $(on $cmd:ident)?, )*
    ) => {
        /// A window drawn over the main screen; it takes the keys while open.
        pub enum Overlay {
            $( $(#[$doc])* $variant(Box<$module::$ty>), )*
            $( $(#[$ldoc])* $lvariant($lty), )*
        }

        impl Overlay {
            /// The open window as a [`Screen`], unless it is a legacy one.
            pub fn screen(&self) -> Option<&dyn Screen> {
                match self {
                    $( Overlay::$variant(s) => Some(&**s), )*
                    _ => None,
                }
            }

            /// The open window as a [`Screen`], unless it is a legacy one.
            pub fn screen_mut(&mut self) -> Option<&mut dyn Screen> {
                match self {
                    $( Overlay::$variant(s) => Some(&mut **s), )*
                    _ => None,
                }
            }
        }

        /// The screen `cmd` opens: `None` if no screen is opened by it, `Some(None)` if the
        /// screen had nothing to show.
        pub fn open(cmd: Command, ctx: &mut Ctx) -> Option<Option<Overlay>> {
            match cmd {
                $( $( Command::$cmd => Some(
                    <$module::$ty as Screen>::open(ctx).map(|s| Overlay::$variant(Box::new(s)))
                ), )? )*
                _ => None,
            }
        }
    };
}

// The registry: one line per screen (after the legacy windows, not converted yet).
screens! {
    legacy {
        /// The add/edit form.
        Form(Box<AccountForm>),
        /// A yes/no question.
        Confirm(Confirm),
        /// Pick a group for the selected account.
        MoveTo(Picker),
        /// Manage groups.
        Groups(GroupsPane),
        /// Import accounts from a file.
        Import(Box<ImportScreen>),
        /// Export accounts to a file.
        Export(Box<ExportScreen>),
    }
    /// The help, generated from the keymap.
    Help(help::Help) on Help,
    /// A QR code of the selected account.
    Qr(qr::Qr) on Qr,
    /// The secret of an account, after `Confirm::Reveal`.
    Secret(secret::Secret),
    /// Who got codes of an account through the API.
    OtpLog(otp_log::OtpLogView) on OtpLog,
    /// The API's personal access tokens.
    Tokens(tokens::TokensScreen) on Tokens,
}
