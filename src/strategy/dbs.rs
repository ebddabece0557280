//! Axelrod-Python's Desired Belief Strategy (`dbs`): a learnt model of the opponent's rule, with its promotion and violation counts, searched a few moves ahead.

use super::entry::{Entry, classifier};
use super::memory::TAPE_WORDS;
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// Weight of each older observation relative to the next when the model estimates the
/// opponent's chance of C after an outcome (Axelrod's `discount_factor`).
const DISCOUNT: f64 = 0.75;

/// Rounds the search looks ahead (Axelrod's `tree_depth`).
const SEARCH_DEPTH: usize = 5;

/// Rounds on the tape, one bit a round for each player.
const TAPE_ROUNDS: u32 = TAPE_WORDS as u32 * 32;

/// The search's payoffs after (own, opponent) = CC, CD, DC, DD: Axelrod's DBS scores its tree
/// in the standard game whatever the game played.
const PAYOFF: [f64; 4] = [3.0, 0.0, 5.0, 1.0];

/// The model before any observation, tit for tat: the opponent cooperates after CC and CD.
/// It is the default rule set's and, as one observation older than the match, the discounted
/// frequencies' starting point.
const TIT_FOR_TAT_COOPERATES: [bool; 4] = [true, true, false, false];

// Where `Memory::state` keeps the rule sets, four bits each, bit `o` for outcome `o`
// (own move << 1 | opponent's move, 1 = D).
const CERTAIN_HAS: u32 = 0;
const CERTAIN_SAYS_C: u32 = 4;
const DEFAULT_HAS: u32 = 8;
const DEFAULT_SAYS_C: u32 = 12;
const LAST_REPLY_C: u32 = 16;
const REJECTIONS: u32 = 24;

/// DBS (Au and Nau 2006): it models the opponent as a chance of C after each outcome of the
/// round before, and plays the move with the higher expected score over the next five rounds
/// against that model (C on a tie). The model takes, per outcome, a certain rule once the
/// opponent answered the outcome the same way `promotion_threshold` times in a row, the
/// default rule (first tit for tat, later the certain rules it dropped), or else a discounted
/// frequency of the opponent's answers. A certain rule broken `violation_threshold` times in a
/// row moves all certain rules to the default set; the default set is dropped after more than
/// `reject_threshold` breaks, or at once when one answer keeps a certain rule and breaks a
/// default one.
///
/// Memory: `state` holds four-bit sets, bit `o` for outcome `o` (own << 1 | opponent, 1 = D):
/// bits 0-3 the outcomes with a certain rule, 4-7 those whose certain rule says C, 8-11 those
/// with a default rule, 12-15 those whose default rule says C, 16-19 those the opponent last
/// answered with C; bits 24-31 count the default rules' breaks. `counts[o]` is how many times
/// in a row the opponent last answered outcome `o` the same way; `bits` holds 16 bits per
/// outcome counting a certain rule's breaks in a row. `values[o]` is the discounted frequency
/// last computed for outcome `o` (at first the prior, tit for tat's). `tape` keeps the last
/// 256 rounds, the own moves in words 0-3 and the opponent's in 4-7 (bit `i mod 256` for
/// round `i`, 1 = D).
///
/// The discounted frequencies are summed term by term, newest first, as Axelrod does, so they
/// are Axelrod's bit for bit, and so are ties in the search, whenever the tape holds the whole
/// history (matches of up to 256 rounds) or every term that still changes the sums. Past that,
/// a frequency is the one computed when its outcome last occurred (in exact arithmetic it
/// changes only then), or, when the weighted occurrences are complete but the weighted Cs are
/// not, the sum over the tape, short only of terms under 0.75^255. Axelrod's 600-round plays
/// are matched all the same (tests/strategies_learners.rs).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    promotion_threshold: u32,
    violation_threshold: u32,
    reject_threshold: u32,
}

impl Default for Rule {
    /// Axelrod's defaults, the values Au and Nau suggest.
    fn default() -> Rule {
        Rule::new(3, 4, 3)
    }
}

impl Rule {
    /// A DBS with Axelrod's `promotion_threshold`, `violation_threshold` and
    /// `reject_threshold` (its discount factor 0.75 and search depth 5 stay fixed).
    pub fn new(promotion_threshold: u32, violation_threshold: u32, reject_threshold: u32) -> Rule {
        Rule {
            promotion_threshold,
            violation_threshold,
            reject_threshold,
        }
    }

    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        if view.rounds == 0 {
            memory.state =
                0b1111 << DEFAULT_HAS | rule_bits(TIT_FOR_TAT_COOPERATES) << DEFAULT_SAYS_C;
            memory.values = TIT_FOR_TAT_COOPERATES.map(f64::from);
            return Move::C;
        }
        record(view, &mut memory.tape);
        if view.rounds >= 2 {
            self.learn(view, memory);
        }
        // The outcome that just gained an observation: its frequency is computed afresh, to
        // stand in should the tape later lose the terms it needs.
        let observed =
            (view.rounds >= 2).then(|| outcome_of(view.own_move(2), view.opponent_move(2)));
        let mut model = [0.0; 4];
        for (outcome, chance) in model.iter_mut().enumerate() {
            let set = |has: u32, says_c: u32| {
                (memory.state >> (has + outcome as u32) & 1 == 1)
                    .then(|| f64::from(memory.state >> (says_c + outcome as u32) & 1))
            };
            // A default rule outranks a certain one for the same outcome: Axelrod builds the
            // model from the certain rules, then the default ones over them.
            let rule = set(DEFAULT_HAS, DEFAULT_SAYS_C).or(set(CERTAIN_HAS, CERTAIN_SAYS_C));
            if (rule.is_none() || observed == Some(outcome))
                && let Some(frequency) = discounted_frequency(view, &memory.tape, outcome)
            {
                memory.values[outcome] = frequency;
            }
            *chance = rule.unwrap_or(memory.values[outcome]);
        }
        best_reply(
            (view.own_move(1), view.opponent_move(1)),
            &model,
            SEARCH_DEPTH,
        )
    }

    /// Axelrod's update after the opponent answered the outcome two rounds ago.
    fn learn(&self, view: &View, memory: &mut Memory) {
        let outcome = outcome_of(view.own_move(2), view.opponent_move(2));
        let answered_c = view.opponent_move(1) == Move::C;
        let bit = 1 << outcome;
        let answered = u32::from(answered_c) << outcome;

        let streak = &mut memory.counts[outcome];
        let same = *streak > 0 && memory.state & (bit << LAST_REPLY_C) == answered << LAST_REPLY_C;
        *streak = if same { streak.saturating_add(1) } else { 1 };
        memory.state = memory.state & !(bit << LAST_REPLY_C) | answered << LAST_REPLY_C;

        let has = |state: u32, at: u32| state >> at & bit != 0;
        let says = |state: u32, at: u32| state & (bit << at) == answered << at;
        if !has(memory.state, CERTAIN_HAS) && memory.counts[outcome] >= self.promotion_threshold {
            memory.state = memory.state & !(bit << CERTAIN_SAYS_C)
                | bit << CERTAIN_HAS
                | answered << CERTAIN_SAYS_C;
            set_breaks(&mut memory.bits, outcome, 0);
        }
        if has(memory.state, CERTAIN_HAS) {
            if says(memory.state, CERTAIN_SAYS_C) {
                set_breaks(&mut memory.bits, outcome, 0);
            } else {
                let breaks = breaks(memory.bits, outcome).saturating_add(1);
                set_breaks(&mut memory.bits, outcome, breaks);
                if u32::from(breaks) >= self.violation_threshold {
                    // The certain rules become the default ones, over those there.
                    let certain = memory.state >> CERTAIN_HAS & 0b1111;
                    let certain_c = memory.state >> CERTAIN_SAYS_C & 0b1111;
                    let default = memory.state >> DEFAULT_HAS & 0b1111;
                    let default_c = memory.state >> DEFAULT_SAYS_C & 0b1111;
                    let kept_c = default_c & !certain | certain_c & certain;
                    memory.state &= !(0xFFFF | 0xFF << REJECTIONS);
                    memory.state |= (default | certain) << DEFAULT_HAS | kept_c << DEFAULT_SAYS_C;
                    memory.bits = 0;
                }
            }
        }
        let kept_and_met = has(memory.state, CERTAIN_HAS) && says(memory.state, CERTAIN_SAYS_C);
        let default_broken = has(memory.state, DEFAULT_HAS) && !says(memory.state, DEFAULT_SAYS_C);
        let mut rejections = memory.state >> REJECTIONS;
        if default_broken {
            rejections = (rejections + 1).min(0xFF);
        }
        if rejections > self.reject_threshold || (kept_and_met && default_broken) {
            memory.state &= !(0xFF << DEFAULT_HAS);
            rejections = 0;
        }
        memory.state = memory.state & !(0xFF << REJECTIONS) | rejections << REJECTIONS;
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

fn outcome_of(own: Move, opponent: Move) -> usize {
    usize::from(own == Move::D) << 1 | usize::from(opponent == Move::D)
}

fn rule_bits(cooperates: [bool; 4]) -> u32 {
    (0..4).map(|o| u32::from(cooperates[o]) << o).sum()
}

fn breaks(bits: u64, outcome: usize) -> u16 {
    (bits >> (16 * outcome)) as u16
}

fn set_breaks(bits: &mut u64, outcome: usize, breaks: u16) {
    *bits = *bits & !(0xFFFF << (16 * outcome)) | u64::from(breaks) << (16 * outcome);
}

/// Writes the last round on the tape.
fn record(view: &View, tape: &mut [u64; TAPE_WORDS]) {
    let round = (view.rounds - 1) % TAPE_ROUNDS;
    let (word, bit) = ((round / 64) as usize, round % 64);
    let half = TAPE_WORDS / 2;
    for (offset, defected) in [(0, view.own & 1), (half, view.opponent & 1)] {
        tape[offset + word] = tape[offset + word] & !(1 << bit) | defected << bit;
    }
}

/// The moves (own, opponent's) of round `round` (0-based), which must be on the tape.
fn taped(tape: &[u64; TAPE_WORDS], round: u32) -> (Move, Move) {
    let round = round % TAPE_ROUNDS;
    let (word, bit) = ((round / 64) as usize, round % 64);
    let half = TAPE_WORDS / 2;
    let moved = |offset: usize| Move::from_defected(tape[offset + word] >> bit & 1 == 1);
    (moved(0), moved(half))
}

/// Axelrod's discounted frequency of the opponent's C after `outcome`: over the rounds that
/// followed it, newest first, each weighted 0.75 times the next newer round's weight, the
/// weighted Cs over the weighted rounds, with the model's prior (tit for tat) as one
/// observation older than the match. Summed in Axelrod's order so it is the same number;
/// `None` when the tape lacks terms the sums would still change by.
fn discounted_frequency(view: &View, tape: &[u64; TAPE_WORDS], outcome: usize) -> Option<f64> {
    let rounds = view.rounds;
    let (mut cooperations, mut occurrences, mut weight) = (0.0_f64, 0.0_f64, 1.0_f64);
    let mut occurrences_settled = false;
    // Observation `back` (0 = newest) is the opponent's move in round `rounds - back` (1-based)
    // after the outcome of the round before it.
    for back in 0..rounds - 1 {
        if weight == 0.0 || cooperations != 0.0 && cooperations + weight == cooperations {
            // Every later term is smaller still: neither sum can change any more.
            if occurrences + weight == occurrences {
                // No occurrence at all only once the weights vanish (about 2,600 rounds), where
                // Axelrod divides by zero: the frequency last computed stands.
                return (occurrences != 0.0).then(|| cooperations / occurrences);
            }
        }
        occurrences_settled |= occurrences != 0.0 && occurrences + weight == occurrences;
        let answer_round = rounds - 1 - back;
        if rounds - answer_round >= TAPE_ROUNDS {
            // The tape has lost the outcome before this answer.
            return occurrences_settled.then(|| cooperations / occurrences);
        }
        let (own, opponent) = taped(tape, answer_round - 1);
        if outcome_of(own, opponent) == outcome {
            occurrences += weight;
            if taped(tape, answer_round).1 == Move::C {
                cooperations += weight;
            }
        }
        weight *= DISCOUNT;
    }
    occurrences += weight;
    if TIT_FOR_TAT_COOPERATES[outcome] {
        cooperations += weight;
    }
    Some(cooperations / occurrences)
}

/// The move with the higher expected score over the next `depth` rounds (at least 1) after
/// the round that ended in `last` (own move, opponent's), when the opponent's next move follows
/// `model` (its chance of C after CC, CD, DC, DD) and this player then plays its best; C on a
/// tie (Axelrod's `move_gen`). Axelrod searches the tree node by node; a node's value depends
/// only on its outcome and depth, so each is computed once here, by the same arithmetic in the
/// same order, giving the same numbers.
pub fn best_reply(last: (Move, Move), model: &[f64; 4], depth: usize) -> Move {
    let expected = |chance: f64, after: &[f64; 4], own: usize| {
        chance * after[own << 1] + (1.0 - chance) * after[own << 1 | 1]
    };
    let mut value = PAYOFF;
    for _ in 1..depth {
        let after = value;
        for (outcome, node) in value.iter_mut().enumerate() {
            let (c, d) = (
                expected(model[outcome], &after, 0),
                expected(model[outcome], &after, 1),
            );
            *node = (if d > c { d } else { c }) + PAYOFF[outcome];
        }
    }
    let last = outcome_of(last.0, last.1);
    let (c, d) = (
        expected(model[last], &value, 0) + PAYOFF[last],
        expected(model[last], &value, 1) + PAYOFF[last],
    );
    Move::from_defected(d > c)
}

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[&DBS];

pub static DBS: Entry = Entry {
    name: "dbs",
    axelrod_name: Some("DBS"),
    aliases: &[],
    summary: "Learns the opponent's reply to each outcome (rules it trusts, else discounted frequencies) and plays the best move five rounds ahead",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Dbs(Rule::default())),
};
