//! The per-round hot loop allocates nothing: a counting global allocator sees no allocation
//! while thousands of rounds are played and recorded.

use dilemma::sim::matchup::MatchSpec;
use dilemma::sim::summary::{CellAccumulator, Shape};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
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

#[test]
fn playing_and_recording_rounds_does_not_allocate() {
    // Three players, a probabilistic constraint, noise and stochastic strategies: every branch
    // of the round loop is exercised.
    let text = r#"
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
[strategies]
A = ["tit_for_tat"]
B = [{ kind = "joss", target = "A" }]
C = ["generous_tit_for_tat"]
"#;
    let experiment = dilemma::scenario::parse(text, "alloc.toml").unwrap();
    let spec = MatchSpec::new(&experiment, &experiment.cells[0]);
    let mut accumulator = CellAccumulator::new(Shape::new(vec![2, 2, 2], 5000));
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
    assert_eq!(rounds, 30_000);
    assert_eq!(allocated, 0, "{allocated} allocations in {rounds} rounds");
}
