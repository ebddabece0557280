//! Where results go: `--out` made absolute and normalised, a symlinked leaf followed, and the
//! destinations whose replacement would hurt (`/`, the current folder, the scenario's) refused.

use super::{ExportError, io_error};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Symbolic links followed from `--out` before giving up (Linux's own limit).
const MAX_SYMLINKS: usize = 40;

/// Makes `out` absolute and normalised, follows a symlinked leaf, and refuses destinations whose
/// replacement would hurt: `/`, the current folder or one holding it, a folder holding
/// `scenario`. Touches nothing.
pub fn resolve(out: &Path, scenario: Option<&Path>) -> Result<PathBuf, ExportError> {
    let cwd = std::env::current_dir().map_err(io_error(Path::new(".")))?;
    let mut path = normalise(&cwd.join(out));
    let mut hops = 0;
    // Follow a symlinked leaf so that the link the user made survives and its target receives
    // the results: swapping would otherwise replace the link itself with a folder.
    while fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink()) {
        hops += 1;
        if hops > MAX_SYMLINKS {
            return Err(refused(&path, "is a chain of too many symbolic links"));
        }
        let target = fs::read_link(&path).map_err(io_error(&path))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        path = normalise(&base.join(target));
    }
    let path = physical(&path);
    if path.parent().is_none() {
        return Err(refused(&path, "has no parent folder to stage results in"));
    }
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    if cwd.starts_with(&path) {
        return Err(refused(
            &path,
            "is the current folder or holds it; replacing it would pull the folder from under \
             the shell",
        ));
    }
    if let Some(scenario) = scenario.and_then(|s| s.canonicalize().ok())
        && scenario.starts_with(&path)
    {
        return Err(refused(&path, "holds the scenario file"));
    }
    Ok(path)
}

pub(crate) fn refused(path: &Path, why: &str) -> ExportError {
    ExportError::Refused(format!(
        "--out {} {why}; choose another --out",
        path.display()
    ))
}

/// Removes `.` and resolves `..` lexically; `/..` stays `/`.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` with its longest existing ancestor canonicalised, so that comparisons with the
/// (physical) current folder hold even when `--out` goes through symbolic links.
fn physical(path: &Path) -> PathBuf {
    for ancestor in path.ancestors() {
        if let Ok(real) = ancestor.canonicalize() {
            let rest = path.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return if rest.as_os_str().is_empty() {
                real
            } else {
                real.join(rest)
            };
        }
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_dots_and_resolves_parents() {
        assert_eq!(normalise(Path::new("/a/./b/../c/.")), Path::new("/a/c"));
        assert_eq!(normalise(Path::new("/..")), Path::new("/"));
        assert_eq!(normalise(Path::new("/a/b/")), Path::new("/a/b"));
    }
}
