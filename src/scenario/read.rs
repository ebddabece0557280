//! Reading a scenario file's bytes: only a regular file (after following symlinks), and never
//! more than [`MAX_SCENARIO_BYTES`].
//!
//! A path can name anything: `/dev/zero` never ends, a FIFO with no writer blocks for ever, a
//! directory or a socket has no text. The file is opened without blocking, the *open handle* is
//! checked (so a FIFO swapped in after a check by path cannot block us), and the read is capped
//! (so a file that grows while being read cannot exhaust memory).

use super::MAX_SCENARIO_BYTES;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// The file's bytes, or a one-line reason (without the file name) why it cannot be a scenario.
pub(super) fn read_scenario(path: &Path) -> Result<Vec<u8>, String> {
    let file = open(path).map_err(|error| {
        // Opening a socket fails (ENXIO) with an obscure message: say what the path is instead.
        match std::fs::metadata(path) {
            Ok(metadata) if !metadata.is_file() => not_regular(&metadata),
            _ => format!("cannot read the scenario: {}", describe(&error)),
        }
    })?;
    let metadata = file
        .metadata()
        .map_err(|error| format!("cannot read the scenario: {}", describe(&error)))?;
    if !metadata.is_file() {
        return Err(not_regular(&metadata));
    }
    let too_big = |size: &str| {
        format!("the file is {size} bytes; a scenario may be at most {MAX_SCENARIO_BYTES}")
    };
    if metadata.len() > MAX_SCENARIO_BYTES as u64 {
        return Err(too_big(&metadata.len().to_string()));
    }
    // One byte past the cap tells a file that grew past it since the size was checked.
    let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
    file.take(MAX_SCENARIO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read the scenario: {}", describe(&error)))?;
    if bytes.len() > MAX_SCENARIO_BYTES {
        return Err(too_big(&format!("more than {MAX_SCENARIO_BYTES}")));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one. It
    // changes nothing for the regular files that are then read.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

fn not_regular(metadata: &Metadata) -> String {
    format!(
        "cannot read the scenario: it is {}, not a regular file",
        kind(metadata)
    )
}

fn kind(metadata: &Metadata) -> &'static str {
    if metadata.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let file_type = metadata.file_type();
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "something else"
}

/// The OS's reason, once, in plain words for the usual cases.
fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("s.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        assert_eq!(read_scenario(&path).unwrap(), b"a = 1\n");
    }

    #[test]
    fn directories_missing_files_and_devices_are_refused_in_one_line() {
        let folder = tempfile::tempdir().unwrap();
        let message = read_scenario(folder.path()).unwrap_err();
        assert_eq!(
            message,
            "cannot read the scenario: it is a directory, not a regular file"
        );
        let message = read_scenario(&folder.path().join("absent.toml")).unwrap_err();
        assert_eq!(message, "cannot read the scenario: no such file");
        #[cfg(unix)]
        {
            let message = read_scenario(Path::new("/dev/zero")).unwrap_err();
            assert!(message.contains("a character device"), "{message}");
        }
    }

    #[test]
    fn a_file_past_the_cap_is_refused_with_its_size() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("big.toml");
        std::fs::write(&path, vec![b'#'; MAX_SCENARIO_BYTES + 1]).unwrap();
        let message = read_scenario(&path).unwrap_err();
        assert!(
            message.contains(&format!("{} bytes", MAX_SCENARIO_BYTES + 1)),
            "{message}"
        );
        std::fs::write(&path, vec![b'#'; MAX_SCENARIO_BYTES]).unwrap();
        assert_eq!(read_scenario(&path).unwrap().len(), MAX_SCENARIO_BYTES);
    }
}
