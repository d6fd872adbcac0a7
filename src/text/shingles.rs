//! Shingles: a sequence of word keys in, hashes of every run of `k` consecutive keys out.
//!
//! Shingles are what near-duplicate detection compares: two texts that share most of their
//! 3-word runs are copies of each other, whatever their typography. The hash combines the
//! keys' own xxh3 hashes, so a shingle costs a few multiplications, not a string.

/// Hash of the `k`-shingle ending at each position, for every window of `keys`.
/// A text shorter than `k` yields one shingle of all its keys.
pub fn shingle_hashes(keys: &[u64], k: usize, mut emit: impl FnMut(u64)) {
    let k = k.max(1);
    if keys.is_empty() {
        return;
    }
    if keys.len() < k {
        emit(combine(keys));
        return;
    }
    // The usual sizes get a loop of their own with `k` fixed, so `combine` unrolls: with `k` a
    // variable, walking the windows cost more than hashing them (callgrind).
    match k {
        2 => fixed_windows::<2>(keys, emit),
        3 => fixed_windows::<3>(keys, emit),
        4 => fixed_windows::<4>(keys, emit),
        5 => fixed_windows::<5>(keys, emit),
        _ => keys.windows(k).for_each(|w| emit(combine(w))),
    }
}

#[inline]
fn fixed_windows<const K: usize>(keys: &[u64], mut emit: impl FnMut(u64)) {
    for end in K..=keys.len() {
        let window: &[u64; K] = keys[end - K..end].try_into().unwrap_or(&[0; K]);
        emit(combine(window));
    }
}

/// The last `K` keys of a stream, for hashing shingles while the keys are produced (no
/// buffer of all keys): [`ShingleWindow::push`] gives what [`shingle_hashes`] gives for each
/// window, and [`ShingleWindow::short_text`] the one shingle of a stream shorter than `K`.
#[derive(Debug, Clone, Copy)]
pub struct ShingleWindow<const K: usize> {
    /// Oldest first.
    keys: [u64; K],
    len: usize,
}

impl<const K: usize> Default for ShingleWindow<K> {
    fn default() -> Self {
        ShingleWindow {
            keys: [0; K],
            len: 0,
        }
    }
}

impl<const K: usize> ShingleWindow<K> {
    /// Adds the next key; returns the hash of the shingle it completes, if any.
    #[inline]
    pub fn push(&mut self, key: u64) -> Option<u64> {
        self.keys.copy_within(1.., 0);
        self.keys[K - 1] = key;
        self.len += 1;
        (self.len >= K).then(|| combine(&self.keys))
    }

    /// Keys pushed so far.
    pub fn keys(&self) -> usize {
        self.len
    }

    /// Shingles the stream made: one per window, or one of all keys when there were fewer
    /// than `K` (none for no keys).
    pub fn shingles(&self) -> usize {
        match self.len {
            0 => 0,
            n if n < K => 1,
            n => n - K + 1,
        }
    }

    /// The hash of the one shingle of a stream shorter than `K` keys (all of them), if that
    /// is what the stream was.
    pub fn short_text(&self) -> Option<u64> {
        (self.len > 0 && self.len < K).then(|| combine(&self.keys[K - self.len..]))
    }
}

/// Order-sensitive combination of key hashes. The keys are already well-mixed 64-bit hashes,
/// so rotating each by its position and xoring is enough to combine them; one multiply and a
/// fold of the high half into the low half then make every output bit depend on every key bit
/// (the low 32 bits matter: MinHash compares them).
#[inline]
pub fn combine(keys: &[u64]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &k in keys {
        h = h.rotate_left(23) ^ k;
    }
    let h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_short_texts() {
        let mut out = Vec::new();
        shingle_hashes(&[1, 2, 3, 4], 3, |h| out.push(h));
        assert_eq!(out, [combine(&[1, 2, 3]), combine(&[2, 3, 4])]);
        out.clear();
        shingle_hashes(&[1, 2], 3, |h| out.push(h));
        assert_eq!(out, [combine(&[1, 2])]);
        assert_ne!(combine(&[1, 2]), combine(&[2, 1]));
        assert_ne!(combine(&[1, 2, 3]), combine(&[3, 2, 1]));
        assert_ne!(combine(&[7, 7]), combine(&[7]));
    }

    #[test]
    fn the_window_hashes_as_the_general_loop() {
        fn check<const K: usize>(keys: &[u64]) {
            let mut w = ShingleWindow::<K>::default();
            let mut got: Vec<u64> = keys.iter().filter_map(|&k| w.push(k)).collect();
            got.extend(w.short_text());
            let mut want = Vec::new();
            shingle_hashes(keys, K, |h| want.push(h));
            assert_eq!(got, want, "K {K}, {} keys", keys.len());
            assert_eq!(w.shingles(), want.len());
            assert_eq!(w.keys(), keys.len());
        }
        let keys: Vec<u64> = (0..12u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x55)
            .collect();
        for len in 0..keys.len() {
            check::<1>(&keys[..len]);
            check::<2>(&keys[..len]);
            check::<3>(&keys[..len]);
            check::<5>(&keys[..len]);
        }
    }

    #[test]
    fn fixed_sizes_hash_as_the_general_loop() {
        let keys: Vec<u64> = (0..40u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        for k in 1..=7 {
            for len in 0..keys.len() {
                let mut fast = Vec::new();
                shingle_hashes(&keys[..len], k, |h| fast.push(h));
                let mut slow: Vec<u64> = keys[..len].windows(k).map(combine).collect();
                if len > 0 && len < k {
                    slow.push(combine(&keys[..len]));
                }
                assert_eq!(fast, slow, "k {k}, {len} keys");
            }
        }
    }
}
