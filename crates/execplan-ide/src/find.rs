//! Finding bytes in a plan's text fast. The rules scan every byte of the prose several
//! times per keystroke; most bytes are of no interest to them, so they skip ahead to the
//! next byte that is. This reads eight bytes at a time (SWAR), with no dependency.

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The first index in `from..to` whose byte is one of `needles`.
pub(crate) fn find_any<const N: usize>(
    hay: &[u8],
    from: usize,
    to: usize,
    needles: [u8; N],
) -> Option<usize> {
    let to = to.min(hay.len());
    if from >= to {
        return None;
    }
    let mut chunks = hay[from..to].chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte of `word ^ splat(needle)` is zero where the needle is. The lowest flagged
        // byte of `(x - LOW) & !x & HIGH` is always a real zero (only bytes above one can
        // be flagged falsely), so the lowest flag over all needles is the first match.
        let mut found = 0;
        for needle in needles {
            let x = word ^ (LOW * u64::from(needle));
            found |= x.wrapping_sub(LOW) & !x & HIGH;
        }
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|c| needles.contains(c))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive<const N: usize>(
        hay: &[u8],
        from: usize,
        to: usize,
        needles: [u8; N],
    ) -> Option<usize> {
        (from..to.min(hay.len())).find(|&i| needles.contains(&hay[i]))
    }

    #[test]
    fn agrees_with_a_plain_search() {
        // Every byte value next to every other, at every alignment, including the bytes
        // that make the subtraction borrow (0x00, 0x01, 0x80, 0xff).
        let mut hay = Vec::new();
        for a in [0u8, 1, 0x7f, 0x80, 0x81, 0xfe, 0xff, b'`', b'<', b'a', b'Y'] {
            for b in 0..=255u8 {
                hay.extend([a, b, a]);
            }
        }
        for from in 0..24 {
            for to in [hay.len(), hay.len() - 5, from + 3, from + 17] {
                for needles in [[b'`', b'<', b'Y'], [0, 1, 0xff], [0x80, 0x7f, b'a']] {
                    assert_eq!(
                        find_any(&hay, from, to, needles),
                        naive(&hay, from, to, needles)
                    );
                }
                assert_eq!(
                    find_any(&hay, from, to, [0x81]),
                    naive(&hay, from, to, [0x81])
                );
            }
        }
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(i) = find_any(&hay, at, hay.len(), [b'Y', 0]) {
            found.push(i);
            at = i + 1;
        }
        let expected: Vec<usize> = (0..hay.len())
            .filter(|&i| matches!(hay[i], b'Y' | 0))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(find_any(b"abc", 2, 1, [b'c']), None);
        assert_eq!(find_any(b"abc", 0, 10, [b'c']), Some(2));
    }
}
