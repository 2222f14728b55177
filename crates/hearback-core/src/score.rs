//! `score`: turns detector findings and checks into verdicts, points, evidence and rationales.
//!
//! The arithmetic, in one place: a passed criterion earns its weight, a failed one nothing, and
//! an N/A one is left out of the maximum; the score is 100 × earned ÷ applicable, rounded to one
//! decimal. A failed critical criterion zeroes the score and fails the conversation. A
//! conversation to which no criterion applies scores 0 and does not pass: "nothing to judge" must
//! never read as "perfect".
//!
//! Scoring never fails: anything it cannot judge is N/A with a rationale saying why.

use crate::analysis::Analysis;
use crate::detectors::{Evidence, Finding};
use crate::language::Lang;
use crate::result::{AnswerSource, CriterionResult, ScoreResult, ScorecardRef, Verdict};
use crate::scorecard::check::{
    Check, Ctx, DetectorCheck, Match, Metric, NaCondition, NaRule, PassWhen, PhraseCheck, Scope,
    SignalCheck, TimingCheck,
};
use crate::scorecard::notes::{self, PhraseNote, Vars};
use crate::scorecard::phrase::{Filters, Slot};
use crate::scorecard::{Criterion, Scorecard, Text};
use crate::timing::{self, Timing};

/// Scores one analysed conversation against a scorecard.
pub fn score(analysis: &Analysis<'_>, findings: &[Finding], card: &Scorecard) -> ScoreResult {
    let ctx = Ctx::new(analysis, &card.company);
    let timing = timing::timing(analysis);
    let lang = notes::lang_of(analysis.language);
    let mut criteria = Vec::with_capacity(card.criteria.len());
    let (mut earned, mut possible, mut critical_failed) = (0.0, 0.0, false);
    for c in &card.criteria {
        let a = answer(c, &ctx, findings, timing.as_ref(), lang);
        let (points, max_points) = match a.verdict {
            Verdict::Pass => (c.weight, c.weight),
            Verdict::Fail => (0.0, c.weight),
            Verdict::Na => (0.0, 0.0),
        };
        earned += points;
        possible += max_points;
        critical_failed |= c.critical && a.verdict == Verdict::Fail;
        criteria.push(CriterionResult {
            id: c.id.clone(),
            title: c.title.get(lang).to_string(),
            section: c.section.clone(),
            verdict: a.verdict,
            points,
            max_points,
            critical: c.critical,
            source: AnswerSource::Auto,
            rationale: a.rationale,
            evidence: a.evidence,
        });
    }
    let score = if critical_failed || possible <= 0.0 {
        0.0
    } else {
        (1000.0 * earned / possible).round() / 10.0
    };
    let mut warnings = analysis.warnings.clone();
    if possible <= 0.0 && !card.criteria.is_empty() {
        warnings.push("no criterion applies to this conversation, so it is not scored".into());
    }
    let signals = analysis
        .signals
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!(v)))
        .collect();
    ScoreResult {
        conversation_id: analysis.conversation.id.clone(),
        language: analysis.language,
        channel: analysis.conversation.channel,
        scorecard: ScorecardRef {
            id: card.id.clone(),
            version: card.version.clone(),
        },
        score,
        max_score: 100.0,
        passed: !critical_failed && possible > 0.0 && score >= card.pass_threshold,
        criteria,
        signals,
        timing: timing.map(|t| t.to_json()).unwrap_or_default(),
        promises: Vec::new(),
        roles: analysis.conversation.roles.clone(),
        warnings,
    }
}

struct Answer {
    verdict: Verdict,
    rationale: String,
    evidence: Vec<Evidence>,
}

fn na(rationale: String) -> Answer {
    Answer {
        verdict: Verdict::Na,
        rationale,
        evidence: Vec::new(),
    }
}

/// A verdict with its generic rationale, before the card's own note replaces it.
struct Judged {
    pass: bool,
    rationale: String,
    vars: Vars,
    evidence: Vec<Evidence>,
}

fn answer(
    c: &Criterion,
    ctx: &Ctx<'_, '_>,
    findings: &[Finding],
    timing: Option<&Timing>,
    lang: Lang,
) -> Answer {
    let analysis = ctx.analysis;
    if !analysis.language.is_supported() {
        return na(notes::unsupported_language(lang));
    }
    let channel = analysis.conversation.channel;
    if !c.channels.is_empty() && !c.channels.contains(&channel) {
        return na(notes::channel(lang, channel));
    }
    let mut trigger = Vec::new();
    for rule in &c.na_when {
        if let Some(reason) = na_reason(rule, ctx, lang, &mut trigger) {
            return na(reason);
        }
    }
    let judged = match &c.check {
        Check::Phrase(p) => phrase(p, ctx, lang, trigger),
        Check::Detector(d) => Ok(detector(d, findings, lang)),
        Check::Timing(t) => match timing {
            Some(timing) => Ok(measure(t, ctx, timing, lang)),
            None => Err(notes::no_timestamps(lang)),
        },
        Check::Signal(s) => signal(s, ctx, lang),
    };
    let j = match judged {
        Ok(j) => j,
        Err(reason) => return na(reason),
    };
    let note = if j.pass { &c.pass_note } else { &c.fail_note };
    let rationale = match note.as_ref().and_then(|n| note_text(n, lang)) {
        Some(template) => notes::fill(template, &j.vars),
        None => j.rationale,
    };
    Answer {
        verdict: if j.pass { Verdict::Pass } else { Verdict::Fail },
        rationale,
        evidence: j.evidence,
    }
}

/// The card's note in `lang`; a per-language note without this language gives way to the
/// generic sentence, which exists in every language, rather than answer in English.
fn note_text(note: &Text, lang: Lang) -> Option<&str> {
    (note.has(lang) || note.is_plain()).then(|| note.get(lang))
}

fn na_reason(
    rule: &NaRule,
    ctx: &Ctx<'_, '_>,
    lang: Lang,
    trigger: &mut Vec<Evidence>,
) -> Option<String> {
    let conv = ctx.analysis.conversation;
    match rule {
        NaRule::NoTimestamps => (!ctx.has_timestamps()).then(|| notes::no_timestamps(lang)),
        NaRule::NoCustomerName => {
            (!ctx.slots.has(Slot::CustomerName)).then(|| notes::no_customer_name(lang))
        }
        NaRule::NoAgentName => {
            (!ctx.slots.has(Slot::AgentName)).then(|| notes::no_agent_name(lang))
        }
        NaRule::Channel(c) => (conv.channel == *c).then(|| notes::channel(lang, *c)),
        NaRule::When(cond) => na_condition(cond, ctx, lang, trigger),
    }
}

fn na_condition(
    cond: &NaCondition,
    ctx: &Ctx<'_, '_>,
    lang: Lang,
    trigger: &mut Vec<Evidence>,
) -> Option<String> {
    let turns = ctx
        .scoped_turns(cond.speaker, &Scope::default())
        .unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(set) = &cond.phrase_absent {
        let found = evidence(ctx, &set.find(ctx, &turns, Filters::default()));
        if !found.is_empty() {
            trigger.extend(found);
            return None;
        }
        parts.push(notes::phrase_absent(
            lang,
            &notes::quote(lang, &set.example(lang)),
        ));
    }
    if let Some(set) = &cond.phrase_found {
        let found = evidence(ctx, &set.find(ctx, &turns, Filters::default()));
        if found.is_empty() {
            return None;
        }
        parts.push(notes::phrase_found(lang, &notes::quotes(lang, &found)));
    }
    if let Some(s) = cond.no_silence_over {
        if !timing::silences(ctx.analysis.conversation, s).is_empty() {
            return None;
        }
        parts.push(notes::no_silence(lang, s));
    }
    if let Some(s) = cond.no_agent_pause_over {
        if !timing::agent_pauses(ctx.analysis.conversation, s).is_empty() {
            return None;
        }
        parts.push(notes::no_agent_pause(lang, s));
    }
    Some(match cond.note.as_ref().and_then(|n| note_text(n, lang)) {
        Some(n) => n.to_string(),
        None => parts.join(notes::and(lang)),
    })
}

fn evidence(ctx: &Ctx<'_, '_>, matches: &[Match]) -> Vec<Evidence> {
    matches
        .iter()
        .filter_map(|m| Evidence::span(ctx.analysis, m.turn, m.start, m.end))
        .collect()
}

fn phrase(
    p: &PhraseCheck,
    ctx: &Ctx<'_, '_>,
    lang: Lang,
    trigger: Vec<Evidence>,
) -> Result<Judged, String> {
    // A review or a customer's lone message has no agent in it: the agent's conduct is not
    // judged there, neither failed for a missing greeting nor passed for saying nothing rude.
    let conv = ctx.analysis.conversation;
    if !conv.turns.iter().any(|t| p.speaker.admits(t.speaker)) {
        return Err(notes::silent(lang, p.speaker));
    }
    let turns = ctx
        .scoped_turns(p.speaker, &p.scope)
        .ok_or_else(|| notes::no_timestamps(lang))?;
    let readable = turns.iter().any(|&t| {
        ctx.analysis
            .turns
            .get(t)
            .is_some_and(|ta| ta.lang.is_supported())
    });
    if !turns.is_empty() && !readable {
        return Err(notes::no_supported_turns(lang));
    }
    let matches = p.phrases.find(ctx, &turns, p.filters);
    let mut found = evidence(ctx, &matches);
    let mut vars = Vars {
        speaker: notes::speaker(lang, p.speaker).to_string(),
        scope: notes::scope(lang, p.speaker, &p.scope),
        example: notes::quote(lang, &p.phrases.example(lang)),
        count: found.len().to_string(),
        limit: p.min_count.to_string(),
        ..Vars::default()
    };
    let enough = found.len() >= p.min_count;
    let (pass, note) = match p.pass_when {
        PassWhen::Found if !enough && found.is_empty() => (false, PhraseNote::NotFound),
        PassWhen::Found if !enough => (false, PhraseNote::TooFew),
        PassWhen::Found => match p.also.as_ref().filter(|a| a.can_match(&ctx.slots)) {
            Some(also) => {
                let more = evidence(ctx, &also.find(ctx, &turns, p.filters));
                vars.missing = notes::quote(lang, &also.example(lang));
                if more.is_empty() {
                    (false, PhraseNote::AlsoMissing)
                } else {
                    found.extend(more);
                    found.sort_by_key(|e| (e.turn, e.char_start));
                    (true, PhraseNote::Found)
                }
            }
            None => (true, PhraseNote::Found),
        },
        PassWhen::Absent if enough => (false, PhraseNote::Found),
        PassWhen::Absent => {
            // Nothing wrong was said; show what the check looked at (the commitment behind a
            // "promises are specific" pass), if an N/A rule found it.
            found = trigger;
            (true, PhraseNote::AbsentOk)
        }
    };
    vars.quotes = notes::quotes(lang, &found);
    vars.where_ = found
        .first()
        .map(|e| notes::where_(lang, e.turn))
        .unwrap_or_default();
    Ok(Judged {
        pass,
        rationale: notes::fill(notes::phrase_template(lang, note), &vars),
        vars,
        evidence: found,
    })
}

fn detector(d: &DetectorCheck, findings: &[Finding], lang: Lang) -> Judged {
    let mine: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.detector == d.detector)
        .filter(|f| f.evidence.is_empty() || f.evidence.iter().any(|e| d.speaker.admits(e.speaker)))
        .collect();
    let evidence: Vec<Evidence> = mine
        .iter()
        .flat_map(|f| f.evidence.iter())
        .filter(|e| d.speaker.admits(e.speaker))
        .cloned()
        .collect();
    let found = !mine.is_empty();
    let pass = found == (d.pass_when == PassWhen::Found);
    let rationale = if found {
        mine.iter()
            .map(|f| f.note.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        match lang {
            Lang::Ru => format!("детектор «{}» ничего не нашёл", d.detector),
            Lang::Hu => format!("a(z) „{}” detektor nem talált semmit", d.detector),
            _ => format!("detector “{}” found nothing", d.detector),
        }
    };
    let vars = Vars {
        speaker: notes::speaker(lang, d.speaker).to_string(),
        quotes: notes::quotes(lang, &evidence),
        where_: evidence
            .first()
            .map(|e| notes::where_(lang, e.turn))
            .unwrap_or_default(),
        count: mine.len().to_string(),
        ..Vars::default()
    };
    Judged {
        pass,
        rationale,
        vars,
        evidence,
    }
}

/// The first words of a turn (up to eight), as evidence for a timing fact about it.
fn opening_words(ctx: &Ctx<'_, '_>, turn: usize) -> Option<Evidence> {
    let tokens = &ctx.analysis.turns.get(turn)?.tokens;
    match tokens.get(tokens.len().min(8).checked_sub(1)?) {
        Some(last) => Evidence::span(ctx.analysis, turn, 0, last.end),
        None => Evidence::turn(ctx.analysis, turn),
    }
}

fn within(value: f64, min: Option<f64>, max: Option<f64>) -> bool {
    min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m)
}

fn measure(t: &TimingCheck, ctx: &Ctx<'_, '_>, timing: &Timing, lang: Lang) -> Judged {
    let conv = ctx.analysis.conversation;
    let (value, at, text, unit, scale): (f64, Vec<(usize, f64)>, String, &str, f64) = match t.metric
    {
        Metric::Interruptions => {
            let list = if t.min_overlap == timing::DEFAULT_MIN_OVERLAP {
                timing.interruptions.clone()
            } else {
                timing::interruptions(ctx.analysis, t.min_overlap)
            };
            let at: Vec<(usize, f64)> = list.iter().map(|i| (i.turn, i.start)).collect();
            let n = list.len();
            let times = clocks(&at);
            let text = match (lang, n) {
                (Lang::Ru, 0) => "оператор не перебивал клиента".to_string(),
                (Lang::Hu, 0) => "az ügyintéző nem szakította félbe az ügyfelet".to_string(),
                (_, 0) => "agent did not interrupt the customer".to_string(),
                (Lang::Ru, _) => format!("оператор перебил клиента {n} раз(а): {times}"),
                (Lang::Hu, _) => {
                    format!("az ügyintéző {n} alkalommal félbeszakította az ügyfelet: {times}")
                }
                _ => format!("agent interrupted the customer {n} time(s): {times}"),
            };
            (n as f64, at, text, "", 1.0)
        }
        Metric::DeadAir => {
            let list = timing::silences(conv, t.min_silence);
            let at: Vec<(usize, f64)> = list.iter().map(|s| (s.before_turn, s.start)).collect();
            let n = list.len();
            let (s, times) = (notes::number(t.min_silence), clocks(&at));
            let text = match (lang, n) {
                (_, 0) => notes::no_silence(lang, t.min_silence),
                (Lang::Ru, _) => format!("пауз от {s} с: {n} ({times})"),
                (Lang::Hu, _) => format!("{n} legalább {s} másodperces csend ({times})"),
                _ => format!("{n} silence(s) of {s} s or longer ({times})"),
            };
            (n as f64, at, text, "", 1.0)
        }
        Metric::LongestSilence => {
            let longest = timing::silences(conv, 0.0)
                .into_iter()
                .max_by(|a, b| a.duration.total_cmp(&b.duration));
            let value = longest.as_ref().map_or(0.0, |s| s.duration);
            let at: Vec<(usize, f64)> = longest.iter().map(|s| (s.before_turn, s.start)).collect();
            let v = notes::number(value);
            let text = match lang {
                Lang::Ru => format!("самая долгая пауза — {v} с"),
                Lang::Hu => format!("a leghosszabb csend {v} másodperc volt"),
                _ => format!("the longest silence lasted {v} s"),
            };
            (value, at, text, " s", 1.0)
        }
        Metric::TalkRatioAgent => {
            let value = timing.talk_ratio_agent.unwrap_or(0.0);
            let pct = notes::number(value * 100.0);
            let text = match lang {
                Lang::Ru => format!("оператор говорил {pct}% времени"),
                Lang::Hu => format!("az ügyintéző a beszédidő {pct}%-ában beszélt"),
                _ => format!("agent talked {pct}% of the time"),
            };
            (value, Vec::new(), text, "%", 100.0)
        }
    };
    let pass = within(value, t.min, t.max);
    let limit = notes::limit(
        lang,
        t.min.map(|m| m * scale),
        t.max.map(|m| m * scale),
        unit,
    );
    let rationale = if pass {
        text
    } else {
        format!("{text}{}", notes::allowed(lang, &limit))
    };
    let evidence: Vec<Evidence> = at
        .iter()
        .filter_map(|(turn, _)| opening_words(ctx, *turn))
        .collect();
    let vars = Vars {
        speaker: notes::speaker(lang, crate::scorecard::SpeakerFilter::Agent).to_string(),
        quotes: notes::quotes(lang, &evidence),
        where_: evidence
            .first()
            .map(|e| notes::where_(lang, e.turn))
            .unwrap_or_default(),
        count: notes::number(value),
        value: notes::number(value * scale),
        limit,
        times: clocks(&at),
        ..Vars::default()
    };
    Judged {
        pass,
        rationale,
        vars,
        evidence,
    }
}

fn clocks(at: &[(usize, f64)]) -> String {
    at.iter()
        .map(|(_, s)| notes::clock(*s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn signal(s: &SignalCheck, ctx: &Ctx<'_, '_>, lang: Lang) -> Result<Judged, String> {
    let value = *ctx
        .analysis
        .signals
        .get(&s.name)
        .ok_or_else(|| notes::signal_unavailable(lang, &s.name))?;
    let pass = within(value, s.min, s.max);
    let limit = notes::limit(lang, s.min, s.max, "");
    let shown = format!("{} = {}", s.name, (value * 100.0).round() / 100.0);
    let rationale = if pass {
        shown
    } else {
        format!("{shown}{}", notes::allowed(lang, &limit))
    };
    let vars = Vars {
        value: format!("{}", (value * 100.0).round() / 100.0),
        limit,
        ..Vars::default()
    };
    Ok(Judged {
        pass,
        rationale,
        vars,
        evidence: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Channel, Conversation, Speaker, Turn};
    use crate::scorecard::parse;

    const CARD: &str = r#"
id = "arith"
version = "1"
pass_threshold = 70

[[criterion]]
id = "hello"
weight = 2
phrases.en = ["hello"]

[[criterion]]
id = "thanks"
weight = 1
phrases.en = ["thank you"]

[[criterion]]
id = "rude"
weight = 1
critical = true
phrases.en = ["idiot"]
pass_when = "absent"

[[criterion]]
id = "hold"
weight = 5
na_when = [{ phrase_absent = { en = ["one moment"] } }]
phrases.en = ["thank you for waiting"]
"#;

    fn run(turns: &[&str]) -> ScoreResult {
        let card = parse(CARD).unwrap();
        let c = Conversation {
            id: "c".into(),
            turns: turns
                .iter()
                .map(|t| Turn::new(Speaker::Agent, *t))
                .collect(),
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(Lang::En),
                ..AnalyseOptions::default()
            },
        );
        score(&a, &[], &card)
    }

    fn verdict(r: &ScoreResult, id: &str) -> Verdict {
        r.criteria.iter().find(|c| c.id == id).unwrap().verdict
    }

    #[test]
    fn na_criteria_are_left_out_of_the_maximum() {
        let r = run(&["Hello!", "Bye."]);
        assert_eq!(verdict(&r, "hold"), Verdict::Na);
        // hello 2 + rude 1 of hello 2 + thanks 1 + rude 1 = 3 of 4.
        assert_eq!(r.score, 75.0);
        assert!(r.passed);
        let hold = r.criteria.iter().find(|c| c.id == "hold").unwrap();
        assert_eq!((hold.points, hold.max_points), (0.0, 0.0));
    }

    #[test]
    fn an_applicable_criterion_counts_its_weight() {
        let r = run(&["Hello!", "One moment please.", "Bye."]);
        assert_eq!(verdict(&r, "hold"), Verdict::Fail);
        assert_eq!(r.score, 33.3);
        assert!(!r.passed);
    }

    #[test]
    fn a_failed_critical_criterion_zeroes_the_score() {
        let r = run(&["Hello, thank you, idiot."]);
        assert_eq!(verdict(&r, "rude"), Verdict::Fail);
        assert_eq!(r.score, 0.0);
        assert!(!r.passed);
    }

    #[test]
    fn the_threshold_decides_passing() {
        let r = run(&["Hello, thank you."]);
        assert_eq!(r.score, 100.0);
        assert!(r.passed);
        let r = run(&["Thank you."]);
        assert_eq!(r.score, 50.0);
        assert!(!r.passed);
    }

    #[test]
    fn evidence_quotes_equal_the_slice_of_the_turn() {
        let r = run(&["Well — hello there"]);
        let c = r.criteria.iter().find(|c| c.id == "hello").unwrap();
        let e = &c.evidence[0];
        let text: String = "Well — hello there"
            .chars()
            .skip(e.char_start)
            .take(e.char_end - e.char_start)
            .collect();
        assert_eq!(text, e.quote);
        assert_eq!(e.quote, "hello");
        assert_eq!(c.rationale, "agent said “hello” in the first turn");
    }

    #[test]
    fn an_unsupported_language_answers_every_criterion_na_and_does_not_pass() {
        let card = parse(CARD).unwrap();
        let c = Conversation {
            id: "de".into(),
            turns: vec![Turn::new(
                Speaker::Agent,
                "Guten Tag, hier ist Anna von der Firma Müller, wie kann ich helfen?",
            )],
            ..Conversation::default()
        };
        let a = analyse(&c, &AnalyseOptions::default());
        let r = score(&a, &[], &card);
        assert!(r.criteria.iter().all(|c| c.verdict == Verdict::Na));
        assert!(r.criteria[0].rationale.contains("not supported"));
        assert_eq!(r.score, 0.0);
        assert!(!r.passed);
    }

    /// Scores a card given as TOML against timed or untimed turns.
    fn card_run(card: &str, channel: Channel, turns: Vec<Turn>) -> ScoreResult {
        let card = parse(card).unwrap();
        let c = Conversation {
            id: "c".into(),
            channel,
            turns,
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(Lang::Ru),
                ..AnalyseOptions::default()
            },
        );
        score(&a, &[], &card)
    }

    fn answer_of<'r>(r: &'r ScoreResult, id: &str) -> &'r CriterionResult {
        r.criteria.iter().find(|c| c.id == id).unwrap()
    }

    const WINDOWS: &str = r#"
id = "windows"
version = "1"

[[criterion]]
id = "early"
within = { first_seconds = 10 }
phrases.ru = ["здравствуйте"]

[[criterion]]
id = "late"
within = { last_seconds = 10 }
phrases.ru = ["до свидания"]

[[criterion]]
id = "middle"
between_seconds = [20, 40]
phrases.ru = ["минуту"]

[[criterion]]
id = "customer-thanks"
speaker = "customer"
phrases.ru = ["спасибо"]

[[criterion]]
id = "twice"
min_count = 2
phrases.ru = ["пожалуйста"]

[[criterion]]
id = "calls-only"
channels = ["call"]
phrases.ru = ["здравствуйте"]
"#;

    #[test]
    fn time_windows_speakers_counts_and_channels() {
        let turns = vec![
            Turn::timed(
                Speaker::Agent,
                "Здравствуйте, пожалуйста, говорите",
                0.0,
                3.0,
            ),
            Turn::timed(Speaker::Customer, "Спасибо", 4.0, 5.0),
            Turn::timed(Speaker::Agent, "Одну минуту", 25.0, 26.0),
            Turn::timed(Speaker::Agent, "Пожалуйста. До свидания", 55.0, 57.0),
        ];
        let r = card_run(WINDOWS, Channel::Call, turns.clone());
        for id in [
            "early",
            "late",
            "middle",
            "customer-thanks",
            "twice",
            "calls-only",
        ] {
            assert_eq!(
                answer_of(&r, id).verdict,
                Verdict::Pass,
                "{id}: {}",
                answer_of(&r, id).rationale
            );
        }
        // The same words outside their windows do not count.
        let mut shifted = turns.clone();
        shifted[0].start = Some(12.0);
        shifted[0].end = Some(14.0);
        shifted[2].start = Some(45.0);
        shifted[2].end = Some(46.0);
        let r = card_run(WINDOWS, Channel::Call, shifted);
        assert_eq!(answer_of(&r, "early").verdict, Verdict::Fail);
        assert_eq!(answer_of(&r, "middle").verdict, Verdict::Fail);
        assert!(
            answer_of(&r, "middle")
                .rationale
                .contains("между 20 и 40 с"),
            "{}",
            answer_of(&r, "middle").rationale
        );
        // Without timestamps a window in seconds cannot be placed; on a chat, a calls-only
        // criterion does not apply.
        let untimed: Vec<Turn> = turns
            .iter()
            .map(|t| Turn::new(t.speaker, t.text.clone()))
            .collect();
        let r = card_run(WINDOWS, Channel::Chat, untimed);
        assert_eq!(answer_of(&r, "early").verdict, Verdict::Na);
        assert_eq!(answer_of(&r, "calls-only").verdict, Verdict::Na);
        assert_eq!(
            answer_of(&r, "calls-only").rationale,
            "критерий не применяется к чатам"
        );
        assert_eq!(answer_of(&r, "twice").verdict, Verdict::Pass);
    }

    #[test]
    fn negation_and_quotes_can_be_allowed() {
        let card = r#"
id = "filters"
version = "1"

[[criterion]]
id = "strict"
phrases.ru = ["помочь"]

[[criterion]]
id = "lenient"
negation = "allow"
quoted = "allow"
phrases.ru = ["помочь"]
"#;
        let r = card_run(
            card,
            Channel::Call,
            vec![Turn::new(Speaker::Agent, "Не могу помочь")],
        );
        assert_eq!(answer_of(&r, "strict").verdict, Verdict::Fail);
        assert_eq!(answer_of(&r, "lenient").verdict, Verdict::Pass);
        let r = card_run(
            card,
            Channel::Call,
            vec![Turn::new(Speaker::Agent, "Он просил «помочь»")],
        );
        assert_eq!(answer_of(&r, "strict").verdict, Verdict::Fail);
        assert_eq!(answer_of(&r, "lenient").verdict, Verdict::Pass);
    }

    #[test]
    fn timing_metrics_have_limits_and_evidence() {
        let card = r#"
id = "timing"
version = "1"

[[criterion]]
id = "dead-air"
timing = "dead_air"
min_silence = 8
max = 0

[[criterion]]
id = "longest"
timing = "longest_silence"
max = 30

[[criterion]]
id = "ratio"
timing = "talk_ratio_agent"
min = 0.3
max = 0.6
"#;
        let turns = vec![
            Turn::timed(Speaker::Agent, "Здравствуйте, слушаю вас", 0.0, 8.0),
            Turn::timed(Speaker::Customer, "Где заказ", 9.0, 11.0),
            Turn::timed(
                Speaker::Agent,
                "Заказ в пути, приедет завтра утром",
                21.0,
                25.0,
            ),
        ];
        let r = card_run(card, Channel::Call, turns);
        let dead = answer_of(&r, "dead-air");
        assert_eq!(dead.verdict, Verdict::Fail);
        assert_eq!(dead.evidence.len(), 1);
        assert_eq!(dead.evidence[0].turn, 2);
        assert!(dead.rationale.contains("0:11"), "{}", dead.rationale);
        assert_eq!(answer_of(&r, "longest").verdict, Verdict::Pass);
        let ratio = answer_of(&r, "ratio");
        assert_eq!(ratio.verdict, Verdict::Fail);
        assert!(
            ratio.rationale.contains("85.7%") && ratio.rationale.contains("от 30% до 60%"),
            "{}",
            ratio.rationale
        );
        assert_eq!(r.timing["dead_air"].as_array().map(Vec::len), Some(1));
        assert_eq!(r.timing["talk_ratio_agent"], serde_json::json!(0.857));
    }

    fn criterion(id: &str, check: Check) -> Criterion {
        Criterion {
            id: id.into(),
            section: String::new(),
            title: Text::plain(id),
            description: None,
            weight: 1.0,
            critical: false,
            channels: Vec::new(),
            na_when: Vec::new(),
            check,
            pass_note: None,
            fail_note: None,
            line: 1,
        }
    }

    #[test]
    fn detector_findings_become_verdicts_and_evidence() {
        use crate::scorecard::check::SpeakerFilter;
        let mut card = parse("id = \"d\"\nversion = \"1\"\n").unwrap();
        card.criteria.push(criterion(
            "courtesy",
            Check::Detector(DetectorCheck {
                detector: "rudeness".into(),
                pass_when: PassWhen::Absent,
                speaker: SpeakerFilter::Agent,
            }),
        ));
        let c = Conversation {
            id: "c".into(),
            turns: vec![
                Turn::new(Speaker::Customer, "Вы идиоты"),
                Turn::new(Speaker::Agent, "Да отстаньте вы уже"),
            ],
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(Lang::Ru),
                ..AnalyseOptions::default()
            },
        );
        let finding = |turn: usize, end: usize| Finding {
            detector: "rudeness",
            note: format!("rude words in turn {}", turn + 1),
            confidence: 0.9,
            evidence: Evidence::span(&a, turn, 0, end).into_iter().collect(),
        };
        // The customer's rudeness is not the agent's.
        let r = score(&a, &[finding(0, "Вы идиоты".len())], &card);
        assert_eq!(r.criteria[0].verdict, Verdict::Pass);
        assert_eq!(
            r.criteria[0].rationale,
            "детектор «rudeness» ничего не нашёл"
        );
        let r = score(&a, &[finding(1, "Да отстаньте".len())], &card);
        assert_eq!(r.criteria[0].verdict, Verdict::Fail);
        assert_eq!(r.criteria[0].evidence[0].quote, "Да отстаньте");
        assert_eq!(r.criteria[0].rationale, "rude words in turn 2");
    }

    #[test]
    fn a_signal_answers_na_until_a_model_provides_it() {
        let mut card = parse("id = \"s\"\nversion = \"1\"\n").unwrap();
        card.criteria.push(criterion(
            "polite",
            Check::Signal(SignalCheck {
                name: "politeness".into(),
                min: Some(0.5),
                max: None,
            }),
        ));
        let c = Conversation {
            id: "c".into(),
            turns: vec![Turn::new(Speaker::Agent, "Hello")],
            ..Conversation::default()
        };
        let mut a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(Lang::En),
                ..AnalyseOptions::default()
            },
        );
        let r = score(&a, &[], &card);
        assert_eq!(r.criteria[0].verdict, Verdict::Na);
        assert_eq!(
            r.criteria[0].rationale,
            "signal “politeness” is not available"
        );
        a.signals.insert("politeness".into(), 0.8);
        let r = score(&a, &[], &card);
        assert_eq!(r.criteria[0].verdict, Verdict::Pass);
        assert_eq!(r.signals["politeness"], serde_json::json!(0.8));
        a.signals.insert("politeness".into(), 0.2);
        assert_eq!(score(&a, &[], &card).criteria[0].verdict, Verdict::Fail);
    }
}
