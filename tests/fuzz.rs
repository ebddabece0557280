//! Property-based fuzzing of the scenario loader and the formula compiler.
//!
//! `cargo test` runs a few hundred cases per property. A long session runs the same
//! properties with more cases, e.g. `PROPTEST_CASES=200000 cargo test --release --test fuzz`.
//! A failure found this way becomes a file in `tests/bad_scenarios/` (or a unit test), so the
//! ordinary test run keeps checking it.
//!
//! Properties:
//! - the loader never panics on mutated scenarios; every error it returns is one printable line
//!   naming the file, errors come in file order, and a scenario it accepts simulates (when small)
//!   without panicking and with finite results; the same holds for scenarios with a mutated
//!   `[[charts]]` section;
//! - the formula compiler never panics on arbitrary text, and its error offsets lie inside it;
//! - a formula printed from a random expression tree evaluates to exactly what an independent
//!   recursive evaluator of that tree computes (precedence, associativity, functions).

mod common;

use dilemma::scenario::formula::Formula;
use proptest::prelude::*;

const SEEDS: [&str; 3] = [
    include_str!("../scenarios/kuril_revised_pd.toml"),
    include_str!("../scenarios/classic_ipd.toml"),
    include_str!("../scenarios/kuril_security_dilemma.toml"),
];

/// Values that are each valid somewhere and hostile elsewhere.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "1e308",
    "-1e-300",
    "1e-320",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "nan",
    "inf",
    "-inf",
    "1979-05-27",
    "07:32:00",
    "true",
    "[]",
    "{}",
    "[[[[1]]]]",
    "\"\"",
    "\" \"",
    "\"\\u001b[2J\"",
    "\"a\\nerror: forged\"",
    "\"\\u0000\"",
    "\"Japan\"",
    "\"Russia\"",
    "\"C\"",
    "\"D\"",
    "\"C,D\"",
    "\"tit_for_tat\"",
    "\"tft\"",
    "\"energy_dependence\"",
    "\"1 / 0\"",
    "\"ln(0)\"",
    "\"((((((((((1))))))))))\"",
    "\"energy_dependence ^ 1e9\"",
    "[\"Japan\", \"Japan\"]",
    "[\"C\", \"D\", \"E\"]",
    "[0.9, 0.1, 0.8, 0.2]",
    "{ kind = \"memory_one\", p = [1, 0, 1, 0] }",
    "{ kind = \"\" }",
    "{ kind = \"joss\", target = \"Japan\" }",
    "\"Japo\u{301}n\"",
    "1_000_000",
];

/// Lines that are each plausible in a scenario.
const LINES: &[&str] = &[
    "[[game.constraints]]\nplayer = \"Russia\"\nforbid = [\"C\"]",
    "[[game.constraints]]\nplayer = \"Japan\"\nforbid = [\"C\"]",
    "[[game.constraints]]\nplayer = \"Row\"\nforbid = [\"D\"]\nprobability = 0.5",
    "[[game.perception]]\nobserver = \"Japan\"\nobserved = \"Russia\"\nerror = 0.5",
    "[[game.perception]]\nobserver = \"Russia\"\nobserved = \"Japan\"\nmisread = { D = 1 }",
    "[[game.perception]]\nobserver = \"Row\"\nobserved = \"Column\"\nmisread = { C = 0.1, E = 0 }",
    "noise = 0.5",
    "continuation = 0.9",
    "max_rounds = 1000000",
    "rounds = 1000000",
    "replicates = 1000000000",
    "[parameters]\nx = 1",
    "[scenario]\nname = \"again\"",
    "[game",
    "\"C,C\" = [3]",
    "actions = { Japan = [\"C\", \"D\"], Russia = [\"C\", \"D\", \"E\"] }",
    "players = [\"A\", \"B\", \"C\"]",
    "Japan = [\"tit_for_tat\", \"tit_for_tat\"]",
    "# comment \u{202E} reversed",
];

/// A valid `[[charts]]` section for the Kuril seed, for the chart property.
const CHARTS: &str = r#"
[[charts]]
kind = "payoffs"
file = "payoffs_single"
metric = "mean_payoff"
profiles = ["tit_for_tat vs always_defect"]
players = ["Japan"]
title = "Payoffs"
x_label = "mean payoff per round"
width = "3.5in"
height = "89mm"
font_size = 8
formats = ["pdf", "png"]
dpi = 300

[[charts]]
kind = "rounds"
metric = "share_D"
"#;

/// Values for chart fields, valid in one and hostile in another; used with [`VALUES`].
const CHART_VALUES: &[&str] = &[
    "\"payoffs\"",
    "\"heatmap\"",
    "\"rounds\"",
    "\"3.5in\"",
    "\"21in\"",
    "\"508mm\"",
    "\"1e400in\"",
    "\"share_D\"",
    "\"constrained_share\"",
    "\"misperceived_share\"",
    "\"../../etc/x\"",
    "\"summary\"",
    "[\"png\", \"PNG\"]",
    "[\"pdf\"]",
    "[\"tit_for_tat vs always_defect\", \"tit_for_tat vs always_defect\"]",
    "1200",
    "600",
    "1e300",
];

/// Lines for chart sections; used with [`LINES`].
const CHART_LINES: &[&str] = &[
    "[[charts]]\nkind = \"heatmap\"",
    "[[charts]]\nkind = \"payoffs\"\nwidth = \"20in\"\ndpi = 1200",
    "[[charts]]\nkind = \"rounds\"\nfile = \"payoffs\"",
    "[[charts]]",
    "[charts]\nkind = \"payoffs\"",
    "charts = []",
    "profiles = [\"tit_for_tat vs always_defect\", \"grudger vs zd_extort_2\"]",
    "players = [\"Japan\", \"Japan\"]",
    "title = \"\\u001b[2J\"",
    "formats = []",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the value after the n-th `=` with a listed value.
    Value(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    InsertLine(usize, usize),
    /// Replace the byte at a position with another.
    Byte(usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    mutation_over(VALUES.len(), LINES.len())
}

/// Mutations that pick among `values` values and `lines` lines.
fn mutation_over(values: usize, lines: usize) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0..values).prop_map(|(at, v)| Mutation::Value(at, v)),
        1 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), 0..lines).prop_map(|(at, l)| Mutation::InsertLine(at, l)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    apply_from(text, mutation, VALUES, LINES)
}

/// [`apply`] with other lists of values and lines.
fn apply_from(text: &str, mutation: &Mutation, values: &[&str], inserted: &[&str]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    match *mutation {
        Mutation::Value(at, value) => {
            let assignments: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].contains('=') && !lines[i].starts_with('#'))
                .collect();
            if let Some(&line) = assignments.get(at % assignments.len().max(1)) {
                let key = lines[line].split('=').next().unwrap_or("").to_string();
                lines[line] = format!("{key}= {}", values[value]);
            }
        }
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at % lines.len());
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let line = lines[at % lines.len()].clone();
            lines.insert(at % lines.len(), line);
        }
        Mutation::InsertLine(at, line) => {
            let at = at % (lines.len() + 1);
            lines.insert(at, inserted[line].to_string());
        }
        Mutation::Byte(at, byte) => {
            let mut bytes = lines.join("\n").into_bytes();
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            // Invalid UTF-8 is the file reader's business, tested in the corpus; keep text.
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        Mutation::Truncate(at) => {
            let text = lines.join("\n");
            let mut cut = at % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text[..cut].to_string();
        }
        _ => {}
    }
    lines.join("\n")
}

/// Checks a loader outcome; returns a description of the first breach.
fn check_loaded(text: &str) -> Result<(), String> {
    match dilemma::scenario::parse(text, "fuzz.toml") {
        Err(errors) => {
            let mut previous = (0, 0);
            for error in &errors.0 {
                let line = dilemma::text::one_line(&error.to_string());
                if !line.starts_with("fuzz.toml:") {
                    return Err(format!("error without the file name: {line}"));
                }
                let shown = error.to_string();
                if shown.len() > 4 * dilemma::text::MAX_LINE_CHARS {
                    return Err(format!("a {}-byte message", shown.len()));
                }
                let position = error.position.unwrap_or((0, 0));
                if position < previous {
                    return Err(format!("errors out of file order: {errors}"));
                }
                previous = position;
            }
            Ok(())
        }
        Ok(mut experiment) => {
            // Small enough to play here: one replicate of every cell.
            let rounds = u64::from(experiment.game.length.max_rounds());
            if experiment.cells.len() as u64 * rounds > 200_000 {
                return Ok(());
            }
            experiment.replicates = 1;
            let summary = dilemma::sim::run(&experiment, &dilemma::sim::Silent);
            for cell in &summary.cells {
                for player in &cell.players {
                    if !player.mean_payoff.is_finite() {
                        return Err(format!("non-finite mean payoff {}", player.mean_payoff));
                    }
                }
            }
            Ok(())
        }
    }
}

proptest! {
    // Shrunk failures are saved beside this file (tests/fuzz.proptest-regressions) and
    // replayed first on every later run.
    #![proptest_config(common::property::config(400))]

    #[test]
    fn the_loader_survives_mutated_scenarios(
        seed in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let text = mutations.iter().fold(SEEDS[seed].to_string(), |text, m| apply(&text, m));
        if let Err(problem) = check_loaded(&text) {
            prop_assert!(false, "{problem}\n--- scenario ---\n{text}");
        }
    }

    #[test]
    fn the_loader_survives_mutated_chart_sections(
        mutations in proptest::collection::vec(
            mutation_over(VALUES.len() + CHART_VALUES.len(), LINES.len() + CHART_LINES.len()),
            1..6,
        ),
    ) {
        let values: Vec<&str> = VALUES.iter().chain(CHART_VALUES).copied().collect();
        let lines: Vec<&str> = LINES.iter().chain(CHART_LINES).copied().collect();
        // The Kuril seed, whose players and profiles the section names.
        let text = mutations.iter().fold(SEEDS[0].to_string() + CHARTS, |text, m| {
            apply_from(&text, m, &values, &lines)
        });
        if let Err(problem) = check_loaded(&text) {
            prop_assert!(false, "{problem}\n--- scenario ---\n{text}");
        }
    }

    #[test]
    fn the_formula_compiler_survives_arbitrary_text(
        text in "[0-9a-z_.eE+*/^(), \\-]{0,80}|\\PC{0,40}",
    ) {
        let names = vec!["a".to_string(), "b".to_string(), "e".to_string()];
        match Formula::compile(&text, &names) {
            Ok(formula) => {
                // Any value, NaN included, but no panic.
                let _ = formula.evaluate(&[1.5, -2.0, 0.0]);
            }
            Err(error) => prop_assert!(error.offset <= text.len(), "{error:?}"),
        }
    }

    #[test]
    fn formulas_evaluate_like_an_independent_evaluator(tree in expression(5)) {
        let names = vec!["a".to_string(), "b".to_string()];
        let values = [1.75, -0.5];
        let text = tree.print();
        let formula = match Formula::compile(&text, &names) {
            Ok(formula) => formula,
            // The compiler rejects a divisor that is always zero, by design: accept that only
            // when the tree really divides by a parameter-free subexpression equal to zero.
            Err(error) if error.message.contains("division by zero") => {
                prop_assert!(tree.divides_by_constant_zero(), "{text}: {error:?}");
                return Ok(());
            }
            Err(error) => {
                prop_assert!(false, "{text}: {error:?}");
                unreachable!()
            }
        };
        let compiled = formula.evaluate(&values);
        let expected = tree.evaluate(&values);
        // Bit-identical: both perform the same IEEE operations in the same order.
        prop_assert!(
            compiled.to_bits() == expected.to_bits() || compiled.is_nan() && expected.is_nan(),
            "{text}: compiled {compiled}, expected {expected}"
        );
    }
}

/// An expression tree, printed fully parenthesised so its meaning does not depend on the
/// parser's precedence rules, which the round trip then checks.
#[derive(Debug, Clone)]
enum Tree {
    Number(f64),
    Parameter(usize),
    Negate(Box<Tree>),
    Binary(char, Box<Tree>, Box<Tree>),
    Call(&'static str, Vec<Tree>),
}

fn expression(depth: u32) -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        (0u32..1000, 0u32..4)
            .prop_map(|(n, scale)| Tree::Number(f64::from(n) / 10f64.powi(scale as i32))),
        (0usize..2).prop_map(Tree::Parameter),
    ];
    leaf.prop_recursive(depth, 64, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Negate(Box::new(t))),
            (
                prop_oneof![Just('+'), Just('-'), Just('*'), Just('/'), Just('^')],
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, l, r)| Tree::Binary(op, Box::new(l), Box::new(r))),
            (
                prop_oneof![Just("abs"), Just("exp"), Just("ln"), Just("sqrt")],
                inner.clone()
            )
                .prop_map(|(f, t)| Tree::Call(f, vec![t])),
            (prop_oneof![Just("min"), Just("max")], inner.clone(), inner)
                .prop_map(|(f, l, r)| Tree::Call(f, vec![l, r])),
        ]
    })
}

impl Tree {
    fn print(&self) -> String {
        match self {
            // `{:?}` prints the shortest text that reads back to the same f64.
            Tree::Number(value) => format!("{value:?}"),
            Tree::Parameter(index) => ["a", "b"][*index].to_string(),
            Tree::Negate(inner) => format!("(-{})", inner.print()),
            Tree::Binary(op, left, right) => format!("({} {op} {})", left.print(), right.print()),
            Tree::Call(name, arguments) => {
                let arguments: Vec<String> = arguments.iter().map(Tree::print).collect();
                format!("{name}({})", arguments.join(", "))
            }
        }
    }

    fn uses_parameters(&self) -> bool {
        match self {
            Tree::Number(_) => false,
            Tree::Parameter(_) => true,
            Tree::Negate(inner) => inner.uses_parameters(),
            Tree::Binary(_, left, right) => left.uses_parameters() || right.uses_parameters(),
            Tree::Call(_, arguments) => arguments.iter().any(Tree::uses_parameters),
        }
    }

    /// True when some division's divisor is parameter-free and evaluates to zero.
    fn divides_by_constant_zero(&self) -> bool {
        match self {
            Tree::Number(_) | Tree::Parameter(_) => false,
            Tree::Negate(inner) => inner.divides_by_constant_zero(),
            Tree::Binary(op, left, right) => {
                (*op == '/' && !right.uses_parameters() && right.evaluate(&[]) == 0.0)
                    || left.divides_by_constant_zero()
                    || right.divides_by_constant_zero()
            }
            Tree::Call(_, arguments) => arguments.iter().any(Tree::divides_by_constant_zero),
        }
    }

    fn evaluate(&self, parameters: &[f64]) -> f64 {
        match self {
            Tree::Number(value) => *value,
            Tree::Parameter(index) => parameters[*index],
            Tree::Negate(inner) => -inner.evaluate(parameters),
            Tree::Binary(op, left, right) => {
                let (l, r) = (left.evaluate(parameters), right.evaluate(parameters));
                match op {
                    '+' => l + r,
                    '-' => l - r,
                    '*' => l * r,
                    '/' => l / r,
                    _ => l.powf(r),
                }
            }
            Tree::Call(name, arguments) => {
                let x = arguments[0].evaluate(parameters);
                match *name {
                    "abs" => x.abs(),
                    "exp" => x.exp(),
                    "ln" => x.ln(),
                    "sqrt" => x.sqrt(),
                    "min" => x.min(arguments[1].evaluate(parameters)),
                    _ => x.max(arguments[1].evaluate(parameters)),
                }
            }
        }
    }
}
