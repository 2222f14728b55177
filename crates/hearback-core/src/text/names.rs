//! People's names in running text: known first names with their diminutives, and the inflected
//! forms a name takes in Russian and Hungarian («Ольгу», «Ольгой»; "Annát", "Péterrel",
//! "Kováccsal", "Kovácsné").
//!
//! Why hand-written rules and not a stemmer: Snowball stems names inconsistently (a name is not in
//! its vocabulary), while the case endings a name can take are a short, closed list. Checking
//! "the name's base, then one known ending" is exact enough and costs a few byte comparisons.
//!
//! Why diminutives: agents and customers say «Саша» for Александр, "Erzsi" for Erzsébet, "Bill"
//! for William; the metadata holds the full name.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::phrase_list::{fold, folded_eq, folded_starts_with};
use super::{Token, normalise};
use crate::language::Lang;

const LISTS: [&str; 3] = [
    include_str!("names.ru.txt"),
    include_str!("names.hu.txt"),
    include_str!("names.en.txt"),
];

/// The first-name lists: folded name → (group index, whether it is also an everyday word).
#[derive(Debug, Default)]
struct Known {
    names: HashMap<String, (usize, bool)>,
    groups: Vec<Vec<String>>,
}

static KNOWN: LazyLock<Known> = LazyLock::new(|| {
    let mut k = Known::default();
    for list in LISTS {
        for line in list.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let group = k.groups.len();
            let mut members = Vec::new();
            for word in line.split_whitespace() {
                let (word, ambiguous) = match word.strip_prefix('!') {
                    Some(w) => (w, true),
                    None => (word, false),
                };
                let folded = fold_str(&normalise(word)).into_owned();
                // A short form shared by two names ("саша", "sam") keeps its first group; a
                // form that is an everyday word in any language stays one ("márk"/"mark").
                let entry = k.names.entry(folded.clone()).or_insert((group, ambiguous));
                entry.1 |= ambiguous;
                members.push(folded);
            }
            k.groups.push(members);
        }
    }
    k
});

/// `s` with accents folded; borrowed when there is nothing to fold (the common case).
fn fold_str(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| fold(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(fold).collect())
    }
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// Russian case endings a name can take after its base (the name less its final vowel or soft
/// sign): «Ольг|а/и/е/у/ой», «Петров|а/у/ым», «Андре|й/я/ю/ем».
const RU_ENDINGS: &[&str] = &[
    "", "а", "я", "ы", "и", "е", "у", "ю", "о", "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им",
    "ь", "й", "ий", "ая", "ую", "ого", "ому",
];

/// Hungarian case endings after a name or its lengthened form ("Anna" → "Anná-"), accents
/// folded. The superessive "-n/-on/-en/-ön" is left out on purpose: "Nagyon" is "very", not
/// "on Nagy".
const HU_ENDINGS: &[&str] = &[
    "", "t", "ot", "et", "at", "nak", "nek", "val", "vel", "hoz", "hez", "tol", "rol", "ra", "re",
    "ba", "be", "ban", "ben", "bol", "nal", "nel", "ert", "e", "ek", "ig", "kent", "ka", "ke",
    "kam",
];

/// What follows "-né" (the wife of), accents folded: "Kovácsné", "Kovácsnét", "Kovácsnénak".
const HU_NE_ENDINGS: &[&str] = &[
    "", "t", "nak", "nek", "val", "vel", "hoz", "hez", "tol", "nal", "nel", "ert",
];

const HU_DIGRAPHS: &[&str] = &["cs", "sz", "zs", "gy", "ly", "ny", "ty", "dz"];

/// True when `token` (normalised) is `name` (normalised) in some case form of `lang`.
pub fn is_form_of(name: &str, token: &str, lang: Lang) -> bool {
    is_form_of_folded(&fold_str(name), token, lang)
}

/// [`is_form_of`] for a name whose accents are already folded; allocates nothing.
fn is_form_of_folded(folded: &str, token: &str, lang: Lang) -> bool {
    if folded_eq(token, folded) {
        return true;
    }
    if is_cyrillic(folded) {
        return ru_form(folded, token);
    }
    if lang == Lang::Hu {
        return hu_form(folded, token);
    }
    // English: the possessive only.
    folded_starts_with(token, folded) && matches!(rest_after(token, folded), "'s" | "s'")
}

/// What is left of `token` after the characters that fold to `folded`.
fn rest_after<'t>(token: &'t str, folded: &str) -> &'t str {
    let n = folded.chars().count();
    let cut = token.char_indices().nth(n).map_or(token.len(), |(i, _)| i);
    &token[cut..]
}

fn ru_form(name: &str, token: &str) -> bool {
    let base = match name.chars().last() {
        Some('а' | 'я' | 'й' | 'ь' | 'о' | 'е' | 'и' | 'ы') if name.chars().count() > 2 => {
            let cut = name.char_indices().last().map_or(name.len(), |(i, _)| i);
            &name[..cut]
        }
        _ => name,
    };
    if token
        .strip_prefix(base)
        .is_some_and(|rest| RU_ENDINGS.contains(&rest))
    {
        return true;
    }
    // A fleeting vowel: Павел → Павла, Павлу.
    let mut rev = name.char_indices().rev();
    let (Some((li, last)), Some((vi, vowel))) = (rev.next(), rev.next()) else {
        return false;
    };
    if !matches!(vowel, 'е' | 'о') || "аеиоуыэюяйь".contains(last) || name[..vi].chars().count() < 2
    {
        return false;
    }
    token
        .strip_prefix(&name[..vi])
        .and_then(|r| r.strip_prefix(&name[li..]))
        .is_some_and(|rest| !rest.is_empty() && RU_ENDINGS.contains(&rest))
}

fn hu_form(folded: &str, token: &str) -> bool {
    let ending_ok = |rest: &str| {
        HU_ENDINGS.iter().any(|e| folded_eq(rest, e))
            || (folded_starts_with(rest, "ne")
                && HU_NE_ENDINGS
                    .iter()
                    .any(|e| folded_eq(rest_after(rest, "ne"), e)))
    };
    // The name as it is, or with its final a/e lengthened (Anna → Anná-, Bence → Bencé-): folding
    // makes both the same prefix.
    if folded_starts_with(token, folded) && ending_ok(rest_after(token, folded)) {
        return true;
    }
    // The instrumental and translative double the final consonant: Péterrel, Kováccsal.
    let (head, last) = match HU_DIGRAPHS.iter().find(|d| folded.ends_with(*d)) {
        Some(d) => (&folded[..folded.len() - d.len()], *d),
        None => match folded.char_indices().last() {
            Some((i, c)) if !"aeiou".contains(c) => (&folded[..i], &folded[i..]),
            _ => return false,
        },
    };
    let Some(first) = last.get(..1) else {
        return false;
    };
    if !folded_starts_with(token, head) {
        return false;
    }
    let rest = rest_after(token, head);
    if !folded_starts_with(rest, first) {
        return false;
    }
    let rest = rest_after(rest, first);
    folded_starts_with(rest, last)
        && ["al", "el", "a", "e"]
            .iter()
            .any(|e| folded_eq(rest_after(rest, last), e))
}

/// True when `norm` is a known first name or diminutive as it stands (the dictionary form):
/// «Анна», "Erzsi", "Bill"; not «Анну».
pub fn is_first_name(norm: &str) -> bool {
    KNOWN.names.contains_key(fold_str(norm).as_ref())
}

/// True when `token` is a known first name (or its diminutive) in some case form.
pub fn is_known_first_name(token: &str, lang: Lang) -> bool {
    known_group(token, lang).is_some()
}

/// The group of a known first name in some case form, and whether it is also an everyday word.
fn known_group(token: &str, lang: Lang) -> Option<(usize, bool)> {
    let k = &*KNOWN;
    let folded = fold_str(token);
    if let Some(&g) = k.names.get(folded.as_ref()) {
        return Some(g);
    }
    if is_cyrillic(token) {
        let mut cand = String::with_capacity(token.len() + 2);
        for ending in RU_ENDINGS.iter().filter(|e| !e.is_empty()) {
            if let Some(base) = folded.strip_suffix(ending) {
                for tail in ["а", "я", "", "й", "ь"] {
                    cand.clear();
                    cand.push_str(base);
                    cand.push_str(tail);
                    if let Some(&g) = k.names.get(cand.as_str())
                        && ru_form(&cand, token)
                    {
                        return Some(g);
                    }
                }
            }
        }
    } else if lang == Lang::Hu {
        for ending in HU_ENDINGS.iter().filter(|e| !e.is_empty()) {
            if let Some(base) = folded.strip_suffix(ending)
                && let Some(&g) = k.names.get(base)
            {
                return Some(g);
            }
        }
    }
    None
}

/// Every known form of a first name: itself and its diminutives or full form ("саша" →
/// "александр", "саша", …). Unknown names give themselves.
pub fn variants(name: &str) -> Vec<String> {
    let norm = normalise(name);
    if let Some(&(g, _)) = KNOWN.names.get(fold_str(&norm).as_ref()) {
        return KNOWN.groups[g].clone();
    }
    // A name learned in a case form («меня Ольгой зовут», "Annának hívnak") stands for its
    // dictionary form.
    let lang = if is_cyrillic(&norm) {
        Lang::Ru
    } else {
        Lang::Hu
    };
    match known_group(&norm, lang) {
        Some((g, _)) => KNOWN.groups[g].clone(),
        None => vec![norm],
    }
}

/// Titles written before a surname: "Mr Smith", «господин Петров».
pub fn is_title_before(norm: &str) -> bool {
    matches!(
        norm,
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "dr"
            | "sir"
            | "madam"
            | "господин"
            | "госпожа"
            | "господина"
            | "госпожу"
            | "господину"
            | "госпоже"
            | "господином"
            | "госпожой"
            | "доктор"
    )
}

/// Titles written after a Hungarian name, in any case: "Kovács úr", "Kovács asszonynak".
pub fn is_title_after(norm: &str) -> bool {
    let n = norm.chars().count();
    (folded_starts_with(norm, "ur") && n <= 6 && !folded_starts_with(norm, "ura"))
        || folded_starts_with(norm, "asszon")
        || folded_starts_with(norm, "holgy")
        || folded_starts_with(norm, "urholgy")
        || folded_starts_with(norm, "kisasszon")
        || matches!(norm, "urat" | "uram")
}

/// Which part of a person's name a word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A first name (or its diminutive): enough on its own to address someone.
    Given,
    /// A surname or patronymic: addresses someone only beside a title or the first name.
    Family,
}

/// How careful to be before reading a word as a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caution {
    /// A known first name that is no everyday word («Ольга», "Péter").
    None,
    /// Not in the first-name lists: it may be an everyday word ("Grant", "Summer"), so in typed
    /// text it counts only with a capital letter.
    Unknown,
    /// Known to be an everyday word too («Вера», "Bill"): as `Unknown`, and never alone in
    /// lower-case ASR text.
    Everyday,
}

/// One person's name, ready to be found in turns in any case form.
#[derive(Debug, Clone, Default)]
pub struct PersonName {
    /// (folded form, part, how careful to be)
    forms: Vec<(String, Part, Caution)>,
}

impl PersonName {
    /// Reads a name as metadata gives it ("Анна Петрова", "Kovács Anna", "Mr John Smith").
    /// `lang` decides the order of unknown parts: Hungarian puts the family name first.
    pub fn parse(full: &str, lang: Lang) -> PersonName {
        let mut titled = false;
        let words: Vec<String> = full
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .map(normalise)
            .filter(|w| !w.is_empty())
            .filter(|w| {
                let title = is_title_before(w) || is_title_after(w);
                titled |= title;
                !title
            })
            .collect();
        let mut name = PersonName::default();
        let any_known = words.iter().any(|w| is_known_first_name(w, lang));
        let n = words.len();
        for (i, w) in words.iter().enumerate() {
            let patronymic =
                is_cyrillic(w) && ["вна", "вич", "ична", "ьич"].iter().any(|e| w.ends_with(e));
            let given = if patronymic {
                false
            } else if any_known {
                is_known_first_name(w, lang)
            } else if n == 1 {
                // "Mr Smith" is a family name; a lone "Siobhan" a first name.
                !titled
            } else if lang == Lang::Hu {
                i == n - 1
            } else {
                i == 0
            };
            name.add(w, if given { Part::Given } else { Part::Family });
        }
        name
    }

    /// Adds one word of a name (with its diminutives when it is a known first name).
    pub fn add(&mut self, word: &str, part: Part) {
        let norm = normalise(word);
        let forms = if part == Part::Given {
            variants(&norm)
        } else {
            vec![norm]
        };
        for f in forms {
            let caution = match KNOWN.names.get(fold_str(&f).as_ref()) {
                Some(&(_, true)) => Caution::Everyday,
                Some(_) => Caution::None,
                None => Caution::Unknown,
            };
            let f = fold_str(&f).into_owned();
            if !self.forms.iter().any(|(g, _, _)| *g == f) {
                self.forms.push((f, part, caution));
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// True when `norm` is one of the name's words (or diminutives) exactly as it stands.
    pub fn is_exactly(&self, norm: &str) -> bool {
        self.forms.iter().any(|(f, _, _)| folded_eq(norm, f))
    }

    /// True when `norm` is the first name (or a diminutive of it) exactly as it stands.
    pub fn is_given(&self, norm: &str) -> bool {
        self.forms
            .iter()
            .any(|(f, p, _)| *p == Part::Given && folded_eq(norm, f))
    }

    /// The part of the name `token` is a form of, and whether that form is known to be an
    /// everyday word too («Вера», "Bill").
    pub fn part_of(&self, token: &Token, lang: Lang) -> Option<(Part, bool)> {
        self.part_with_caution(token, lang)
            .map(|(p, c)| (p, c == Caution::Everyday))
    }

    /// The part of the name `token` is a form of, and how careful to be with it.
    pub fn part_with_caution(&self, token: &Token, lang: Lang) -> Option<(Part, Caution)> {
        // Forms are folded; compare first bytes before anything else (most words differ there).
        let first = token.norm.chars().next().map(fold)?;
        self.forms
            .iter()
            .filter(|(f, _, _)| f.starts_with(first))
            .find(|(f, _, _)| is_form_of_folded(f, &token.norm, lang))
            .map(|&(_, p, a)| (p, a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_names_match_in_every_case() {
        for t in ["ольга", "ольги", "ольгу", "ольгой", "оля", "оле"] {
            let name = PersonName::parse("Ольга", Lang::Ru);
            let tok = crate::text::tokenize(t, Lang::Ru);
            assert!(name.part_of(&tok[0], Lang::Ru).is_some(), "{t}");
        }
        assert!(!is_form_of("ольга", "ольховая", Lang::Ru));
        assert!(is_form_of("петрова", "петровой", Lang::Ru));
        assert!(is_form_of("павел", "павлу", Lang::Ru));
    }

    #[test]
    fn hungarian_names_match_with_suffixes_and_doubling() {
        for t in ["annát", "annának", "annával", "annat", "kovácsné"] {
            assert!(
                is_form_of("anna", t, Lang::Hu) || is_form_of("kovács", t, Lang::Hu),
                "{t}"
            );
        }
        assert!(is_form_of("péter", "péterrel", Lang::Hu));
        assert!(is_form_of("kovács", "kováccsal", Lang::Hu));
        assert!(!is_form_of("nagy", "nagyon", Lang::Hu));
    }

    #[test]
    fn english_names_take_only_the_possessive() {
        assert!(is_form_of("smith", "smith's", Lang::En));
        assert!(!is_form_of("mark", "market", Lang::En));
    }

    #[test]
    fn known_first_names_are_found_through_their_forms() {
        assert!(is_known_first_name("ольгой", Lang::Ru));
        assert!(is_known_first_name("annának", Lang::Hu));
        assert!(is_known_first_name("erzsi", Lang::Hu));
        assert!(!is_known_first_name("рада", Lang::Ru));
        assert!(variants("Саша").contains(&"александр".to_string()));
        assert!(variants("Ольгой").contains(&"ольга".to_string()));
    }

    #[test]
    fn metadata_names_split_into_given_and_family_parts() {
        let n = PersonName::parse("Kovács Anna", Lang::Hu);
        let t = crate::text::tokenize("Kovács Annát", Lang::Hu);
        assert_eq!(
            n.part_with_caution(&t[0], Lang::Hu),
            Some((Part::Family, Caution::Unknown))
        );
        assert_eq!(
            n.part_with_caution(&t[1], Lang::Hu),
            Some((Part::Given, Caution::None))
        );
        let n = PersonName::parse("Dr Amelia Hart", Lang::En);
        let t = crate::text::tokenize("Amelia", Lang::En);
        assert_eq!(n.part_of(&t[0], Lang::En), Some((Part::Given, false)));
        let n = PersonName::parse("Mr Smith", Lang::En);
        let t = crate::text::tokenize("Smith", Lang::En);
        assert_eq!(n.part_of(&t[0], Lang::En), Some((Part::Family, false)));
    }
}
