//! The import report: one line per entry (`new`, `duplicate` or `invalid: reason`) and a
//! summary line, or the same as one JSON object with `--json`. Names and reasons only: no
//! secret ever appears.

use serde::Serialize;

use crate::cli::error::Result;
use crate::cli::output::Out;
use crate::core::import::ImportBatch;
use crate::core::import::plan::Status;

/// One entry of the report.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Position in the file, from 1.
    pub index: usize,
    /// `new`, `duplicate` or `invalid`.
    pub status: &'static str,
    /// Why an invalid entry was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Service (valid entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Account name (valid entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// `totp`, `hotp` or `steamtotp` (valid entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otp_type: Option<&'static str>,
    /// Group named in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Id of the account added (not on a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Format id (`aegis`, `2fas`, …).
    pub format: &'static str,
    /// Whether the file was encrypted.
    pub encrypted: bool,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// Entries in file order.
    pub entries: Vec<Row>,
    /// Number of new entries.
    pub new: usize,
    /// Number of duplicates.
    pub duplicate: usize,
    /// Number of invalid entries.
    pub invalid: usize,
    /// Accounts written to the vault.
    pub added: usize,
    /// Names of the groups the import created.
    pub groups_created: Vec<String>,
    /// Icon images stored with the accounts.
    pub icons_stored: usize,
    #[serde(skip)]
    format_name: String,
}

impl Report {
    /// The report of `batch` classified as `statuses`; ids, when written, set later.
    pub fn new(batch: &ImportBatch, statuses: &[Status], dry_run: bool) -> Self {
        let entries: Vec<Row> = batch
            .entries
            .iter()
            .zip(statuses)
            .enumerate()
            .map(|(i, (e, s))| {
                let ok = e.account.as_ref().ok();
                Row {
                    index: i + 1,
                    status: match s {
                        Status::New => "new",
                        Status::Duplicate => "duplicate",
                        Status::Invalid(_) => "invalid",
                    },
                    reason: match s {
                        Status::Invalid(r) => Some(r.clone()),
                        _ => None,
                    },
                    service: ok.map(|a| a.service.clone()),
                    account: ok.map(|a| a.account.clone()),
                    otp_type: ok.map(|a| a.otp.kind.as_str()),
                    group: e.group.clone(),
                    id: None,
                }
            })
            .collect();
        let count = |status: &str| entries.iter().filter(|r| r.status == status).count();
        Report {
            format: batch.format.id(),
            encrypted: batch.encrypted,
            dry_run,
            new: count("new"),
            duplicate: count("duplicate"),
            invalid: count("invalid"),
            entries,
            added: 0,
            groups_created: Vec::new(),
            icons_stored: 0,
            format_name: batch.format.to_string(),
        }
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}{}: {} new, {} duplicate, {} invalid; ",
            self.format_name,
            if self.encrypted { " (encrypted)" } else { "" },
            self.new,
            self.duplicate,
            self.invalid
        );
        if self.dry_run {
            s.push_str("dry run, nothing was written");
        } else {
            s.push_str(&format!("{} added", plural(self.added, "account")));
            if !self.groups_created.is_empty() {
                s.push_str(&format!(
                    ", {} created",
                    plural(self.groups_created.len(), "group")
                ));
            }
            if self.icons_stored > 0 {
                s.push_str(&format!(", {} stored", plural(self.icons_stored, "icon")));
            }
        }
        s
    }

    /// Print the report as lines, or as JSON.
    pub fn print(&self, json: bool) -> Result<()> {
        let mut out = Out::new();
        if json {
            out.json(self)?;
            return out.finish();
        }
        for r in &self.entries {
            let line = match &r.reason {
                Some(reason) => format!("{:>4}  invalid: {reason}", r.index),
                None => {
                    let mut l = format!(
                        "{:>4}  {:<9}  {}  {}",
                        r.index,
                        r.status,
                        r.service.as_deref().unwrap_or(""),
                        r.account.as_deref().unwrap_or("")
                    );
                    if let Some(g) = &r.group {
                        l.push_str(&format!("  [{g}]"));
                    }
                    l
                }
            };
            out.line(line.trim_end())?;
        }
        out.line(self.summary())?;
        out.finish()
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
