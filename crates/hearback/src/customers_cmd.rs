//! `hearback customers`: each customer's conversations taken together — who came back because
//! the matter was not solved, and who is at risk of leaving (`hearback_core::journey`).

use std::io::{self, Write};

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use hearback_core::journey::{self, Journey, JourneyOptions, Visit};
use hearback_core::{AnalyseOptions, Conversation, Lang, analyse, detectors, experience};

use crate::score_cmd::{self, forced_lang};
use crate::ui::t;
use crate::{LangArg, OutputFormat, ReadArgs};

#[derive(Debug, clap::Args)]
pub struct CustomersArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Only the customers at risk: silently dissatisfied, or a threat to leave or complain, with
    /// no contact that went well since.
    #[arg(long)]
    at_risk: bool,
    /// A customer contacting again within this many days means the matter was not solved.
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    repeat_days: u32,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// The conversations' language; "auto" detects it per conversation and per turn.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
}

pub fn run(args: CustomersArgs) -> anyhow::Result<u8> {
    let ui = score_cmd::ui_of(&args.read);
    let read_options = score_cmd::read_options(&args.read)?;
    let options = AnalyseOptions {
        language: forced_lang(args.lang),
        ..AnalyseOptions::default()
    };
    let mut visits = Vec::new();
    let mut consume = |c: &Conversation| {
        let mut analysis = analyse(c, &options);
        score_cmd::feel(&mut analysis);
        let findings = detectors::detect_all(&analysis);
        let e = experience::assess(&analysis, &findings);
        visits.push(Visit::of(c, &e, &findings));
        Ok(())
    };
    let totals = score_cmd::read_all(&args.read, &read_options, ui, &mut consume);
    let journeys: Vec<Journey> = journey::journeys(
        &visits,
        &JourneyOptions {
            repeat_within_days: i64::from(args.repeat_days),
        },
    )
    .into_iter()
    .filter(|j| !args.at_risk || j.at_risk)
    .collect();

    crate::listing::print(
        args.format,
        crate::listing::Listing {
            records: &journeys,
            json: serde_json::to_value(&journeys)?,
            table: &|out| write_table(out, &journeys, ui),
            csv: &|out| write_csv(out, &journeys),
            what: "the customers",
        },
    )?;
    totals.print();
    Ok(totals.exit_code())
}

fn risk_label(ui: Lang, kind: &str) -> &'static str {
    match kind {
        "silent_dissatisfaction" => t(
            ui,
            "left silently dissatisfied",
            "ушёл молча недовольным",
            "csendben elégedetlenül távozott",
        ),
        "churn_threat" => t(
            ui,
            "threatened to leave",
            "грозил уйти",
            "távozással fenyegetett",
        ),
        _ => t(
            ui,
            "threatened to complain higher up",
            "грозил жалобой наверх",
            "feljebb panaszkodással fenyegetett",
        ),
    }
}

fn write_table(out: &mut dyn Write, journeys: &[Journey], ui: Lang) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec![
            t(ui, "customer", "клиент", "ügyfél"),
            t(ui, "contacts", "обращений", "kapcsolat"),
            t(ui, "came back", "повторно", "visszatért"),
            t(ui, "at risk", "под угрозой", "veszélyben"),
            t(
                ui,
                "last contact",
                "последнее обращение",
                "utolsó kapcsolat",
            ),
        ]);
    if !table.is_tty() {
        table.set_width(140);
    }
    for j in journeys {
        let repeats: Vec<String> = j
            .repeat_contacts
            .iter()
            .map(|r| {
                format!(
                    "{} → {} ({} {})",
                    r.first,
                    r.again,
                    r.days,
                    t(ui, "d", "дн.", "nap")
                )
            })
            .collect();
        let risks: Vec<String> = j
            .risks
            .iter()
            .map(|r| {
                let quote = r
                    .evidence
                    .as_ref()
                    .map(|e| format!(" «{}»", e.quote))
                    .unwrap_or_default();
                format!("{}: {}{quote}", r.conversation_id, risk_label(ui, r.kind))
            })
            .collect();
        table.add_row(vec![
            Cell::new(j.customer.as_deref().unwrap_or("—")),
            Cell::new(j.conversations.len()),
            Cell::new(repeats.join("\n")),
            Cell::new(risks.join("\n")).fg(if j.at_risk { Color::Red } else { Color::Reset }),
            Cell::new(
                j.last_contact
                    .map_or_else(|| "—".into(), |d| d.format("%Y-%m-%d %H:%M").to_string()),
            ),
        ]);
    }
    if !journeys.is_empty() {
        writeln!(out, "{table}")?;
    }
    let at_risk = journeys.iter().filter(|j| j.at_risk).count();
    let came_back = journeys
        .iter()
        .filter(|j| !j.repeat_contacts.is_empty())
        .count();
    writeln!(
        out,
        "{} {}: {} {}, {} {}",
        journeys.len(),
        t(ui, "customers", "клиентов", "ügyfél"),
        at_risk,
        t(ui, "at risk", "под угрозой", "veszélyben"),
        came_back,
        t(
            ui,
            "came back within the window",
            "обратились повторно",
            "visszatért az időszakon belül"
        ),
    )
}

fn write_csv(out: &mut dyn Write, journeys: &[Journey]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "customer",
        "keys",
        "conversations",
        "last_contact",
        "repeat_contacts",
        "at_risk",
        "risks",
    ])?;
    for j in journeys {
        let repeats: Vec<String> = j
            .repeat_contacts
            .iter()
            .map(|r| format!("{}>{}", r.first, r.again))
            .collect();
        let risks: Vec<String> = j
            .risks
            .iter()
            .map(|r| format!("{}:{}", r.conversation_id, r.kind))
            .collect();
        w.write_record([
            j.customer.clone().unwrap_or_default(),
            j.keys.join(" "),
            j.conversations.join(" "),
            j.last_contact
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .unwrap_or_default(),
            repeats.join(" "),
            j.at_risk.to_string(),
            risks.join(" "),
        ])?;
    }
    w.flush()
}
