//! `offer`: the agent offers a product, service, upgrade or tariff.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::{PhraseList, PrefixSet, folded_eq, folded_starts_with};
use crate::text::surface::{is_capitalized, sentence_break_between};
use crate::text::{Token, is_negator};

const ID: &str = "offer";

/// The three languages' lists in one: they share no words.
static PHRASES: LazyLock<PhraseList> = LazyLock::new(|| {
    PhraseList::parse(
        &[
            include_str!("phrases.ru.txt"),
            include_str!("phrases.hu.txt"),
            include_str!("phrases.en.txt"),
        ]
        .join("\n"),
    )
});

/// Product words (folded prefixes) from the lists' `[product]` sections.
static PRODUCTS: LazyLock<PrefixSet> = LazyLock::new(|| {
    let list = &*PHRASES;
    let product = list.section("product");
    PrefixSet::new(
        list.phrases()
            .iter()
            .filter(|p| Some(p.section) == product)
            .map(|p| &*p.text),
    )
});

/// Words that make a recommendation one of the business's own products («рекомендую наш…»,
/// "I'd recommend our…"): Russian stems, matched as prefixes («нашу», «новый»)…
const OURS: &[&str] = &["наш", "нов"];
/// …and short words matched whole, since as prefixes they would take "minél", "miért" or
/// "news" for "our".
const OURS_WORDS: &[&str] = &["our", "mi", "uj", "new"];

/// True when the token is one of [`OURS`] or [`OURS_WORDS`].
fn is_ours(t: &Token) -> bool {
    OURS.iter().any(|o| folded_starts_with(&t.norm, o))
        || OURS_WORDS
            .iter()
            .any(|o| folded_starts_with(&t.norm, o) && t.norm.chars().count() == o.chars().count())
}

/// How far from «рекомендую», "javaslom", "I'd recommend" the product word may stand.
const PRODUCT_WINDOW: usize = 8;

/// True when the token names a product or service («тариф», "csomag", "plan").
pub(crate) fn is_product(t: &Token) -> bool {
    PRODUCTS.starts(&t.norm)
}

/// True when a product word stands within `PRODUCT_WINDOW` tokens of `start..end`, before or
/// after («Это расширенная гарантия. Рекомендую её», «рекомендую тариф…»).
fn product_near(tokens: &[Token], start: usize, end: usize) -> bool {
    let from = start.saturating_sub(PRODUCT_WINDOW);
    let to = tokens.len().min(end + PRODUCT_WINDOW);
    tokens
        .get(from..to)
        .is_some_and(|ts| ts.iter().any(is_product))
        || (from..to).any(|k| is_add_on(tokens, k))
}

/// True when the product word at `i` is a product of the business and not a generic word that
/// also names what is being complained about («проблема с интернетом», "internettel van gond"):
/// the bare-description rules below read only these.
fn is_named_kind(tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    (is_product(t)
        && !GENERIC.iter().any(|g| folded_starts_with(&t.norm, g))
        && !MISFIRES.contains(&t.norm.as_str()))
        || is_add_on(tokens, i)
}

/// Words the product prefixes take by accident ("planned work", "covered", "dealt").
const MISFIRES: &[&str] = &[
    "planned",
    "planning",
    "covered",
    "dealt",
    "dealing",
    "treated",
    "programmed",
    "modelled",
    "offered",
    "serviced",
    "servicing",
];

/// Product words too generic to make a bare description an offer.
const GENERIC: &[&str] = &[
    "интернет",
    "телевиден",
    "услуг",
    "internet",
    "szolgaltatas",
    "kiszallitas",
    "service",
    "broadband",
    "fibre",
    "fiber",
    "contract",
    "model",
    "version",
    "offer",
];

/// "an add-on", "the add-on": the tokenizer splits the hyphen, and "add" alone is a verb.
fn is_add_on(tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.norm == "add")
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.norm == "on" || t.norm == "ons")
        && i.checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|p| matches!(p.norm.as_str(), "an" | "the" | "this" | "our" | "one"))
}

/// Prepositions that, standing between «есть» / "there's" and a product word, make the product a
/// circumstance, not the thing presented: «есть проблема с тарифом», "there's an issue with the
/// plan".
const PREPOSITIONS: &[&str] = &[
    "с", "со", "на", "по", "в", "во", "для", "у", "от", "о", "об", "за", "with", "on", "for", "in",
    "about", "to", "of", "from",
];

/// How far after «есть», "van", "there's also" the product word of a bare description may stand
/// («есть дополнительная опция», "van éves bérlet", "there's also an add-on").
const PRESENT_WINDOW: usize = 3;

/// Words that make a product the customer's own, not one put forward: «у вас тариф…», «ваш
/// вклад», "your plan", "you're on", "az Ön csomagja", "neked".
fn is_owner(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let n = t.norm.as_str();
    folded_starts_with(n, "ваш")
        || folded_starts_with(n, "тво")
        || (matches!(n, "вас" | "тебя") && i > 0 && tokens[i - 1].norm == "у")
        || [
            "your", "yours", "you're", "youre", "you've", "onnek", "neked", "nektek", "onoknek",
            "onnel", "nalad",
        ]
        .iter()
        .any(|w| folded_eq(n, w))
        || (n == "on" && i > 0 && tokens[i - 1].norm == "you")
}

/// First token of the sentence holding token `i`.
fn sentence_start(text: &str, tokens: &[Token], i: usize) -> usize {
    (1..=i)
        .rev()
        .find(|&k| sentence_break_between(text, tokens, k - 1, k))
        .unwrap_or(0)
}

/// One past the last token of the sentence holding token `i`.
fn sentence_end(text: &str, tokens: &[Token], i: usize) -> usize {
    (i + 1..tokens.len())
        .find(|&k| sentence_break_between(text, tokens, k - 1, k))
        .unwrap_or(tokens.len())
}

/// True when the sentence holding token `i` is a question: asking "is there a plan…?" presents
/// nothing.
fn sentence_is_question(text: &str, tokens: &[Token], i: usize) -> bool {
    let end = sentence_end(text, tokens, i);
    let Some(last) = end.checked_sub(1).and_then(|l| tokens.get(l)) else {
        return false;
    };
    text.get(last.end..)
        .and_then(|rest| {
            rest.chars()
                .find(|c| matches!(c, '?' | '.' | '!' | '…' | '\n'))
        })
        .is_some_and(|c| c == '?')
}

/// True when the customer owns or is asked about the product: an owner word between the sentence
/// start and the product word at `product`.
fn owned(text: &str, tokens: &[Token], product: usize) -> bool {
    (sentence_start(text, tokens, product)..=product).any(|k| is_owner(tokens, k))
}

/// The product word a bare description («есть тариф…», "van éves bérlet", "we've got a deal on")
/// presents: within `PRESENT_WINDOW` tokens after the match, in the same sentence, with no
/// preposition before it. None when the sentence asks, or the product is the customer's own.
fn presented(text: &str, tokens: &[Token], start: usize, end: usize) -> Option<usize> {
    let to = tokens.len().min(end + PRESENT_WINDOW);
    let mut k = end;
    while k < to {
        if sentence_break_between(text, tokens, k.saturating_sub(1).max(start), k) {
            return None;
        }
        if PREPOSITIONS.iter().any(|p| tokens[k].norm == *p) || is_negator(&tokens[k].norm) {
            return None;
        }
        if is_named_kind(tokens, k) {
            return (!sentence_is_question(text, tokens, k) && !owned(text, tokens, k))
                .then_some(k);
        }
        k += 1;
    }
    None
}

/// Words after a number that make it a price or a rate («550 рублей», "4.1 percent", "6990
/// forint"): a product named with one of these is being put forward with its terms.
const PRICE_UNITS: &[&str] = &[
    "руб",
    "процент",
    "тысяч",
    "ft",
    "forint",
    "szazalek",
    "ezer",
    "pound",
    "pence",
    "percent",
    "dollar",
    "euro",
    "quid",
    "евро",
    "доллар",
];
/// Endings glued to a number that make it a price ("24.5p", "5000ft").
const PRICE_TAILS: &[&str] = &["p", "ft", "k", "%", "р"];

/// True when token `i` is a price or rate.
fn is_price(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if !t.norm.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let tail = t
        .norm
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    if !tail.is_empty() {
        return PRICE_TAILS.iter().any(|p| folded_eq(tail, p));
    }
    let before = text.get(..t.start).and_then(|s| s.chars().next_back());
    let after = text
        .get(t.end..)
        .and_then(|s| s.trim_start().chars().next());
    matches!(before, Some('£' | '$' | '€'))
        || matches!(after, Some('%' | '₽' | '€' | '$'))
        || tokens
            .get(i + 1)
            .is_some_and(|n| PRICE_UNITS.iter().any(|u| folded_starts_with(&n.norm, u)))
}

/// A product presented by its name with its price or rate, the bare description of an answer to
/// "what have you got?": «Вклад «Надёжный»: ставка 16 процентов», "a Prémium számla: havi 1990
/// forint", "Our Fixed Saver is 24.5p per kWh". The name is a capitalised word inside the
/// sentence next to a product word, «наш» / "our" / "the" / "a"; the sentence gives a price and
/// no owner word makes it the customer's current product ("Your Premium plan costs £20").
/// Returns the token range of the name with its product word.
fn named_with_price(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 1;
    while i < tokens.len() {
        let t = &tokens[i];
        let prev = &tokens[i - 1];
        // The cheap questions first: most words are not capitalised, so the rest is rarely asked.
        let candidate = !t.norm.starts_with(|c: char| c.is_ascii_digit())
            && is_capitalized(text, t)
            && (is_named_kind(tokens, i - 1)
                || ["our", "the", "a", "az", "наш", "наша", "наше"]
                    .iter()
                    .any(|w| folded_eq(&prev.norm, w)))
            && !sentence_break_between(text, tokens, i - 1, i);
        if !candidate {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tokens.len()
            && is_capitalized(text, &tokens[end])
            && !sentence_break_between(text, tokens, end - 1, end)
        {
            end += 1;
        }
        let product = (i - 1..(end + 1).min(tokens.len())).any(|k| is_named_kind(tokens, k));
        let (s, e) = (
            sentence_start(text, tokens, i),
            sentence_end(text, tokens, i),
        );
        let priced = (s..e).any(|k| is_price(text, tokens, k));
        let ours = is_named_kind(tokens, i - 1) || product || prev.norm != "the" || end > i + 1;
        if priced
            && ours
            && !sentence_is_question(text, tokens, i)
            && !(s..end).any(|k| is_owner(tokens, k))
        {
            out.push((i - 1, end));
        }
        i = end;
    }
    out
}

/// The offers made in turn `turn` ([`offers`]), found once per turn and kept on the analysis.
pub(crate) fn offers_in<'a>(analysis: &'a Analysis<'_>, turn: usize) -> &'a [(usize, usize)] {
    let Some(cell) = analysis.offers.get(turn) else {
        return &[];
    };
    cell.get_or_init(|| {
        match (
            analysis.conversation.turns.get(turn),
            analysis.turns.get(turn),
        ) {
            (Some(t), Some(ta)) => offers(&t.text, &ta.tokens).collect(),
            _ => Vec::new(),
        }
    })
}

/// Token ranges of the offers the speaker of `tokens` makes in their own voice: not quoted, not
/// negated («не могу вам ничего предложить»). `text` is the turn's text, for sentence ends and
/// capitals.
pub(crate) fn offers<'a>(
    text: &'a str,
    tokens: &'a [Token],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let list = &*PHRASES;
    let (offer, suggest, present) = (
        list.section("offer"),
        list.section("suggest"),
        list.section("present"),
    );
    let worded: Vec<(usize, usize)> = list
        .find_iter(tokens, 0, tokens.len())
        .filter_map(move |m| {
            let section = Some(m.section);
            let ok = section == offer
                || (section == suggest
                    && (product_near(tokens, m.start, m.end)
                        || tokens[m.end..tokens.len().min(m.end + 4)]
                            .iter()
                            .any(is_ours)))
                || (section == present && presented(text, tokens, m.start, m.end).is_some());
            (ok && !match_negated_or_quoted(list, &m, tokens)).then_some((m.start, m.end))
        })
        .collect();
    let named: Vec<(usize, usize)> = if worded.is_empty() {
        named_with_price(text, tokens)
    } else {
        Vec::new()
    };
    worded.into_iter().chain(named)
}

#[derive(Debug, Clone, Copy)]
pub struct Offer;

impl Detector for Offer {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent offers a product, service, upgrade or tariff («могу предложить», \"ajánlani tudom\", \"would you like to upgrade\"): the scorecard then checks that the offer came with its benefit and without pressure."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for turn in analysis.turn_indices(Speaker::Agent) {
            let Some(ta) = analysis.turns.get(turn) else {
                continue;
            };
            let tokens = &ta.tokens;
            for &(start, end) in offers_in(analysis, turn) {
                let Some(ev) =
                    Evidence::span(analysis, turn, tokens[start].start, tokens[end - 1].end)
                else {
                    continue;
                };
                out.push(Finding {
                    detector: ID,
                    note: format!(
                        "the agent made an offer: «{}» (turn {})",
                        ev.quote,
                        turn + 1
                    ),
                    confidence: 0.85,
                    evidence: vec![ev],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_line_parses_into_a_phrase() {
        for text in [
            include_str!("phrases.ru.txt"),
            include_str!("phrases.hu.txt"),
            include_str!("phrases.en.txt"),
        ] {
            assert_eq!(PHRASES.missing_lines(text), Vec::<&str>::new());
        }
        for s in ["offer", "suggest", "present", "product", "not"] {
            assert!(PHRASES.section(s).is_some(), "{s}");
        }
    }
}
