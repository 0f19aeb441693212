//! Matching heading text to the standard's section names, tolerant of the ways real plans
//! write them: case, a leading number, a trailing colon, `&` for "and", emphasis markers.

/// The comparable form of a heading: lower case, without a leading `3.`/`3)` number, a
/// trailing colon or parenthetical, emphasis or code markers; `&` reads "and"; spaces
/// around `/` and runs of whitespace are collapsed.
pub fn normalize(heading: &str) -> String {
    let mut text: String = heading
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .collect::<String>()
        .trim()
        .trim_matches('_')
        .to_lowercase();
    text = strip_leading_number(&text).to_string();
    let trimmed = text.trim_end().trim_end_matches([':', '：']).trim_end();
    let trimmed = strip_trailing_parenthetical(trimmed);
    let spaced = trimmed.replace('&', " and ").replace('/', " / ");
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `3. Decision Log`, `3) Decision Log`, `12 - Decision Log`, `3.1 Decision Log`,
/// `3 Decision Log`. No section name starts with a digit, so a leading number is always
/// numbering.
fn strip_leading_number(text: &str) -> &str {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return text;
    }
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let rest = rest.strip_prefix(')').unwrap_or(rest).trim_start();
    rest.strip_prefix(['-', '–', '—'])
        .unwrap_or(rest)
        .trim_start()
}

/// `Decision Log (append-only)` → `Decision Log`, unless the whole heading is in brackets.
fn strip_trailing_parenthetical(text: &str) -> &str {
    if !text.ends_with(')') {
        return text;
    }
    match text.rfind('(') {
        Some(open) if open > 0 => text[..open].trim_end(),
        _ => text,
    }
}

/// A looser comparable form than [`normalize`]: punctuation inside the heading (`:`, `,`,
/// dashes) and the words "and" and "the" are dropped, so `Validation: acceptance` and
/// `Validation and Acceptance` compare equal. Slashes stay: they separate names.
pub fn loose_key(normalized: &str) -> String {
    normalized
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '：' | ',' | '，' | '-' | '–' | '—' | ';')
        })
        .filter(|w| !w.is_empty() && !matches!(*w, "and" | "the"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ways a heading may carry a name besides its whole text: a bilingual heading
/// (`Progress / 진행 상황`, `Purpose / Big Picture / 목적 / 큰 그림`) or a name with a gloss
/// after a slash (`Plan of Work / PR Sequence`) holds the name as its leading or trailing
/// run of `/`-separated parts. Returns those runs, longest first.
pub fn slash_runs(normalized: &str) -> Vec<String> {
    let parts: Vec<&str> = normalized.split(" / ").collect();
    let mut runs = Vec::new();
    for k in (1..parts.len()).rev() {
        runs.push(parts[..k].join(" / "));
        runs.push(parts[parts.len() - k..].join(" / "));
    }
    runs
}

/// The words of a normalised name that carry its meaning, singular: `Decisions` and
/// `Decision Log` share `decision`.
pub fn content_words(normalized: &str) -> Vec<String> {
    loose_key(normalized)
        .split([' ', '/'])
        .filter(|w| !w.is_empty() && !matches!(*w, "of" | "a" | "an" | "for" | "to" | "in"))
        .map(|w| {
            w.strip_suffix('s')
                .filter(|s| s.len() > 2)
                .unwrap_or(w)
                .to_string()
        })
        .collect()
}

/// The built-in sections as translated standards name them (Chinese, Japanese, Korean,
/// as seen in real repositories' PLANS.md), so a translated section keeps its role: a
/// standard's `进度` is the living Progress log. Normalised forms.
pub const TRANSLATIONS: &[(&str, &[&str])] = &[
    (
        "Purpose / Big Picture",
        &[
            "目标与全局图景",
            "目的 / 全局视角",
            "目的 / 全体像",
            "목적 / 큰 그림",
        ],
    ),
    ("Progress", &["进度", "进展", "進捗", "진행 상황", "진행"]),
    (
        "Surprises & Discoveries",
        &["意外与发现", "意外发现", "驚きと発見", "놀라움과 발견"],
    ),
    (
        "Decision Log",
        &[
            "决策记录",
            "决策日志",
            "意思決定ログ",
            "決定ログ",
            "의사결정 로그",
            "결정 로그",
        ],
    ),
    (
        "Outcomes & Retrospective",
        &["结果与复盘", "结果回顾", "成果と振り返り", "결과와 회고"],
    ),
    (
        "Context and Orientation",
        &[
            "上下文与定向",
            "上下文和方向",
            "背景と方向付け",
            "맥락과 방향",
        ],
    ),
    ("Plan of Work", &["工作计划", "作業計画", "작업 계획"]),
    (
        "Concrete Steps",
        &["具体步骤", "具体的な手順", "구체적 단계"],
    ),
    (
        "Validation and Acceptance",
        &["验证与验收", "验证和验收", "検証と受け入れ", "검증과 수용"],
    ),
    (
        "Idempotence and Recovery",
        &[
            "幂等性与恢复",
            "幂等性和恢复",
            "冪等性と復旧",
            "멱등성과 복구",
        ],
    ),
    (
        "Artifacts and Notes",
        &["证据与备注", "产物和笔记", "成果物とメモ", "산출물과 노트"],
    ),
    (
        "Interfaces and Dependencies",
        &[
            "接口与依赖",
            "接口和依赖",
            "インターフェースと依存関係",
            "인터페이스와 의존성",
        ],
    ),
];

/// The translations of the built-in section named `english` (none for other names).
pub fn translations(english: &str) -> &'static [&'static str] {
    let n = normalize(english);
    TRANSLATIONS
        .iter()
        .find(|(name, _)| normalize(name) == n)
        .map_or(&[], |(_, names)| *names)
}

/// The built-in section a translated name stands for.
pub fn translation_of(name: &str) -> Option<&'static str> {
    let n = normalize(name);
    TRANSLATIONS
        .iter()
        .find(|(_, names)| names.iter().any(|t| normalize(t) == n))
        .map(|(english, _)| *english)
}

/// Edit distance in characters (Levenshtein), for near-miss spellings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// How many edits still read as a misspelling of a name of this many characters: one for
/// short names, about one in ten beyond ("Interfaces & Dependency" is three edits away).
pub fn near_miss_budget(name_chars: usize) -> usize {
    1 + name_chars / 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_accepts_recognisable_variants() {
        for variant in [
            "Decision Log",
            "decision log",
            "  Decision Log  ",
            "3. Decision Log",
            "3) Decision Log",
            "Decision Log:",
            "**Decision Log**",
            "Decision Log (append-only)",
        ] {
            assert_eq!(normalize(variant), "decision log", "{variant:?}");
        }
        assert_eq!(
            normalize("Surprises & Discoveries"),
            "surprises and discoveries"
        );
        assert_eq!(normalize("Purpose/Big Picture"), "purpose / big picture");
        assert_eq!(normalize("3 Decision Log"), "decision log");
        assert_eq!(
            normalize("12 - Interfaces & dependencies"),
            "interfaces and dependencies"
        );
    }

    #[test]
    fn loose_keys_and_slash_runs() {
        assert_eq!(
            loose_key(&normalize("Validation: acceptance")),
            loose_key(&normalize("Validation and Acceptance"))
        );
        let runs = slash_runs(&normalize("Purpose / Big Picture / 목적 / 큰 그림"));
        assert!(runs.contains(&"purpose / big picture".to_string()));
        assert!(slash_runs(&normalize("Plan Of Work / PR Sequence"))
            .contains(&"plan of work".to_string()));
        assert!(slash_runs(&normalize("Progress / 진행 상황")).contains(&"progress".to_string()));
        assert_eq!(content_words(&normalize("Decisions")), ["decision"]);
        assert_eq!(translation_of("进度"), Some("Progress"));
        assert_eq!(translation_of("Notes"), None);
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("suprises", "surprises"), 1);
        assert_eq!(edit_distance("dependency", "dependencies"), 3);
        assert_eq!(edit_distance("進展", "進度"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
