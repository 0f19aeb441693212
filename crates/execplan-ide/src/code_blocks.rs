//! The plan's code blocks, indexed once per analysis so that "which code blocks meet this
//! range" is a binary search. Rules ask it for every paragraph; a pass over every block
//! each time made the cost grow with paragraphs times blocks.

use execplan_syntax::{Outline, TextRange};

pub(crate) struct CodeBlocks {
    /// The blocks' ranges, by start (a stable sort, so equal starts keep outline order).
    ranges: Vec<TextRange>,
    /// `reach[i]`: the furthest end among `ranges[..=i]`. It never decreases, so the blocks
    /// that end by some offset are a prefix, even if blocks were to overlap.
    reach: Vec<usize>,
}

impl CodeBlocks {
    pub fn new(outline: &Outline) -> CodeBlocks {
        CodeBlocks::from_ranges(outline.code_blocks.iter().map(|b| b.range.clone()))
    }

    fn from_ranges(ranges: impl Iterator<Item = TextRange>) -> CodeBlocks {
        let mut ranges: Vec<TextRange> = ranges.collect();
        ranges.sort_by_key(|r| r.start);
        let reach = ranges
            .iter()
            .scan(0, |furthest, r| {
                *furthest = r.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        CodeBlocks { ranges, reach }
    }

    /// The blocks that share a byte with `range`, by start.
    fn meeting<'a>(&'a self, range: &TextRange) -> impl Iterator<Item = &'a TextRange> + 'a {
        let (start, end) = (range.start, range.end);
        // Before `first`, every block ends by `start`.
        let first = self.reach.partition_point(|&furthest| furthest <= start);
        self.ranges[first..]
            .iter()
            .take_while(move |b| b.start < end)
            .filter(move |b| b.end > start)
    }

    /// Whether `offset` lies inside a code block, as `Outline::in_code_block` says.
    pub fn contains(&self, offset: usize) -> bool {
        let before = self.ranges.partition_point(|b| b.start <= offset);
        before > 0 && self.reach[before - 1] > offset
    }

    /// The parts of `range` outside code blocks, in order.
    pub fn outside<'a>(&'a self, range: &TextRange) -> impl Iterator<Item = TextRange> + 'a {
        let end = range.end;
        let mut cursor = range.start;
        let mut blocks = self.meeting(range);
        std::iter::from_fn(move || {
            for block in blocks.by_ref() {
                let gap = cursor..block.start;
                cursor = cursor.max(block.end);
                if gap.start < gap.end {
                    return Some(gap);
                }
            }
            (cursor < end).then(|| {
                let rest = cursor..end;
                cursor = end;
                rest
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use execplan_syntax::SourceFile;

    /// `outside` as a pass over every block, the way it was first written.
    fn outside_by_scan(blocks: &[TextRange], range: &TextRange) -> Vec<TextRange> {
        let mut meeting: Vec<&TextRange> = blocks
            .iter()
            .filter(|b| b.start < range.end && b.end > range.start)
            .collect();
        meeting.sort_by_key(|b| b.start);
        let mut out = Vec::new();
        let mut cursor = range.start;
        for block in meeting {
            if block.start > cursor {
                out.push(cursor..block.start);
            }
            cursor = cursor.max(block.end);
        }
        if cursor < range.end {
            out.push(cursor..range.end);
        }
        out
    }

    #[test]
    fn agrees_with_a_pass_over_every_block() {
        let layouts: [&[TextRange]; 4] = [
            &[],
            &[2..5, 8..9, 12..20],
            // Out of order, overlapping, nested and empty: no outline makes these, but the
            // answers must not depend on it.
            &[12..20, 2..5, 3..4, 8..9, 9..9, 14..30],
            &[0..40, 40..40],
        ];
        for blocks in layouts {
            let index = CodeBlocks::from_ranges(blocks.iter().cloned());
            for start in 0..32 {
                for end in start..34 {
                    let range = start..end;
                    assert_eq!(
                        index.outside(&range).collect::<Vec<_>>(),
                        outside_by_scan(blocks, &range),
                        "{blocks:?} {range:?}"
                    );
                }
                let inside = blocks.iter().any(|b| b.contains(&start));
                assert_eq!(index.contains(start), inside, "{blocks:?} {start}");
            }
        }
    }

    #[test]
    fn a_parsed_plan_has_its_fences_indexed() {
        let text = "# P\n\nText.\n\n```sh\nrun\n```\n\nMore.\n";
        let file = SourceFile::parse(text);
        let index = CodeBlocks::new(file.outline());
        let fence = text.find("```").unwrap();
        assert!(index.contains(fence) && !index.contains(0));
        assert!(file.outline().in_code_block(fence));
        assert_eq!(index.outside(&(0..text.len())).count(), 2);
    }
}
