//! The refinement: one Hartigan pass, moving single rows while that lowers the exact cost.

use super::data::MixedData;
use super::fit::cluster_sizes;

/// One pass of Hartigan's refinement: every row, in order, moves to the cluster that lowers
/// the partition cost the most (Σ squared deviations from the means + γ · Σ mismatches with
/// the modes), with the exact change — the numeric part by Hartigan & Wong's
/// n/(n ∓ 1)·‖x − mean‖² terms, the categorical part from the level counts (removing a value
/// saves one mismatch unless it is the cluster's unique mode; adding it costs one unless its
/// count reaches the mode's). Means and counts are updated after every move, so the cost
/// strictly decreases with each move; clusters never become empty. Returns the moves.
pub(super) fn hartigan_pass(data: &MixedData, labels: &mut [u32], k: usize, gamma: f64) -> usize {
    let (p, q) = (data.p(), data.q());
    let mut sizes = cluster_sizes(labels, k);
    let mut sums = vec![0.0; k * p];
    for (i, &l) in labels.iter().enumerate() {
        for (s, x) in sums[l as usize * p..(l as usize + 1) * p].iter_mut().zip(data.numeric_row(i))
        {
            *s += x;
        }
    }
    let mut means = vec![0.0; k * p];
    for c in 0..k {
        for j in 0..p {
            means[c * p + j] = if sizes[c] > 0 { sums[c * p + j] / sizes[c] as f64 } else { 0.0 };
        }
    }
    // counts[offset[j] + c * L_j + level]; the mode's count and how many levels reach it.
    let mut offset = Vec::with_capacity(q);
    let mut total = 0;
    for info in &data.categorical {
        offset.push(total);
        total += k * info.labels.len();
    }
    let mut counts = vec![0u32; total];
    for (i, &l) in labels.iter().enumerate() {
        for (j, &x) in data.categorical_row(i).iter().enumerate() {
            let lj = data.categorical[j].labels.len();
            counts[offset[j] + l as usize * lj + x as usize] += 1;
        }
    }
    let mut top = vec![0u32; k * q];
    let mut ntop = vec![0u32; k * q];
    for j in 0..q {
        let lj = data.categorical[j].labels.len();
        for c in 0..k {
            let row = &counts[offset[j] + c * lj..offset[j] + (c + 1) * lj];
            let m = row.iter().copied().max().unwrap_or(0);
            top[c * q + j] = m;
            ntop[c * q + j] = row.iter().filter(|&&v| v == m).count() as u32;
        }
    }
    let count = |counts: &[u32], c: usize, j: usize, x: u32| {
        counts[offset[j] + c * data.categorical[j].labels.len() + x as usize]
    };
    let sq = |x: &[f64], m: &[f64]| x.iter().zip(m).map(|(a, b)| (a - b) * (a - b)).sum::<f64>();

    let mut moves = 0;
    for (i, label) in labels.iter_mut().enumerate() {
        let a = *label as usize;
        if sizes[a] < 2 {
            continue;
        }
        let (xn, xc) = (data.numeric_row(i), data.categorical_row(i));
        let na = sizes[a] as f64;
        let mut saved = na / (na - 1.0) * sq(xn, &means[a * p..(a + 1) * p]);
        let mut saved_cat = 0usize;
        for (j, &x) in xc.iter().enumerate() {
            let unique_mode = count(&counts, a, j, x) == top[a * q + j] && ntop[a * q + j] == 1;
            saved_cat += usize::from(!unique_mode);
        }
        saved += gamma * saved_cat as f64;
        let mut best = a;
        let mut best_delta = -1e-10 * (1.0 + saved);
        for b in 0..k {
            if b == a {
                continue;
            }
            let nb = sizes[b] as f64;
            let mut added = nb / (nb + 1.0) * sq(xn, &means[b * p..(b + 1) * p]);
            if added - saved >= best_delta {
                continue; // the categorical part only adds
            }
            let added_cat = xc
                .iter()
                .enumerate()
                .filter(|&(j, &x)| count(&counts, b, j, x) < top[b * q + j])
                .count();
            added += gamma * added_cat as f64;
            let delta = added - saved;
            if delta < best_delta {
                best_delta = delta;
                best = b;
            }
        }
        if best == a {
            continue;
        }
        let b = best;
        moves += 1;
        *label = b as u32;
        sizes[a] -= 1;
        sizes[b] += 1;
        for (j, x) in xn.iter().enumerate() {
            sums[a * p + j] -= x;
            sums[b * p + j] += x;
            means[a * p + j] = sums[a * p + j] / sizes[a] as f64;
            means[b * p + j] = sums[b * p + j] / sizes[b] as f64;
        }
        for (j, &x) in xc.iter().enumerate() {
            let lj = data.categorical[j].labels.len();
            // Into b.
            let cb = &mut counts[offset[j] + b * lj + x as usize];
            *cb += 1;
            let cb = *cb;
            if cb > top[b * q + j] {
                top[b * q + j] = cb;
                ntop[b * q + j] = 1;
            } else if cb == top[b * q + j] {
                ntop[b * q + j] += 1;
            }
            // Out of a.
            let ca = &mut counts[offset[j] + a * lj + x as usize];
            *ca -= 1;
            let ca = *ca;
            if ca + 1 == top[a * q + j] {
                if ntop[a * q + j] > 1 {
                    ntop[a * q + j] -= 1;
                } else {
                    let row = &counts[offset[j] + a * lj..offset[j] + (a + 1) * lj];
                    top[a * q + j] = ca;
                    ntop[a * q + j] = row.iter().filter(|&&v| v == ca).count() as u32;
                }
            }
        }
    }
    moves
}
