//! `disparaging`: the agent mocking, insulting or passing judgement on colleagues, other
//! departments, other customers or competitors («у нас в бухгалтерии одни бездельники», «a
//! raktárban mindig elrontják», "Comcast are a bunch of crooks", "people like you always…").
//!
//! A finding needs a *target* near a *judgement* in one sentence of an agent turn. Targets are
//! colleagues and departments, competitors, other customers, third-person pronouns, the
//! company's own names, capitalised proper nouns, and stereotypes of the customer's kind
//! ("people like you"). Judgements are insults and verdicts on character or competence
//! («бездельники», "clueless", «semmihez nem ért»), and habitual failure: an always-word near a
//! failure verb («вечно всё путает», "always mess up", «mindig elrontják»). A single mistake
//! owned with an apology («простите, коллега ошибся», "sorry, our warehouse mixed it up") names
//! no habit and no character, so it is not disparaging.
//!
//! Only the agent's own words count: negated («коллеги ни в чём не виноваты», "they are not
//! lazy"), quoted, reported («вы говорите, что менеджер вас обманул», "you said the courier was
//! rude»), hypothetical ("if he lied to you"), asked ("did he lie to you?") and denied ("people
//! say the warehouse always messes up, but that's not true") judgements are not the agent
//! passing them, and neither is the customer saying any of it.

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::language::Lang;
use crate::text::match_negation::own_words;
use crate::text::names::{PersonName, is_form_of, is_known_first_name};
use crate::text::phrase_list::{PhraseList, fold, folded_eq};
use crate::text::surface::{comma_after, is_capitalized, is_cased, sentence_break_between};
use crate::text::{Token, negated_at, normalise};

const README: &str = include_str!("README.md");

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

/// The phrase lists of ru, hu and en, in `Lang::SUPPORTED` order.
static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(Lists::new));

/// How many tokens may stand between a target and a judgement after it («этот менеджер у нас
/// вечно всё путает», "Comcast are a bunch of crooks").
const REACH_AFTER_TARGET: usize = 5;
/// How many tokens may stand between a judgement and a target after it ("those idiots in
/// billing", «бездельники эти курьеры»).
const REACH_BEFORE_TARGET: usize = 3;
/// How far an always-word and a failure verb may stand apart («вечно у них всё теряется»,
/// "they mess it up all the time").
const HABIT_REACH: usize = 4;
/// How far a group word may stand before its insult ("a bunch of total crooks").
const GROUP_REACH: usize = 2;

/// Subject pronouns of the speaker or the customer (normalised): between a target and a
/// judgement they take the judgement away from the target («менеджер сказал, что вы вечно всё
/// путаете», "the courier says you always mix up the address").
const PERSONS: &[&str] = &[
    "я", "мы", "вы", "ты", "i", "i'm", "im", "we", "we're", "you", "you're", "youre", "én", "mi",
    "ön", "maga", "te", "ti", "önök", "maguk",
];

/// What a target is, and so what a finding says the agent disparaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Colleagues,
    Competitors,
    Customers,
    /// "people like you": disparaging only with a judgement or an always/never generalisation.
    Stereotype,
    /// A pronoun, a proper noun or an implied group ("a bunch of crooks"): someone not in the
    /// conversation, named less surely.
    ThirdParty,
}

impl Target {
    /// The kind a finding's note starts with (kebab-case, as scorecards ask for kinds).
    fn name(self) -> &'static str {
        match self {
            Target::Colleagues => "colleagues",
            Target::Competitors => "competitors",
            Target::Customers | Target::Stereotype => "other-customers",
            Target::ThirdParty => "third-party",
        }
    }

    fn confidence(self) -> f64 {
        match self {
            Target::Colleagues | Target::Competitors | Target::Customers => 0.85,
            Target::ThirdParty => 0.75,
            Target::Stereotype => 0.7,
        }
    }
}

/// What kind of judgement a phrase passes, which decides where its target may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judgement {
    /// An insult: its target may follow it ("those idiots in billing"), or a group word
    /// before it may stand for the target ("a bunch of crooks").
    Insult,
    /// A verdict or a habit: its target comes first.
    Verdict,
    /// Belittling "even": only about other customers, since «курьер даже не выехал» about a
    /// colleague is a fact.
    Mock,
}

/// One language's list with its section indices looked up once.
struct Lists {
    list: PhraseList,
    targets: [(Option<usize>, Target); 5],
    insult: Option<usize>,
    predicate: Option<usize>,
    mock: Option<usize>,
    group: Option<usize>,
    always: Option<usize>,
    never: Option<usize>,
    failure: Option<usize>,
    reported: Option<usize>,
    denial: Option<usize>,
    praise: Option<usize>,
    /// Capitalised words that are not proper nouns («Вы», "I", «Ön», weekdays).
    not_proper: Vec<String>,
    /// Words after which a [predicate] judgement is said of someone ("is", "are", "totally").
    links: Vec<String>,
    /// Words that make a belittling "even" about time ("haven't even got it yet").
    not_yet: Vec<String>,
}

impl Lists {
    fn new(text: &str) -> Lists {
        let list = PhraseList::parse(text);
        let words = |section: &str| -> Vec<String> {
            list.section_texts(section)
                .iter()
                .map(|w| normalise(w).chars().map(fold).collect())
                .collect()
        };
        let not_proper = words("not_proper");
        let links = words("not_link");
        let not_yet = words("not_yet");
        Lists {
            targets: [
                (list.section("colleagues"), Target::Colleagues),
                (list.section("competitors"), Target::Competitors),
                (list.section("customers"), Target::Customers),
                (list.section("stereotype"), Target::Stereotype),
                (list.section("pronoun"), Target::ThirdParty),
            ],
            insult: list.section("insult"),
            predicate: list.section("predicate"),
            mock: list.section("mock"),
            group: list.section("group"),
            always: list.section("always"),
            never: list.section("never"),
            failure: list.section("failure"),
            reported: list.section("reported"),
            denial: list.section("denial"),
            praise: list.section("praise"),
            not_proper,
            links,
            not_yet,
            list,
        }
    }

    fn target(&self, section: usize) -> Option<Target> {
        self.targets
            .iter()
            .find(|(s, _)| *s == Some(section))
            .map(|(_, t)| *t)
    }
}

fn lists(lang: Lang) -> Option<&'static Lists> {
    let i = Lang::SUPPORTED.iter().position(|l| *l == lang)?;
    LISTS.get(i)
}

/// Token ranges `start..end` of one kind of word or phrase.
type Spans = Vec<(usize, usize)>;

/// What one agent turn says, read once from its phrase matches.
#[derive(Default)]
struct Read {
    targets: Vec<(usize, usize, Target)>,
    /// Insults and verdicts, each the agent's own words.
    insults: Spans,
    /// Verdicts that also judge things ("useless"), said of someone: after a linking word.
    predicates: Spans,
    /// Belittling "even" ("haven't even got their wi-fi on"), said of other customers only.
    mocks: Spans,
    groups: Vec<usize>,
    always: Spans,
    never: Spans,
    failures: Spans,
    /// Token indices where a reporting or hypothetical phrase starts.
    reported: Vec<usize>,
    /// Token indices where a denial starts ("…, but that's not true").
    denials: Vec<usize>,
    /// Token indices where praise starts («мы ценим таких клиентов», "customers like you are
    /// always welcome").
    praise: Vec<usize>,
}

/// Sentence index of every token: a new sentence after `.` `!` `?` `…` or a line break.
fn sentences(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut n = 0;
    for i in 0..tokens.len() {
        if i > 0 && sentence_break_between(text, tokens, i - 1, i) {
            n += 1;
        }
        out.push(n);
    }
    out
}

/// True when the sentence holding token `i` ends with a question mark: a question («он вас
/// обманул?», "did they lose it again?") asks rather than judges.
fn in_question(text: &str, tokens: &[Token], sentence: &[usize], i: usize) -> bool {
    let s = sentence[i];
    let last = (i..tokens.len())
        .take_while(|&j| sentence[j] == s)
        .last()
        .unwrap_or(i);
    let rest = text.get(tokens[last].end..).unwrap_or("");
    rest.chars()
        .find(|c| matches!(c, '?' | '.' | '!' | '…' | '\n'))
        .is_some_and(|c| c == '?')
}

/// Tokens that name the business itself ("Ромашка", «в Ромашке», "a Telekomnál").
fn names_company(analysis: &Analysis<'_>, token: &Token, lang: Lang) -> bool {
    analysis.company.iter().any(|c| {
        c.split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .any(|w| is_form_of(&normalise(w), &token.norm, lang))
    })
}

/// Proper nouns that can be a target: a capitalised word in typed text, not a sentence's first
/// word (unless it is a known first name: «Ольга вечно всё путает»), not a vocative («Анна,
/// …»), and not the customer's or the agent's own name.
fn proper_nouns(
    analysis: &Analysis<'_>,
    l: &Lists,
    text: &str,
    tokens: &[Token],
    sentence: &[usize],
    lang: Lang,
    people: &[PersonName],
) -> Vec<usize> {
    let cased = is_cased(text) && text.chars().any(char::is_lowercase);
    (0..tokens.len())
        .filter(|&i| {
            let t = &tokens[i];
            if names_company(analysis, t, lang) {
                return true;
            }
            if !cased || !is_capitalized(text, t) || comma_after(text, t) {
                return false;
            }
            let first = i == 0 || sentence[i - 1] != sentence[i];
            (!first || is_known_first_name(&t.norm, lang))
                && !l.not_proper.iter().any(|w| folded_eq(&t.norm, w))
                && !people.iter().any(|p| p.part_of(t, lang).is_some())
        })
        .collect()
}

fn read(l: &Lists, tokens: &[Token]) -> Read {
    let mut r = Read::default();
    for m in l.list.find_iter(tokens, 0, tokens.len()) {
        let s = Some(m.section);
        if let Some(t) = l.target(m.section) {
            r.targets.push((m.start, m.end, t));
        } else if s == l.insult {
            if own_words(&l.list, &m, tokens) {
                r.insults.push((m.start, m.end));
            }
        } else if s == l.predicate {
            let linked = m
                .start
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|p| {
                    p.norm.ends_with("'re")
                        || p.norm.ends_with("'s")
                        || l.links.iter().any(|w| folded_eq(&p.norm, w))
                })
                || r.targets.last().is_some_and(|t| t.1 == m.start);
            if linked && own_words(&l.list, &m, tokens) {
                r.predicates.push((m.start, m.end));
            }
        } else if s == l.mock {
            if own_words(&l.list, &m, tokens) && !yet(l, tokens, m.start) {
                r.mocks.push((m.start, m.end));
            }
        } else if s == l.group {
            r.groups.push(m.start);
        } else if s == l.always {
            if !negated_at(tokens, m.start) {
                r.always.push((m.start, m.end));
            }
        } else if s == l.never {
            r.never.push((m.start, m.end));
        } else if s == l.failure {
            if own_words(&l.list, &m, tokens) {
                r.failures.push((m.start, m.end));
            }
        } else if s == l.reported {
            if !tokens[m.start].quoted {
                r.reported.push(m.start);
            }
        } else if s == l.denial {
            if !tokens[m.start].quoted {
                r.denials.push(m.start);
            }
        } else if s == l.praise {
            r.praise.push(m.start);
        }
    }
    r
}

/// True when a word of time ("yet", «ещё») stands in the clause of token `i`: "some customers
/// haven't even received it yet" is about time, not about the customers.
fn yet(l: &Lists, tokens: &[Token], i: usize) -> bool {
    let clause = tokens[i].clause;
    tokens
        .iter()
        .filter(|t| t.clause == clause)
        .any(|t| l.not_yet.iter().any(|w| folded_eq(&t.norm, w)))
}

/// True when a subject pronoun of the agent or the customer stands in `tokens[from..to]`.
fn person_between(tokens: &[Token], from: usize, to: usize) -> bool {
    tokens
        .get(from..to)
        .is_some_and(|ts| ts.iter().any(|t| PERSONS.contains(&t.norm.as_str())))
}

/// Judgements of habitual failure: an always-word within [`HABIT_REACH`] tokens of a failure
/// verb, on either side, in one sentence («вечно всё путают», "lose parcels all the time").
fn habits(r: &Read, sentence: &[usize]) -> Spans {
    let mut out = Vec::new();
    for &(fs, fe) in &r.failures {
        let near = r.always.iter().find(|&&(a, _)| {
            sentence[a] == sentence[fs]
                && ((a < fs && fs - a <= HABIT_REACH) || (a >= fe && a - fe < HABIT_REACH))
        });
        if let Some(&(a, ae)) = near {
            out.push((a.min(fs), fe.max(ae)));
        }
    }
    out
}

/// The agent disparaging colleagues, other customers or competitors.
#[derive(Debug, Clone, Copy)]
pub struct Disparaging;

impl Detector for Disparaging {
    fn id(&self) -> &'static str {
        "disparaging"
    }

    fn explain(&self) -> &'static str {
        "The agent mocks or judges colleagues, other departments, other customers or competitors («у нас в бухгалтерии одни бездельники», «a raktárban mindig elrontják», \"those idiots in billing\"): the customer hears a company that does not respect its own people."
    }

    fn readme(&self) -> &'static str {
        README
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for (i, turn) in analysis.conversation.turns.iter().enumerate() {
            if turn.speaker != Speaker::Agent {
                continue;
            }
            let Some(ta) = analysis.turns.get(i) else {
                continue;
            };
            let lang = analysis.reading_lang(ta.lang);
            let Some(l) = lists(lang) else {
                continue;
            };
            let tokens = &ta.tokens;
            let text = turn.text.as_str();
            let r = read(l, tokens);
            // Most turns judge nothing: everything below is paid for only by the few that do.
            let stereotype = r.targets.iter().any(|t| t.2 == Target::Stereotype);
            let habit = !r.failures.is_empty() && !r.always.is_empty();
            let general = stereotype && !(r.always.is_empty() && r.never.is_empty());
            if r.insults.is_empty()
                && r.predicates.is_empty()
                && r.mocks.is_empty()
                && !habit
                && !general
            {
                continue;
            }
            let sentence = sentences(text, tokens);
            let people: Vec<PersonName> = [
                &analysis.conversation.customer,
                &analysis.conversation.agent,
            ]
            .into_iter()
            .filter_map(|p| p.as_ref()?.name.as_deref())
            .map(|n| PersonName::parse(n, lang))
            .collect();
            let mut targets = r.targets.clone();
            for p in proper_nouns(analysis, l, text, tokens, &sentence, lang, &people) {
                if !targets.iter().any(|&(s, e, _)| (s..e).contains(&p)) {
                    targets.push((p, p + 1, Target::ThirdParty));
                }
            }
            targets.sort_unstable();
            let excused = |j: usize| {
                in_question(text, tokens, &sentence, j)
                    || r.reported
                        .iter()
                        .any(|&p| p < j && sentence[p] == sentence[j])
                    || r.denials
                        .iter()
                        .any(|&p| p > j && sentence[p] == sentence[j])
            };
            // (token start, token end, what was disparaged)
            let mut spans: Vec<(usize, usize, Target)> = Vec::new();
            // (token start, token end, kind)
            let mut judgements: Vec<(usize, usize, Judgement)> = r
                .insults
                .iter()
                .map(|&(s, e)| (s, e, Judgement::Insult))
                .collect();
            judgements.extend(
                r.predicates
                    .iter()
                    .map(|&(s, e)| (s, e, Judgement::Verdict)),
            );
            judgements.extend(
                habits(&r, &sentence)
                    .into_iter()
                    .map(|(s, e)| (s, e, Judgement::Verdict)),
            );
            judgements.extend(r.mocks.iter().map(|&(s, e)| (s, e, Judgement::Mock)));
            for &(js, je, kind) in &judgements {
                let insult = kind == Judgement::Insult;
                if excused(js) {
                    continue;
                }
                // The nearest target before the judgement, else the nearest after it.
                let before = targets.iter().rev().find(|&&(ts, te, t)| {
                    (kind != Judgement::Mock || matches!(t, Target::Customers | Target::Stereotype))
                        && te <= js
                        && js - te <= REACH_AFTER_TARGET
                        && sentence[ts] == sentence[js]
                        && !person_between(tokens, te, js)
                });
                let after = || {
                    targets.iter().find(|&&(ts, _, _)| {
                        insult
                            && ts >= je
                            && ts - je <= REACH_BEFORE_TARGET
                            && sentence[ts] == sentence[js]
                            && !person_between(tokens, je, ts)
                    })
                };
                if let Some(&(ts, te, t)) = before.or_else(after) {
                    spans.push((ts.min(js), te.max(je), t));
                    continue;
                }
                // "a bunch of crooks", «одни бездельники»: the group is the target.
                let group = r.groups.iter().find(|&&g| {
                    insult
                        && g < js
                        && js - g <= GROUP_REACH + 1
                        && sentence[g] == sentence[js]
                        && !person_between(tokens, g.saturating_sub(3), js)
                });
                if let Some(&g) = group {
                    spans.push((g, je, Target::ThirdParty));
                }
            }
            // "people like you always…": a stereotype with a generalisation after it.
            for &(ts, te, t) in targets.iter().filter(|x| x.2 == Target::Stereotype) {
                let general = r.always.iter().chain(&r.never).find(|&&(a, _)| {
                    a >= te && a - te <= REACH_AFTER_TARGET && sentence[a] == sentence[ts]
                });
                if let Some(&(a, ae)) = general
                    && !excused(a)
                    && !r.praise.iter().any(|&p| sentence[p] == sentence[ts])
                {
                    spans.push((ts, ae, t));
                }
            }
            if spans.is_empty() {
                continue;
            }
            spans.sort_unstable();
            let mut kinds: Vec<&'static str> = Vec::new();
            let mut confidence: f64 = 0.0;
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (s, e, t) in spans {
                if !kinds.contains(&t.name()) {
                    kinds.push(t.name());
                }
                confidence = confidence.max(t.confidence());
                match merged.last_mut() {
                    Some(last) if s < last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            let evidence: Vec<Evidence> = merged
                .iter()
                .filter_map(|&(s, e)| {
                    Evidence::span(analysis, i, tokens[s].start, tokens[e - 1].end)
                })
                .collect();
            let quotes: Vec<String> = evidence.iter().map(|e| format!("«{}»", e.quote)).collect();
            out.push(Finding {
                detector: "disparaging",
                note: format!(
                    "{}: agent said {} in turn {}",
                    kinds.join(", "),
                    quotes.join(", "),
                    i + 1
                ),
                confidence,
                evidence,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};

    /// The quotes found in one turn said by `speaker`.
    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        let c = Conversation {
            turns: vec![Turn::new(speaker, text)],
            ..Conversation::default()
        };
        let options = AnalyseOptions {
            language: Some(lang),
            company: vec!["Ромашка".to_string()],
            ..AnalyseOptions::default()
        };
        let a = analyse(&c, &options);
        let mut out = Vec::new();
        Disparaging.detect(&a, &mut out);
        out.iter()
            .flat_map(|f| f.evidence.iter().map(|e| e.quote.clone()))
            .collect()
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Agent, text, lang)
    }

    #[test]
    fn every_list_parses_with_all_its_sections() {
        for (l, text) in LISTS.iter().zip(TEXTS) {
            assert_eq!(l.list.missing_lines(text), Vec::<&str>::new());
            assert!(l.targets.iter().all(|(s, _)| s.is_some()));
            assert!(l.insult.is_some() && l.group.is_some() && l.always.is_some());
            assert!(l.never.is_some() && l.failure.is_some() && l.reported.is_some());
            assert!(l.denial.is_some());
            assert!(l.praise.is_some() && !l.not_proper.is_empty());
        }
    }

    #[test]
    fn a_target_near_a_judgement_is_quoted_together() {
        assert_eq!(
            quotes(
                "Honestly, those idiots in billing charged you twice.",
                Lang::En
            ),
            ["idiots in billing"]
        );
        assert_eq!(
            quotes("Девочки на складе вечно всё теряют.", Lang::Ru),
            ["складе вечно всё теряют"]
        );
        assert_eq!(
            quotes("A raktárosok lusták, mint mindig.", Lang::Hu),
            ["raktárosok lusták"]
        );
    }

    #[test]
    fn the_company_and_group_insults_are_targets_of_their_own() {
        assert_eq!(
            quotes("В Ромашке вообще ничего не умеют.", Lang::Ru),
            ["Ромашке вообще ничего не умеют"]
        );
        assert_eq!(
            quotes("Comcast are a bunch of crooks.", Lang::En),
            ["bunch of crooks"]
        );
    }

    #[test]
    fn a_person_between_takes_the_judgement_away_from_the_target() {
        assert!(
            quotes(
                "Our courier noticed you always forget the gate code.",
                Lang::En
            )
            .is_empty()
        );
        assert!(quotes("Ön mindig elrontja a jelszót.", Lang::Hu).is_empty());
    }

    #[test]
    fn one_owned_mistake_is_not_a_verdict_but_a_habit_is() {
        assert!(quotes("Sorry, they messed up your order, I'll fix it.", Lang::En).is_empty());
        assert!(quotes("Простите, коллега ошибся.", Lang::Ru).is_empty());
        assert_eq!(
            quotes("Простите, коллега вечно ошибается.", Lang::Ru),
            ["коллега вечно ошибается"]
        );
    }

    #[test]
    fn words_that_judge_things_need_a_link_to_the_target() {
        assert!(quotes("The technician replaced the useless part.", Lang::En).is_empty());
        assert_eq!(
            quotes("The guys in accounts are useless.", Lang::En),
            ["The guys in accounts are useless"]
        );
    }

    #[test]
    fn stereotypes_need_a_generalisation_and_no_praise() {
        assert_eq!(
            quotes("People like you never read the terms.", Lang::En),
            ["People like you never"]
        );
        assert!(quotes("Customers like you are always welcome here.", Lang::En).is_empty());
        assert!(quotes("For customers like you we have a special rate.", Lang::En).is_empty());
    }

    #[test]
    fn negated_reported_asked_and_customer_words_are_not_the_agents() {
        assert!(quotes("Наши курьеры не врут.", Lang::Ru).is_empty());
        assert!(quotes("Вы говорите, что менеджер вас обманул.", Lang::Ru).is_empty());
        assert!(quotes("Менеджер вас обманул?", Lang::Ru).is_empty());
        assert!(quotes("Ha a munkatársunk becsapta Önt, visszatérítjük.", Lang::Hu).is_empty());
        assert!(
            quotes_by(
                Speaker::Customer,
                "Your billing people are idiots.",
                Lang::En
            )
            .is_empty()
        );
    }
}
