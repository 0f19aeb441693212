//! Rescanning an edited text around the edit: the old outline is kept where the scan
//! after the edit would find it unchanged, and moved.

use crate::blocks::{line_end, Scanned, Scanner};
use crate::TextRange;

/// What changed since a scan: bytes `start..old_end` of the scanned text are now
/// `start..new_end` of the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dirty {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Dirty {
    /// The change after a further edit of `range` (in the current text) to `inserted`
    /// bytes.
    pub fn then(self, range: std::ops::Range<usize>, inserted: usize) -> Dirty {
        let old_end = self.old_end + range.end.saturating_sub(self.new_end);
        let end = self.new_end.max(range.end);
        Dirty {
            start: self.start.min(range.start),
            old_end,
            new_end: end + inserted - (range.end - range.start),
        }
    }
}

/// Scans `text` again after the change `dirty` to the text `previous` outlines, rescanning
/// only from the last restart point before the change to the first one after it, which it
/// returns as the window rescanned. `None` when no restart point precedes the change (the
/// caller scans afresh).
pub(crate) fn rescan(text: &str, previous: Scanned, dirty: Dirty) -> Option<(Scanned, TextRange)> {
    let bytes = text.as_bytes();
    // The line holding the change's start, in the old text, must be untouched: restart at
    // a point before that line.
    let line_start = bytes[..dirty.start.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let restart_index = previous.resync.partition_point(|&r| r < line_start);
    let restart = *previous.resync[..restart_index].last()?;
    let delta = dirty.new_end as isize - dirty.old_end as isize;
    let old_at = |new: usize| (new as isize - delta) as usize;

    let mut scanner = Scanner::new(text, 0);
    let mut start = restart;
    let mut rejoined = None;
    while start < text.len() {
        let (content_end, next) = line_end(bytes, start);
        scanner.line(start, content_end, next);
        if start >= dirty.new_end
            && scanner.resync.last() == Some(&start)
            && previous.resync.binary_search(&old_at(start)).is_ok()
        {
            rejoined = Some(start);
            break;
        }
        start = next;
    }
    let Some(rejoin) = rejoined else {
        scanner.close_containers(0, text.len());
        return Some((
            splice(previous, restart, scanner, None, delta),
            restart..text.len(),
        ));
    };
    Some((
        splice(previous, restart, scanner, Some(rejoin), delta),
        restart..rejoin,
    ))
}

/// The old outline before `restart`, the rescanned part up to `rejoin` (new offsets), and
/// the old outline from `rejoin` on, shifted by `delta`: built in the old outline's
/// vectors, so a keystroke moves the items after it rather than copying every item.
fn splice(
    mut previous: Scanned,
    restart: usize,
    scanner: Scanner<'_>,
    rejoin: Option<usize>,
    delta: isize,
) -> Scanned {
    let shift = move |at: &mut usize| *at = (*at as isize + delta) as usize;
    let shift_range = move |r: &mut TextRange| {
        shift(&mut r.start);
        shift(&mut r.end);
    };
    let old_rejoin = rejoin.map(|r| (r as isize - delta) as usize);
    let lines_scanned = scanner.line_number;
    let rescanned = scanner.outline;

    /// Replaces the old items opened from `restart` to `old_rejoin` by those the rescan
    /// opened before `rejoin` (it also opened the rejoin line's, which the old outline
    /// has with their ends), then moves the old items after them.
    fn splice_items<T>(
        old: &mut Vec<T>,
        mut middle: Vec<T>,
        restart: usize,
        (rejoin, old_rejoin): (Option<usize>, Option<usize>),
        start: impl Fn(&T) -> usize,
        shift: impl Fn(&mut T),
        delta: isize,
    ) {
        if let Some(rejoin) = rejoin {
            middle.truncate(middle.partition_point(|i| start(i) < rejoin));
        }
        let before = old.partition_point(|i| start(i) < restart);
        let after = old_rejoin.map_or(old.len(), |r| old.partition_point(|i| start(i) < r));
        let kept_from = before + middle.len();
        old.splice(before..after, middle);
        if delta != 0 {
            old[kept_from..].iter_mut().for_each(shift);
        }
    }

    let joins = (rejoin, old_rejoin);
    let old = &mut previous.outline;
    splice_items(
        &mut old.headings,
        rescanned.headings,
        restart,
        joins,
        |h| h.range.start,
        |h| {
            shift_range(&mut h.range);
            shift_range(&mut h.text_range);
            shift_range(&mut h.section);
        },
        delta,
    );
    splice_items(
        &mut old.list_items,
        rescanned.list_items,
        restart,
        joins,
        |i| i.range.start,
        |i| {
            shift_range(&mut i.range);
            shift_range(&mut i.marker);
            if let Some((_, r)) = &mut i.task {
                shift_range(r);
            }
            shift_range(&mut i.first_line);
        },
        delta,
    );
    splice_items(
        &mut old.code_blocks,
        rescanned.code_blocks,
        restart,
        joins,
        |b| b.range.start,
        |b| shift_range(&mut b.range),
        delta,
    );
    splice_items(
        &mut old.html_blocks,
        rescanned.html_blocks,
        restart,
        joins,
        |r| r.start,
        shift_range,
        delta,
    );
    splice_items(
        &mut old.paragraphs,
        rescanned.paragraphs,
        restart,
        joins,
        |r| r.start,
        shift_range,
        delta,
    );
    old.wrapper_fence = None;
    splice_items(
        &mut previous.resync,
        scanner.resync,
        restart,
        joins,
        |&r| r,
        |r| shift(r),
        delta,
    );
    previous.lines_scanned = lines_scanned;
    previous
}
