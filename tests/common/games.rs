//! Pieces of scenario text shared by tests that write games.

/// Every joint action of `players` players of C and D, as payoff keys are written ("C,D,C"),
/// in the game's order: the first player's action changes slowest.
pub fn two_action_joints(players: usize) -> Vec<String> {
    (0..1usize << players)
        .map(|joint| {
            (0..players)
                .map(|p| {
                    if joint >> (players - 1 - p) & 1 == 0 {
                        "C"
                    } else {
                        "D"
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}
