//! Shared pieces of test scenarios.

/// The standard prisoner's dilemma, R, S, T, P = 3, 0, 5, 1, as a `[game.payoffs]` table.
pub const STANDARD_PAYOFFS: &str = r#"
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
"#;
