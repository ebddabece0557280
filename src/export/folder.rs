//! The results folder's life cycle: telling our results from the user's files, staging beside
//! the destination under a lock, the atomic swap, and cleaning up after dead runs.
//!
//! Invariants (users' data lives in these folders; losing it is the worst bug we can ship):
//! - at every instant the destination holds the complete old results or the complete new ones
//!   (on Linux; see `Staging::swap_aside` for the one window elsewhere);
//! - a `manifest.json` saying complete lists only files that exist with the hashes it records:
//!   it is written last into staging, and deleted first when a results folder is removed;
//! - nothing is deleted from a folder unless every entry in it is listed by its manifest with an
//!   unchanged hash: edited or foreign files make the run refuse before simulating;
//! - staging folders are `.<leaf>.partial-<pid>-<nonce>` siblings, each held under an exclusive
//!   lock for as long as its run lives; the kernel drops the lock when the process dies (even on
//!   SIGKILL), so a lock that can be taken marks a dead run's leftovers, which the next run
//!   cleans. PIDs get reused, so they only make names unique, never decide liveness.
//! - creating, cleaning and swapping staging folders happens under a lock on the parent folder,
//!   so concurrent runs never see each other's staging half-made and never swap at once.

use super::destination::refused;
use super::manifest::{self, FileEntry, Listing};
use super::{ExportError, io_error, stage};
use sha2::{Digest, Sha256};
use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// How many offending names a refusal quotes before summarising the rest.
const MAX_NAMED: usize = 5;
/// Suffix of a former results folder set aside by the fallback swap (`Staging::swap_aside`).
const OLD_SUFFIX: &str = ".old";

/// What a destination holds.
enum Contents {
    Absent,
    /// Our results (or an empty folder): safe to replace.
    Ours,
}

/// Refuses a destination unless replacing it loses nothing the user made: it must be absent,
/// empty, or a folder whose manifest (`"engine": "dilemma"`) lists every entry, each still with
/// its recorded size and SHA-256. Manifests of earlier versions list names without hashes; such
/// a folder counts as ours when every entry is listed.
fn inspect(folder: &Path) -> Result<Contents, ExportError> {
    let meta = match fs::symlink_metadata(folder) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Contents::Absent),
        other => other.map_err(io_error(folder))?,
    };
    if !meta.is_dir() {
        return Err(refused(folder, "exists and is not a folder"));
    }
    let mut names: Vec<OsString> = Vec::new();
    for entry in fs::read_dir(folder).map_err(io_error(folder))? {
        names.push(entry.map_err(io_error(folder))?.file_name());
    }
    names.sort();
    if names.is_empty() {
        return Ok(Contents::Ours);
    }
    let listing = read_listing(folder);
    let mut offending = Vec::new();
    for name in names.iter().filter(|name| *name != "manifest.json") {
        let shown = crate::text::echo(&name.to_string_lossy());
        let Some(recorded) = name.to_str().and_then(|name| listing.get(name)) else {
            offending.push(shown);
            continue;
        };
        let path = folder.join(name);
        let meta = fs::symlink_metadata(&path).map_err(io_error(&path))?;
        if !meta.is_file() {
            offending.push(format!("{shown} (not a file)"));
        } else if let Some(expected) = recorded
            && (meta.len() != expected.bytes || sha256(&path)? != expected.sha256)
        {
            offending.push(format!("{shown} (edited)"));
        }
    }
    if offending.is_empty() {
        return Ok(Contents::Ours);
    }
    let mut list = offending
        .iter()
        .take(MAX_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if offending.len() > MAX_NAMED {
        list.push_str(&format!(" and {} more", offending.len() - MAX_NAMED));
    }
    Err(ExportError::NotOurs {
        folder: folder.to_path_buf(),
        list,
    })
}

/// The manifest's listing, or an empty one when there is no dilemma manifest to read.
fn read_listing(folder: &Path) -> Listing {
    let path = folder.join("manifest.json");
    fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .and_then(|value| manifest::listing(&value))
        .unwrap_or_default()
}

pub(crate) fn sha256(path: &Path) -> Result<String, ExportError> {
    let mut file = File::open(path).map_err(io_error(path))?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).map_err(io_error(path))?;
    Ok(crate::rng::hex(&hasher.finalize()))
}

/// Flushes a written file to disk and records its size and digest for the manifest.
pub(crate) fn seal(folder: &Path, name: &str) -> Result<FileEntry, ExportError> {
    let path = folder.join(name);
    let file = File::open(&path).map_err(io_error(&path))?;
    file.sync_all().map_err(io_error(&path))?;
    let bytes = file.metadata().map_err(io_error(&path))?.len();
    Ok(FileEntry {
        name: name.to_string(),
        bytes,
        sha256: sha256(&path)?,
    })
}

/// Makes a folder's entries (creations, renames, deletions) durable.
pub(crate) fn sync_dir(path: &Path) -> Result<(), ExportError> {
    File::open(path)
        .and_then(|dir| dir.sync_all())
        .map_err(io_error(path))
}

/// The parent folder and the leaf name of a resolved destination.
fn split(dest: &Path) -> Result<(&Path, &OsStr), ExportError> {
    match (dest.parent(), dest.file_name()) {
        (Some(parent), Some(leaf)) => Ok((parent, leaf)),
        _ => Err(refused(dest, "has no parent folder to stage results in")),
    }
}

/// Holds the parent folder's lock: staging folders beside the destination are created, cleaned
/// and swapped only under it. Dropping it releases the lock.
struct ParentLock(#[allow(dead_code)] File);

fn lock_parent(parent: &Path) -> Result<ParentLock, ExportError> {
    let dir = File::open(parent).map_err(io_error(parent))?;
    dir.lock().map_err(io_error(parent))?;
    Ok(ParentLock(dir))
}

/// `Some(is_old)` when `name` is a staging folder of `leaf`:
/// `.<leaf>.partial-<pid>[-<nonce>][.old]` (the bare-PID form is what earlier versions left).
fn staging_kind(name: &OsStr, leaf: &OsStr) -> Option<bool> {
    // Bytes, not text: a leaf that is not UTF-8 still has its staging folders recognised.
    let rest = name
        .as_encoded_bytes()
        .strip_prefix(b".")?
        .strip_prefix(leaf.as_encoded_bytes())?
        .strip_prefix(b".partial-")?;
    let rest = std::str::from_utf8(rest).ok()?;
    let (rest, old) = match rest.strip_suffix(OLD_SUFFIX) {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let (pid, nonce) = rest.split_once('-').unwrap_or((rest, "0"));
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    let hex = !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_hexdigit());
    (digits && hex).then_some(old)
}

/// Cleans what dead runs left beside `dest`: each staging folder whose lock can be taken is
/// deleted (manifest first), except that a former results folder set aside by an interrupted
/// fallback swap is put back when the destination is missing. Nothing else is touched.
pub fn clean_dead_staging(dest: &Path) -> Result<(), ExportError> {
    let (parent, leaf) = split(dest)?;
    if !parent.is_dir() {
        return Ok(());
    }
    let _parent = lock_parent(parent)?;
    let entries = fs::read_dir(parent).map_err(io_error(parent))?;
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let Some(old) = staging_kind(&entry.file_name(), leaf) else {
            continue;
        };
        let path = entry.path();
        // Never follow a link out of the parent folder.
        if !fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
            continue;
        }
        let Ok(dir) = File::open(&path) else { continue };
        if dir.try_lock().is_err() {
            continue; // a live run owns it
        }
        if old && !dest.exists() && path.join("manifest.json").is_file() {
            fs::rename(&path, dest).map_err(io_error(dest))?;
            sync_dir(parent)?;
            continue;
        }
        remove_results(&path, |_| {})?;
    }
    Ok(())
}

/// Deletes a results or staging folder: `manifest.json` first, made durable, so that a folder
/// half deleted (by a kill, a crash, a power cut) never claims to be complete; then the rest.
fn remove_results(path: &Path, progress: impl Fn(&str)) -> Result<(), ExportError> {
    let manifest = path.join("manifest.json");
    match fs::remove_file(&manifest) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => {
            return Err(io_error(&manifest)(error));
        }
        _ => {}
    }
    let _ = sync_dir(path);
    progress("old-manifest-deleted");
    let mut names: Vec<PathBuf> = match fs::read_dir(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other
            .map_err(io_error(path))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect(),
    };
    names.sort();
    let half = names.len() / 2;
    for (index, name) in names.iter().enumerate() {
        if index == half {
            progress("old-half-deleted");
        }
        let removed = if fs::symlink_metadata(name).is_ok_and(|meta| meta.is_dir()) {
            fs::remove_dir_all(name)
        } else {
            fs::remove_file(name)
        };
        match removed {
            Err(error) if error.kind() != io::ErrorKind::NotFound => {
                return Err(io_error(name)(error));
            }
            _ => {}
        }
    }
    match fs::remove_dir(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(io_error(path)(error)),
        _ => Ok(()),
    }
}

/// Checks, before any simulation time is spent, that the destination may be (re)placed.
pub fn check(dest: &Path) -> Result<(), ExportError> {
    inspect(dest).map(|_| ())
}

/// A locked staging folder beside the destination. Dropped before [`Staging::commit`], it
/// deletes itself and the missing parents it created, so a failed run leaves nothing behind.
pub struct Staging {
    dest: PathBuf,
    path: PathBuf,
    /// The open staging folder, locked for the run's lifetime.
    lock: Option<File>,
    /// Parents of the destination this run created, outermost first.
    created: Vec<PathBuf>,
    committed: bool,
}

impl Staging {
    pub fn create(dest: &Path) -> Result<Staging, ExportError> {
        let (parent, leaf) = split(dest)?;
        let mut staging = Staging {
            dest: dest.to_path_buf(),
            path: PathBuf::new(),
            lock: None,
            created: Vec::new(),
            committed: false,
        };
        let missing: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|ancestor| fs::symlink_metadata(ancestor).is_err())
            .map(Path::to_path_buf)
            .collect();
        for folder in missing.iter().rev() {
            match fs::create_dir(folder) {
                Ok(()) => staging.created.push(folder.clone()),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(io_error(folder)(error)),
            }
        }
        let _parent = lock_parent(parent)?;
        let mut nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64);
        loop {
            let mut name = OsString::from(".");
            name.push(leaf);
            name.push(format!(".partial-{}-{nonce:x}", std::process::id()));
            let path = parent.join(name);
            match fs::create_dir(&path) {
                Ok(()) => {
                    staging.path = path;
                    break;
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => nonce += 1,
                Err(error) => return Err(io_error(&path)(error)),
            }
        }
        let dir = File::open(&staging.path).map_err(io_error(&staging.path))?;
        // New, and made under the parent lock that cleaners take too: nobody else can hold it.
        dir.try_lock()
            .map_err(|_| ExportError::Busy(staging.path.clone()))?;
        staging.lock = Some(dir);
        Ok(staging)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Swaps the finished staging folder in for the destination, then deletes the old results.
    pub fn commit(mut self) -> Result<(), ExportError> {
        let (parent, _) = split(&self.dest)?;
        let parent = parent.to_path_buf();
        let parent_lock = lock_parent(&parent)?;
        // Time passed while simulating: the user may have added or edited files since.
        let old = match inspect(&self.dest)? {
            Contents::Absent => None,
            Contents::Ours => {
                let dir = File::open(&self.dest).map_err(io_error(&self.dest))?;
                // Held until the old results are gone, whatever name they end up under, so no
                // cleaner takes them for a dead run's leftovers while we delete them.
                dir.try_lock()
                    .map_err(|_| ExportError::Busy(self.dest.clone()))?;
                Some(dir)
            }
        };
        stage("swap");
        let old_path = match &old {
            None => {
                fs::rename(&self.path, &self.dest).map_err(io_error(&self.dest))?;
                None
            }
            Some(_) => Some(self.swap_in()?),
        };
        self.committed = true;
        sync_dir(&parent)?;
        // The new results no longer need our lock; release it before other runs may look.
        self.lock = None;
        drop(parent_lock);
        stage("swapped");
        if let Some(old_path) = old_path {
            // Best effort: the new results are in place; leftovers are cleaned by the next run.
            let _ = remove_results(&old_path, stage);
        }
        drop(old);
        stage("done");
        Ok(())
    }

    /// Puts the staging folder at the destination, returning where the old results now are.
    fn swap_in(&self) -> Result<PathBuf, ExportError> {
        match exchange(&self.path, &self.dest) {
            Ok(()) => Ok(self.path.clone()),
            Err(error) if exchange_unsupported(&error) => self.swap_aside(),
            Err(error) => Err(io_error(&self.dest)(error)),
        }
    }

    /// The fallback where the file system cannot exchange two names atomically (EINVAL/ENOSYS
    /// on some file systems, or not Linux): rename the old results aside, then the new ones in.
    /// A kill between the two leaves the destination missing for a moment; the next run's
    /// cleanup then puts the old results back (a `.old` folder with its manifest) rather than
    /// deleting them, so no results are lost, only briefly out of place.
    fn swap_aside(&self) -> Result<PathBuf, ExportError> {
        let mut aside = self.path.clone().into_os_string();
        aside.push(OLD_SUFFIX);
        let aside = PathBuf::from(aside);
        fs::rename(&self.dest, &aside).map_err(io_error(&self.dest))?;
        stage("set-aside");
        if let Err(error) = fs::rename(&self.path, &self.dest) {
            let _ = fs::rename(&aside, &self.dest);
            return Err(io_error(&self.dest)(error));
        }
        Ok(aside)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if !self.path.as_os_str().is_empty() {
            let _ = remove_results(&self.path, |_| {});
        }
        // Only empty folders go: another run may have started using a parent meanwhile.
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    // Test hook: exercises the fallback on file systems that do support the exchange.
    if std::env::var_os("DILEMMA_TEST_NO_EXCHANGE").is_some() {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // The raw system call rather than glibc's wrapper, which older glibc (< 2.28) lacks.
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

fn exchange_unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        error.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    error.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_are_recognised_strictly() {
        let leaf = OsStr::new("res");
        assert_eq!(
            staging_kind(OsStr::new(".res.partial-12-ab3"), leaf),
            Some(false)
        );
        assert_eq!(
            staging_kind(OsStr::new(".res.partial-12-ab3.old"), leaf),
            Some(true)
        );
        assert_eq!(
            staging_kind(OsStr::new(".res.partial-77"), leaf),
            Some(false)
        );
        for other in [
            "res",
            ".res",
            ".res.partial-",
            ".res.partial-x1",
            ".res.partial-1-zz",
            ".res.partial-x.partial-1-2",
            ".rest.partial-1-2",
            ".re.partial-1-2",
        ] {
            assert_eq!(staging_kind(OsStr::new(other), leaf), None, "{other}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let leaf = OsStr::from_bytes(b"r\xffs");
            let name = OsStr::from_bytes(b".r\xffs.partial-3-4.old");
            assert_eq!(staging_kind(name, leaf), Some(true));
        }
        // The staging folder of a destination named `res.partial-x` is not `res`'s.
        assert_eq!(
            staging_kind(OsStr::new(".res.partial-x.partial-1-2"), leaf),
            None
        );
    }

    #[test]
    fn removing_results_deletes_the_manifest_first_and_everything_after() {
        let scratch = tempfile::tempdir().unwrap();
        let folder = scratch.path().join("r");
        fs::create_dir(&folder).unwrap();
        for name in ["a.csv", "manifest.json", "z.png"] {
            fs::write(folder.join(name), name).unwrap();
        }
        let seen = std::cell::RefCell::new(Vec::new());
        remove_results(&folder, |at| {
            let left: Vec<_> = fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            seen.borrow_mut().push((at.to_string(), left));
        })
        .unwrap();
        assert!(!folder.exists());
        let seen = seen.into_inner();
        assert_eq!(seen[0].0, "old-manifest-deleted");
        assert!(!seen[0].1.contains(&"manifest.json".to_string()));
        assert_eq!(seen[0].1.len(), 2);
    }
}
