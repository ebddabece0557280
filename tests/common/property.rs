//! The property tests' settings: `PROPTEST_CASES` cases (else the test's default), shrunk
//! failures saved beside the test file and replayed first on every later run.

use proptest::test_runner::{Config, FileFailurePersistence};

pub fn config(default_cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(default_cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}
