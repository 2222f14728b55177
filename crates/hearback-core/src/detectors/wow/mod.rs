//! `wow`: the customer's real delight, aimed at the agent or the service («вы лучший», «огромное
//! спасибо, вы меня спасли», «nagyon kedves, köszönöm szépen», «életmentő», "you made my day",
//! "you're a star") — the moments a supervisor celebrates in public.
//!
//! Read from the customer's own words (see `detectors/customer_speech.rs`): plain politeness
//! («спасибо, до свидания», "thank you so much"), sarcasm where the same turn says things are
//! still bad («ну спасибо, вы просто лучшие, третий час жду», "great job, two weeks and
//! nothing": the lists' `[veto]`), a condition ("if you fix it you're my hero"), quoted or
//! reported praise and the agent's own words are not wow.
//!
//! The note also says what the agent did to earn it, read from the agent's turn just before:
//! compensation, a solution, an offer or an apology, with the agent's words — or that the turn
//! shows none of them. The celebration feed needs the act, not only the applause.

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::customer_speech::{self, Lists, Spec};
use crate::detectors::{Detector, Finding, offer};
use crate::language::Lang;
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::PhraseList;

const README: &str = include_str!("README.md");

/// The kinds a finding names: praise of the agent or the company, gratitude far past
/// politeness, and delight at the result.
const KINDS: &[&str] = &["praise", "gratitude", "delight"];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

/// What the agent did, per language in `Lang::SUPPORTED` order: a list of its own so that the
/// agent's words never compete with the customer's in one list.
const EARNED_TEXTS: [&str; 3] = [
    include_str!("earned.ru.txt"),
    include_str!("earned.hu.txt"),
    include_str!("earned.en.txt"),
];

/// The agent's acts in order of precedence, with how the note names each: money back says more
/// than a fix, a fix more than an offer, an offer more than an apology.
const ACTS: [(&str, &str); 4] = [
    ("compensation", "offered or gave compensation"),
    ("solution", "solved the problem or did what was asked"),
    ("offer", "made an offer"),
    ("apology", "apologised"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));
static EARNED: LazyLock<[PhraseList; 3]> = LazyLock::new(|| EARNED_TEXTS.map(PhraseList::parse));

const SPEC: Spec = Spec {
    id: "wow",
    verb: "expressed delight",
    confidence: 0.8,
    disowning_verbs: false,
};

/// The customer delighted with the agent or the service.
#[derive(Debug, Clone, Copy)]
pub struct Wow;

impl Detector for Wow {
    fn id(&self) -> &'static str {
        SPEC.id
    }

    fn explain(&self) -> &'static str {
        "The customer is delighted with the agent or the service («вы меня спасли», «életmentő», \"you made my day\"), and what the agent did just before to earn it: a moment to celebrate."
    }

    fn readme(&self) -> &'static str {
        README
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let from = out.len();
        customer_speech::detect(&SPEC, &LISTS, analysis, out);
        for f in &mut out[from..] {
            let Some(turn) = f.evidence.first().map(|e| e.turn) else {
                continue;
            };
            if let Some(earned) = earned_by(analysis, turn) {
                f.note.push_str(&earned);
            }
        }
    }
}

/// The agent's turn before `turn`, and what it shows the agent did: "; before it the agent
/// solved the problem or did what was asked in turn 3: «всё исправила»", or that it shows no act
/// Hearback recognises. `None` when no agent spoke before.
fn earned_by(analysis: &Analysis<'_>, turn: usize) -> Option<String> {
    let agent = (0..turn)
        .rev()
        .find(|&i| analysis.conversation.turns[i].speaker == Speaker::Agent)?;
    let text = analysis.conversation.turns[agent].text.as_str();
    let ta = analysis.turns.get(agent)?;
    let lang = analysis.reading_lang(ta.lang);
    let list = Lang::SUPPORTED
        .iter()
        .position(|l| *l == lang)
        .and_then(|i| EARNED.get(i))?;
    let tokens = &ta.tokens;
    // (act index, token range) of the first own, affirmative match of each act.
    let mut found: Vec<(usize, usize, usize)> = list
        .find_iter(tokens, 0, tokens.len())
        .filter(|m| !match_negated_or_quoted(list, m, tokens))
        .filter_map(|m| {
            let act = ACTS
                .iter()
                .position(|(name, _)| list.section(name) == Some(m.section))?;
            Some((act, m.start, m.end))
        })
        .collect();
    let offer_act = ACTS.iter().position(|(name, _)| *name == "offer");
    if let Some(act) = offer_act {
        found.extend(
            offer::offers_in(analysis, agent)
                .iter()
                .map(|&(s, e)| (act, s, e)),
        );
    }
    found.sort_unstable();
    let note = match found.first() {
        Some(&(act, s, e)) => {
            let quote = text.get(tokens[s].start..tokens[e - 1].end).unwrap_or("");
            format!(
                "; before it the agent {} in turn {}: «{quote}»",
                ACTS[act].1,
                agent + 1
            )
        }
        None => format!(
            "; the agent's turn {} before it shows no compensation, solution, offer or apology",
            agent + 1
        ),
    };
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&Wow, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    fn notes(turns: &[(Speaker, &str)], lang: Lang) -> Vec<String> {
        let c = Conversation {
            turns: turns.iter().map(|(s, t)| Turn::new(*s, *t)).collect(),
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(lang),
                ..AnalyseOptions::default()
            },
        );
        let mut out = Vec::new();
        Wow.detect(&a, &mut out);
        out.into_iter().map(|f| f.note).collect()
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
        for (l, text) in EARNED.iter().zip(EARNED_TEXTS) {
            assert_eq!(l.missing_lines(text), Vec::<&str>::new());
            for (act, _) in ACTS {
                assert!(l.section(act).is_some(), "no [{act}]");
            }
        }
    }

    #[test]
    fn delight_is_found() {
        assert_eq!(
            quotes("Огромное спасибо, вы меня спасли!", Lang::Ru),
            ["вы меня спасли"]
        );
        assert_eq!(
            quotes("Nagyon kedves, köszönöm szépen!", Lang::Hu),
            ["Nagyon kedves"]
        );
        assert_eq!(
            quotes("Wow, you made my day!", Lang::En),
            ["you made my day"]
        );
    }

    #[test]
    fn politeness_sarcasm_conditions_and_the_agent_are_not_delight() {
        assert!(quotes("Спасибо, до свидания.", Lang::Ru).is_empty());
        assert!(quotes("Ну спасибо, вы просто лучшие, третий час жду.", Lang::Ru).is_empty());
        assert!(quotes("Great job, really, two weeks and nothing.", Lang::En).is_empty());
        assert!(quotes("If you fix it today you're my hero.", Lang::En).is_empty());
        assert!(quotes("Nagyon hálás lennék, ha megnézné.", Lang::Hu).is_empty());
        assert!(
            quotes_by(
                Speaker::Agent,
                "You're the best, thanks for waiting!",
                Lang::En
            )
            .is_empty()
        );
    }

    #[test]
    fn the_note_says_what_the_agent_did_before() {
        let n = notes(
            &[
                (Speaker::Customer, "The router keeps dropping."),
                (
                    Speaker::Agent,
                    "I've reset your line and credited £10 to your account.",
                ),
                (Speaker::Customer, "You're a star, thank you!"),
            ],
            Lang::En,
        );
        assert_eq!(n.len(), 1);
        assert!(n[0].starts_with("praise: "), "{}", n[0]);
        assert!(
            n[0].contains("offered or gave compensation in turn 2"),
            "{}",
            n[0]
        );
        let n = notes(
            &[
                (
                    Speaker::Agent,
                    "Я не могу вернуть деньги, но всё исправила.",
                ),
                (Speaker::Customer, "Вы волшебница!"),
            ],
            Lang::Ru,
        );
        assert!(n[0].contains("solved the problem"), "{}", n[0]);
        let n = notes(
            &[
                (Speaker::Agent, "Értem."),
                (Speaker::Customer, "Ön egy angyal!"),
            ],
            Lang::Hu,
        );
        assert!(n[0].contains("shows no compensation"), "{}", n[0]);
    }
}
