//! The per-round hot loop allocates nothing: a counting global allocator sees no allocation
//! while thousands of rounds are played and recorded.

use dilemma::sim::matchup::MatchSpec;
use dilemma::sim::summary::{CellAccumulator, Shape};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // Only the thread playing the match counts: the test harness allocates on its own threads.
    // A const-initialised `Cell<bool>` needs no allocation and no destructor, so the allocator
    // may read it.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Three players, a probabilistic constraint, noise and stochastic strategies: every branch
/// of the round loop is exercised. `extra` goes after the constraint.
fn scenario(extra: &str) -> String {
    scenario_with(
        extra,
        "A = [\"tit_for_tat\"]\nB = [{ kind = \"joss\", target = \"A\" }]\nC = \
         [\"generous_tit_for_tat\"]",
    )
}

/// `scenario` with other strategies (the `[strategies]` body).
fn scenario_with(extra: &str, strategies: &str) -> String {
    format!(
        r#"
[scenario]
name = "alloc"
[game]
players = ["A", "B", "C"]
rounds = 5000
noise = 0.05
[game.payoffs]
"C,C,C" = [3, 3, 3]
"C,C,D" = [1, 1, 4]
"C,D,C" = [1, 4, 1]
"C,D,D" = [0, 2, 2]
"D,C,C" = [4, 1, 1]
"D,C,D" = [2, 0, 2]
"D,D,C" = [2, 2, 0]
"D,D,D" = [1, 1, 1]
[[game.constraints]]
player = "A"
forbid = ["D"]
probability = 0.5
{extra}
[strategies]
{strategies}
"#
    )
}

/// Plays six matches of the scenario's first cell (dispatching and general paths) with the
/// counter on, and returns the rounds played and the allocations seen.
fn count_allocations(text: &str) -> (usize, usize) {
    count_allocations_with(text, dilemma::sim::dynamics::MAX_TABULATED_VALUES)
}

/// `count_allocations`, tabulating at most `limit` schedule values (0: all in the loop).
fn count_allocations_with(text: &str, limit: usize) -> (usize, usize) {
    // The count is global: tests counting at the same time would see each other's probes.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let experiment = dilemma::scenario::parse(text, "alloc.toml").unwrap();
    let parameters = &experiment.parameter_values;
    let dynamics = dilemma::sim::dynamics::PointDynamics::new(&experiment.game, parameters, limit);
    let spec = MatchSpec::with_point(
        &experiment,
        &experiment.cells[0],
        experiment.game.evaluate_payoffs(parameters).into(),
        dynamics.map(std::sync::Arc::new),
    );
    // Joint actions counted (joint.csv) in every case, amity (relations.csv) where the
    // scenario has [relations].
    let players = experiment.game.player_count();
    let rounds = experiment.game.length.max_rounds() as usize;
    let shape = Shape::new(vec![2; players], rounds)
        .observing(experiment.game.observed_counts())
        .with_states(experiment.game.dynamics.states.len())
        .counting_joint(experiment.game.joint_count())
        .with_relations(experiment.relations.clone());
    let mut accumulator = CellAccumulator::new(shape);
    // Sanity check of the counter itself: an allocation on this thread is seen.
    COUNTING.with(|counting| counting.set(true));
    let before_probe = ALLOCATIONS.load(Ordering::SeqCst);
    drop(std::hint::black_box(vec![1u8; 16]));
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst) - before_probe, 1);
    COUNTING.with(|counting| counting.set(false));
    let mut scratch = spec.scratch();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|counting| counting.set(true));
    let mut rounds = 0;
    for _ in 0..3 {
        rounds += spec.play(&mut rng, &mut scratch, &mut accumulator);
        rounds += spec.play_unspecialized(&mut rng, &mut scratch, &mut accumulator);
        accumulator.finish_replicate();
    }
    COUNTING.with(|counting| counting.set(false));
    let allocated = ALLOCATIONS.load(Ordering::SeqCst) - before;
    (rounds, allocated)
}

#[test]
fn playing_and_recording_rounds_does_not_allocate() {
    let (rounds, allocated) = count_allocations(&scenario(""));
    assert_eq!(rounds, 30_000);
    assert_eq!(allocated, 0, "{allocated} allocations in {rounds} rounds");
}

#[test]
fn strategies_that_name_actions_and_watch_rules_do_not_allocate_either() {
    // A reply drawing from distributions (the loop keeps each observer's view of the last
    // round), a mixed player, and tit for tat under a majority rule with `hostile` labels; once
    // without perception noise and once with it, so both loops are counted.
    let strategies = "A = [{ kind = \"tit_for_tat\", watch = \"majority\", hostile = [\"D\"] }]\n\
                      B = [{ kind = \"reply\", first = \"C\", table = { \"C,C\" = \"C\", \
                      \"C,D\" = { C = 0.5, D = 0.5 }, \"D,C\" = \"D\", \"D,D\" = \"D\" } }]\n\
                      C = [{ kind = \"mixed\", p = { C = 0.6, D = 0.4 } }]";
    let perception = "[[game.perception]]\nobserver = \"B\"\nobserved = \"C\"\nerror = 0.2\n\
                      [[game.perception]]\nobserver = \"A\"\nobserved = \"B\"\nerror = 0.1\n";
    for extra in ["", perception] {
        let (rounds, allocated) = count_allocations(&scenario_with(extra, strategies));
        assert_eq!(rounds, 30_000);
        assert_eq!(allocated, 0, "{allocated} allocations in {rounds} rounds");
    }
}

#[test]
fn perception_noise_does_not_allocate_either() {
    // Misreading in both forms, several observers and one player observed twice, so the
    // loop compiled with perception runs its every branch.
    let entries = r#"
[[game.perception]]
observer = "A"
observed = "B"
error = 0.1
[[game.perception]]
observer = "B"
observed = "A"
misread = { C = 0.3, D = 0.05 }
[[game.perception]]
observer = "C"
observed = "A"
misread = { D = 0.5 }
"#;
    let (rounds, allocated) = count_allocations(&scenario(entries));
    assert_eq!(rounds, 30_000);
    assert_eq!(allocated, 0, "{allocated} allocations in {rounds} rounds");
}

#[test]
fn schedules_state_variables_and_perception_do_not_allocate_either() {
    // A round-only schedule (tabulated, then forced into the loop), a state variable read by
    // a perception rate and a constraint probability, and every function that reads a round.
    let extra = r#"
[[game.constraints]]
player = "B"
forbid = ["D"]
probability = "pressure * trust"
[[game.perception]]
observer = "A"
observed = "B"
error = "0.2 * (1 - trust)"
[parameters]
k = 100
pressure = "0.3 + 0.4 * step(round - k) * 0.99 ^ round"
[state]
trust = { initial = 0.5, update = 'max(0, min(1, trust + 0.05 * played(A, "C") * played(B, C) - 0.1 * played(C, "D")))' }
tally = { initial = 0, update = 'tally + payoff(A) + defections(B) - cooperations(C) + count(A, D)' }
"#;
    for limit in [dilemma::sim::dynamics::MAX_TABULATED_VALUES, 0] {
        let (rounds, allocated) = count_allocations_with(&scenario(extra), limit);
        assert_eq!(rounds, 30_000);
        assert_eq!(
            allocated, 0,
            "{allocated} allocations in {rounds} rounds (limit {limit})"
        );
    }
}

#[test]
fn counting_joint_actions_and_relations_does_not_allocate() {
    let relations = r#"
[relations]
"A,B" = ["C,C"]
"C,B" = ["C,C", "D,C"]
"A,C" = []
"#;
    let (rounds, allocated) = count_allocations(&scenario(relations));
    assert_eq!(rounds, 30_000);
    assert_eq!(allocated, 0, "{allocated} allocations in {rounds} rounds");
}

/// `candidate` as player A beside tit for tat and a joss: every round of its matches without
/// an allocation.
fn assert_plays_without_allocating(candidate: &str) {
    let strategies = format!("A = [{candidate}]\nB = [\"tit_for_tat\"]\nC = [\"joss\"]");
    let (rounds, allocated) = count_allocations(&scenario_with("", &strategies));
    assert_eq!(rounds, 30_000, "{candidate}");
    assert_eq!(
        allocated, 0,
        "{candidate}: {allocated} allocations in {rounds} rounds"
    );
}

#[test]
fn every_registered_strategy_and_transformer_plays_without_allocating() {
    // Every family's rules keep their state in the per-match memory: each two-action strategy
    // with its defaults, as player A beside tit for tat and a joss, and wrapped in each
    // transformer (with noise, so the wrappers draw).
    use dilemma::strategy::entry::{Context, StrategyArgs};
    use dilemma::strategy::multi_action;
    use dilemma::strategy::registry::ENTRIES;
    let mut checked = 0;
    for entry in ENTRIES.iter() {
        let builds = entry
            .build(&StrategyArgs::default(), &Context::standard(5000))
            .is_ok();
        // The strategies that read R, S, T and P need a two-player game; they compile to the
        // memory-one policy, counted by the tests above.
        if multi_action::is_kind(entry) || !builds || entry.classifier.uses_game {
            continue;
        }
        let name = entry.name;
        for candidate in [
            format!("\"{name}\""),
            format!("{{ kind = \"noisy\", of = \"{name}\", noise = 0.1 }}"),
            format!(
                "{{ kind = \"dual\", of = {{ kind = \"joss_ann\", of = \"{name}\", p = [0.1, 0.1] }} }}"
            ),
        ] {
            assert_plays_without_allocating(&candidate);
        }
        checked += 1;
    }
    assert!(checked >= 140, "only {checked} strategies checked");
}

#[test]
fn strategies_written_in_the_scenario_play_without_allocating() {
    // Their tables and machines are compiled once per cell; a round reads them in place.
    let fsm = r#"{ kind = "fsm", transitions = [[1, "C", 1, "C"], [1, "D", 2, "D"], [2, "C", 3, "D"], [2, "D", 2, "D"], [3, "C", 1, "C"], [3, "D", 2, "D"]] }"#;
    let lookup = r#"{ kind = "lookup", self_plays = 1, op_plays = 2, op_openings = 1, pattern = [1, 0.5, 0.2, 0.9, 1, 0, 0.3, 0.1, 1, 0.5, 0.2, 0.9, 1, 0, 0.3, 0.1], initial_actions = "D" }"#;
    let memory_n = r#"{ kind = "memory_n", n = 2, p = [1, 0.2, 0.4, 0, 1, 0.2, 0.4, 0, 1, 0.2, 0.4, 0, 1, 0.2, 0.4, 0] }"#;
    let cycle = r#"{ kind = "cycle", sequence = "CCDCD" }"#;
    let noisy = |written: &str| format!("{{ kind = \"noisy\", of = {written}, noise = 0.1 }}");
    // The cycle names its actions, so no transformer takes it.
    let candidates = [
        fsm.to_string(),
        lookup.to_string(),
        memory_n.to_string(),
        cycle.to_string(),
        noisy(fsm),
        noisy(lookup),
        noisy(memory_n),
    ];
    for candidate in candidates {
        assert_plays_without_allocating(&candidate);
    }
}

#[test]
fn strategies_that_keep_a_store_or_read_the_game_play_without_allocating() {
    // A meta player's members, a Q-learner's table and a math constant hunter's record live in
    // the store of the player's memory, sized when the worker's scratch is made: each plays six
    // matches of a two-player prisoner's dilemma of 300 rounds, plain and wrapped, beside tit
    // for tat.
    use dilemma::strategy::entry::{Context, StrategyArgs};
    use dilemma::strategy::multi_action;
    use dilemma::strategy::registry::ENTRIES;
    let mut checked = 0;
    for entry in ENTRIES.iter() {
        let Ok(policy) = entry.build(&StrategyArgs::default(), &Context::standard(300)) else {
            continue;
        };
        let keeps_a_store = policy.new_memory() != dilemma::strategy::Memory::default();
        if multi_action::is_kind(entry) || !(keeps_a_store || entry.classifier.uses_game) {
            continue;
        }
        let name = entry.name;
        for candidate in [
            format!("\"{name}\""),
            format!("{{ kind = \"noisy\", of = \"{name}\", noise = 0.1 }}"),
        ] {
            let text = format!(
                r#"
[scenario]
name = "alloc"
[game]
players = ["A", "B"]
rounds = 300
noise = 0.05
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
[strategies]
A = [{candidate}]
B = ["tit_for_tat"]
"#
            );
            let (rounds, allocated) = count_allocations(&text);
            assert_eq!(rounds, 1800, "{candidate}");
            assert_eq!(
                allocated, 0,
                "{candidate}: {allocated} allocations in {rounds} rounds"
            );
        }
        checked += 1;
    }
    // The 20 meta players, the 4 Q-learners and the game readers.
    assert!(checked >= 24, "only {checked} strategies checked");
}
