//! Choosing a row's strongest reasons without sorting or scanning: every (attribute, bin)
//! that can be a reason owns one bit, the bits ordered by strength, so a row's reasons are
//! the highest bits of the OR of its bins' bits.

use std::cmp::Reverse;

use super::Picks;

/// Bits in a mask: the most (attribute, bin) pairs that can raise, or lower, a score.
const BITS: usize = 128;

/// The bit of every (attribute, bin) that raises the score and of every one that lowers it.
pub(super) struct RankBits {
    /// Per attribute and bin code: its bit among the reasons for and among those against
    /// (0 when the bin scores neutral, or is the unseen bin, never picked).
    bits: Vec<[(u128, u128); 256]>,
    /// The attribute each bit names, for and against.
    up_attribute: [u16; BITS],
    down_attribute: [u16; BITS],
}

impl RankBits {
    /// From each attribute's points above neutral per bin code (0 for the unseen bin);
    /// `None` when more than 128 bins raise, or lower, the score.
    pub(super) fn new(delta: &[[i32; 256]]) -> Option<RankBits> {
        if delta.len() > usize::from(u16::MAX) {
            return None;
        }
        // Weakest first, each attribute's bins in the order the sort names them: for, by
        // difference, ties to the first attribute; against, by difference below neutral,
        // ties to the last. Two bins of one attribute never meet in a row, so how such a
        // pair ties does not matter.
        let mut up = Vec::new();
        let mut down = Vec::new();
        for (a, deltas) in delta.iter().enumerate() {
            for (code, &d) in deltas.iter().enumerate() {
                if d > 0 {
                    up.push((d, Reverse(a), code));
                } else if d < 0 {
                    down.push((d.unsigned_abs(), a, code));
                }
            }
        }
        if up.len() > BITS || down.len() > BITS {
            return None;
        }
        up.sort_unstable();
        down.sort_unstable();
        let mut ranks = RankBits {
            bits: vec![[(0, 0); 256]; delta.len()],
            up_attribute: [0; BITS],
            down_attribute: [0; BITS],
        };
        for (bit, &(_, Reverse(a), code)) in up.iter().enumerate() {
            ranks.bits[a][code].0 = 1 << bit;
            ranks.up_attribute[bit] = a as u16;
        }
        for (bit, &(_, a, code)) in down.iter().enumerate() {
            ranks.bits[a][code].1 = 1 << bit;
            ranks.down_attribute[bit] = a as u16;
        }
        Some(ranks)
    }

    /// The reasons of `row`, whose bin codes are `codes[a][row]`.
    #[inline]
    pub(super) fn pick(&self, codes: &[Vec<u8>], row: usize) -> Picks {
        let (mut up, mut down) = (0u128, 0u128);
        for (bits, codes) in self.bits.iter().zip(codes) {
            let (u, d) = bits[usize::from(codes[row])];
            up |= u;
            down |= d;
        }
        let mut picks: Picks = ([0; 3], 0, [0; 2], 0);
        picks.1 = strongest(up, &self.up_attribute, &mut picks.0);
        picks.3 = strongest(down, &self.down_attribute, &mut picks.2);
        picks
    }
}

/// Fills `out` with the attributes of the highest bits of `mask`, highest first; returns
/// how many it filled.
#[inline]
fn strongest(mut mask: u128, attribute: &[u16; BITS], out: &mut [u16]) -> usize {
    let mut n = 0;
    for slot in out {
        if mask == 0 {
            break;
        }
        let bit = 127 - mask.leading_zeros();
        mask ^= 1 << bit;
        *slot = attribute[bit as usize];
        n += 1;
    }
    n
}
