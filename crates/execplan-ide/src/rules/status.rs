//! `status-contradiction` and `outcomes-unwritten`: what a plan says of itself agrees with
//! its Progress. A status that says done while items are open (or planned while items are
//! done), and a finished plan whose Outcomes & Retrospective is still empty or "Pending.".
//! Both read the whole plan (status, Progress, Outcomes), so they run on every analysis,
//! as the structure rules do; Progress's items are counted, not read.

use execplan_syntax::SourceFile;

use crate::living::{summarize_with, PlanSummary, StatusKind};
use crate::{AnalysisConfig, Diagnostic, PlanStructure, Rule};

pub(crate) fn check(
    file: &SourceFile,
    structure: &PlanStructure,
    names: &[Vec<String>],
    config: &AnalysisConfig,
    out: &mut Vec<Diagnostic>,
) {
    let summary = summarize_with(file, structure, names, &config.template, false);
    contradiction(&summary, out);
    outcomes(&summary, out);
}

fn contradiction(summary: &PlanSummary, out: &mut Vec<Diagnostic>) {
    let (Some(status), Some(progress)) = (&summary.status, &summary.progress) else {
        return;
    };
    let message = match status.kind {
        StatusKind::Done if progress.open > 0 => format!(
            "The status says `{}` but {} of {} Progress items {} open: tick what is done, or change the status",
            status.text,
            progress.open,
            progress.total(),
            if progress.open == 1 { "is" } else { "are" }
        ),
        StatusKind::Planned if progress.done > 0 => format!(
            "The status says `{}` but {} of {} Progress items {} done: the work has started",
            status.text,
            progress.done,
            progress.total(),
            if progress.done == 1 { "is" } else { "are" }
        ),
        _ => return,
    };
    out.push(Diagnostic::new(
        Rule::StatusContradiction,
        status.range.clone(),
        message,
    ));
}

fn outcomes(summary: &PlanSummary, out: &mut Vec<Diagnostic>) {
    let Some(heading) = &summary.outcomes_unwritten else {
        return;
    };
    let all_done = summary
        .progress
        .as_ref()
        .is_some_and(|p| p.total() > 0 && p.open == 0);
    let said_done = summary
        .status
        .as_ref()
        .is_some_and(|s| s.kind == StatusKind::Done);
    let why = match (all_done, said_done) {
        (true, _) => "every Progress item is done",
        (false, true) => "the status says done",
        (false, false) => return,
    };
    out.push(Diagnostic::new(
        Rule::OutcomesUnwritten,
        heading.clone(),
        format!(
            "{why}, but Outcomes & Retrospective is not written yet: say what was achieved, what remains and what was learned"
        ),
    ));
}
