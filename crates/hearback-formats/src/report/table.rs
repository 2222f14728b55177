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
    customer: &'static str,
    dissatisfaction: &'static str,
    silent: &'static str,
    mood: &'static str,
    resolved: &'static str,
    unresolved: &'static str,
    calm: &'static str,
    /// The customer-side signal lists, by their `signals` key.
    sides: [(&'static str, &'static str); 7],
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
    customer: "Customer",
    dissatisfaction: "likely dissatisfied",
    silent: "silently: no complaint",
    mood: "mood",
    resolved: "resolved",
    unresolved: "unresolved",
    calm: "the agent stayed courteous under abuse",
    sides: [
        ("churn_threat", "churn threat"),
        ("escalation_threat", "escalation threat"),
        ("abusive_customer", "abuse aimed at the agent"),
        ("complaint", "complaint"),
        ("polite_resignation", "polite resignation"),
        ("effort", "effort"),
        ("wow", "wow moment"),
    ],
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
    customer: "Клиент",
    dissatisfaction: "вероятно недоволен",
    silent: "молча: без жалобы",
    mood: "настроение",
    resolved: "вопрос решён",
    unresolved: "вопрос не решён",
    calm: "сотрудник сохранил вежливость, несмотря на оскорбления",
    sides: [
        ("churn_threat", "угроза уйти"),
        ("escalation_threat", "угроза жалобы наверх"),
        ("abusive_customer", "оскорбления в адрес сотрудника"),
        ("complaint", "жалоба"),
        ("polite_resignation", "вежливое смирение"),
        ("effort", "усилия клиента"),
        ("wow", "вау-момент"),
    ],
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
    customer: "Ügyfél",
    dissatisfaction: "valószínűleg elégedetlen",
    silent: "csendben: panasz nélkül",
    mood: "hangulat",
    resolved: "megoldva",
    unresolved: "megoldatlan",
    calm: "a munkatárs a sértések ellenére udvarias maradt",
    sides: [
        ("churn_threat", "lemondással fenyeget"),
        ("escalation_threat", "eszkalációval fenyeget"),
        ("abusive_customer", "a munkatársat sértegeti"),
        ("complaint", "panasz"),
        ("polite_resignation", "udvarias beletörődés"),
        ("effort", "ügyfél-erőfeszítés"),
        ("wow", "wow-pillanat"),
    ],
};

fn labels(ui: Lang) -> &'static Labels {
    match ui {
        Lang::Ru => &RU,
        Lang::Hu => &HU,
        Lang::En | Lang::Other => &EN,
    }
}

impl TableWriter<'_> {
    /// The customer's side under the table: how likely they leave dissatisfied (and whether
    /// silently), their mood from start to end, and the moments worth a look — never points.
    fn customer(&mut self, result: &ScoreResult) -> io::Result<()> {
        let l = self.labels;
        let s = &result.signals;
        let Some(p) = s.get("dissatisfaction").and_then(|v| v.as_f64()) else {
            return Ok(());
        };
        let mut head = Vec::new();
        if p >= 0.5 {
            let mut d = format!("{} {:.0}%", l.dissatisfaction, p * 100.0);
            if s.get("silent_dissatisfaction").and_then(|v| v.as_bool()) == Some(true) {
                d.push_str(&format!(" ({})", l.silent));
            }
            head.push(d);
        }
        if let (Some(a), Some(b)) = (
            s.get("sentiment_start").and_then(|v| v.as_f64()),
            s.get("sentiment_end").and_then(|v| v.as_f64()),
        ) {
            head.push(format!("{} {a:+.2} → {b:+.2}", l.mood));
        }
        match s.get("resolution").and_then(|v| v.as_str()) {
            Some("resolved") => head.push(l.resolved.to_string()),
            Some("unresolved") => head.push(l.unresolved.to_string()),
            _ => {}
        }
        if s.get("abuse_handled_calmly").and_then(|v| v.as_bool()) == Some(true) {
            head.push(l.calm.to_string());
        }
        let mut lines = Vec::new();
        for (key, label) in l.sides {
            let Some(list) = s.get(key).and_then(|v| v.as_array()) else {
                continue;
            };
            for item in list.iter().take(2) {
                let e = &item["evidence"][0];
                let (Some(quote), Some(turn)) = (e["quote"].as_str(), e["turn"].as_u64()) else {
                    continue;
                };
                lines.push(format!(
                    "    {label}: {}{}{} ({} {})",
                    l.open_quote,
                    shorten(quote, 80),
                    l.close_quote,
                    l.turn,
                    turn + 1
                ));
            }
        }
        if head.is_empty() && lines.is_empty() {
            return Ok(());
        }
        writeln!(self.out, "  {}: {}", l.customer, head.join(" · "))?;
        for line in lines {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
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
        writeln!(self.out, "{table}")?;
        self.customer(result)
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
