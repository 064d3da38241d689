//! Process hardening: the one module allowed `unsafe` (`unsafe_code` is denied everywhere else).
//!
//! - [`disable_core_dumps_and_ptrace`], called first thing by `main`: no core file can carry the
//!   vault key to disk, and no same-user process can attach a debugger or read our memory.
//!   Linux: `prctl(PR_SET_DUMPABLE, 0)` (this also denies `ptrace` attach to non-root processes
//!   of the same user and makes `/proc/<pid>/{mem,environ,…}` owned by root) and
//!   `RLIMIT_CORE = 0`. macOS: `ptrace(PT_DENY_ATTACH)` and `RLIMIT_CORE = 0`. Other Unix:
//!   `RLIMIT_CORE = 0`. Windows: nothing.
//! - [`Locked`]: a heap value `mlock`ed where the OS allows it (so it is never swapped out),
//!   wiped and unlocked on drop. Pages are counted, so two values sharing a page do not unlock
//!   each other. It has no `Debug`. `core::crypto` keeps the key material in it.
//! - [`loose_permissions`]: whether the vault file is readable or writable by other users.
//! - [`open_file_limit`]: the process's soft limit on open files (the API sizes its
//!   connection cap to it).
//! - [`release_free_memory`]: free allocator memory back to the OS (after an unlock).
//! - `peer_uid`: the user at the other end of a Unix socket where there is no `SO_PEERCRED`
//!   (`getpeereid`, macOS and the BSDs; Linux uses rustix's safe call in the agent crate).
//!
//! Each `unsafe` block carries a `SAFETY` comment.

#![allow(unsafe_code)]

use std::collections::BTreeMap;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::ops::{Deref, DerefMut, RangeInclusive};
use std::path::Path;
use std::sync::{Mutex, Once};

/// A protection the OS refused. Never fatal: `main` logs it as a warning.
#[derive(Debug, thiserror::Error)]
pub enum HardenError {
    /// `prctl(PR_SET_DUMPABLE, 0)` failed (Linux).
    #[error("cannot mark the process non-dumpable: {0}")]
    Dumpable(std::io::Error),
    /// `ptrace(PT_DENY_ATTACH)` failed (macOS).
    #[error("cannot deny debugger attachment: {0}")]
    DenyAttach(std::io::Error),
    /// `setrlimit(RLIMIT_CORE, 0)` failed.
    #[error("cannot set the core file size limit to 0: {0}")]
    CoreLimit(std::io::Error),
}

/// Turn off core dumps and debugger attachment for this process. Every step is tried; the
/// first failure is returned.
pub fn disable_core_dumps_and_ptrace() -> Result<(), HardenError> {
    let attach = deny_attach();
    let core = no_core_files();
    attach.and(core)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn deny_attach() -> Result<(), HardenError> {
    let zero: libc::c_ulong = 0;
    // SAFETY: PR_SET_DUMPABLE takes one integer argument (the unused ones are passed as 0) and
    // reads or writes no memory of ours.
    let rc = unsafe { libc::prctl(libc::PR_SET_DUMPABLE, zero, zero, zero, zero) };
    if rc == 0 {
        Ok(())
    } else {
        Err(HardenError::Dumpable(std::io::Error::last_os_error()))
    }
}

#[cfg(target_os = "macos")]
fn deny_attach() -> Result<(), HardenError> {
    // SAFETY: PT_DENY_ATTACH ignores pid, addr and data; no memory is read or written.
    let rc = unsafe { libc::ptrace(libc::PT_DENY_ATTACH, 0, std::ptr::null_mut(), 0) };
    if rc == 0 {
        Ok(())
    } else {
        Err(HardenError::DenyAttach(std::io::Error::last_os_error()))
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn deny_attach() -> Result<(), HardenError> {
    Ok(())
}

#[cfg(unix)]
fn no_core_files() -> Result<(), HardenError> {
    let limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, initialised rlimit that outlives the call, which only reads it.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_CORE, &limit) };
    if rc == 0 {
        Ok(())
    } else {
        Err(HardenError::CoreLimit(std::io::Error::last_os_error()))
    }
}

#[cfg(not(unix))]
fn no_core_files() -> Result<(), HardenError> {
    Ok(())
}

/// The soft limit on open file descriptors of this process (`RLIMIT_NOFILE`); `None` when it is
/// unlimited, cannot be read, or off Unix.
pub fn open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: `limit` is a valid, initialised rlimit that outlives the call, which only
        // writes it.
        let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
        if rc != 0 || limit.rlim_cur == libc::RLIM_INFINITY {
            return None;
        }
        #[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every Unix
        Some(limit.rlim_cur as u64)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Hand the allocator's free memory back to the operating system. After an unlock, the key
/// derivation's buffers are already unmapped, but the threads that decrypted the rows leave
/// free chunks in their own arenas, resident for the life of the process (about 1.6 MB at
/// 1,000 accounts). glibc: `malloc_trim(0)`, which trims every arena; elsewhere nothing.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointers and only returns whole free pages of the
    // allocator's own arenas to the kernel; it is thread-safe (each arena is locked in turn).
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The effective uid of the process at the other end of the Unix socket `fd`
/// (`getpeereid`), for the unlock agent on systems without `SO_PEERCRED`.
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
pub fn peer_uid(fd: std::os::fd::RawFd) -> std::io::Result<u32> {
    let mut uid: libc::uid_t = 0;
    let mut gid: libc::gid_t = 0;
    // SAFETY: `fd` is an open socket the caller borrows for the call; `uid` and `gid` are valid,
    // initialised integers that outlive it, and getpeereid only writes them.
    let rc = unsafe { libc::getpeereid(fd, &mut uid, &mut gid) };
    if rc == 0 {
        Ok(uid)
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The permission bits of `path` (e.g. `0o644`) when its group or other users may read or
/// write it; `None` when only the owner can, when the file cannot be read, or off Unix.
pub fn loose_permissions(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o066 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// "readable" when group or others may read a file with `mode`, else "writable".
pub fn exposure(mode: u32) -> &'static str {
    if mode & 0o044 != 0 {
        "readable"
    } else {
        "writable"
    }
}

/// The warning for a vault file with loose permissions, as the CLI prints it.
pub fn permission_warning(path: &Path, mode: u32) -> String {
    format!(
        "vault file {p} is {how} by others (mode {mode:04o}); run chmod 600 {p}",
        p = path.display(),
        how = exposure(mode)
    )
}

/// A value on the heap, locked into RAM where the OS allows it, wiped and unlocked on drop.
///
/// Build byte keys with [`Locked::zeroed`] and fill them in place, so no copy is left on the
/// stack. When `mlock` is refused (e.g. `RLIMIT_MEMLOCK`), the value still works and is still
/// wiped; the refusal is logged once at debug level. Deliberately not `Debug`.
pub struct Locked<T> {
    inner: ManuallyDrop<Box<T>>,
    locked: bool,
}

impl<T> Locked<T> {
    /// Move `value` to a new locked heap allocation.
    pub fn new(value: T) -> Self {
        let inner = Box::new(value);
        let locked = lock_region(std::ptr::from_ref::<T>(&*inner).addr(), size_of::<T>());
        Locked {
            inner: ManuallyDrop::new(inner),
            locked,
        }
    }

    /// Whether the OS agreed to lock the value's pages.
    pub fn is_locked(&self) -> bool {
        self.locked
    }
}

impl<const N: usize> Locked<[u8; N]> {
    /// `N` zero bytes, locked before anything secret is written to them.
    pub fn zeroed() -> Self {
        Self::new([0; N])
    }
}

impl<const N: usize> Clone for Locked<[u8; N]> {
    /// A second locked copy, filled in place.
    fn clone(&self) -> Self {
        let mut copy = Self::zeroed();
        copy.copy_from_slice(&self[..]);
        copy
    }
}

impl<T> Deref for Locked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for Locked<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T> Drop for Locked<T> {
    fn drop(&mut self) {
        // SAFETY: `inner` is taken exactly once, here, and never used again.
        let boxed = unsafe { ManuallyDrop::take(&mut self.inner) };
        let len = size_of::<T>();
        let raw = Box::into_raw(boxed);
        // SAFETY: `raw` is the unique owner of a valid, initialised T. It is dropped in place
        // once, then only its `len` bytes are written (no T is read afterwards).
        unsafe {
            std::ptr::drop_in_place(raw);
            wipe(raw.cast::<u8>(), len);
        }
        if self.locked {
            unlock_region(raw.addr(), len);
        }
        // SAFETY: `raw` came from `Box<T>`; `MaybeUninit<T>` has T's layout and no drop glue,
        // so this frees the allocation without dropping T a second time.
        drop(unsafe { Box::from_raw(raw.cast::<MaybeUninit<T>>()) });
    }
}

/// Overwrite `len` bytes at `p` with zeros in a way the compiler cannot elide.
///
/// # Safety
/// `p` must be valid for writes of `len` bytes.
unsafe fn wipe(p: *mut u8, len: usize) {
    for i in 0..len {
        // SAFETY: `p + i` lies within the `len` writable bytes the caller vouched for.
        unsafe { std::ptr::write_volatile(p.add(i), 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

/// How many live [`Locked`] values use each locked page, by page number.
#[derive(Debug, Default)]
struct PageCounts(BTreeMap<usize, usize>);

impl PageCounts {
    const fn new() -> Self {
        PageCounts(BTreeMap::new())
    }

    /// One more user of each page.
    fn acquire(&mut self, pages: RangeInclusive<usize>) {
        for page in pages {
            *self.0.entry(page).or_insert(0) += 1;
        }
    }

    /// One user less of each page; returns the pages nobody uses any more.
    fn release(&mut self, pages: RangeInclusive<usize>) -> Vec<usize> {
        let mut free = Vec::new();
        for page in pages {
            match self.0.get_mut(&page) {
                Some(n) if *n > 1 => *n -= 1,
                Some(_) => {
                    self.0.remove(&page);
                    free.push(page);
                }
                None => {}
            }
        }
        free
    }

    /// Users of `page`.
    #[cfg(test)]
    fn count(&self, page: usize) -> usize {
        self.0.get(&page).copied().unwrap_or(0)
    }
}

static PAGES: Mutex<PageCounts> = Mutex::new(PageCounts::new());
static REFUSED: Once = Once::new();

fn pages() -> std::sync::MutexGuard<'static, PageCounts> {
    PAGES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The page numbers `len` bytes at `addr` touch (`len > 0`).
fn page_span(addr: usize, len: usize, page: usize) -> RangeInclusive<usize> {
    addr / page..=(addr + len - 1) / page
}

/// Lock the pages under `len` bytes at `addr` and count them; `false` if the OS refused.
fn lock_region(addr: usize, len: usize) -> bool {
    if len == 0 {
        return false;
    }
    let page = page_size();
    // The registry stays held across the call so a concurrent unlock cannot undo it.
    let mut counts = pages();
    match os::lock(addr, len) {
        Ok(()) => {
            counts.acquire(page_span(addr, len, page));
            true
        }
        Err(e) => {
            REFUSED.call_once(|| {
                tracing::debug!(error = %e, "mlock refused: key material may be swapped to disk");
            });
            false
        }
    }
}

/// Uncount the pages under `len` bytes at `addr`; unlock those no other value uses.
fn unlock_region(addr: usize, len: usize) {
    let page = page_size();
    let mut counts = pages();
    for free in counts.release(page_span(addr, len, page)) {
        os::unlock(free * page, page);
    }
}

fn page_size() -> usize {
    static SIZE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SIZE.get_or_init(os::page_size)
}

#[cfg(unix)]
mod os {
    use std::io;

    pub fn page_size() -> usize {
        // SAFETY: sysconf only reads a system constant.
        let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        usize::try_from(n).ok().filter(|n| *n > 0).unwrap_or(4096)
    }

    pub fn lock(addr: usize, len: usize) -> io::Result<()> {
        // SAFETY: mlock changes no memory contents; the range belongs to a live allocation.
        let rc = unsafe { libc::mlock(std::ptr::without_provenance(addr), len) };
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    pub fn unlock(addr: usize, len: usize) {
        // SAFETY: munlock changes no memory contents; an unmapped range only returns ENOMEM.
        let _ = unsafe { libc::munlock(std::ptr::without_provenance(addr), len) };
    }
}

#[cfg(not(unix))]
mod os {
    use std::io;

    pub fn page_size() -> usize {
        4096
    }

    pub fn lock(_addr: usize, _len: usize) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }

    pub fn unlock(_addr: usize, _len: usize) {}
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    #[test]
    fn holds_and_changes_its_value() {
        let mut k = Locked::<[u8; 32]>::zeroed();
        assert_eq!(*k, [0; 32]);
        k.copy_from_slice(&[7; 32]);
        assert_eq!(*k, [7; 32]);
        let c = k.clone();
        k[0] = 1;
        assert_eq!(c[0], 7, "a clone is its own allocation");
        assert_ne!(std::ptr::from_ref(&*c), std::ptr::from_ref(&*k));
    }

    #[test]
    fn drops_the_inner_value_exactly_once() {
        struct Counted(Rc<Cell<u32>>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let drops = Rc::new(Cell::new(0));
        drop(Locked::new(Counted(drops.clone())));
        assert_eq!(drops.get(), 1);
        drop(Locked::new(()));
    }

    #[test]
    fn wipe_zeroes_every_byte() {
        let mut buf = [0xA5u8; 100];
        // SAFETY: the buffer is 100 writable bytes.
        unsafe { wipe(buf.as_mut_ptr().add(10), 80) };
        assert!(buf[..10].iter().all(|b| *b == 0xA5));
        assert!(buf[10..90].iter().all(|b| *b == 0));
        assert!(buf[90..].iter().all(|b| *b == 0xA5));
    }

    #[test]
    fn a_page_is_freed_only_by_its_last_user() {
        let mut c = PageCounts::new();
        c.acquire(5..=5);
        c.acquire(5..=6);
        assert_eq!((c.count(5), c.count(6)), (2, 1));
        assert_eq!(c.release(5..=6), vec![6], "page 5 still has a user");
        assert_eq!(c.count(5), 1);
        assert_eq!(c.release(5..=5), vec![5]);
        assert!(c.0.is_empty());
        assert!(c.release(9..=9).is_empty(), "unknown pages are ignored");
    }

    #[test]
    fn spans_cover_first_and_last_byte() {
        assert_eq!(page_span(0, 1, 4096), 0..=0);
        assert_eq!(page_span(4095, 2, 4096), 0..=1);
        assert_eq!(page_span(8192, 4096, 4096), 2..=2);
    }

    #[test]
    fn live_locked_values_keep_their_pages_counted() {
        let a = Locked::new([1u8; 32]);
        let b = Locked::new([2u8; 32]);
        let page = page_size();
        let first = |l: &Locked<[u8; 32]>| std::ptr::from_ref(&**l).addr() / page;
        for l in [&a, &b] {
            if l.is_locked() {
                assert!(pages().count(first(l)) >= 1);
            }
        }
        let (pa, locked_b) = (first(&a), b.is_locked());
        drop(a);
        if locked_b && first(&b) == pa {
            assert!(pages().count(pa) >= 1, "b still holds the shared page");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn open_file_limit_is_the_soft_limit_the_kernel_reports() {
        let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
        let soft = limits
            .lines()
            .find(|l| l.starts_with("Max open files"))
            .and_then(|l| l.split_whitespace().nth(3))
            .unwrap();
        match soft {
            "unlimited" => assert_eq!(open_file_limit(), None),
            n => assert_eq!(open_file_limit(), Some(n.parse().unwrap())),
        }
    }

    #[test]
    fn permissions_are_loose_when_group_or_others_can_read_or_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.otty");
        std::fs::write(&p, b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for (mode, loose) in [(0o600, false), (0o400, false), (0o644, true), (0o620, true)] {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
                assert_eq!(loose_permissions(&p), loose.then_some(mode), "{mode:o}");
            }
        }
        assert_eq!(loose_permissions(&dir.path().join("missing")), None);
        assert_eq!(
            permission_warning(Path::new("/v"), 0o644),
            "vault file /v is readable by others (mode 0644); run chmod 600 /v"
        );
        assert!(permission_warning(Path::new("/v"), 0o620).contains("writable"));
    }
}
