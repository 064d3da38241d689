//! The user at the other end of a Unix socket: `SO_PEERCRED` on Linux (rustix's safe call),
//! `getpeereid` elsewhere (the core's `hardening`, the one module allowed `unsafe`). The
//! agent serves only its own user; anyone else's connection is closed before a byte is read
//! or written, so it learns nothing, not even which vaults are unlocked.

use std::io;
use std::os::unix::net::UnixStream;

/// The uid of the process at the other end of `stream`.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn uid_of(stream: &UnixStream) -> io::Result<u32> {
    Ok(rustix::net::sockopt::socket_peercred(stream)?.uid.as_raw())
}

/// The uid of the process at the other end of `stream`.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn uid_of(stream: &UnixStream) -> io::Result<u32> {
    use std::os::fd::AsRawFd;
    otty_core::hardening::peer_uid(stream.as_raw_fd())
}

/// Whether the other end of `stream` runs as this process's user.
pub fn is_same_user(stream: &UnixStream) -> bool {
    uid_of(stream).is_ok_and(|uid| uid == crate::place::uid())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_of_our_own_is_the_same_user() {
        let (a, b) = UnixStream::pair().unwrap();
        assert_eq!(uid_of(&a).unwrap(), crate::place::uid());
        assert!(is_same_user(&b));
    }
}
