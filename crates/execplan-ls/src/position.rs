//! Every conversion between editor positions and byte offsets. Nothing else in the
//! project counts UTF-16 code units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP defines them (the rope is built with
//! ropey's `cr_lines` and without `unicode_lines` to match). A position past the end of its
//! line means the line's end; a line past the last means the end of the text.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// How a position's `character` counts: negotiated with the client at `initialize`
/// (UTF-8 when offered, else UTF-16); `check` reports columns in characters (UTF-32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl PositionEncoding {
    /// UTF-8 if the client offers it, else UTF-16, which every client supports.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
            _ => PositionEncoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
            PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// The byte offset of `position` in `rope`, clamped into the text.
pub fn offset(rope: &Rope, position: Position, encoding: PositionEncoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_byte(line);
    let line_end = line_start + content_len(rope, line);
    let character = position.character as usize;
    match encoding {
        PositionEncoding::Utf8 => {
            let byte = (line_start + character).min(line_end);
            // A column inside a character lands at that character's start.
            rope.char_to_byte(rope.byte_to_char(byte))
        }
        PositionEncoding::Utf16 => {
            let start_char = rope.byte_to_char(line_start);
            let end_char = rope.byte_to_char(line_end);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let char_idx = rope.utf16_cu_to_char((start_cu + character).min(end_cu));
            rope.char_to_byte(char_idx)
        }
        PositionEncoding::Utf32 => {
            let start_char = rope.byte_to_char(line_start);
            let end_char = rope.byte_to_char(line_end);
            rope.char_to_byte((start_char + character).min(end_char))
        }
    }
}

/// The position of byte `offset` in `rope` (clamped to the text, floored to a character).
pub fn position(rope: &Rope, offset: usize, encoding: PositionEncoding) -> Position {
    let offset = rope.char_to_byte(rope.byte_to_char(offset.min(rope.len_bytes())));
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let character = match encoding {
        PositionEncoding::Utf8 => offset - line_start,
        PositionEncoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(offset))
                - rope.char_to_utf16_cu(rope.byte_to_char(line_start))
        }
        PositionEncoding::Utf32 => rope.byte_to_char(offset) - rope.byte_to_char(line_start),
    };
    Position::new(to_u32(line), to_u32(character))
}

pub fn range(rope: &Rope, range: std::ops::Range<usize>, encoding: PositionEncoding) -> Range {
    Range::new(
        position(rope, range.start, encoding),
        position(rope, range.end, encoding),
    )
}

/// Where 1-based `line` and `column` (counted in characters, as `file.py:12:5` counts)
/// fall in `rope`, clamped into the text as editors clamp a link's line: a line past the
/// last is the last (the empty line after a final line break does not count), a column
/// past its line's end is that end.
pub fn line_column(rope: &Rope, line: u32, column: u32, encoding: PositionEncoding) -> Position {
    let mut last = rope.len_lines().saturating_sub(1);
    if last > 0 && content_len(rope, last) == 0 {
        last -= 1;
    }
    let line = (line.saturating_sub(1) as usize).min(last);
    let start = rope.line_to_byte(line);
    let start_char = rope.byte_to_char(start);
    let end_char = rope.byte_to_char(start + content_len(rope, line));
    let at = (start_char + column.saturating_sub(1) as usize).min(end_char);
    position(rope, rope.char_to_byte(at), encoding)
}

/// A client's range as bytes; a reversed range (end before start) is read as the same
/// span the other way round.
pub fn offset_range(
    rope: &Rope,
    range: Range,
    encoding: PositionEncoding,
) -> std::ops::Range<usize> {
    let a = offset(rope, range.start, encoding);
    let b = offset(rope, range.end, encoding);
    a.min(b)..a.max(b)
}

/// Bytes of line `line` without its line break.
fn content_len(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let len = slice.len_bytes();
    let mut bytes = slice.bytes_at(len);
    let mut stripped = 0;
    if bytes.prev() == Some(b'\n') {
        stripped += 1;
        if bytes.prev() == Some(b'\r') {
            stripped += 1;
        }
    } else if len > 0 && slice.byte(len - 1) == b'\r' {
        stripped = 1;
    }
    len - stripped
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn emoji_and_cjk_count_by_encoding() {
        // "😀" is 4 bytes, 2 UTF-16 units, 1 char; "漢" is 3 bytes, 1 unit, 1 char.
        let rope = Rope::from_str("a😀漢b\nx");
        let b = "a😀漢".len();
        assert_eq!(position(&rope, b, Utf8), pos(0, 8));
        assert_eq!(position(&rope, b, Utf16), pos(0, 4));
        assert_eq!(position(&rope, b, Utf32), pos(0, 3));
        for enc in [Utf8, Utf16, Utf32] {
            assert_eq!(offset(&rope, position(&rope, b, enc), enc), b, "{enc:?}");
        }
    }

    #[test]
    fn positions_inside_a_character_or_past_a_line_are_clamped() {
        let rope = Rope::from_str("😀x\r\nnext");
        assert_eq!(offset(&rope, pos(0, 1), Utf16), 0, "between surrogates");
        assert_eq!(offset(&rope, pos(0, 2), Utf8), 0, "inside UTF-8 bytes");
        assert_eq!(
            offset(&rope, pos(0, 99), Utf16),
            "😀x".len(),
            "end of line, before CRLF"
        );
        assert_eq!(offset(&rope, pos(9, 0), Utf16), rope.len_bytes());
        assert_eq!(position(&rope, 999, Utf16), pos(1, 4));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_as_lsp_says() {
        let rope = Rope::from_str("a\r\nb\rc\nd");
        assert_eq!(offset(&rope, pos(1, 0), Utf16), 3);
        assert_eq!(offset(&rope, pos(2, 0), Utf16), 5);
        assert_eq!(offset(&rope, pos(3, 0), Utf16), 7);
        assert_eq!(position(&rope, 5, Utf16), pos(2, 0));
        // U+2028 is not a line break for LSP.
        let rope = Rope::from_str("a\u{2028}b\nc");
        assert_eq!(offset(&rope, pos(1, 0), Utf16), "a\u{2028}b\n".len());
    }

    #[test]
    fn lines_and_columns_past_the_end_are_clamped_to_the_file() {
        let rope = Rope::from_str("one\n漢字😀\nthree\n");
        assert_eq!(
            line_column(&rope, 41, 1, Utf16),
            pos(2, 0),
            "past the last line"
        );
        assert_eq!(
            line_column(&rope, 3, 99, Utf16),
            pos(2, 5),
            "past the line's end"
        );
        assert_eq!(line_column(&rope, 2, 3, Utf16), pos(1, 2));
        assert_eq!(line_column(&rope, 2, 3, Utf8), pos(1, 6));
        assert_eq!(line_column(&rope, 2, 9, Utf16), pos(1, 4));
        assert_eq!(line_column(&rope, 0, 0, Utf16), pos(0, 0));
        let empty = Rope::from_str("");
        assert_eq!(line_column(&empty, 99, 9, Utf16), pos(0, 0));
        let unterminated = Rope::from_str("a\r\nb");
        assert_eq!(line_column(&unterminated, 9, 9, Utf8), pos(1, 1));
    }

    #[test]
    fn negotiation_prefers_utf8_else_utf16() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(PositionEncoding::negotiate(Some(&both)), Utf8);
        assert_eq!(
            PositionEncoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Utf16
        );
        assert_eq!(PositionEncoding::negotiate(None), Utf16);
    }
}
