//! Sorting by a 32-bit key: a vector in, the same vector stably sorted by the key out.
//!
//! Dedup sorts many arrays of well-mixed hashes: every article's shingles (~500 at a time,
//! during verification) and, per LSH band, one entry per article (a million at a time). A
//! radix sort costs a few instructions an element with few data-dependent branches, where a
//! comparison sort of a million entries cost ~230 (measured with callgrind on the band sort).
//! Being stable, it keeps entries with equal keys in input order, which the band sort relies
//! on for its deterministic bucket order.

/// Sorts `v` stably by `key`, using `tmp` as the second buffer.
///
/// Up to a few thousand elements (an article's shingles): one scatter into buckets by the
/// key's top bits, then an insertion sort that only has to fix order within buckets
/// (measured: a third of the instructions of four LSD passes, whose histograms and scatters
/// cost more than the elements they sort). Larger inputs (LSH band entries): LSD, four
/// passes of 8 bits.
pub fn sort_by_key32<T: Copy + Default>(v: &mut Vec<T>, tmp: &mut Vec<T>, key: impl Fn(T) -> u32) {
    let n = v.len();
    if n < 64 {
        insertion_sort(v, &key);
        return;
    }
    if tmp.len() < n {
        tmp.resize(n, T::default());
    }
    if n <= 4096 {
        bucket_sort(v, &mut tmp[..n], &key);
    } else {
        lsd_sort(v, tmp, &key);
    }
}

/// Stable insertion sort: cheapest for the tiny buckets of [`bucket_sort`].
fn insertion_sort<T: Copy>(v: &mut [T], key: &impl Fn(T) -> u32) {
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

/// Scatter by the key's top bits into `tmp`, then one insertion sort over the whole array:
/// after the scatter an element is out of place only within its bucket. With about twice as
/// many buckets as elements, few buckets hold two elements, so the insertion sort rarely moves
/// anything and its compare is rarely mispredicted (with 256 buckets for ~500 shingles, that
/// compare was a third of verification's time: perf). Keys crowding one bucket (not well
/// mixed after all) take a stable comparison sort instead.
fn bucket_sort<T: Copy>(v: &mut [T], tmp: &mut [T], key: &impl Fn(T) -> u32) {
    if v.len() <= 1024 {
        bucket_sort_by::<T, 10, 1025>(v, tmp, key);
    } else {
        bucket_sort_by::<T, 12, 4097>(v, tmp, key);
    }
}

/// [`bucket_sort`] with `2^BITS` buckets (`STARTS = 2^BITS + 1`).
fn bucket_sort_by<T: Copy, const BITS: u32, const STARTS: usize>(
    v: &mut [T],
    tmp: &mut [T],
    key: &impl Fn(T) -> u32,
) {
    let shift = 32 - BITS;
    let mut starts = [0u32; STARTS];
    for &x in v.iter() {
        starts[(key(x) >> shift) as usize + 1] += 1;
    }
    if starts.iter().any(|&c| c > 32) {
        v.sort_by_key(|&x| key(x));
        return;
    }
    for b in 0..STARTS - 1 {
        starts[b + 1] += starts[b];
    }
    for &x in v.iter() {
        let b = (key(x) >> shift) as usize;
        tmp[starts[b] as usize] = x;
        starts[b] += 1;
    }
    insertion_sort(tmp, key);
    v.copy_from_slice(tmp);
}

/// LSD radix sort, four passes of 8 bits, all histograms counted in one pass.
fn lsd_sort<T: Copy>(v: &mut Vec<T>, tmp: &mut Vec<T>, key: &impl Fn(T) -> u32) {
    let n = v.len();
    let mut counts = [[0u32; 256]; 4];
    for &x in v.iter() {
        let k = key(x);
        for (d, c) in counts.iter_mut().enumerate() {
            c[(k >> (8 * d)) as usize & 255] += 1;
        }
    }
    tmp.truncate(n);
    let first = key(v[0]);
    for (d, c) in counts.iter_mut().enumerate() {
        let shift = 8 * d;
        // A digit all elements share leaves the order unchanged: skip the pass.
        if c[(first >> shift) as usize & 255] as usize == n {
            continue;
        }
        let mut sum = 0u32;
        for slot in c.iter_mut() {
            let count = *slot;
            *slot = sum;
            sum += count;
        }
        for &x in v.iter() {
            let b = (key(x) >> shift) as usize & 255;
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
            sort_by_key32(&mut v, &mut tmp, |x| x);
            assert_eq!(v, want, "{n}");
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
        }
    }
}
