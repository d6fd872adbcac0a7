//! Sorting hashes and hash-keyed entries: a vector in, the same vector sorted out
//! ([`sort_hashes`] by value, [`sort_by_key32`] stably by a 32-bit key).
//!
//! Dedup sorts many arrays of well-mixed hashes: every article's shingles (~500 at a time,
//! during verification) and, per LSH band, one entry per article (a million at a time). A
//! radix sort costs a few instructions an element with few data-dependent branches, where a
//! comparison sort of a million entries cost ~230 (measured with callgrind on the band sort).
//! Being stable, it keeps entries with equal keys in input order, which the band sort relies
//! on for its deterministic bucket order.

/// Sorts `v` stably by `key`, using `tmp` as the second buffer: the LSH band sort, where
/// the key is part of the element and equal keys must keep their input order. LSD, three
/// passes of 11 bits (small inputs: an insertion sort).
pub fn sort_by_key32<T: Copy + Default>(v: &mut Vec<T>, tmp: &mut Vec<T>, key: impl Fn(T) -> u32) {
    let n = v.len();
    if n < 64 {
        insertion_sort_by_key(v, &key);
        return;
    }
    if tmp.len() < n {
        tmp.resize(n, T::default());
    }
    lsd_sort(v, tmp, &key);
}

/// Sorts well-mixed hashes ascending (an article's shingles or content words): one scatter
/// into buckets by `top` (the value's top 32 bits, so buckets are in value order), then an
/// insertion sort over the whole array, which after the scatter only has to fix order within
/// buckets. With about twice as many buckets as elements, few buckets hold two elements, so
/// the insertion sort rarely moves anything and its compare is rarely mispredicted: with 256
/// buckets for ~500 shingles that compare was a third of verification's time, and a
/// comparison sort of ~300 content words cost more than reading the article (perf). Inputs
/// that crowd one bucket (not well mixed after all), or have more than a few thousand
/// elements, take a comparison sort instead.
pub fn sort_hashes<T: Copy + Ord + Default>(v: &mut [T], tmp: &mut Vec<T>, top: impl Fn(T) -> u32) {
    let n = v.len();
    if n < 64 {
        insertion_sort_by_key(v, &|x| x);
        return;
    }
    if n > 4096 {
        v.sort_unstable();
        return;
    }
    if tmp.len() < n {
        tmp.resize(n, T::default());
    }
    if n <= 1024 {
        bucket_sort::<T, 10, 1025>(v, &mut tmp[..n], &top);
    } else {
        bucket_sort::<T, 12, 4097>(v, &mut tmp[..n], &top);
    }
}

/// Stable insertion sort by `key`.
fn insertion_sort_by_key<T: Copy, K: Ord>(v: &mut [T], key: &impl Fn(T) -> K) {
    for i in 1..v.len() {
        let x = v[i];
        let k = key(x);
        let mut j = i;
        while j > 0 && key(v[j - 1]) > k {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// [`sort_hashes`] with `2^BITS` buckets (`STARTS = 2^BITS + 1`).
fn bucket_sort<T: Copy + Ord, const BITS: u32, const STARTS: usize>(
    v: &mut [T],
    tmp: &mut [T],
    top: &impl Fn(T) -> u32,
) {
    let shift = 32 - BITS;
    let mut starts = [0u32; STARTS];
    for &x in v.iter() {
        starts[(top(x) >> shift) as usize + 1] += 1;
    }
    if starts.iter().any(|&c| c > 32) {
        v.sort_unstable();
        return;
    }
    for b in 0..STARTS - 1 {
        starts[b + 1] += starts[b];
    }
    for &x in v.iter() {
        let b = (top(x) >> shift) as usize;
        tmp[starts[b] as usize] = x;
        starts[b] += 1;
    }
    insertion_sort_by_key(tmp, &|x| x);
    v.copy_from_slice(tmp);
}

/// Bits per digit of [`lsd_sort`]: three passes (11, 11 and 10 bits) rather than four of 8.
/// The histograms (24 KB) still fit in the first-level cache; the LSH band sort took 6% less
/// time at 100,000 and at 1,000,000 articles.
const DIGIT_BITS: u32 = 11;
const DIGITS: usize = 32_usize.div_ceil(DIGIT_BITS as usize);

/// LSD radix sort by a 32-bit key, [`DIGITS`] passes, all histograms counted in one pass.
fn lsd_sort<T: Copy>(v: &mut Vec<T>, tmp: &mut Vec<T>, key: &impl Fn(T) -> u32) {
    const MASK: u32 = (1 << DIGIT_BITS) - 1;
    let n = v.len();
    let mut counts = [[0u32; 1 << DIGIT_BITS]; DIGITS];
    for &x in v.iter() {
        let k = key(x);
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (DIGIT_BITS * d as u32)) & MASK) as usize] += 1;
        }
    }
    tmp.truncate(n);
    let first = key(v[0]);
    for (d, c) in counts.iter_mut().enumerate() {
        let shift = DIGIT_BITS * d as u32;
        // A digit all elements share leaves the order unchanged: skip the pass.
        if c[((first >> shift) & MASK) as usize] as usize == n {
            continue;
        }
        let mut sum = 0u32;
        for slot in c.iter_mut() {
            let count = *slot;
            *slot = sum;
            sum += count;
        }
        for &x in v.iter() {
            let b = ((key(x) >> shift) & MASK) as usize;
            tmp[c[b] as usize] = x;
            c[b] += 1;
        }
        std::mem::swap(v, tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(n: usize, seed: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Some shared high bytes and duplicate keys too.
                if i % 7 == 0 {
                    x >> 48
                } else {
                    x >> 32
                }
            })
            .collect()
    }

    #[test]
    fn sorts_u32() {
        let mut tmp = Vec::new();
        for n in [0usize, 1, 63, 64, 500, 3000, 4097, 20_000] {
            let mut v: Vec<u32> = numbers(n, n as u64).iter().map(|&x| x as u32).collect();
            let mut want = v.clone();
            want.sort_unstable();
            sort_hashes(&mut v, &mut tmp, |x| x);
            assert_eq!(v, want, "{n}");
            let mut wide: Vec<u64> = numbers(n, n as u64 + 1)
                .iter()
                .map(|&x| x.rotate_left(17) ^ x)
                .collect();
            // Equal top halves with different low halves too.
            wide.extend(wide.clone().iter().map(|&x| x ^ 1));
            let mut want = wide.clone();
            want.sort_unstable();
            sort_hashes(&mut wide, &mut Vec::new(), |x| (x >> 32) as u32);
            assert_eq!(wide, want, "{n}");
        }
    }

    #[test]
    fn sorts_by_key_stably() {
        let mut tmp = Vec::new();
        for n in [10usize, 100, 2000, 5000] {
            // Key in the high half (few distinct values), input order in the low half.
            let mut v: Vec<u64> = numbers(n, 7)
                .iter()
                .enumerate()
                .map(|(i, &x)| (x % 13) << 32 | i as u64)
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            sort_by_key32(&mut v, &mut tmp, |x| (x >> 32) as u32);
            assert_eq!(v, want, "{n}");
            // Keys over all 32 bits, every digit different somewhere, with repeats.
            let mut v: Vec<u64> = numbers(n, 11)
                .iter()
                .enumerate()
                .map(|(i, &x)| (x as u32 as u64 | (i as u64 % 3)) << 32 | i as u64)
                .collect();
            v.extend(v.clone().iter().map(|&x| x + n as u64));
            let mut want = v.clone();
            want.sort_unstable();
            sort_by_key32(&mut v, &mut tmp, |x| (x >> 32) as u32);
            assert_eq!(v, want, "full keys {n}");
        }
    }
}
