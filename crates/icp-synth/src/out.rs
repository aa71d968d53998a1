//! Fast CSV line building: values are formatted by hand into a reused byte buffer.

use icp_frame::civil_from_days;
use std::io::{self, Write};

/// One CSV line under construction.
#[derive(Debug, Default)]
pub struct Line {
    buf: Vec<u8>,
}

impl Line {
    /// An empty line buffer.
    pub fn new() -> Self {
        Line { buf: Vec::with_capacity(512) }
    }

    /// Clears the buffer for the next line.
    #[inline]
    pub fn clear(&mut self) {
        self.buf.clear();
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Writes the line followed by `\n` and clears it.
    #[inline]
    pub fn flush_to(&mut self, w: &mut (impl Write + ?Sized)) -> io::Result<()> {
        self.buf.push(b'\n');
        w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// A field separator.
    #[inline]
    pub fn comma(&mut self) {
        self.buf.push(b',');
    }

    /// Raw text (the caller guarantees it needs no quoting).
    #[inline]
    pub fn text(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// Text quoted per RFC 4180 when it contains `,`, `"` or a line break.
    pub fn field(&mut self, s: &str) {
        if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            self.buf.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(b);
            }
            self.buf.push(b'"');
        } else {
            self.text(s);
        }
    }

    /// An unsigned integer.
    #[inline]
    pub fn uint(&mut self, mut v: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    /// A signed integer.
    #[inline]
    pub fn int(&mut self, v: i64) {
        if v < 0 {
            self.buf.push(b'-');
        }
        self.uint(v.unsigned_abs());
    }

    /// An unsigned integer left-padded with zeros to `width` digits.
    #[inline]
    pub fn padded(&mut self, v: u64, width: usize) {
        let digits = digits(v);
        for _ in digits..width {
            self.buf.push(b'0');
        }
        self.uint(v);
    }

    /// A fixed-point number with two decimals, given in hundredths (`-1234` → `-12.34`).
    #[inline]
    pub fn cents(&mut self, v: i64) {
        if v < 0 {
            self.buf.push(b'-');
        }
        let a = v.unsigned_abs();
        self.uint(a / 100);
        self.buf.push(b'.');
        self.padded(a % 100, 2);
    }

    /// `YYYY-MM-DD` for days since 1970-01-01.
    #[inline]
    pub fn date(&mut self, days: i32) {
        let (y, m, d) = civil_from_days(days);
        self.padded(y as u64, 4);
        self.buf.push(b'-');
        self.padded(u64::from(m), 2);
        self.buf.push(b'-');
        self.padded(u64::from(d), 2);
    }

    /// `YYYY-MM-DDTHH:MM:SS` for seconds since 1970-01-01T00:00:00.
    #[inline]
    pub fn datetime(&mut self, seconds: i64) {
        self.date(seconds.div_euclid(86_400) as i32);
        let rest = seconds.rem_euclid(86_400) as u64;
        self.buf.push(b'T');
        self.padded(rest / 3600, 2);
        self.buf.push(b':');
        self.padded((rest / 60) % 60, 2);
        self.buf.push(b':');
        self.padded(rest % 60, 2);
    }
}

/// Number of decimal digits of `v`.
pub fn digits(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use icp_frame::{days_from_civil, format_date};

    #[test]
    fn formats() {
        let mut l = Line::new();
        l.uint(0);
        l.comma();
        l.int(-42);
        l.comma();
        l.padded(7, 3);
        l.comma();
        l.cents(123_405);
        l.comma();
        l.cents(-5);
        l.comma();
        l.field("a, b \"c\"");
        l.comma();
        l.date(days_from_civil(2024, 2, 29));
        l.comma();
        l.datetime(i64::from(days_from_civil(2001, 9, 9)) * 86_400 + 3_661);
        assert_eq!(
            std::str::from_utf8(l.as_bytes()).unwrap(),
            "0,-42,007,1234.05,-0.05,\"a, b \"\"c\"\"\",2024-02-29,2001-09-09T01:01:01"
        );
        assert_eq!(format_date(days_from_civil(2024, 2, 29)), "2024-02-29");
        assert_eq!(digits(0), 1);
        assert_eq!(digits(10_000_000), 8);
    }
}
