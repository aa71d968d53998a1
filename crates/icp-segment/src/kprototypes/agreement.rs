//! How much two partitions agree: the adjusted Rand index.

use std::collections::HashMap;

/// Adjusted Rand index (Hubert & Arabie) between two labelings: 1 = identical partitions,
/// about 0 = chance agreement. Two single-cluster labelings give 1.
///
/// # Panics
/// When the labelings have different lengths.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    assert_eq!(a.len(), b.len(), "labelings of different lengths");
    let n = a.len() as f64;
    let mut table: HashMap<(u32, u32), u64> = HashMap::new();
    let mut ra: HashMap<u32, u64> = HashMap::new();
    let mut rb: HashMap<u32, u64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *table.entry((x, y)).or_default() += 1;
        *ra.entry(x).or_default() += 1;
        *rb.entry(y).or_default() += 1;
    }
    let c2 = |v: u64| (v as f64) * (v as f64 - 1.0) / 2.0;
    let index: f64 = table.values().map(|&v| c2(v)).sum();
    let sa: f64 = ra.values().map(|&v| c2(v)).sum();
    let sb: f64 = rb.values().map(|&v| c2(v)).sum();
    let expected = sa * sb / (n * (n - 1.0) / 2.0);
    let max = (sa + sb) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}
