//! The registry of windows over the main screen: [`Overlay`], the one value `App::overlay`
//! holds.
//!
//! Each screen is one module of `screens/` implementing [`Screen`]. The `screens!` table at
//! the bottom lists it once, as `Variant(module::Type)`, optionally `on Command, …` (the
//! main-screen commands that open it through [`Screen::open`]). From that one line the macro
//! declares the module (`pub mod module;`, the file `screens/module.rs`), makes the `Overlay`
//! variant (boxed), the dispatch to the trait ([`Overlay::screen`], [`Overlay::screen_mut`])
//! and the opening by command ([`open`]).
//!
//! Why an enum rather than `Box<dyn Screen>`: tests and callers can still match on a variant
//! (`Overlay::Tokens(s)` → `s.stage`) without downcasting, and every variant is named in one
//! place. The rest of the code reaches a screen only through the trait, except for the
//! answers of the import's and export's background jobs, handed to those screens by type.

use super::keys::Command;
use super::screen::{Ctx, Screen};

/// Declares the screens' modules and [`Overlay`] from the table of screens.
macro_rules! screens {
    (
        $( $(#[$doc:meta])* $variant:ident($module:ident::$ty:ident) $(on $($cmd:ident),+)?; )*
    ) => {
        // Each registered screen's module: `screens/<module>.rs`.
        $( pub mod $module; )*

        /// A window drawn over the main screen; it takes the keys while open.
        pub enum Overlay {
            $( $(#[$doc])* $variant(Box<$module::$ty>), )*
        }

        impl Overlay {
            /// The open window as a [`Screen`].
            pub fn screen(&self) -> &dyn Screen {
                match self {
                    $( Overlay::$variant(s) => &**s, )*
                }
            }

            /// The open window as a [`Screen`].
            pub fn screen_mut(&mut self) -> &mut dyn Screen {
                match self {
                    $( Overlay::$variant(s) => &mut **s, )*
                }
            }
        }

        /// Every main-screen command that opens a registered screen, in table order (tests
        /// open each screen through it).
        pub const OPENED_BY: &[Command] = &[ $( $( $( Command::$cmd, )+ )? )* ];

        /// The screen `cmd` opens: `None` if no screen is opened by it, `Some(None)` if the
        /// screen had nothing to show.
        pub fn open(cmd: Command, ctx: &mut Ctx) -> Option<Option<Overlay>> {
            match cmd {
                $( $( $( Command::$cmd )|+ => Some(
                    <$module::$ty as Screen>::open(cmd, ctx)
                        .map(|s| Overlay::$variant(Box::new(s)))
                ), )? )*
                _ => None,
            }
        }
    };
}

// The registry: one line per screen.
screens! {
    /// The help, generated from the keymap.
    Help(help::Help) on Help;
    /// A QR code of the selected account.
    Qr(qr::Qr) on Qr;
    /// Who got codes of an account through the API.
    OtpLog(otp_log::OtpLogView) on OtpLog;
    /// The API's personal access tokens.
    Tokens(tokens::TokensScreen) on Tokens;
    /// An account's details (`i`).
    Details(details::Details) on Details;
    /// The add/edit form.
    Form(form::AccountForm) on Add, Edit;
    /// "Delete this account?"
    Delete(delete::DeleteAccount) on Delete;
    /// "Show the secret?", then the secret.
    Reveal(reveal::Reveal) on Reveal;
    /// Pick a group for the selected account.
    MoveTo(move_to::Picker) on MoveToGroup;
    /// Manage groups.
    Groups(groups::GroupsPane) on Groups;
    /// Import accounts from a file.
    Import(import::ImportScreen) on Import;
    /// Export accounts to a file.
    Export(export::ExportScreen) on Export;
}
