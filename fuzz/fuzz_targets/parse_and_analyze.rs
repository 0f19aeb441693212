//! Arbitrary bytes, read as text the way the server and `check` read files, through the
//! parse, the outline, plan detection and every rule: nothing may panic.
#![no_main]

use execplan_ide::{analyze, path_refs, AnalysisConfig, RepoFiles};
use execplan_syntax::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig {
        repo: Some(std::sync::Arc::new(RepoFiles::from_files(["src/lib.rs", "docs/a.md"]))),
        ..AnalysisConfig::default()
    };
    for name in ["plan.md", "PLANS.md"] {
        let analysis = analyze(&file, name, &config, true);
        for d in &analysis.diagnostics {
            assert!(d.range.start <= d.range.end && d.range.end <= text.len());
            assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
        }
    }
    for r in path_refs(&file) {
        assert!(text.is_char_boundary(r.range.start) && text.is_char_boundary(r.range.end));
    }
});
