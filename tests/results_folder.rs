//! The results folder's life cycle as users meet it: which `--out` values are refused, that
//! files dilemma did not write are never deleted, that a kill at any moment leaves complete old
//! or complete new results, that a full disk loses nothing, and that concurrent runs end in one
//! complete result.

mod common;

use common::{kuril, text};
use serde_json::Value;
use sha2::Digest;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

/// `dilemma run kuril --out OUT --replicates N -q` from `cwd`, with extra environment.
fn command(cwd: &Path, out: &str, replicates: u32, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dilemma"));
    command
        .current_dir(cwd)
        .args(["run", kuril().to_str().unwrap(), "--out", out, "-q"])
        .args(["--replicates", &replicates.to_string()])
        .env_remove("DILEMMA_TEST_KILL_AT")
        .env_remove("DILEMMA_TEST_NO_EXCHANGE");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

fn run_in(cwd: &Path, out: &str, replicates: u32) -> Output {
    command(cwd, out, replicates, &[]).output().unwrap()
}

fn assert_success(output: &Output) {
    assert!(output.status.success(), "{}", text(&output.stderr));
}

/// A refusal: exit 2, one `error:` line containing every piece of `expected`.
fn assert_refused(output: &Output, expected: &[&str]) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for piece in expected {
        assert!(stderr.contains(piece), "{piece:?} missing from {stderr}");
    }
}

/// Every entry below `folder` (recursively, hidden ones too) with its bytes; links as targets.
fn snapshot(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let key = path.strip_prefix(folder).unwrap().to_path_buf();
            if meta.is_symlink() {
                let target = fs::read_link(&path).unwrap();
                files.insert(key, target.into_os_string().into_encoded_bytes());
            } else if meta.is_dir() {
                files.insert(key, b"<dir>".to_vec());
                pending.push(path);
            } else {
                files.insert(key, fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn sha256(bytes: &[u8]) -> String {
    dilemma::rng::hex(&sha2::Sha256::digest(bytes))
}

/// The manifest of `folder` when it says complete; `None` when absent, unreadable or not
/// complete. Panics if a complete manifest lists a file that is missing or differs from its
/// recorded size and hash: that is the lie this suite exists to catch.
fn complete_manifest(folder: &Path) -> Option<Value> {
    let bytes = fs::read(folder.join("manifest.json")).ok()?;
    let manifest: Value = serde_json::from_slice(&bytes).ok()?;
    if manifest["complete"] != true {
        return None;
    }
    for entry in manifest["files"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        let bytes = fs::read(folder.join(name))
            .unwrap_or_else(|e| panic!("{}: {name} listed but unreadable: {e}", folder.display()));
        assert_eq!(entry["bytes"], bytes.len(), "{}: {name}", folder.display());
        assert_eq!(
            entry["sha256"],
            sha256(&bytes).as_str(),
            "{}: {name} differs from its hash",
            folder.display()
        );
    }
    Some(manifest)
}

/// Asserts that `folder` holds one complete result, nothing more, and returns its replicates.
fn complete_result(folder: &Path) -> u64 {
    let manifest = complete_manifest(folder)
        .unwrap_or_else(|| panic!("{} holds no complete result", folder.display()));
    let mut listed: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["name"].as_str().unwrap().to_string())
        .collect();
    listed.push("manifest.json".into());
    listed.sort();
    assert_eq!(names(folder), listed, "{}", folder.display());
    manifest["replicates"].as_u64().unwrap()
}

/// After any run, killed or not: every folder under `parent` whose manifest says complete
/// holds what it lists (checked by [`complete_manifest`]).
fn assert_no_false_manifest(parent: &Path) {
    for entry in fs::read_dir(parent).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            complete_manifest(&path);
        }
    }
}

fn partials(parent: &Path) -> Vec<String> {
    names(parent)
        .into_iter()
        .filter(|name| name.contains(".partial"))
        .collect()
}

/// A scratch folder holding `res`, a complete result of `replicates` replicates.
fn with_results(replicates: u32) -> (tempfile::TempDir, PathBuf) {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("res");
    assert_success(&run_in(scratch.path(), "res", replicates));
    assert_eq!(complete_result(&out), u64::from(replicates));
    (scratch, out)
}

#[test]
fn out_dot_inside_the_results_is_refused_and_keeps_them() {
    let (scratch, out) = with_results(2);
    let before = snapshot(scratch.path());
    for spelling in [".", "./", "../res/.", "../res"] {
        let output = run_in(&out, spelling, 2);
        assert_refused(&output, &["is the current folder or holds it", "--out"]);
        assert_eq!(snapshot(scratch.path()), before, "--out {spelling}");
    }
}

#[test]
fn an_ancestor_of_the_current_folder_is_refused() {
    let (scratch, out) = with_results(2);
    let inner = out.join("deeper");
    // The results folder gains a foreign entry here, but the ancestor rule speaks first.
    fs::create_dir(&inner).unwrap();
    let before = snapshot(scratch.path());
    for spelling in ["..", "../.", "../../res"] {
        let output = run_in(&inner, spelling, 2);
        assert_refused(&output, &["is the current folder or holds it"]);
    }
    let output = run_in(&inner, scratch.path().to_str().unwrap(), 2);
    assert_refused(&output, &["is the current folder or holds it"]);
    assert_eq!(snapshot(scratch.path()), before);
}

#[test]
fn the_root_and_a_folder_holding_the_scenario_are_refused() {
    let scratch = tempfile::tempdir().unwrap();
    for root in ["/", "/..", "/."] {
        let output = run_in(scratch.path(), root, 2);
        assert_refused(&output, &["has no parent folder"]);
    }
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = run_in(
        scratch.path(),
        project.join("scenarios").to_str().unwrap(),
        2,
    );
    assert_refused(&output, &["holds the scenario file"]);
    assert!(project.join("scenarios/kuril_revised_pd.toml").is_file());
    assert!(names(scratch.path()).is_empty());
}

#[test]
fn out_with_a_trailing_dot_from_outside_replaces_the_results_in_place() {
    // `d/.` names `d` itself; it must behave exactly like `d` (earlier versions emptied `d`
    // and then failed with EINVAL).
    let (scratch, out) = with_results(2);
    assert_success(&run_in(scratch.path(), "res/.", 3));
    assert_eq!(complete_result(&out), 3);
    assert_eq!(names(scratch.path()), ["res"]);
}

#[test]
fn a_symlinked_results_folder_survives_and_its_target_gets_the_results() {
    let (scratch, out) = with_results(2);
    let link = scratch.path().join("link");
    std::os::unix::fs::symlink("res", &link).unwrap();
    assert_success(&run_in(scratch.path(), "link", 3));
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("res"));
    assert_eq!(complete_result(&out), 3);
    assert_eq!(names(scratch.path()), ["link", "res"]);
    // A link to a link to a folder that does not exist yet: the results land at the end.
    std::os::unix::fs::symlink("link3", scratch.path().join("link2")).unwrap();
    std::os::unix::fs::symlink("fresh", scratch.path().join("link3")).unwrap();
    assert_success(&run_in(scratch.path(), "link2", 2));
    assert_eq!(complete_result(&scratch.path().join("fresh")), 2);
    assert!(
        fs::symlink_metadata(scratch.path().join("link2"))
            .unwrap()
            .is_symlink()
    );
}

#[test]
fn a_foreign_file_is_refused_before_simulating_and_left_untouched() {
    let (scratch, out) = with_results(2);
    fs::write(out.join("notes.txt"), "my notes").unwrap();
    let before = snapshot(scratch.path());
    // Were the refusal to come after the point where simulation starts, this would be killed.
    let output = command(
        scratch.path(),
        "res",
        2,
        &[("DILEMMA_TEST_KILL_AT", "prepared")],
    )
    .output()
    .unwrap();
    assert_refused(&output, &["notes.txt", "move them", "another --out"]);
    assert!(!text(&output.stderr).contains("summary.csv"));
    assert_eq!(snapshot(scratch.path()), before);
}

#[test]
fn an_edited_chart_is_refused_and_left_untouched() {
    let (scratch, out) = with_results(2);
    let mut png = fs::read(out.join("payoffs.png")).unwrap();
    png.extend_from_slice(b"annotated");
    fs::write(out.join("payoffs.png"), &png).unwrap();
    let before = snapshot(scratch.path());
    let output = run_in(scratch.path(), "res", 3);
    assert_refused(&output, &["payoffs.png (edited)"]);
    assert_eq!(snapshot(scratch.path()), before);

    // Same size, one byte changed: caught by the hash, not the size.
    fs::write(
        out.join("payoffs.png"),
        fs::read(out.join("payoffs.svg")).unwrap(),
    )
    .unwrap();
    let mut svg = fs::read(out.join("payoffs.svg")).unwrap();
    let last = svg.len() - 2;
    svg[last] ^= 1;
    fs::write(out.join("payoffs.svg"), &svg).unwrap();
    let output = run_in(scratch.path(), "res", 3);
    assert_refused(&output, &["payoffs.svg (edited)", "payoffs.png (edited)"]);
}

#[test]
fn many_foreign_entries_are_named_in_one_capped_line() {
    let (scratch, out) = with_results(2);
    for index in 0..12 {
        fs::write(out.join(format!("draft{index:02}.tex")), "text").unwrap();
    }
    fs::create_dir(out.join("figures")).unwrap();
    fs::write(out.join("bad\nname"), "x").unwrap();
    let before = snapshot(scratch.path());
    let output = run_in(scratch.path(), "res", 2);
    assert_refused(&output, &["bad\\nname", "draft00.tex", "and 9 more"]);
    assert_eq!(snapshot(scratch.path()), before);
}

#[test]
fn a_folder_without_a_dilemma_manifest_or_a_file_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let thesis = scratch.path().join("thesis");
    fs::create_dir(&thesis).unwrap();
    fs::write(thesis.join("chapter1.tex"), "years of work").unwrap();
    fs::write(
        thesis.join("manifest.json"),
        r#"{"engine": "other", "files": []}"#,
    )
    .unwrap();
    fs::write(scratch.path().join("plain"), "a file").unwrap();
    let before = snapshot(scratch.path());
    assert_refused(&run_in(scratch.path(), "thesis", 2), &["chapter1.tex"]);
    assert_refused(&run_in(scratch.path(), "plain", 2), &["is not a folder"]);
    assert_eq!(snapshot(scratch.path()), before);
}

#[test]
fn results_of_earlier_versions_are_replaced_only_when_every_entry_is_listed() {
    let (scratch, out) = with_results(2);
    // Rewrite the manifest as earlier versions wrote it: plain names, manifest.json last.
    let mut manifest: Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let mut plain: Vec<Value> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["name"].clone())
        .collect();
    plain.push("manifest.json".into());
    manifest["files"] = Value::Array(plain);
    fs::write(out.join("manifest.json"), manifest.to_string()).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot(scratch.path());
    assert_refused(&run_in(scratch.path(), "res", 3), &["notes.txt"]);
    assert_eq!(snapshot(scratch.path()), before);
    fs::remove_file(out.join("notes.txt")).unwrap();
    assert_success(&run_in(scratch.path(), "res", 3));
    assert_eq!(complete_result(&out), 3);
}

#[test]
fn dead_staging_is_cleaned_and_live_or_unrelated_folders_are_not() {
    let (scratch, out) = with_results(2);
    let dead = scratch.path().join(".res.partial-4194000-1a2b");
    let legacy = scratch.path().join(".res.partial-77");
    let live = scratch.path().join(".res.partial-4194001-ff");
    let unrelated = scratch.path().join(".res.partial-notes");
    let other = scratch.path().join(".other.partial-1-2");
    for folder in [&dead, &legacy, &live, &unrelated, &other] {
        fs::create_dir(folder).unwrap();
        fs::write(folder.join("summary.csv"), "x").unwrap();
        fs::write(folder.join("manifest.json"), r#"{"engine":"dilemma"}"#).unwrap();
    }
    let held = fs::File::open(&live).unwrap();
    held.try_lock().unwrap();
    assert_success(&run_in(scratch.path(), "res", 3));
    assert_eq!(complete_result(&out), 3);
    assert!(!dead.exists() && !legacy.exists());
    for kept in [&live, &unrelated, &other] {
        assert_eq!(
            names(kept),
            ["manifest.json", "summary.csv"],
            "{}",
            kept.display()
        );
    }
    drop(held);
    assert_success(&run_in(scratch.path(), "res", 2));
    assert!(
        !live.exists(),
        "a staging folder whose lock is free is a dead run's"
    );
}

/// The stages the export code passes (see `dilemma::export::stage`), in order, and whether a
/// kill there must leave the new results (true) or the old ones (false) in place.
const STAGES: &[(&str, bool)] = &[
    ("start", false),
    ("prepared", false),
    ("staging", false),
    ("summary.csv", false),
    ("rounds.csv", false),
    ("charts", false),
    ("sealed", false),
    ("manifest", false),
    ("swap", false),
    ("swapped", true),
    ("old-manifest-deleted", true),
    ("old-half-deleted", true),
    ("done", true),
];

/// Kills a run at `stage`, checks what is left, then checks that the next run succeeds and
/// leaves no staging folder behind.
fn kill_at(stage: &str, new_expected: Option<bool>, no_exchange: bool) {
    let (scratch, out) = with_results(2);
    let mut env = vec![("DILEMMA_TEST_KILL_AT", stage)];
    if no_exchange {
        env.push(("DILEMMA_TEST_NO_EXCHANGE", "1"));
    }
    let output = command(scratch.path(), "res", 3, &env).output().unwrap();
    assert_eq!(
        output.status.signal(),
        Some(9),
        "{stage}: not killed: {:?} {}",
        output.status,
        text(&output.stderr)
    );
    assert_no_false_manifest(scratch.path());
    match new_expected {
        Some(new) => assert_eq!(complete_result(&out), if new { 3 } else { 2 }, "{stage}"),
        None => {
            // Between the two renames of the fallback swap the destination is briefly
            // missing; the next run's cleanup must put the old results back first.
            assert!(!out.exists(), "{stage}");
            let output = command(
                scratch.path(),
                "res",
                4,
                &[("DILEMMA_TEST_KILL_AT", "prepared")],
            )
            .output()
            .unwrap();
            assert_eq!(output.status.signal(), Some(9));
            assert_eq!(complete_result(&out), 2, "{stage}: old results restored");
        }
    }
    assert_success(&run_in(scratch.path(), "res", 5));
    assert_eq!(complete_result(&out), 5);
    assert_eq!(names(scratch.path()), ["res"], "{stage}");
}

#[test]
fn a_kill_at_any_stage_leaves_complete_old_or_new_results() {
    for &(stage, new) in STAGES {
        kill_at(stage, Some(new), false);
    }
    // The scratch file system (ext4, tmpfs) exchanges atomically: the fallback's set-aside
    // stage is never reached, so the stages above tested the exchange, not the fallback.
    let (scratch, out) = with_results(2);
    let output = command(
        scratch.path(),
        "res",
        3,
        &[("DILEMMA_TEST_KILL_AT", "set-aside")],
    )
    .output()
    .unwrap();
    assert_success(&output);
    assert_eq!(complete_result(&out), 3);
}

#[test]
fn a_kill_at_any_stage_of_the_fallback_swap_loses_nothing() {
    for &(stage, new) in STAGES {
        kill_at(stage, Some(new), true);
    }
    kill_at("set-aside", None, true);
}

#[test]
fn kills_at_evenly_spread_moments_leave_complete_old_or_new_results() {
    // A run of about a second on one thread: first measure it, then kill runs at ten moments
    // spread evenly over it (from the first milliseconds to just after its end).
    let replicates = 25_000;
    let (scratch, out) = with_results(2);
    // The shorter of two timings: a run slowed once by other work on the machine would spread
    // the kills past the end of the runs that follow.
    let duration = (0..2)
        .map(|_| {
            let start = Instant::now();
            assert_success(
                &command(scratch.path(), "res", replicates, &[])
                    .args(["--threads", "1"])
                    .output()
                    .unwrap(),
            );
            start.elapsed()
        })
        .min()
        .unwrap();
    assert_eq!(complete_result(&out), u64::from(replicates));
    let mut previous = u64::from(replicates);
    let mut killed = 0;
    for step in 0..10u32 {
        let at = duration.mul_f64(f64::from(step) / 9.0 * 1.05);
        let mut child = command(scratch.path(), "res", replicates + 1 + step, &[])
            .args(["--threads", "1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        killed += usize::from(status.signal() == Some(9));
        assert_no_false_manifest(scratch.path());
        let now = complete_result(&out);
        assert!(
            now == previous || now == u64::from(replicates + 1 + step),
            "after a kill at {at:?}: {now} replicates, expected {previous} or the new run's"
        );
        // The next run cleans up and succeeds.
        assert_success(&run_in(scratch.path(), "res", 2 + step));
        assert_eq!(complete_result(&out), u64::from(2 + step));
        assert_eq!(names(scratch.path()), ["res"], "after a kill at {at:?}");
        previous = u64::from(2 + step);
    }
    assert!(
        killed >= 5,
        "only {killed} of 10 runs were killed before they ended"
    );
}

#[test]
fn concurrent_runs_end_in_one_complete_result() {
    let (scratch, out) = with_results(2);
    for round in 0..4u32 {
        let children: Vec<_> = (0..3u32)
            .map(|index| {
                command(scratch.path(), "res", 10 + round * 3 + index, &[])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut succeeded = 0;
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = text(&output.stderr);
            match output.status.code() {
                Some(0) => succeeded += 1,
                // A clean refusal: one line, no panic.
                Some(1 | 2) => {
                    assert_eq!(stderr.lines().count(), 1, "{stderr}");
                    assert!(stderr.starts_with("error: "), "{stderr}");
                }
                other => panic!("{other:?}: {stderr}"),
            }
        }
        assert!(succeeded >= 1);
        let replicates = complete_result(&out);
        assert!((10 + round * 3..13 + round * 3).contains(&(replicates as u32)));
        assert_eq!(partials(scratch.path()), Vec::<String>::new());
        assert_no_false_manifest(scratch.path());
    }
}

/// A small tmpfs, unmounted when dropped (even when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, kilobytes: u32) -> Result<Tmpfs, String> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return Err("not root".into());
        }
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kilobytes}k"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if !output.status.success() {
            return Err(format!("mount failed: {}", text(&output.stderr).trim()));
        }
        Ok(Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_cleanly_and_keeps_the_earlier_results() {
    let scratch = tempfile::tempdir().unwrap();
    let mount = scratch.path().join("disk");
    fs::create_dir(&mount).unwrap();
    // Earlier results take about 0.8 MB; the new tables (0.2 MB) fit beside them, the charts
    // (0.6 MB) do not.
    let disk = match Tmpfs::mount(&mount, 1200) {
        Ok(disk) => disk,
        Err(reason) => {
            common::missing_prerequisite(
                "the full-disk test",
                &format!("it mounts a small tmpfs, which needs root and `mount`: {reason}"),
            );
            return;
        }
    };
    let out = mount.join("res");
    assert_success(&run_in(&mount, "res", 2));
    let before = snapshot(&mount);
    let output = run_in(&mount, "res", 3);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(
        stderr.contains("No space left")
            && [".png", ".svg", ".pdf", ".csv", ".json"]
                .iter()
                .any(|ext| stderr.contains(ext)),
        "the message names the file: {stderr}"
    );
    assert_eq!(snapshot(&mount), before, "earlier results intact");
    assert_eq!(complete_result(&out), 2);
    assert_eq!(names(&mount), ["res"]);

    // Missing parents created for a run that then fails are removed again.
    fs::remove_dir_all(&out).unwrap();
    fs::write(mount.join("ballast"), vec![0u8; 1000 * 1024]).unwrap_or(());
    let output = run_in(&mount, "new/deeper/res", 2);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_eq!(text(&output.stderr).lines().count(), 1);
    assert_eq!(names(&mount), ["ballast"]);
    drop(disk);
}
