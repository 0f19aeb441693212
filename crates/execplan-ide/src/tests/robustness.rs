//! Random documents, including invalid UTF-8 read lossily, through every entry point of
//! the analysis at every kind of offset: nothing panics and every range is a valid slice.
//! The same idea as the cargo-fuzz targets in `fuzz/`, on the stable toolchain.

use execplan_syntax::testing::Rng;
use execplan_syntax::SourceFile;

use crate::context::EditContext;
use crate::fixture::test_config;
use crate::{actions, analyze, completion, hover, navigation, path_refs, symbols, RepoFiles};

const PIECES: &[&[u8]] = &[
    b"# ExecPlan\n",
    b"## Progress\n",
    b"## Decision Log\n",
    b"## Concrete Steps\n",
    b"### ",
    b"- [ ] ",
    b"- [x] (2026-02-30 25:61Z) ",
    b"(2026-11-24 09:15Z)",
    b"Decision: ",
    b"Rationale: ",
    b"Observation: ",
    b"`src/",
    b"lib.rs`",
    b"[a](../",
    b")",
    b"`**/*.{rs,",
    b"<!-- execplan-disable ",
    b"-->",
    b"<!-->",
    b"```md\n",
    b"```\n",
    b"    cargo test\n",
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\xff\xfe",
    b"\x00",
    "漢字".as_bytes(),
    "😀".as_bytes(),
    b"---\nkind: exec-plan\n---\n",
    b"> ",
    b"1. ",
    b"status: ",
    b"<date>",
    b"/home/x/y.rs",
    b"C:\\x\\y.rs",
    b"`a:1:2`",
    b"#L",
    b"\t",
];

fn random_document(rng: &mut Rng) -> String {
    let mut bytes = Vec::new();
    for _ in 0..rng.below(60) {
        if rng.below(10) == 0 {
            bytes.push(rng.next_u64() as u8);
        } else {
            bytes.extend_from_slice(PIECES[rng.below(PIECES.len())]);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn assert_slice(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && text.get(range.clone()).is_some(),
        "{what}: bad range {range:?} in {text:?}"
    );
}

#[test]
fn random_documents_never_break_any_feature() {
    let repo = RepoFiles::from_files(["src/lib.rs", "src/main.rs", "docs/a.md", "README.md"]);
    let mut config = test_config();
    config.repo = Some(std::sync::Arc::new(repo.clone()));
    let cases: usize = std::env::var("EXECPLAN_ROBUSTNESS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let mut rng = Rng(0xDEC0_DE5E_ED00_0001);
    for case in 0..cases {
        let text = random_document(&mut rng);
        let file = SourceFile::parse(&text);
        let analysis = analyze(&file, "plan.md", &config, true);
        for d in &analysis.diagnostics {
            assert_slice(&text, &d.range, "diagnostic");
        }
        for r in path_refs(&file) {
            assert_slice(&text, &r.full_range, "path ref");
        }
        symbols::document_symbols(&file, &config.standard);
        for range in symbols::folding_ranges(&file) {
            assert_slice(&text, &range, "folding range");
        }
        let mut ctx = EditContext::new(&config, config.now);
        ctx.repo = Some(&repo);
        ctx.doc_dir = Some("docs");
        let mut offsets: Vec<usize> = (0..8).map(|_| rng.below(text.len() + 1)).collect();
        offsets.push(text.len());
        for offset in offsets.into_iter().filter(|&o| text.is_char_boundary(o)) {
            completion::completions(&file, offset, &ctx);
            hover::hover(&file, offset, &ctx, true, &|_| None);
            navigation::definition(&file, offset, &repo, Some("docs"));
            for assist in actions::assists(&file, offset..offset, &ctx, true, "Title") {
                for edit in &assist.edits {
                    assert_slice(&text, &edit.range, "assist edit");
                }
            }
        }
        if let Some(all) = actions::fix_all(&file, &ctx) {
            for edit in &all.edits {
                assert_slice(&text, &edit.range, &format!("fix-all edit, case {case}"));
            }
        }
    }
}
