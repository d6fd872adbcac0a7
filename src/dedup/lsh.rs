//! Banded LSH: sketches in, candidate pairs out, in time near-linear in the number of articles.
//!
//! Each band (`rows` consecutive bins) of each sketch gives a key; articles whose keys are equal
//! in some band become candidates. Buckets are found by *sorting* `(key, article)` entries per
//! band rather than by hash maps: a sort over a flat vector is cache-friendly, needs no per-entry
//! allocation and yields buckets in a deterministic order whatever the thread count.
//!
//! The hard case is boilerplate: a sign-off or a newsletter footer shared by 50,000 articles
//! puts them all in one bucket, and all pairs of it would be 1.25 billion candidates. A bucket
//! larger than `bucket_cap` therefore contributes only a chain (each member paired with the next
//! one): large groups of true copies stay connected, boilerplate costs linear time.

use rayon::prelude::*;

use super::radix::sort_by_key32;
use super::sketch::Sketch;

/// Bands whose entries are built in one walk over the sketches: 8 bands of 2 rows are 32
/// bytes of each sketch, half a cache line; their entries take 64 MB at a million articles.
const BANDS_PER_PASS: usize = 8;

/// Candidate pairs `(a, b)` with `a < b`, packed as `a << 32 | b`, sorted and deduplicated.
pub fn candidates<const K: usize>(
    sketches: &[&Sketch<K>],
    ids: &[u32],
    rows: usize,
    bucket_cap: usize,
) -> Vec<u64> {
    let rows = rows.clamp(1, K);
    let bands = K / rows;
    let groups: Vec<std::ops::Range<usize>> = (0..bands)
        .step_by(BANDS_PER_PASS)
        .map(|first| first..(first + BANDS_PER_PASS).min(bands))
        .collect();
    let mut pairs: Vec<u64> = groups
        .into_par_iter()
        .map(|group| {
            // `key << 32 | article` per band, filled in article order (the stable radix sort
            // by key then leaves each bucket's members ascending). One walk over the sketches
            // fills a group of bands: a walk per band cost a cache miss per sketch per band.
            let mut entries: Vec<Vec<u64>> = group
                .clone()
                .map(|_| Vec::with_capacity(sketches.len()))
                .collect();
            for (s, &id) in sketches.iter().zip(ids).filter(|(s, _)| !s.empty) {
                for (band, out) in group.clone().zip(&mut entries) {
                    let key = band_key(&s.mins[band * rows..(band + 1) * rows], band);
                    out.push((key as u64) << 32 | id as u64);
                }
            }
            let mut tmp = Vec::new();
            let mut out = Vec::new();
            for band_entries in &mut entries {
                sort_by_key32(band_entries, &mut tmp, |e| (e >> 32) as u32);
                for bucket in band_entries.chunk_by(|x, y| x >> 32 == y >> 32) {
                    let member = |e: &u64| *e as u32;
                    if bucket.len() <= bucket_cap {
                        for (i, x) in bucket.iter().enumerate() {
                            for y in &bucket[i + 1..] {
                                out.push(pack(member(x), member(y)));
                            }
                        }
                    } else {
                        for w in bucket.windows(2) {
                            out.push(pack(member(&w[0]), member(&w[1])));
                        }
                    }
                }
            }
            // Dedup within the group now so the merged list stays small.
            out.sort_unstable();
            out.dedup();
            out
        })
        .reduce(Vec::new, |mut a, b| {
            a.extend_from_slice(&b);
            a
        });
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[inline]
fn pack(a: u32, b: u32) -> u64 {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    (a as u64) << 32 | b as u64
}

/// Unpacks a candidate pair.
#[inline]
pub fn unpack(p: u64) -> (usize, usize) {
    ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize)
}

/// The bucket key of one band: its minima as they are when they fit in 32 bits (one or two
/// 16-bit minima), otherwise the top half of their hash.
#[inline]
fn band_key(values: &[u16], band: usize) -> u32 {
    if values.len() <= 2 {
        values.iter().fold(0u32, |k, &v| k << 16 | v as u32)
    } else {
        let mut bytes = [0u8; 2 * 64];
        let n = values.len().min(64);
        for (i, v) in values[..n].iter().enumerate() {
            bytes[2 * i..2 * i + 2].copy_from_slice(&v.to_le_bytes());
        }
        (xxhash_rust::xxh3::xxh3_64_with_seed(&bytes[..2 * n], band as u64) >> 32) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::sketch::SketchBuilder;

    fn sketch(items: impl IntoIterator<Item = u64>) -> Sketch<16> {
        let mut b = SketchBuilder::<16>::default();
        for x in items {
            b.add(xxhash_rust::xxh3::xxh3_64(&x.to_le_bytes()));
        }
        b.finish()
    }

    #[test]
    fn similar_sets_become_candidates_and_others_do_not() {
        let s = [
            sketch(0..100),
            sketch(1000..1100),
            sketch(2..100),
            sketch([]),
        ];
        let refs: Vec<&Sketch<16>> = s.iter().collect();
        let got = candidates(&refs, &[0, 1, 2, 3], 2, 10);
        assert_eq!(got.iter().map(|&p| unpack(p)).collect::<Vec<_>>(), [(0, 2)]);
    }

    /// Candidates by definition: every pair of articles whose keys are equal in some band,
    /// buckets over `cap` chained in article order.
    fn reference(sketches: &[Sketch<16>], rows: usize, cap: usize) -> Vec<u64> {
        let mut out = std::collections::BTreeSet::new();
        for band in 0..16 / rows {
            let mut buckets: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
            for (i, s) in sketches.iter().enumerate().filter(|(_, s)| !s.empty) {
                let key = band_key(&s.mins[band * rows..(band + 1) * rows], band);
                buckets.entry(key).or_default().push(i as u32);
            }
            for members in buckets.values() {
                if members.len() <= cap {
                    for (i, &a) in members.iter().enumerate() {
                        out.extend(members[i + 1..].iter().map(|&b| pack(a, b)));
                    }
                } else {
                    out.extend(members.windows(2).map(|w| pack(w[0], w[1])));
                }
            }
        }
        out.into_iter().collect()
    }

    #[test]
    fn candidates_are_the_pairs_sharing_a_band_key() {
        // Sets drawn from a small universe, so that many articles share some bands and many
        // keys are unique, and one bucket outgrows the cap.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let sketches: Vec<Sketch<16>> = (0..400)
            .map(|i| {
                let base = next() % 40;
                let len = 3 + next() % 6;
                if i % 50 == 0 {
                    sketch(0..1)
                } else {
                    sketch((base..base + len).map(|v| v * 7919 % 97))
                }
            })
            .chain([sketch([])])
            .collect();
        let refs: Vec<&Sketch<16>> = sketches.iter().collect();
        let ids: Vec<u32> = (0..sketches.len() as u32).collect();
        for (rows, cap) in [(1, 3), (2, 5), (2, 64), (4, 1000)] {
            let got = candidates(&refs, &ids, rows, cap);
            let want = reference(&sketches, rows, cap);
            assert!(want.len() > 100, "{rows} {cap}: {}", want.len());
            assert_eq!(got, want, "rows {rows}, cap {cap}");
        }
    }

    #[test]
    fn oversized_buckets_become_chains() {
        let s: Vec<Sketch<16>> = (0..20).map(|_| sketch(0..50)).collect();
        let refs: Vec<&Sketch<16>> = s.iter().collect();
        let ids: Vec<u32> = (0..20).collect();
        assert_eq!(candidates(&refs, &ids, 2, 100).len(), 190);
        let chain = candidates(&refs, &ids, 2, 5);
        assert_eq!(chain.len(), 19);
        assert!(chain.iter().all(|&p| unpack(p).1 == unpack(p).0 + 1));
    }
}
