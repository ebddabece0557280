//! The README's gallery is what the tool draws today: each picture in `assets/readme/` equals the
//! PNG that `dilemma run` then `dilemma plot --format png --dpi 150` make for a shipped scenario.
//! After a deliberate change to the charts, remake them with
//! `DILEMMA_UPDATE_GALLERY=1 cargo test --release --test gallery` and look at each one.

mod common;

use common::{dilemma, text};
use std::path::Path;

/// (scenario file, picture prefix, charts shown in the README).
const GALLERY: [(&str, &str, &[&str]); 10] = [
    (
        "kuril_revised_pd.toml",
        "kuril",
        &["payoffs", "heatmap", "rounds"],
    ),
    ("classic_ipd.toml", "classic", &["heatmap", "rounds"]),
    (
        "kuril_dependence_sweep.toml",
        "kuril_dependence",
        &["sweep_Russia", "best_reply_Japan"],
    ),
    (
        "kuril_security_dilemma.toml",
        "kuril_security",
        &["cooperation_Russia", "rounds_at_5_percent"],
    ),
    (
        "kuril_leverage_over_time.toml",
        "kuril_leverage",
        &["russia_payoff_by_round", "trust_by_round"],
    ),
    (
        "triangle_japan_russia_china.toml",
        "triangle",
        &["configurations", "joint_actions", "russia_payoff"],
    ),
    (
        "kuril_outside_options.toml",
        "outside_options",
        &["russia_payoff_Russia", "best_reply_Russia"],
    ),
    (
        "classic_tournament.toml",
        "classic_tournament",
        &["tournament", "ranking"],
    ),
    (
        "kuril_strategy_comparison.toml",
        "kuril_comparison",
        &["tournament"],
    ),
    (
        "kuril_evolution.toml",
        "kuril_evolution",
        &["evolution_simplex"],
    ),
];

#[test]
fn the_readme_gallery_is_what_the_tool_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("DILEMMA_UPDATE_GALLERY").is_some();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut stale = Vec::new();
    for (scenario, prefix, charts) in GALLERY {
        let out = scratch.path().join(prefix);
        let scenario = root.join("scenarios").join(scenario);
        let run = dilemma(&[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let plot = dilemma(&[
            "plot",
            out.to_str().unwrap(),
            "--format",
            "png",
            "--dpi",
            "150",
            "-q",
        ]);
        assert!(plot.status.success(), "{}", text(&plot.stderr));
        for chart in charts {
            let name = format!("{prefix}_{chart}.png");
            assert!(
                readme.contains(&format!("(assets/readme/{name})")),
                "the README does not show {name}"
            );
            let drawn = std::fs::read(out.join(format!("{chart}.png"))).unwrap();
            let shipped_path = root.join("assets/readme").join(&name);
            if update {
                std::fs::write(&shipped_path, &drawn).unwrap();
            } else if std::fs::read(&shipped_path).ok().as_deref() != Some(drawn.as_slice()) {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "these gallery pictures differ from what the tool draws: {stale:?}; remake them with \
         DILEMMA_UPDATE_GALLERY=1 cargo test --release --test gallery, and look at each"
    );
}
