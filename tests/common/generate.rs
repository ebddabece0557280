//! Small valid scenarios made from a list of numbers that proptest draws and shrinks: 2–4 players
//! of 2–4 actions, formulas (of parameters, `round`, schedules and state variables) at every
//! site (payoffs, noise, constraint probabilities, perception rates, state updates, schedules),
//! constraints, continuation, a sweep, and strategy candidates from the library and the written
//! kinds.
//!
//! Each decision reads the next number modulo its options and reads 0 once the list is used up;
//! option 0 is always the simplest, so a shrunk list gives a smaller scenario.

use std::fmt::Write;

/// Decisions read from proptest's numbers.
pub struct Choices<'a> {
    values: &'a [u32],
    next: usize,
}

impl<'a> Choices<'a> {
    pub fn new(values: &'a [u32]) -> Choices<'a> {
        Choices { values, next: 0 }
    }

    /// One of `0..options`.
    fn pick(&mut self, options: usize) -> usize {
        let value = self.values.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        value as usize % options.max(1)
    }

    /// True about `percent` times in 100; false once shrunk to 0.
    fn maybe(&mut self, percent: usize) -> bool {
        self.pick(100) >= 100 - percent
    }

    fn one_of<T: Copy>(&mut self, options: &[T]) -> T {
        options[self.pick(options.len())]
    }
}

const PLAYERS: [&str; 4] = ["Ann", "Bob", "Cat", "Dan"];
const LABELS: [&str; 4] = ["C", "D", "E", "F"];
/// Probabilities a formula may start from, 0 and 1 included (they draw nothing).
const CHANCES: [f64; 6] = [0.0, 0.3, 0.05, 0.5, 1.0, 0.9];

/// What a value must be, which decides the formulas that may stand for it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// In [0, 1] in every round that validation can check.
    Probability,
    /// Any finite number.
    Payoff,
}

/// A parameter, schedule or state variable that formulas may read.
struct Name {
    name: String,
    kind: Kind,
    /// Reads a state variable (directly or through a schedule): validation checks it in round 1
    /// only, so it may leave [0, 1] later (the engine then counts it as 0 or 1).
    reads_state: bool,
}

/// The scenario being written.
struct Builder<'c, 'a> {
    choices: &'c mut Choices<'a>,
    players: usize,
    actions: Vec<usize>,
    max_rounds: u32,
    /// Fixed parameters, schedules and state variables, in the order they are declared.
    names: Vec<Name>,
    states: Vec<Name>,
    /// The payoffs are the standard prisoner's dilemma's numbers: only then are strategies
    /// built from the payoff table chosen.
    standard_game: bool,
}

/// A generated scenario's text and the library strategies it may choose from.
pub fn scenario(choices: &mut Choices<'_>, library: &[&str], game_readers: &[&str]) -> String {
    // The classic 2×2 game a quarter of the time, the only one strategies built from the
    // payoff table accept; else any size.
    let (players, actions) = if choices.maybe(25) {
        (2, vec![2, 2])
    } else {
        let players = 2 + choices.pick(3);
        (players, (0..players).map(|_| 2 + choices.pick(3)).collect())
    };
    let (max_rounds, length) = if choices.maybe(30) {
        let max_rounds = 1 + choices.pick(25) as u32;
        let continuation = choices.one_of(&[0.9, 0.5, 0.99]);
        (
            max_rounds,
            format!("continuation = {continuation}\nmax_rounds = {max_rounds}\n"),
        )
    } else {
        let rounds = 1 + choices.pick(20) as u32;
        (rounds, format!("rounds = {rounds}\n"))
    };
    let mut builder = Builder {
        choices,
        players,
        actions,
        max_rounds,
        names: Vec::new(),
        states: Vec::new(),
        standard_game: false,
    };
    builder.write(length, library, game_readers)
}

impl Builder<'_, '_> {
    fn write(&mut self, length: String, library: &[&str], game_readers: &[&str]) -> String {
        let mut text = String::new();
        let replicates = if self.choices.maybe(15) {
            65 + self.choices.pick(10)
        } else {
            1 + self.choices.pick(12)
        };
        let seed = self.choices.pick(1000);
        writeln!(
            text,
            "[scenario]\nname = \"generated\"\nseed = {seed}\nreplicates = {replicates}\n"
        )
        .unwrap();

        // Fixed parameters, one of them maybe swept; then schedules, each reading what came
        // before it; state variables are declared in [state] but readable by schedules.
        let mut parameters = String::new();
        let fixed = self.choices.pick(3);
        for index in 0..fixed {
            let (value, kind) = if self.choices.maybe(50) {
                (self.choices.one_of(&CHANCES), Kind::Probability)
            } else {
                (f64::from(self.choices.pick(7) as u32) - 2.0, Kind::Payoff)
            };
            let name = format!("p{index}");
            writeln!(parameters, "{name} = {value}").unwrap();
            self.names.push(Name {
                name,
                kind,
                reads_state: false,
            });
        }
        let sweep = if fixed > 0 && self.choices.maybe(20) {
            let name = &self.names[0];
            let values = match name.kind {
                Kind::Probability => "[0.2, 0.7]",
                Kind::Payoff => "[-1, 2]",
            };
            format!("[sweep]\n{} = {values}\n\n", name.name)
        } else {
            String::new()
        };
        let state_count = self.choices.pick(3);
        for index in 0..state_count {
            // Initial values in [0, 1], so a probability may read a state in round 1.
            self.states.push(Name {
                name: format!("st{index}"),
                kind: Kind::Probability,
                reads_state: true,
            });
        }
        let schedules = self.choices.pick(3);
        for index in 0..schedules {
            let kind = if self.choices.maybe(50) {
                Kind::Probability
            } else {
                Kind::Payoff
            };
            let (formula, reads_state) = self.formula(kind);
            let name = format!("s{index}");
            writeln!(parameters, "{name} = \"{formula}\"").unwrap();
            self.names.push(Name {
                name,
                kind,
                reads_state,
            });
        }
        if !parameters.is_empty() {
            writeln!(text, "[parameters]\n{parameters}").unwrap();
        }
        text.push_str(&sweep);
        if state_count > 0 {
            text.push_str("[state]\n");
            for index in 0..state_count {
                let initial = self.choices.one_of(&CHANCES);
                let update = self.update();
                writeln!(
                    text,
                    "st{index} = {{ initial = {initial}, update = '{update}' }}"
                )
                .unwrap();
            }
            text.push('\n');
        }

        let quoted = |names: &[&str]| {
            names
                .iter()
                .map(|name| format!("\"{name}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            text,
            "[game]\nplayers = [{}]\n{length}",
            quoted(&PLAYERS[..self.players])
        )
        .unwrap();
        if self.choices.maybe(50) {
            let (noise, _) = self.formula(Kind::Probability);
            writeln!(text, "noise = \"{noise}\"").unwrap();
        }
        text.push_str("\n[game.actions]\n");
        for player in 0..self.players {
            writeln!(
                text,
                "{} = [{}]",
                PLAYERS[player],
                quoted(&LABELS[..self.actions[player]])
            )
            .unwrap();
        }
        // Now and then a table of numbers alone; in a 2×2 game the standard prisoner's dilemma,
        // which the strategies built from the payoff table accept (zero-determinant ones need
        // its ordering).
        let fixed_payoffs = self.choices.maybe(40);
        self.standard_game = fixed_payoffs && self.players == 2 && self.actions == [2, 2];
        const STANDARD: [[i32; 2]; 4] = [[3, 3], [0, 5], [5, 0], [1, 1]];
        text.push_str("\n[game.payoffs]\n");
        let joint_count: usize = self.actions.iter().product();
        for joint in 0..joint_count {
            let standard = STANDARD.get(joint).copied().unwrap_or_default();
            let mut rest = joint;
            let mut labels = vec![""; self.players];
            for player in (0..self.players).rev() {
                labels[player] = LABELS[rest % self.actions[player]];
                rest /= self.actions[player];
            }
            let values: Vec<String> = (0..self.players)
                .map(|player| match fixed_payoffs {
                    true if self.standard_game => standard[player].to_string(),
                    true => (self.choices.pick(9) as i32 - 3).to_string(),
                    false => format!("\"{}\"", self.formula(Kind::Payoff).0),
                })
                .collect();
            writeln!(text, "\"{}\" = [{}]", labels.join(","), values.join(", ")).unwrap();
        }
        text.push('\n');
        self.constraints(&mut text);
        self.perception(&mut text);

        text.push_str("[strategies]\n");
        for (player, name) in PLAYERS[..self.players].iter().enumerate() {
            let count = 1 + self.choices.pick(2);
            let candidates: Vec<String> = (0..count)
                .map(|index| self.candidate(player, index, library, game_readers))
                .collect();
            writeln!(text, "{name} = [{}]", candidates.join(", ")).unwrap();
        }
        text
    }

    /// A formula for a value of `kind`, and whether it reads a state variable.
    fn formula(&mut self, kind: Kind) -> (String, bool) {
        let rounds = self.max_rounds;
        let readable: Vec<usize> = (0..self.names.len())
            .filter(|&index| kind == Kind::Payoff || self.names[index].kind == kind)
            .collect();
        let choice = self.choices.pick(7);
        let formula = match (kind, choice) {
            (_, 1) if !readable.is_empty() => {
                let name = &self.names[self.choices.one_of(&readable)];
                return (name.name.clone(), name.reads_state);
            }
            (Kind::Probability, 2) => {
                let scale = self.choices.one_of(&[1.0, 0.5, 0.25]);
                format!("{scale} * round / {rounds}")
            }
            (Kind::Probability, 3) => "1 / round".to_string(),
            (Kind::Probability, 4) if !self.states.is_empty() => {
                let state = self.choices.pick(self.states.len());
                return (format!("st{state}"), true);
            }
            (Kind::Probability, 5) if !self.states.is_empty() => {
                let state = self.choices.pick(self.states.len());
                return (format!("min(1, max(0, 0.5 * st{state} + 0.1))"), true);
            }
            (Kind::Payoff, 2) => {
                let scale = self.choices.pick(3) + 1;
                format!("round * {scale}")
            }
            (Kind::Payoff, 3) => "10 - round".to_string(),
            (Kind::Payoff, 4) if !self.states.is_empty() => {
                let state = self.choices.pick(self.states.len());
                return (format!("2 * st{state} - 1"), true);
            }
            (Kind::Payoff, 5) if !readable.is_empty() => {
                let name = &self.names[self.choices.one_of(&readable)];
                let constant = self.choices.pick(5);
                return (
                    format!("max({constant}, {}) - 1", name.name),
                    name.reads_state,
                );
            }
            (Kind::Probability, _) => self.choices.one_of(&CHANCES).to_string(),
            (Kind::Payoff, _) => (self.choices.pick(9) as i32 - 3).to_string(),
        };
        (formula, false)
    }

    /// A state update, reading what was played in the round.
    fn update(&mut self) -> String {
        let player = PLAYERS[self.choices.pick(self.players)];
        let other = PLAYERS[self.choices.pick(self.players)];
        let action = LABELS[self.choices.pick(2)];
        let state = format!("st{}", self.choices.pick(self.states.len()));
        match self.choices.pick(7) {
            0 => state,
            1 => format!(
                "min(1, max(0, {state} + 0.2 * played({player}, \"{action}\") - 0.1 * played({other}, \"D\")))"
            ),
            2 => format!("count({player}, \"{action}\") / round"),
            3 => format!("{state} + defections({player}) - cooperations({other})"),
            4 => format!("payoff({player}) / 4"),
            5 => format!("{state} * 0.5 + 0.1 * round"),
            _ => format!("1 - {state}"),
        }
    }

    /// Up to two constraints; each player keeps one action no constraint forbids, so together
    /// they never forbid everything.
    fn constraints(&mut self, text: &mut String) {
        let kept: Vec<usize> = self
            .actions
            .iter()
            .map(|&count| self.choices.pick(count))
            .collect();
        for _ in 0..self.choices.pick(3) {
            let player = self.choices.pick(self.players);
            let forbid: Vec<&str> = (0..self.actions[player])
                .filter(|&action| action != kept[player] && self.choices.maybe(60))
                .map(|action| LABELS[action])
                .collect();
            if forbid.is_empty() {
                continue;
            }
            let (probability, _) = self.formula(Kind::Probability);
            write!(
                text,
                "[[game.constraints]]\nplayer = \"{}\"\nforbid = [{}]\nprobability = \"{probability}\"\n",
                PLAYERS[player],
                forbid
                    .iter()
                    .map(|l| format!("\"{l}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .unwrap();
            if self.choices.maybe(40) {
                writeln!(text, "fallback = \"{}\"", LABELS[kept[player]]).unwrap();
            }
            text.push('\n');
        }
    }

    /// Up to three perception entries on distinct (observer, observed) pairs.
    fn perception(&mut self, text: &mut String) {
        let mut pairs = Vec::new();
        for _ in 0..self.choices.pick(4) {
            let observer = self.choices.pick(self.players);
            let observed = (observer + 1 + self.choices.pick(self.players - 1)) % self.players;
            if pairs.contains(&(observer, observed)) {
                continue;
            }
            pairs.push((observer, observed));
            write!(
                text,
                "[[game.perception]]\nobserver = \"{}\"\nobserved = \"{}\"\n",
                PLAYERS[observer], PLAYERS[observed]
            )
            .unwrap();
            if self.choices.maybe(50) {
                let mut rates = Vec::new();
                for label in &LABELS[..self.actions[observed]] {
                    if self.choices.maybe(70) {
                        let (rate, _) = self.formula(Kind::Probability);
                        rates.push(format!("{label} = \"{rate}\""));
                    }
                }
                writeln!(text, "misread = {{ {} }}\n", rates.join(", ")).unwrap();
            } else {
                let (rate, _) = self.formula(Kind::Probability);
                writeln!(text, "error = \"{rate}\"\n").unwrap();
            }
        }
    }

    /// A candidate for `player`, labelled uniquely among its candidates.
    fn candidate(
        &mut self,
        player: usize,
        index: usize,
        library: &[&str],
        game_readers: &[&str],
    ) -> String {
        let actions = self.actions[player];
        let name = format!("w{index}");
        let label = |action: usize| format!("\"{}\"", LABELS[action]);
        let two_actions = actions == 2;
        match self.choices.pick(if two_actions { 12 } else { 4 }) {
            0 => format!(
                "{{ kind = \"fixed\", name = \"{name}\", action = {} }}",
                label(self.choices.pick(actions))
            ),
            1 => {
                let first = self.choices.pick(actions);
                let second = (first + 1) % actions;
                format!(
                    "{{ kind = \"mixed\", name = \"{name}\", p = {{ {} = 0.25, {} = 0.75 }} }}",
                    LABELS[first], LABELS[second]
                )
            }
            2 => {
                let length = 1 + self.choices.pick(4);
                let sequence: Vec<String> = (0..length)
                    .map(|_| label(self.choices.pick(actions)))
                    .collect();
                format!(
                    "{{ kind = \"cycle\", name = \"{name}\", sequence = [{}] }}",
                    sequence.join(", ")
                )
            }
            3 => {
                let watched = (player + 1 + self.choices.pick(self.players - 1)) % self.players;
                let cases: Vec<String> = (0..self.actions[watched])
                    .map(|action| {
                        let reply = if self.choices.maybe(30) {
                            let first = self.choices.pick(actions);
                            format!(
                                "{{ {} = 0.5, {} = 0.5 }}",
                                LABELS[first],
                                LABELS[(first + 1) % actions]
                            )
                        } else {
                            label(self.choices.pick(actions))
                        };
                        format!("{} = {reply}", LABELS[action])
                    })
                    .collect();
                format!(
                    "{{ kind = \"reply\", name = \"{name}\", watch = [\"{}\"], first = {}, table = {{ {} }} }}",
                    PLAYERS[watched],
                    label(self.choices.pick(actions)),
                    cases.join(", ")
                )
            }
            4 => {
                let p: Vec<String> = (0..4)
                    .map(|_| self.choices.one_of(&CHANCES).to_string())
                    .collect();
                format!(
                    "{{ kind = \"memory_one\", name = \"{name}\", p = [{}]{} }}",
                    p.join(", "),
                    self.watch(player)
                )
            }
            5 => format!(
                "{{ kind = \"noisy\", name = \"{name}\", of = \"{}\", noise = 0.1{} }}",
                self.library_name(library, &[]),
                self.watch(player)
            ),
            6 => {
                // Axelrod's FSMPlayer rows [state, opponent's last move, next state, action].
                let moves: Vec<&str> = (0..4).map(|_| self.choices.one_of(&["C", "D"])).collect();
                format!(
                    "{{ kind = \"fsm\", name = \"{name}\", transitions = [[1, \"C\", 1, \"{}\"], \
                     [1, \"D\", 2, \"{}\"], [2, \"C\", 1, \"{}\"], [2, \"D\", 2, \"{}\"]]{} }}",
                    moves[0],
                    moves[1],
                    moves[2],
                    moves[3],
                    self.watch(player)
                )
            }
            7 => {
                let pattern: String = (0..4).map(|_| self.choices.one_of(&['C', 'D'])).collect();
                format!(
                    "{{ kind = \"lookup\", name = \"{name}\", self_plays = 1, op_plays = 1, \
                     pattern = \"{pattern}\"{} }}",
                    self.watch(player)
                )
            }
            8 => {
                let p: Vec<String> = (0..16)
                    .map(|_| self.choices.one_of(&CHANCES).to_string())
                    .collect();
                format!(
                    "{{ kind = \"memory_n\", name = \"{name}\", n = 2, p = [{}]{} }}",
                    p.join(", "),
                    self.watch(player)
                )
            }
            _ => {
                let strategy = self.library_name(library, game_readers);
                format!(
                    "{{ kind = \"{strategy}\", name = \"{name}\"{} }}",
                    self.watch(player)
                )
            }
        }
    }

    /// A library strategy; one that reads the payoff table only when it is a fixed 2×2 table.
    fn library_name<'l>(&mut self, library: &[&'l str], game_readers: &[&'l str]) -> &'l str {
        if self.standard_game && !game_readers.is_empty() && self.choices.maybe(50) {
            self.choices.one_of(game_readers)
        } else {
            self.choices.one_of(library)
        }
    }

    /// Whom a two-action strategy reacts to, in a game of three or more players; and now and
    /// then which actions it counts as defection.
    fn watch(&mut self, player: usize) -> String {
        if self.players < 3 {
            return String::new();
        }
        let others = self.players - 1;
        let target = (player + 1 + self.choices.pick(others)) % self.players;
        let (mut fields, watched) = match self.choices.pick(5) {
            0 => (String::new(), None),
            1 => (format!(", target = \"{}\"", PLAYERS[target]), Some(target)),
            2 => (", watch = \"all\"".to_string(), None),
            3 => (", watch = \"majority\"".to_string(), None),
            _ => (
                format!(", at_least = {}", 1 + self.choices.pick(others)),
                None,
            ),
        };
        // Labels every watched player has: each is judged by its own.
        let common = (0..self.players)
            .filter(|&other| other != player && watched.is_none_or(|w| w == other))
            .map(|other| self.actions[other])
            .min()
            .unwrap_or(2);
        if self.choices.maybe(30) {
            let labels: Vec<String> = (1..common)
                .filter(|_| self.choices.maybe(50))
                .map(|action| format!("\"{}\"", LABELS[action]))
                .collect();
            if !labels.is_empty() {
                write!(fields, ", hostile = [{}]", labels.join(", ")).unwrap();
            }
        }
        fields
    }
}
