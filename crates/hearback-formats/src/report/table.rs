//! The table people read at a terminal, in their own language.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use hearback_core::{Lang, ScoreResult, Verdict};

use super::{ReportWriter, Summary, format_number};

/// Labels of the table in the user's language.
struct Labels {
    criterion: &'static str,
    verdict: &'static str,
    points: &'static str,
    why: &'static str,
    pass: &'static str,
    fail: &'static str,
    na: &'static str,
    passed: &'static str,
    failed: &'static str,
    critical: &'static str,
    turn: &'static str,
    summary: &'static str,
    conversations: &'static str,
    average: &'static str,
    passed_count: &'static str,
    critical_failed: &'static str,
    most_failed: &'static str,
    nothing: &'static str,
    not_applicable: &'static str,
    roles_guessed: &'static str,
    open_quote: &'static str,
    close_quote: &'static str,
}

const EN: Labels = Labels {
    criterion: "Criterion",
    verdict: "Verdict",
    points: "Points",
    why: "Why (evidence)",
    pass: "✓ pass",
    fail: "✗ fail",
    na: "– n/a",
    passed: "PASSED",
    failed: "FAILED",
    critical: "critical",
    turn: "turn",
    summary: "Summary",
    conversations: "conversations scored",
    average: "average score",
    passed_count: "passed",
    critical_failed: "with a critical failure",
    most_failed: "Most often failed",
    nothing: "No conversations were scored.",
    not_applicable: "no criterion applied (not counted)",
    roles_guessed: "roles inferred",
    open_quote: "“",
    close_quote: "”",
};

const RU: Labels = Labels {
    criterion: "Критерий",
    verdict: "Итог",
    points: "Баллы",
    why: "Почему (доказательство)",
    pass: "✓ да",
    fail: "✗ нет",
    na: "– н/п",
    passed: "ПРОЙДЕНО",
    failed: "НЕ ПРОЙДЕНО",
    critical: "критичный",
    turn: "реплика",
    summary: "Итого",
    conversations: "оценено разговоров",
    average: "средний балл",
    passed_count: "пройдено",
    critical_failed: "с критичным нарушением",
    most_failed: "Чаще всего нарушается",
    nothing: "Ни один разговор не оценён.",
    not_applicable: "ни один критерий не применим (не учтено)",
    roles_guessed: "роли определены автоматически",
    open_quote: "«",
    close_quote: "»",
};

const HU: Labels = Labels {
    criterion: "Szempont",
    verdict: "Eredmény",
    points: "Pont",
    why: "Indoklás (bizonyíték)",
    pass: "✓ megfelelt",
    fail: "✗ nem felelt meg",
    na: "– n/a",
    passed: "MEGFELELT",
    failed: "NEM FELELT MEG",
    critical: "kritikus",
    turn: "megszólalás",
    summary: "Összesítés",
    conversations: "értékelt beszélgetések",
    average: "átlagpontszám",
    passed_count: "megfelelt",
    critical_failed: "kritikus hibával",
    most_failed: "Leggyakoribb hiányosságok",
    nothing: "Egyetlen beszélgetés sem lett értékelve.",
    not_applicable: "egyik szempont sem alkalmazható (nem számít bele)",
    roles_guessed: "szerepek automatikusan felismerve",
    open_quote: "„",
    close_quote: "”",
};

fn labels(ui: Lang) -> &'static Labels {
    match ui {
        Lang::Ru => &RU,
        Lang::Hu => &HU,
        Lang::En | Lang::Other => &EN,
    }
}

/// Prints each conversation as a small table and a summary at the end.
pub struct TableWriter<'w> {
    out: Box<dyn Write + 'w>,
    labels: &'static Labels,
    summary: Summary,
    width: Option<u16>,
}

impl<'w> TableWriter<'w> {
    pub fn new(out: Box<dyn Write + 'w>, ui: Lang) -> Self {
        TableWriter {
            out,
            labels: labels(ui),
            summary: Summary::default(),
            width: None,
        }
    }

    /// Fixes the table width (for files and tests); by default it follows the terminal.
    pub fn with_width(mut self, width: u16) -> Self {
        self.width = Some(width);
        self
    }
}

fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{:02}:{:02}", s / 60, s % 60)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

impl ReportWriter for TableWriter<'_> {
    fn write(&mut self, result: &ScoreResult) -> io::Result<()> {
        let l = self.labels;
        self.summary.add(result);
        let verdict = if result.passed { l.passed } else { l.failed };
        writeln!(
            self.out,
            "\n{} · {} · {} · {} / {} · {}",
            result.conversation_id,
            result.language,
            result.channel.as_str(),
            format_number(result.score),
            format_number(result.max_score),
            verdict
        )?;
        if let Some(roles) = &result.roles {
            writeln!(
                self.out,
                "  ({}: {}, {:.0}%)",
                l.roles_guessed,
                roles.reason,
                roles.confidence * 100.0
            )?;
        }
        for w in &result.warnings {
            writeln!(self.out, "  ! {w}")?;
        }
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(vec![l.criterion, l.verdict, l.points, l.why]);
        match self.width {
            Some(w) => {
                table.set_width(w);
            }
            // Piped into a file or a pager: wrap at a readable width instead of one long line.
            None if !table.is_tty() => {
                table.set_width(120);
            }
            None => {}
        }
        for c in &result.criteria {
            let (text, color) = match c.verdict {
                Verdict::Pass => (l.pass, Color::Green),
                Verdict::Fail => (l.fail, Color::Red),
                Verdict::Na => (l.na, Color::DarkGrey),
            };
            let title = if c.critical {
                format!("{} ({})", c.title, l.critical)
            } else {
                c.title.clone()
            };
            let mut why = c.rationale.clone();
            for e in c.evidence.iter().take(2) {
                let at = e
                    .start
                    .map(|s| format!("{} ", clock(s)))
                    .unwrap_or_default();
                why.push_str(&format!(
                    "\n  {at}{} {}: {}{}{}",
                    l.turn,
                    e.turn + 1,
                    l.open_quote,
                    shorten(&e.quote, 80),
                    l.close_quote
                ));
            }
            table.add_row(vec![
                Cell::new(title),
                Cell::new(text).fg(color),
                Cell::new(format!(
                    "{}/{}",
                    format_number(c.points),
                    format_number(c.max_points)
                )),
                Cell::new(why),
            ]);
        }
        writeln!(self.out, "{table}")
    }

    fn finish(&mut self) -> io::Result<()> {
        let l = self.labels;
        let s = &self.summary;
        if s.not_applicable > 0 {
            writeln!(self.out, "\n  {}: {}", l.not_applicable, s.not_applicable)?;
        }
        match s.average_score() {
            None => writeln!(self.out, "{}", l.nothing)?,
            Some(avg) => {
                writeln!(self.out, "\n{}", l.summary)?;
                writeln!(self.out, "  {}: {}", l.conversations, s.conversations)?;
                writeln!(self.out, "  {}: {}", l.passed_count, s.passed)?;
                writeln!(self.out, "  {}: {}", l.average, format_number(avg))?;
                writeln!(self.out, "  {}: {}", l.critical_failed, s.critical_failed)?;
                let worst = s.most_failed();
                if !worst.is_empty() {
                    writeln!(self.out, "  {}:", l.most_failed)?;
                    for (_, t) in worst.iter().take(5) {
                        writeln!(self.out, "    {} — {}/{}", t.title, t.failed, t.applicable)?;
                    }
                }
            }
        }
        self.out.flush()
    }
}
