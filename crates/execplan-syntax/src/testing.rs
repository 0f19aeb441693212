//! Support for the property tests of this crate and the crates above it (feature
//! `test-support`, on in their dev-dependencies only).

/// A small deterministic generator (xorshift64): every failing case reproduces from its
/// seed, and the tests need no extra crate. The seed must not be zero.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}
