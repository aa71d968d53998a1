//! CSV text cells assembled from pieces prepared once (the phrases of a reasons column,
//! written on millions of rows): each piece knows whether a cell holding it needs quotes and
//! has its quote-doubled form ready, so a cell is one copy per piece, with no scan of the
//! joined text. The bytes are exactly what [`push_text_in`] writes for the joined text.

use super::csv::{push_text_in, starts_formula};

/// A piece of a CSV text cell, prepared for one delimiter.
#[derive(Debug, Clone, Default)]
pub struct CellPiece {
    plain: Box<[u8]>,
    /// `plain` with every quote doubled, for a quoted cell.
    doubled: Box<[u8]>,
    /// A cell holding the piece needs quotes (a delimiter, a quote or a line break).
    quotes: bool,
    delimiter: u8,
}

impl CellPiece {
    /// `text` as a piece of a cell of a file separated by `delimiter`.
    pub fn new(text: &[u8], delimiter: u8) -> CellPiece {
        let mut quoted = Vec::with_capacity(text.len() + 2);
        push_text_in(&mut quoted, text, delimiter);
        let quotes = quoted.first() == Some(&b'"');
        let mut doubled = Vec::with_capacity(text.len());
        for &b in text {
            doubled.push(b);
            if b == b'"' {
                doubled.push(b'"');
            }
        }
        CellPiece { plain: text.into(), doubled: doubled.into(), quotes, delimiter }
    }

    /// The piece's text.
    pub fn text(&self) -> &[u8] {
        &self.plain
    }
}

/// Appends the text cell that `pieces` make joined by `separator` (all prepared for one
/// delimiter), exactly as [`push_text_in`] appends the joined text.
#[inline]
pub fn push_pieces(out: &mut Vec<u8>, pieces: &[&CellPiece], separator: &CellPiece) {
    let Some(first) = pieces.first() else { return };
    // A cell a spreadsheet could run as a formula is rare (and one starting with an empty
    // piece rarer still): join it and write it the ordinary way, which defuses it.
    if first.plain.first().is_none_or(|&b| starts_formula(b)) {
        let mut joined = first.plain.to_vec();
        for piece in &pieces[1..] {
            joined.extend_from_slice(&separator.plain);
            joined.extend_from_slice(&piece.plain);
        }
        push_text_in(out, &joined, first.delimiter);
        return;
    }
    let quotes = pieces.iter().any(|p| p.quotes) || (pieces.len() > 1 && separator.quotes);
    if !quotes {
        out.extend_from_slice(&first.plain);
        for piece in &pieces[1..] {
            out.extend_from_slice(&separator.plain);
            out.extend_from_slice(&piece.plain);
        }
        return;
    }
    out.push(b'"');
    out.extend_from_slice(&first.doubled);
    for piece in &pieces[1..] {
        out.extend_from_slice(&separator.doubled);
        out.extend_from_slice(&piece.doubled);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of joining a few awkward pieces, with each delimiter, gives the bytes of
    /// the joined text written as one cell.
    #[test]
    fn writes_what_the_joined_text_writes() {
        let texts: [&[u8]; 9] = [
            b"industry: Software (+9.0)",
            b"industry: Software, Fintech (+9.0)",
            b"say \"hi\" (+1.0)",
            b"two\nlines",
            b"=cmd (+1.0)",
            b"-5",
            b"plan; pro",
            b"\xe2\x88\x92 x",
            b"",
        ];
        for delimiter in [b',', b';', b'\t', b'|'] {
            for separator in [&b"; "[..], b", ", b" "] {
                let sep = CellPiece::new(separator, delimiter);
                let pieces: Vec<CellPiece> =
                    texts.iter().map(|t| CellPiece::new(t, delimiter)).collect();
                for a in 0..texts.len() {
                    for b in 0..texts.len() {
                        for n in 0..=3 {
                            let picked: Vec<&CellPiece> = [a, b, (a + b) % texts.len()][..n]
                                .iter()
                                .map(|&i| &pieces[i])
                                .collect();
                            let joined = picked
                                .iter()
                                .map(|p| p.text().to_vec())
                                .collect::<Vec<_>>()
                                .join(separator);
                            let mut want = b"x".to_vec();
                            push_text_in(&mut want, &joined, delimiter);
                            let mut got = b"x".to_vec();
                            push_pieces(&mut got, &picked, &sep);
                            assert_eq!(
                                String::from_utf8_lossy(&got),
                                String::from_utf8_lossy(&want),
                                "{:?} joined by {:?}",
                                picked
                                    .iter()
                                    .map(|p| String::from_utf8_lossy(p.text()))
                                    .collect::<Vec<_>>(),
                                String::from_utf8_lossy(separator)
                            );
                        }
                    }
                }
            }
        }
    }
}
