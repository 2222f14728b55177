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
    SignalCheck, SpeakerFilter, TimingCheck, detector_kinds, finding_kinds, kind_available,
};
use crate::scorecard::notes::{self, PhraseNote, Vars};
use crate::scorecard::phrase::{Filters, Slot};
use crate::scorecard::{Criterion, Scorecard, Text};
use crate::timing::{self, Timeline, Timing, TimingOptions, TimingSource};

/// Scores one analysed conversation against a scorecard.
pub fn score(analysis: &Analysis<'_>, findings: &[Finding], card: &Scorecard) -> ScoreResult {
    score_with_timeline(analysis, findings, card, None)
}

/// Scores with call timing measured elsewhere: `timeline` (from a recording) replaces the
/// turns' timestamps as the source of every call-timing fact and timing check.
pub fn score_with_timeline(
    analysis: &Analysis<'_>,
    findings: &[Finding],
    card: &Scorecard,
    timeline: Option<Timeline>,
) -> ScoreResult {
    let mut ctx = Ctx::new(analysis, &card.company);
    let experience = analysis
        .language
        .is_supported()
        .then(|| crate::experience::assess(analysis, findings));
    if let Some(e) = &experience {
        ctx.derived.insert("dissatisfaction", e.dissatisfaction);
        ctx.derived.insert(
            "silent_dissatisfaction",
            if e.silent_dissatisfaction { 1.0 } else { 0.0 },
        );
        for (name, value) in [
            ("sentiment_start", e.sentiment_start),
            ("sentiment_end", e.sentiment_end),
        ] {
            if let Some(v) = value {
                ctx.derived.insert(name, v);
            }
        }
    }
    let options = TimingOptions::default();
    let timeline = timeline.or_else(|| Timeline::from_turns(analysis, &options));
    let timing = Timing::measure(analysis, timeline, &options);
    let lang = notes::lang_of(analysis.language);
    let mut criteria = Vec::with_capacity(card.criteria.len());
    let (mut earned, mut possible, mut critical_failed) = (0.0, 0.0, false);
    for c in &card.criteria {
        let a = answer(c, &ctx, findings, &timing, lang);
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
    let text_less = analysis
        .conversation
        .turns
        .iter()
        .all(|t| t.text.trim().is_empty());
    // "No text to detect the language from" says nothing useful about a bare recording.
    let mut warnings = if text_less && timing.source.is_some() {
        vec![no_transcript(notes::lang_of(analysis.language))]
    } else {
        analysis.warnings.clone()
    };
    if possible <= 0.0 && !card.criteria.is_empty() {
        warnings.push("no criterion applies to this conversation, so it is not scored".into());
    }
    let mut signals: serde_json::Map<String, serde_json::Value> = analysis
        .signals
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!(v)))
        .collect();
    if analysis.language.is_supported() {
        customer_side(findings, &mut signals);
        // Staying courteous with a customer who insults you is a skill worth recognising: said
        // here, for coaching and recognition; it never changes the score either way.
        if findings.iter().any(|f| f.detector == "abusive-customer") {
            let calm = !findings
                .iter()
                .any(|f| matches!(f.detector, "rudeness" | "arguing"));
            signals.insert(
                "abuse_handled_calmly".to_string(),
                serde_json::Value::Bool(calm),
            );
        }
    }
    if let Some(e) = experience {
        experience_signals(e, &mut signals);
    }
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
        timing: timing.to_json(),
        promises: crate::promises::promises(analysis),
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
    timing: &Timing,
    lang: Lang,
) -> Answer {
    let analysis = ctx.analysis;
    // A recording without a transcript: timing is all there is to judge, in no language.
    let text_less = analysis
        .conversation
        .turns
        .iter()
        .all(|t| t.text.trim().is_empty());
    if text_less && !reads_timing_only(&c.check) {
        return na(no_transcript(lang));
    }
    if !analysis.language.is_supported() && !text_less {
        return na(notes::unsupported_language(lang));
    }
    let channel = analysis.conversation.channel;
    if !c.channels.is_empty() && !c.channels.contains(&channel) {
        return na(notes::channel(lang, channel));
    }
    let mut trigger = Vec::new();
    // A recording's timing stands in for the turns' timestamps.
    let from_recording = matches!(
        timing.source,
        Some(TimingSource::Audio | TimingSource::Mono)
    );
    for rule in &c.na_when {
        if from_recording && *rule == NaRule::NoTimestamps {
            continue;
        }
        if let Some(reason) = na_reason(rule, ctx, findings, lang, &mut trigger) {
            return na(reason);
        }
    }
    // Without words, or with a recording's timing, the interruption detector's facts are the
    // timing's, said in seconds.
    let timed_detector = (text_less || from_recording)
        && matches!(&c.check, Check::Detector(d) if d.detector == "interruption");
    let judged = match &c.check {
        Check::Phrase(p) => phrase(p, ctx, lang, trigger),
        Check::Detector(d) if timed_detector => {
            let (min, max) = match d.pass_when {
                PassWhen::Absent => (None, Some(0.0)),
                PassWhen::Found => (Some(1.0), None),
            };
            let check = TimingCheck {
                metric: Metric::Interruptions,
                min,
                max,
                min_overlap: timing::DEFAULT_MIN_OVERLAP,
                min_silence: timing::DEAD_AIR_SECONDS,
            };
            measure(&check, ctx, timing, lang)
        }
        Check::Detector(d) => detector(d, ctx, findings, lang, trigger),
        Check::Timing(t) => measure(t, ctx, timing, lang),
        Check::Signal(s) => signal(s, ctx, lang),
    };
    let j = match judged {
        Ok(j) => j,
        Err(reason) => return na(reason),
    };
    let note = if j.pass { &c.pass_note } else { &c.fail_note };
    // A card's note quotes the turn ("{quotes}"), which a recording's events cannot fill.
    let note = if text_less || timed_detector {
        &None
    } else {
        note
    };
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

/// Checks that read only times, which a recording without a transcript can still answer.
fn reads_timing_only(check: &Check) -> bool {
    match check {
        Check::Timing(_) => true,
        Check::Detector(d) => d.detector == "interruption",
        Check::Phrase(_) | Check::Signal(_) => false,
    }
}

fn no_transcript(lang: Lang) -> String {
    match lang {
        Lang::Ru => "нет расшифровки: по записи оценивается только время",
        Lang::Hu => "nincs leirat: a felvételből csak az időzítés ítélhető meg",
        _ => "no transcript: only timing can be judged from the recording",
    }
    .to_string()
}

/// The card's note in `lang`; a per-language note without this language gives way to the
/// generic sentence, which exists in every language, rather than answer in English.
fn note_text(note: &Text, lang: Lang) -> Option<&str> {
    (note.has(lang) || note.is_plain()).then(|| note.get(lang))
}

fn na_reason(
    rule: &NaRule,
    ctx: &Ctx<'_, '_>,
    findings: &[Finding],
    lang: Lang,
    trigger: &mut Vec<Evidence>,
) -> Option<String> {
    let conv = ctx.analysis.conversation;
    match rule {
        NaRule::NoTimestamps => (!ctx.has_timestamps()).then(|| notes::no_timestamps(lang)),
        NaRule::NoCustomerName => {
            (!ctx.slots.has(Slot::CustomerName)).then(|| notes::no_customer_name(lang))
        }
        NaRule::CustomerNameUnknown => (!crate::detectors::customer_name::known(ctx.analysis))
            .then(|| notes::customer_name_unknown(lang)),
        NaRule::NoAgentName => {
            (!ctx.slots.has(Slot::AgentName)).then(|| notes::no_agent_name(lang))
        }
        NaRule::Channel(c) => (conv.channel == *c).then(|| notes::channel(lang, *c)),
        NaRule::When(cond) => na_condition(cond, ctx, findings, lang, trigger),
    }
}

fn na_condition(
    cond: &NaCondition,
    ctx: &Ctx<'_, '_>,
    findings: &[Finding],
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
    if !cond.detector_absent.is_empty() {
        let found: Vec<&Finding> = cond
            .detector_absent
            .iter()
            .flat_map(|d| findings_of(findings, d, cond.speaker, &[]))
            .collect();
        if !found.is_empty() {
            trigger.extend(evidence_of(&found, cond.speaker));
            return None;
        }
        let labels: Vec<String> = cond
            .detector_absent
            .iter()
            .map(|d| notes::detector_label(lang, d, None))
            .collect();
        parts.push(notes::detectors_absent(lang, &labels));
    }
    if !cond.detector_found.is_empty() {
        let found: Vec<&Finding> = cond
            .detector_found
            .iter()
            .flat_map(|d| findings_of(findings, d, cond.speaker, &[]))
            .collect();
        if found.is_empty() {
            return None;
        }
        let ev = evidence_of(&found, cond.speaker);
        parts.push(notes::phrase_found(lang, &notes::quotes(lang, &ev)));
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

/// The findings of `detector` that belong to `speaker` (a finding counts when some of its
/// evidence is theirs) and, when `kinds` are given, are of one of those kinds.
fn findings_of<'f>(
    findings: &'f [Finding],
    detector: &str,
    speaker: SpeakerFilter,
    kinds: &[String],
) -> Vec<&'f Finding> {
    findings
        .iter()
        .filter(|f| f.detector == detector)
        .filter(|f| f.evidence.is_empty() || f.evidence.iter().any(|e| speaker.admits(e.speaker)))
        .filter(|f| {
            kinds.is_empty()
                || finding_kinds(&f.note)
                    .iter()
                    .any(|k| kinds.iter().any(|w| w == k))
        })
        .collect()
}

/// The findings' evidence in `speaker`'s turns, in conversation order.
fn evidence_of(found: &[&Finding], speaker: SpeakerFilter) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = found
        .iter()
        .flat_map(|f| f.evidence.iter())
        .filter(|e| speaker.admits(e.speaker))
        .cloned()
        .collect();
    out.sort_by_key(|e| (e.turn, e.char_start));
    out.dedup();
    out
}

fn detector(
    d: &DetectorCheck,
    ctx: &Ctx<'_, '_>,
    findings: &[Finding],
    lang: Lang,
    trigger: Vec<Evidence>,
) -> Result<Judged, String> {
    // As for phrases: with nobody to judge (a review), the agent's conduct is not judged.
    if !ctx
        .analysis
        .conversation
        .turns
        .iter()
        .any(|t| d.speaker.admits(t.speaker))
    {
        return Err(notes::silent(lang, d.speaker));
    }
    let mine = findings_of(findings, &d.detector, d.speaker, &d.kinds);
    let listed: Vec<&str> = if d.kinds.is_empty() {
        detector_kinds(&d.detector).to_vec()
    } else {
        d.kinds.iter().map(String::as_str).collect()
    };
    let available: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|k| kind_available(&d.detector, k, ctx.analysis))
        .collect();
    if !d.kinds.is_empty() && available.is_empty() {
        let labels: Vec<String> = listed
            .iter()
            .map(|k| notes::detector_label(lang, &d.detector, Some(k)))
            .collect();
        return Err(notes::detectors_absent(lang, &labels));
    }
    let kinds_found: Vec<&str> = available
        .iter()
        .copied()
        .filter(|k| mine.iter().any(|f| finding_kinds(&f.note).contains(k)))
        .collect();
    let need = d.min_kinds.min(available.len());
    let found = if d.min_kinds > 1 {
        kinds_found.len() >= need
    } else {
        !mine.is_empty()
    };
    let main_ok = found == (d.pass_when == PassWhen::Found);
    let missing: Vec<&String> = d
        .also_found
        .iter()
        .filter(|id| findings_of(findings, id, d.speaker, &[]).is_empty())
        .collect();
    let offending: Vec<&Finding> = d
        .also_absent
        .iter()
        .flat_map(|id| findings_of(findings, id, d.speaker, &[]))
        .collect();
    let label = |id: &str| notes::detector_label(lang, id, None);
    let kind_labels = |kinds: &[&str]| -> Vec<String> {
        kinds
            .iter()
            .map(|k| notes::detector_label(lang, &d.detector, Some(k)))
            .collect()
    };
    let mut vars = Vars {
        speaker: notes::speaker(lang, d.speaker).to_string(),
        count: mine.len().to_string(),
        limit: need.to_string(),
        ..Vars::default()
    };
    // What the answer rests on: the first reason to fail, or everything that passed it.
    enum Why {
        Found(String),
        NotFound(String),
        TooFew,
    }
    let (pass, evidence, why) = if let Some(first) = offending.first() {
        (
            false,
            evidence_of(&offending, d.speaker),
            Why::Found(label(first.detector)),
        )
    } else if !main_ok && d.pass_when == PassWhen::Absent {
        (
            false,
            evidence_of(&mine, d.speaker),
            Why::Found(label(&d.detector)),
        )
    } else if !main_ok {
        // Found too little: name what is missing, the kinds asked for or the detector itself.
        let absent: Vec<&str> = available
            .iter()
            .copied()
            .filter(|k| !kinds_found.contains(k))
            .collect();
        vars.missing = if absent.is_empty() {
            label(&d.detector)
        } else {
            kind_labels(&absent).join(", ")
        };
        if mine.is_empty() {
            (false, Vec::new(), Why::NotFound(label(&d.detector)))
        } else {
            (false, evidence_of(&mine, d.speaker), Why::TooFew)
        }
    } else if let Some(first) = missing.first() {
        vars.missing = missing
            .iter()
            .map(|id| label(id))
            .collect::<Vec<_>>()
            .join(", ");
        (
            false,
            evidence_of(&mine, d.speaker),
            Why::NotFound(label(first)),
        )
    } else {
        let also: Vec<&Finding> = d
            .also_found
            .iter()
            .flat_map(|id| findings_of(findings, id, d.speaker, &[]))
            .collect();
        // Besides what passed it, show what made the criterion apply (the offer behind a
        // benefit, the commitments behind a "promises are specific" pass), as a phrase check does.
        let mut ev = trigger;
        if d.pass_when == PassWhen::Found {
            ev.extend(evidence_of(&mine, d.speaker));
        }
        ev.extend(evidence_of(&also, d.speaker));
        ev.sort_by_key(|e| (e.turn, e.char_start));
        ev.dedup();
        let why = if d.pass_when == PassWhen::Found {
            Why::Found(label(&d.detector))
        } else {
            Why::NotFound(label(&d.detector))
        };
        (true, ev, why)
    };
    vars.quotes = notes::quotes(lang, &evidence);
    vars.where_ = evidence
        .first()
        .map(|e| notes::where_(lang, e.turn))
        .unwrap_or_default();
    let rationale = match why {
        Why::Found(l) => notes::detector_found(&l, &vars.where_, &vars.quotes),
        Why::NotFound(l) => notes::detector_not_found(lang, &l),
        Why::TooFew => notes::too_few_kinds(
            lang,
            need,
            &kind_labels(&available),
            &kind_labels(&kinds_found),
        ),
    };
    Ok(Judged {
        pass,
        rationale,
        vars,
        evidence,
    })
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

/// Why a timing metric has no value: the facts it needs were not measured.
fn unmeasured(lang: Lang, what: &str) -> String {
    match (lang, what) {
        (_, "calls") => notes::no_timestamps(lang),
        (Lang::Ru, "sides") => "моно-запись: кто говорил, не различить".into(),
        (Lang::Hu, "sides") => "monó felvétel: nem különíthető el, ki beszélt".into(),
        (_, "sides") => "a mono recording: who spoke cannot be told apart".into(),
        (Lang::Ru, "one side") => "в записи слышна только одна сторона или никто".into(),
        (Lang::Hu, "one side") => "a felvételen csak az egyik fél vagy senki sem hallható".into(),
        (_, "one side") => "only one side, or nobody, speaks in the recording".into(),
        (Lang::Ru, "words") => "нет слов с временными метками, темп речи не измерить".into(),
        (Lang::Hu, "words") => "nincsenek időzített szavak, a beszédtempó nem mérhető".into(),
        (_, "words") => "no timed words, so the speech rate cannot be measured".into(),
        (Lang::Ru, "messages") => "нет времени сообщений, время ответа не измерить".into(),
        (Lang::Hu, "messages") => "nincs üzenetidő, a válaszidő nem mérhető".into(),
        (_, "messages") => "no message times, so response times cannot be measured".into(),
        (Lang::Ru, _) => "время ожидания в очереди неизвестно".into(),
        (Lang::Hu, _) => "a sorban állás ideje nem ismert".into(),
        _ => "the queue wait is not known".into(),
    }
}

fn measure(
    t: &TimingCheck,
    ctx: &Ctx<'_, '_>,
    timing: &Timing,
    lang: Lang,
) -> Result<Judged, String> {
    let timeline = timing.timeline.as_ref();
    let calls = || timeline.ok_or_else(|| unmeasured(lang, "calls"));
    let sides = || match calls()? {
        tl if tl.source == TimingSource::Mono => Err(unmeasured(lang, "sides")),
        // A recording in which one side never spoke (a dead channel, a voicemail) says nothing
        // about how the two talked to each other.
        tl if tl.source == TimingSource::Audio
            && (tl.talk_seconds(crate::Speaker::Agent) <= 0.0
                || tl.talk_seconds(crate::Speaker::Customer) <= 0.0) =>
        {
            Err(unmeasured(lang, "one side"))
        }
        tl => Ok(tl),
    };
    let responses = || {
        timing
            .responses
            .as_ref()
            .ok_or_else(|| unmeasured(lang, "messages"))
    };
    // Evidence points at turns, which a recording's events do not have; their times remain.
    let at_of = |turn: Option<usize>, start: f64| (turn.unwrap_or(usize::MAX), start);
    let seconds_text = |v: f64, ru: &str, hu: &str, en: &str| {
        let v = notes::number(v);
        match lang {
            Lang::Ru => format!("{ru} — {v} с"),
            Lang::Hu => format!("{hu}: {v} másodperc"),
            _ => format!("{en}: {v} s"),
        }
    };
    let (value, at, text, unit, scale): (f64, Vec<(usize, f64)>, String, &str, f64) = match t.metric
    {
        Metric::Interruptions => {
            let tl = sides()?;
            let list = if t.min_overlap == timing::DEFAULT_MIN_OVERLAP {
                timing.interruptions.clone()
            } else {
                tl.interruptions(t.min_overlap)
            };
            let at: Vec<(usize, f64)> = list.iter().map(|i| at_of(i.turn, i.start)).collect();
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
            let list = calls()?.silences(t.min_silence);
            let at: Vec<(usize, f64)> =
                list.iter().map(|s| at_of(s.before_turn, s.start)).collect();
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
            let longest = calls()?
                .silences(0.0)
                .into_iter()
                .max_by(|a, b| a.duration.total_cmp(&b.duration));
            let value = longest.as_ref().map_or(0.0, |s| s.duration);
            let at: Vec<(usize, f64)> = longest
                .iter()
                .map(|s| at_of(s.before_turn, s.start))
                .collect();
            let v = notes::number(value);
            let text = match lang {
                Lang::Ru => format!("самая долгая пауза — {v} с"),
                Lang::Hu => format!("a leghosszabb csend {v} másodperc volt"),
                _ => format!("the longest silence lasted {v} s"),
            };
            (value, at, text, " s", 1.0)
        }
        Metric::TalkRatioAgent => {
            sides()?;
            let value = timing.talk_ratio_agent.unwrap_or(0.0);
            let pct = notes::number(value * 100.0);
            let text = match lang {
                Lang::Ru => format!("оператор говорил {pct}% времени"),
                Lang::Hu => format!("az ügyintéző a beszédidő {pct}%-ában beszélt"),
                _ => format!("agent talked {pct}% of the time"),
            };
            (value, Vec::new(), text, "%", 100.0)
        }
        Metric::TalkToListen => {
            sides()?;
            let value = timing.talk_to_listen.unwrap_or(0.0);
            let v = notes::number(value);
            let text = match lang {
                Lang::Ru => format!("соотношение речи оператора и клиента — {v}"),
                Lang::Hu => format!("az ügyintéző és az ügyfél beszédidejének aránya {v}"),
                _ => format!("agent talk to customer talk: {v}"),
            };
            (value, Vec::new(), text, "", 1.0)
        }
        Metric::OvertalkShare => {
            sides()?;
            let value = timing.overtalk_share.unwrap_or(0.0);
            let pct = notes::number(value * 100.0);
            let text = match lang {
                Lang::Ru => format!("говорили одновременно {pct}% времени речи"),
                Lang::Hu => format!("a beszédidő {pct}%-ában beszéltek egyszerre"),
                _ => format!("both talked at once for {pct}% of the speech time"),
            };
            (value, Vec::new(), text, "%", 100.0)
        }
        Metric::Holds | Metric::UnannouncedHolds => {
            calls()?;
            let unannounced = t.metric == Metric::UnannouncedHolds;
            if unannounced && timing.holds.iter().any(|h| h.announced.is_none()) {
                return Err(no_transcript(lang));
            }
            let list: Vec<&timing::Hold> = timing
                .holds
                .iter()
                .filter(|h| !unannounced || h.announced == Some(false))
                .collect();
            let at: Vec<(usize, f64)> = list
                .iter()
                .map(|h| at_of(h.gap.before_turn, h.gap.start))
                .collect();
            let n = list.len();
            let times = clocks(&at);
            let text = match (lang, unannounced) {
                (Lang::Ru, false) => format!("удержаний: {n} ({times})"),
                (Lang::Ru, true) => format!("необъявленных удержаний: {n} ({times})"),
                (Lang::Hu, false) => format!("{n} várakoztatás ({times})"),
                (Lang::Hu, true) => format!("{n} be nem jelentett várakoztatás ({times})"),
                (_, false) => format!("{n} hold(s) ({times})"),
                (_, true) => format!("{n} unannounced hold(s) ({times})"),
            };
            (n as f64, at, text, "", 1.0)
        }
        Metric::LongestHold => {
            calls()?;
            let longest = timing
                .holds
                .iter()
                .max_by(|a, b| a.gap.duration.total_cmp(&b.gap.duration));
            let value = longest.map_or(0.0, |h| h.gap.duration);
            let at: Vec<(usize, f64)> = longest
                .iter()
                .map(|h| at_of(h.gap.before_turn, h.gap.start))
                .collect();
            let text = seconds_text(
                value,
                "самое долгое удержание",
                "a leghosszabb várakoztatás",
                "the longest hold",
            );
            (value, at, text, " s", 1.0)
        }
        Metric::WordsPerMinuteAgent => {
            sides()?;
            let value = timing
                .words_per_minute_agent
                .ok_or_else(|| unmeasured(lang, "words"))?;
            let v = notes::number(value);
            let text = match lang {
                Lang::Ru => format!("оператор говорил {v} слов в минуту"),
                Lang::Hu => format!("az ügyintéző percenként {v} szót mondott"),
                _ => format!("agent spoke {v} words per minute"),
            };
            (value, Vec::new(), text, "", 1.0)
        }
        Metric::FirstResponse => {
            let r = responses()?;
            let value = r
                .first_response_seconds
                .ok_or_else(|| unmeasured(lang, "messages"))?;
            let turn = r.waits.first().map(|w| w.turn);
            let text = seconds_text(
                value,
                "первый ответ через",
                "az első válasz ideje",
                "first response after",
            );
            (
                value,
                turn.map(|t| (t, 0.0)).into_iter().collect(),
                text,
                " s",
                1.0,
            )
        }
        Metric::LongestWait | Metric::MedianResponse => {
            let r = responses()?;
            let longest = t.metric == Metric::LongestWait;
            let value = if longest {
                r.longest_wait_seconds
            } else {
                r.median_response_seconds
            };
            let at: Vec<(usize, f64)> = if longest {
                r.waits
                    .iter()
                    .filter(|w| w.seconds == value)
                    .take(1)
                    .map(|w| (w.turn, 0.0))
                    .collect()
            } else {
                Vec::new()
            };
            let text = if longest {
                seconds_text(
                    value,
                    "самое долгое ожидание ответа",
                    "a leghosszabb várakozás válaszra",
                    "the longest wait for an answer",
                )
            } else {
                seconds_text(
                    value,
                    "медианное время ответа",
                    "a válaszidő mediánja",
                    "median response time",
                )
            };
            (value, at, text, " s", 1.0)
        }
        Metric::QueueWait => {
            let value = timing
                .queue_wait_seconds
                .ok_or_else(|| unmeasured(lang, "queue"))?;
            let text = seconds_text(
                value,
                "ожидание в очереди",
                "várakozás a sorban",
                "queue wait",
            );
            (value, Vec::new(), text, " s", 1.0)
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
    Ok(Judged {
        pass,
        rationale,
        vars,
        evidence,
    })
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
        .or_else(|| ctx.derived.get(s.name.as_str()))
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

/// The customer's experience under `signals`, with INTERFACES.md's names
/// (`dissatisfaction`, `silent_dissatisfaction`, `sentiment_start`, `sentiment_end`) and the
/// rest beside them. A sentiment is `null` when no signal model read the customer's turns.
fn experience_signals(
    e: crate::experience::Experience,
    signals: &mut serde_json::Map<String, serde_json::Value>,
) {
    let mut put = |k: &str, v: serde_json::Value| {
        signals.insert(k.to_string(), v);
    };
    put("dissatisfaction", serde_json::json!(e.dissatisfaction));
    put(
        "silent_dissatisfaction",
        serde_json::json!(e.silent_dissatisfaction),
    );
    put("sentiment_start", serde_json::json!(e.sentiment_start));
    put("sentiment_end", serde_json::json!(e.sentiment_end));
    put(
        "sentiment_quarters",
        serde_json::json!(e.sentiment_quarters),
    );
    put("resolution", serde_json::json!(e.resolution));
    put("dissatisfaction_reasons", serde_json::json!(e.reasons));
}

/// The customer-side findings, listed under `signals` as INTERFACES.md names them
/// (`churn_threat`, `escalation_threat`, `abusive_customer`, `effort`, `wow`,
/// `polite_resignation` and `complaint`): each with its kinds, note and evidence. They are facts
/// about the customer, never points against the agent; an abusive customer is listed so the
/// agent can be protected, and a wow moment (whose note says what the agent did to earn it) so
/// it can be celebrated.
fn customer_side(findings: &[Finding], signals: &mut serde_json::Map<String, serde_json::Value>) {
    const SIDES: [(&str, &str); 7] = [
        ("churn-threat", "churn_threat"),
        ("escalation-threat", "escalation_threat"),
        ("abusive-customer", "abusive_customer"),
        ("effort", "effort"),
        ("wow", "wow"),
        ("polite-resignation", "polite_resignation"),
        ("complaint", "complaint"),
    ];
    for (detector, key) in SIDES {
        let listed: Vec<serde_json::Value> = findings
            .iter()
            .filter(|f| f.detector == detector)
            .map(|f| {
                serde_json::json!({
                    "kinds": crate::scorecard::check::finding_kinds(&f.note),
                    "note": f.note,
                    "confidence": f.confidence,
                    "evidence": f.evidence,
                })
            })
            .collect();
        signals.insert(key.to_string(), serde_json::Value::Array(listed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Channel, Conversation, Speaker, Turn};
    use crate::detectors;
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
    fn customer_side_findings_are_listed_under_signals_and_cost_the_agent_nothing() {
        let card = parse(CARD).unwrap();
        let c = Conversation {
            id: "c".into(),
            turns: vec![
                Turn::new(Speaker::Agent, "Hello, thank you for calling."),
                Turn::new(
                    Speaker::Customer,
                    "This is the third time I'm calling. If it isn't fixed today I'm cancelling my contract and switching to another provider.",
                ),
                Turn::new(Speaker::Agent, "I understand, thank you for your patience."),
            ],
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(Lang::En),
                ..AnalyseOptions::default()
            },
        );
        let findings = detectors::detect_all(&a);
        let r = score(&a, &findings, &card);
        let churn = r.signals["churn_threat"].as_array().unwrap();
        assert!(!churn.is_empty(), "{:?}", r.signals);
        assert_eq!(churn[0]["evidence"][0]["speaker"], "customer");
        assert!(
            r.signals["escalation_threat"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(r.signals["abusive_customer"].as_array().unwrap().is_empty());
        assert_eq!(r.score, score(&a, &[], &card).score);
    }

    #[test]
    fn an_agent_calm_with_an_abusive_customer_is_recognised_and_loses_nothing() {
        let card = parse(CARD).unwrap();
        let run = |agent_reply: &str| {
            let c = Conversation {
                id: "c".into(),
                turns: vec![
                    Turn::new(Speaker::Agent, "Hello, thank you for calling."),
                    Turn::new(Speaker::Customer, "You are a useless idiot, you hear me?"),
                    Turn::new(Speaker::Agent, agent_reply),
                ],
                ..Conversation::default()
            };
            let a = analyse(
                &c,
                &AnalyseOptions {
                    language: Some(Lang::En),
                    ..AnalyseOptions::default()
                },
            );
            let findings = detectors::detect_all(&a);
            score(&a, &findings, &card).signals
        };
        let calm = run("I understand you're upset. Let me fix the order for you right now.");
        assert!(!calm["abusive_customer"].as_array().unwrap().is_empty());
        assert_eq!(calm["abuse_handled_calmly"], true);
        let rude = run("Don't talk to me like that, you're the idiot here.");
        assert_eq!(rude["abuse_handled_calmly"], false, "{rude:?}");
        // Without abuse there is nothing to say.
        let s = run_signals_without_abuse();
        assert!(s.get("abuse_handled_calmly").is_none());
    }

    fn run_signals_without_abuse() -> serde_json::Map<String, serde_json::Value> {
        run(&["Hello!", "Bye."]).signals
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
                kinds: Vec::new(),
                min_kinds: 1,
                also_found: Vec::new(),
                also_absent: Vec::new(),
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
        assert_eq!(r.criteria[0].rationale, "не найдено: грубость");
        let r = score(&a, &[finding(1, "Да отстаньте".len())], &card);
        assert_eq!(r.criteria[0].verdict, Verdict::Fail);
        assert_eq!(r.criteria[0].evidence[0].quote, "Да отстаньте");
        assert_eq!(
            r.criteria[0].rationale,
            "грубость во второй реплике: «Да отстаньте»"
        );
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

    /// A finding as a detector would report it: `note` names its kinds, the span is a turn's
    /// first `len` bytes.
    fn finding(a: &Analysis<'_>, detector: &'static str, note: &str, turn: usize) -> Finding {
        let len = a.conversation.turns[turn].text.len();
        Finding {
            detector,
            note: note.into(),
            confidence: 0.9,
            evidence: Evidence::span(a, turn, 0, len).into_iter().collect(),
        }
    }

    fn analysed<'c>(c: &'c Conversation, company: &[&str]) -> Analysis<'c> {
        analyse(
            c,
            &AnalyseOptions {
                language: Some(Lang::En),
                company: company.iter().map(|s| s.to_string()).collect(),
                ..AnalyseOptions::default()
            },
        )
    }

    fn agent_turns(texts: &[&str]) -> Conversation {
        Conversation {
            id: "c".into(),
            turns: texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let who = if i % 2 == 0 {
                        Speaker::Agent
                    } else {
                        Speaker::Customer
                    };
                    Turn::new(who, *t)
                })
                .collect(),
            ..Conversation::default()
        }
    }

    const KINDS: &str = r#"
id = "kinds"
version = "1"

[[criterion]]
id = "closing"
detector = "closing"
pass_when = "found"
kinds = ["thanks", "offer", "farewell"]
min_kinds = 2

[[criterion]]
id = "introduction"
detector = "introduction"
pass_when = "found"
kinds = ["name", "company"]
min_kinds = 2

[[criterion]]
id = "insults"
detector = "rudeness"
kinds = ["insult"]
"#;

    #[test]
    fn kinds_count_distinct_and_an_unavailable_kind_is_not_required() {
        let card = parse(KINDS).unwrap();
        let c = agent_turns(&["Hello, my name is Anna.", "Hi.", "Thanks, goodbye!"]);
        let a = analysed(&c, &[]);
        let thanks = finding(&a, "closing", "thanks: «Thanks» (turn 3)", 2);
        let bye = finding(&a, "closing", "farewell: «goodbye» (turn 3)", 2);
        let name = finding(&a, "introduction", "name: the agent gave their name", 0);
        // One kind twice is still one kind.
        let r = score(&a, &[thanks.clone(), thanks.clone(), name.clone()], &card);
        let closing = answer_of(&r, "closing");
        assert_eq!(closing.verdict, Verdict::Fail);
        assert_eq!(
            closing.rationale,
            "needs at least 2 of: thanks, an offer of more help, a goodbye; found: thanks"
        );
        let r = score(&a, &[thanks.clone(), bye.clone(), name.clone()], &card);
        assert_eq!(answer_of(&r, "closing").verdict, Verdict::Pass);
        assert_eq!(
            answer_of(&r, "closing").evidence.len(),
            1,
            "one span, deduplicated"
        );
        // Without company names on the card the name alone introduces; with them, not.
        assert_eq!(answer_of(&r, "introduction").verdict, Verdict::Pass);
        let a = analysed(&c, &["Acme"]);
        let name = finding(&a, "introduction", "name: the agent gave their name", 0);
        let r = score(&a, std::slice::from_ref(&name), &card);
        let intro = answer_of(&r, "introduction");
        assert_eq!(intro.verdict, Verdict::Fail);
        assert!(
            intro.rationale.ends_with("found: the agent's name"),
            "{}",
            intro.rationale
        );
        let company = finding(
            &a,
            "introduction",
            "company: the agent named the company",
            0,
        );
        let r = score(&a, &[name, company], &card);
        assert_eq!(answer_of(&r, "introduction").verdict, Verdict::Pass);
    }

    #[test]
    fn kinds_filter_which_findings_count() {
        let card = parse(KINDS).unwrap();
        let c = agent_turns(&["You idiot, as I already told you."]);
        let a = analysed(&c, &[]);
        let condescension = finding(&a, "rudeness", "condescension: agent said …", 0);
        let r = score(&a, std::slice::from_ref(&condescension), &card);
        assert_eq!(answer_of(&r, "insults").verdict, Verdict::Pass);
        let both = finding(&a, "rudeness", "insult, condescension: agent said …", 0);
        let r = score(&a, &[both], &card);
        assert_eq!(answer_of(&r, "insults").verdict, Verdict::Fail);
    }

    const COMBINED: &str = r#"
id = "combined"
version = "1"

[[criterion]]
id = "hold"
na_when = [{ detector_absent = ["hold-announced", "unannounced-hold"] }]
detector = "thanks-for-waiting"
pass_when = "found"
also_found = ["hold-announced"]
also_absent = ["unannounced-hold"]

[[criterion]]
id = "promises"
na_when = [{ detector_absent = ["vague-promise", "specific-promise"], note = "no commitment" }]
detector = "vague-promise"

[[criterion]]
id = "applies-to-offers"
na_when = [{ detector_found = ["offer"] }]
detector = "pressure"
"#;

    #[test]
    fn other_detectors_can_be_required_forbidden_or_decide_na() {
        let card = parse(COMBINED).unwrap();
        let c = agent_turns(&["One moment please.", "Sure.", "Thanks for waiting."]);
        let a = analysed(&c, &[]);
        let hold = finding(&a, "hold-announced", "the agent announced a hold", 0);
        let thanks = finding(&a, "thanks-for-waiting", "the agent thanked", 2);
        let silent = finding(&a, "unannounced-hold", "a silence of 40 s", 2);
        // No hold at all: N/A with the conditions that held.
        let r = score(&a, &[], &card);
        assert_eq!(answer_of(&r, "hold").verdict, Verdict::Na);
        assert_eq!(
            answer_of(&r, "hold").rationale,
            "not found: a hold announcement or an unannounced hold"
        );
        let r = score(&a, std::slice::from_ref(&hold), &card);
        assert_eq!(answer_of(&r, "hold").verdict, Verdict::Fail);
        assert_eq!(
            answer_of(&r, "hold").rationale,
            "not found: thanks for waiting"
        );
        let r = score(&a, &[hold.clone(), thanks.clone()], &card);
        let h = answer_of(&r, "hold");
        assert_eq!(h.verdict, Verdict::Pass);
        let turns: Vec<usize> = h.evidence.iter().map(|e| e.turn).collect();
        assert_eq!(turns, [0, 2], "the announcement and the thanks");
        // Thanks without the announcement, or with a silent hold, fail.
        let r = score(&a, &[thanks.clone(), silent.clone()], &card);
        assert_eq!(answer_of(&r, "hold").verdict, Verdict::Fail);
        let r = score(&a, &[hold, thanks, silent], &card);
        let h = answer_of(&r, "hold");
        assert_eq!(h.verdict, Verdict::Fail);
        assert!(
            h.rationale
                .starts_with("an unannounced hold in the third turn"),
            "{}",
            h.rationale
        );
        // An N/A table's note; a pass shows the commitments that made it apply.
        let r = score(&a, &[], &card);
        assert_eq!(answer_of(&r, "promises").rationale, "no commitment");
        let specific = finding(&a, "specific-promise", "the agent promised a time", 2);
        let r = score(&a, &[specific], &card);
        let p = answer_of(&r, "promises");
        assert_eq!(p.verdict, Verdict::Pass);
        assert_eq!(p.evidence.len(), 1);
        // detector_found: N/A while an offer was made.
        assert_eq!(answer_of(&r, "applies-to-offers").verdict, Verdict::Pass);
        let offer = finding(&a, "offer", "the agent made an offer", 0);
        let r = score(&a, &[offer], &card);
        assert_eq!(answer_of(&r, "applies-to-offers").verdict, Verdict::Na);
    }

    #[test]
    fn a_customer_name_said_in_the_conversation_makes_it_known() {
        let card = parse(
            "id = \"n\"\nversion = \"1\"\n[[criterion]]\nid = \"name\"\nna_when = [\"customer-name-unknown\"]\ndetector = \"customer-name\"\npass_when = \"found\"\n",
        )
        .unwrap();
        let unknown = agent_turns(&["Hello, how can I help?", "My order is late."]);
        let a = analysed(&unknown, &[]);
        let r = score(&a, &detectors::detect_all(&a), &card);
        assert_eq!(r.criteria[0].verdict, Verdict::Na);
        let said = agent_turns(&[
            "Hello, how can I help?",
            "Hi, my name is John Smith, my order is late.",
            "Sorry about that, let me check.",
        ]);
        let a = analysed(&said, &[]);
        let r = score(&a, &detectors::detect_all(&a), &card);
        assert_eq!(
            r.criteria[0].verdict,
            Verdict::Fail,
            "{}",
            r.criteria[0].rationale
        );
    }

    #[test]
    fn a_detector_check_without_the_speakers_turns_is_na() {
        let card = parse(KINDS).unwrap();
        let c = Conversation {
            id: "r".into(),
            channel: Channel::Review,
            turns: vec![Turn::new(Speaker::Customer, "Rude staff, never again.")],
            ..Conversation::default()
        };
        let a = analysed(&c, &[]);
        let r = score(&a, &[], &card);
        assert!(r.criteria.iter().all(|c| c.verdict == Verdict::Na));
    }
}
