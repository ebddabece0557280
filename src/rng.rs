//! Random streams: one ChaCha8 stream per (seed, cell, replicate), derived with SHA-256 so the
//! derivation is stable across Rust releases and platforms.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// A cell's identity for seeding: a hash of its content (parameter values, strategy labels and
/// their definitions), never its position, so adding or reordering cells leaves the numbers of
/// the others untouched.
pub type CellKey = [u8; 32];

/// Hashes the parts of a cell's content into its key. Each part is length-prefixed so that
/// ("ab", "c") and ("a", "bc") differ.
pub fn cell_key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> CellKey {
    let mut hasher = Sha256::new();
    hasher.update(b"dilemma/cell-key/v1");
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// The generator for one replicate of one cell: the key is SHA-256(seed, cell key), and the
/// replicate number selects ChaCha's 64-bit stream, so replicates never overlap.
pub fn replicate_rng(seed: u64, cell: &CellKey, replicate: u64) -> ChaCha8Rng {
    let mut hasher = Sha256::new();
    hasher.update(b"dilemma/replicate-stream/v1");
    hasher.update(seed.to_le_bytes());
    hasher.update(cell);
    let mut rng = ChaCha8Rng::from_seed(hasher.finalize().into());
    rng.set_stream(replicate);
    rng
}

/// Lower-case hexadecimal, for keys and digests in the manifest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_by_seed_cell_and_replicate() {
        let cell = cell_key([b"a".as_slice()]);
        let other = cell_key([b"b".as_slice()]);
        let first = |seed, key: &CellKey, replicate| replicate_rng(seed, key, replicate).next_u64();
        let base = first(1, &cell, 0);
        assert_ne!(base, first(2, &cell, 0));
        assert_ne!(base, first(1, &other, 0));
        assert_ne!(base, first(1, &cell, 1));
        assert_eq!(base, first(1, &cell, 0));
    }

    #[test]
    fn length_prefix_separates_parts() {
        assert_ne!(
            cell_key([b"ab".as_slice(), b"c".as_slice()]),
            cell_key([b"a".as_slice(), b"bc".as_slice()])
        );
    }

    #[test]
    fn sha256_matches_the_published_test_vector() {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
