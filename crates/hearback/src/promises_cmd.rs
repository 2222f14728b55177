//! `hearback promises`: the promise ledger over a set of conversations — every commitment the
//! agents made, and whether the business came back in time (`hearback_core::ledger`).

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use chrono::{DateTime, FixedOffset};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use hearback_core::ledger::{self, Contact, Entry, LedgerOptions, Status, Summary, Unchecked};
use hearback_core::{AnalyseOptions, Conversation, Lang, analyse};

use crate::score_cmd::{self, forced_lang, load_calendar};
use crate::ui::t;
use crate::{LangArg, OutputFormat, ReadArgs};

#[derive(Debug, clap::Args)]
pub struct PromisesArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Only the promises whose due time has passed without the business coming back.
    #[arg(long)]
    overdue: bool,
    /// Only this agent's promises (agent id or name; repeat for several).
    #[arg(long, value_name = "ID|NAME")]
    agent: Vec<String>,
    /// The moment to judge at, RFC 3339 (default: now). Due times before it have passed.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Working days and holidays (TOML; default: Monday to Friday). See docs/promises.md.
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
    /// Working days a vague promise ("as soon as possible") has before it is overdue;
    /// 0 leaves vague promises unchecked.
    #[arg(long, value_name = "N", default_value_t = ledger::DEFAULT_VAGUE_WORKING_DAYS)]
    vague_days: u32,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// The conversations' language; "auto" detects it per conversation and per turn.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
}

pub fn run(args: PromisesArgs) -> anyhow::Result<u8> {
    let ui = score_cmd::ui_of(&args.read);
    let now = match &args.now {
        Some(s) => DateTime::parse_from_rfc3339(s.trim()).with_context(|| {
            format!("--now `{s}` is not an RFC 3339 time (2026-11-20T18:00:00+03:00)")
        })?,
        None => clock()?,
    };
    let calendar = match &args.calendar {
        Some(path) => Some(Arc::new(load_calendar(path)?)),
        None => None,
    };
    let read_options = score_cmd::read_options(&args.read)?;
    let analyse_options = AnalyseOptions {
        language: forced_lang(args.lang),
        calendar: calendar.clone(),
        ..AnalyseOptions::default()
    };

    let mut contacts = Vec::new();
    let mut consume = |c: &Conversation| {
        let analysis = analyse(c, &analyse_options);
        contacts.push(Contact::of(c, hearback_core::promises::promises(&analysis)));
        Ok(())
    };
    let totals = score_cmd::read_all(&args.read, &read_options, ui, &mut consume);

    let options = LedgerOptions {
        now,
        calendar: calendar.as_deref().cloned().unwrap_or_default(),
        vague_within_working_days: (args.vague_days > 0).then_some(args.vague_days),
    };
    let entries: Vec<Entry> = ledger::ledger(&contacts, &options)
        .into_iter()
        .filter(|e| !args.overdue || e.status == Status::Overdue)
        .filter(|e| args.agent.is_empty() || args.agent.iter().any(|a| is_agent(e, a)))
        .collect();

    crate::listing::print(
        args.format,
        crate::listing::Listing {
            records: &entries,
            json: serde_json::json!({
                "now": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                "summary": Summary::of(&entries),
                "promises": entries,
            }),
            table: &|out| write_table(out, &entries, now, ui),
            csv: &|out| write_csv(out, &entries),
            what: "the ledger",
        },
    )?;
    totals.print();
    Ok(totals.exit_code())
}

/// The clock, read here at the binary's edge (the core has none).
fn clock() -> anyhow::Result<DateTime<FixedOffset>> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| anyhow!("the system clock is before 1970: {e}"))?;
    let secs = i64::try_from(since.as_secs()).context("the system clock is out of range")?;
    DateTime::from_timestamp(secs, 0)
        .map(|d| d.fixed_offset())
        .ok_or_else(|| anyhow!("the system clock is out of range"))
}

/// `--agent` matches the agent's id exactly, or their name without regard to case.
fn is_agent(e: &Entry, wanted: &str) -> bool {
    let wanted = wanted.trim();
    e.agent_id.as_deref() == Some(wanted)
        || e.agent_name
            .as_deref()
            .is_some_and(|n| n.trim().to_lowercase() == wanted.to_lowercase())
}

fn status_label(ui: Lang, s: Status) -> &'static str {
    match s {
        Status::Overdue => t(ui, "overdue", "просрочено", "lejárt"),
        Status::KeptLate => t(
            ui,
            "kept late",
            "выполнено с опозданием",
            "késve teljesítve",
        ),
        Status::Pending => t(ui, "pending", "ожидает", "függőben"),
        Status::Kept => t(ui, "kept", "выполнено", "teljesítve"),
        Status::Unchecked => t(ui, "unchecked", "не проверить", "nem ellenőrizhető"),
    }
}

fn reason_label(ui: Lang, r: Unchecked) -> &'static str {
    match r {
        Unchecked::NoCustomerIdentity => t(
            ui,
            "no customer id, phone or e-mail",
            "нет id, телефона или e-mail клиента",
            "nincs ügyfél-azonosító, telefonszám vagy e-mail",
        ),
        Unchecked::NoDueTime => t(ui, "no due time", "нет срока", "nincs határidő"),
        Unchecked::DueDuringConversation => t(
            ui,
            "due during the conversation",
            "срок — во время разговора",
            "a beszélgetés alatt esedékes",
        ),
    }
}

fn time(at: Option<DateTime<FixedOffset>>) -> String {
    at.map_or_else(
        || "—".to_string(),
        |d| d.format("%Y-%m-%d %H:%M %:z").to_string(),
    )
}

fn duration(seconds: i64, ui: Lang) -> String {
    let hours = seconds / 3600;
    if hours >= 48 {
        format!("{} {}", hours / 24, t(ui, "d", "дн.", "nap"))
    } else if hours >= 1 {
        format!("{hours} {}", t(ui, "h", "ч", "óra"))
    } else {
        format!("{} {}", (seconds / 60).max(1), t(ui, "min", "мин", "perc"))
    }
}

/// What else the reader needs to know about an entry: who kept it, how late, who chased it.
fn remark(e: &Entry, ui: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(k) = &e.kept_by {
        parts.push(format!(
            "{} {}",
            t(ui, "by", "разговор", "beszélgetés:"),
            k.conversation_id
        ));
    }
    if let Some(late) = e.late_by_seconds {
        parts.push(format!("+{}", duration(late, ui)));
    }
    if !e.chased_by_customer.is_empty() {
        let ids: Vec<&str> = e
            .chased_by_customer
            .iter()
            .map(|c| c.conversation_id.as_str())
            .collect();
        parts.push(format!(
            "{}: {}",
            t(
                ui,
                "the customer chased it",
                "клиент обращался сам",
                "az ügyfél maga kereste"
            ),
            ids.join(", ")
        ));
    }
    if e.due_implied {
        parts.push(
            t(
                ui,
                "vague: default term",
                "расплывчато: срок по умолчанию",
                "homályos: alapértelmezett határidő",
            )
            .to_string(),
        );
    }
    if let Some(r) = e.reason {
        parts.push(reason_label(ui, r).to_string());
    }
    parts.join("; ")
}

fn write_table(
    out: &mut dyn Write,
    entries: &[Entry],
    now: DateTime<FixedOffset>,
    ui: Lang,
) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec![
            t(ui, "status", "статус", "állapot"),
            t(ui, "due", "срок", "határidő"),
            t(ui, "agent", "сотрудник", "munkatárs"),
            t(ui, "customer", "клиент", "ügyfél"),
            t(ui, "conversation", "разговор", "beszélgetés"),
            t(ui, "promise", "обещание", "ígéret"),
            t(ui, "note", "примечание", "megjegyzés"),
        ]);
    if !table.is_tty() {
        table.set_width(140);
    }
    for e in entries {
        let color = match e.status {
            Status::Overdue => Color::Red,
            Status::KeptLate => Color::Yellow,
            Status::Pending => Color::Reset,
            Status::Kept => Color::Green,
            Status::Unchecked => Color::DarkGrey,
        };
        table.add_row(vec![
            Cell::new(status_label(ui, e.status)).fg(color),
            Cell::new(time(e.due)),
            Cell::new(
                e.agent_name
                    .as_deref()
                    .or(e.agent_id.as_deref())
                    .unwrap_or("—"),
            ),
            Cell::new(e.customer.as_deref().unwrap_or("—")),
            Cell::new(format!("{} #{}", e.conversation_id, e.turn)),
            Cell::new(&e.text),
            Cell::new(remark(e, ui)),
        ]);
    }
    if !entries.is_empty() {
        writeln!(out, "{table}")?;
    }
    let s = Summary::of(entries);
    let mut line = format!(
        "{} {}: {} {}, {} {}, {} {}, {} {}, {} {}",
        s.promises,
        t(ui, "promises", "обещаний", "ígéret"),
        s.kept,
        status_label(ui, Status::Kept),
        s.kept_late,
        status_label(ui, Status::KeptLate),
        s.overdue,
        status_label(ui, Status::Overdue),
        s.pending,
        status_label(ui, Status::Pending),
        s.unchecked,
        status_label(ui, Status::Unchecked),
    );
    if let Some(rate) = s.kept_on_time_rate {
        line.push_str(&format!(
            "; {} {:.0}%",
            t(
                ui,
                "kept on time",
                "выполнено в срок",
                "határidőre teljesítve"
            ),
            rate * 100.0
        ));
    }
    writeln!(
        out,
        "{line} ({} {})",
        t(ui, "as of", "на", "időpont:"),
        now.format("%Y-%m-%d %H:%M %:z")
    )
}

fn write_csv(out: &mut dyn Write, entries: &[Entry]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let rfc = |d: Option<DateTime<FixedOffset>>| {
        d.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
            .unwrap_or_default()
    };
    w.write_record([
        "status",
        "due",
        "due_implied",
        "vague",
        "agent_id",
        "agent_name",
        "customer",
        "conversation_id",
        "turn",
        "made_at",
        "action",
        "text",
        "kept_by",
        "chased_by_customer",
        "late_by_seconds",
        "reason",
    ])?;
    for e in entries {
        let chased: Vec<&str> = e
            .chased_by_customer
            .iter()
            .map(|c| c.conversation_id.as_str())
            .collect();
        let reason = e
            .reason
            .and_then(|r| serde_json::to_value(r).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        w.write_record([
            e.status.id().to_string(),
            rfc(e.due),
            e.due_implied.to_string(),
            e.vague.to_string(),
            e.agent_id.clone().unwrap_or_default(),
            e.agent_name.clone().unwrap_or_default(),
            e.customer.clone().unwrap_or_default(),
            e.conversation_id.clone(),
            e.turn.to_string(),
            rfc(e.made_at),
            e.action.clone(),
            e.text.clone(),
            e.kept_by
                .as_ref()
                .map(|k| k.conversation_id.clone())
                .unwrap_or_default(),
            chased.join(" "),
            e.late_by_seconds.map(|s| s.to_string()).unwrap_or_default(),
            reason,
        ])?;
    }
    w.flush()
}
