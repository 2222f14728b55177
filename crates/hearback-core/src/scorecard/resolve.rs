//! From what the user wrote to what the engine runs: every mistake in the file, at once, each
//! with its line and column.
//!
//! Why blocks are decoded one at a time, and a block again after dropping a bad key: serde stops
//! at the first error, but a QA lead fixing a scorecard wants the whole list in one run. Each
//! error names the key it belongs to, so removing that key and decoding again finds the next.

use std::collections::HashSet;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::conversation::{Channel, Conversation, Party};
use crate::detectors;
use crate::language::Lang;
use crate::result::Verdict;

use super::check::{
    self, Check, DetectorCheck, Metric, NaCondition, NaRule, PassWhen, PhraseCheck, PhraseSet,
    Scope, SignalCheck, SpeakerFilter, TimingCheck, Within,
};
use super::file::{
    BLOCKS, CriterionFile, HeaderFile, NaFile, PhrasesFile, S, SectionFile, TestFile, TextFile,
};
use super::phrase::{Filters, Phrase};
use super::testing::{Expectation, TestCase};
use super::{Criterion, Scorecard, ScorecardError, Section, Text, transcript};

/// Default pass threshold, in percent, when the card does not set one.
const DEFAULT_THRESHOLD: f64 = 80.0;
/// Interruptions shorter than this many seconds of overlap are ordinary turn-taking.
pub(crate) const DEFAULT_MIN_OVERLAP: f64 = 0.5;
/// Silences shorter than this many seconds are not dead air.
pub(crate) const DEFAULT_MIN_SILENCE: f64 = crate::timing::DEAD_AIR_SECONDS;

pub(crate) fn resolve(source: &str) -> Result<Scorecard, Vec<ScorecardError>> {
    let mut r = Resolver::new(source);
    let (root, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        for e in &syntax {
            r.error(e.span().map_or(0, |s| s.start), None, e.message());
        }
        return Err(r.into_errors());
    }
    let root_span = root.span();
    let mut root = root.into_inner();

    let mut blocks: [Vec<(Range<usize>, DeTable<'_>)>; 3] = Default::default();
    for (slot, name) in BLOCKS.iter().enumerate() {
        let key = root.keys().find(|k| k.get_ref().as_ref() == *name).cloned();
        let Some(value) = key.and_then(|k| root.remove(&k)) else {
            continue;
        };
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => {
                for item in items {
                    let item_span = item.span();
                    match item.into_inner() {
                        DeValue::Table(t) => blocks[slot].push((item_span, t)),
                        _ => r.error(
                            item_span.start,
                            Some(name.to_string()),
                            format!("each `{name}` must be a table: write [[{name}]] blocks"),
                        ),
                    }
                }
            }
            _ => r.error(
                span.start,
                Some(name.to_string()),
                format!("`{name}` must be a list of tables: write [[{name}]] blocks"),
            ),
        }
    }
    let [section_blocks, criterion_blocks, test_blocks] = blocks;

    let header: Option<HeaderFile> = r.decode(&root, root_span, "");
    let header = r.header(header);

    let mut sections = Vec::new();
    let mut section_ids = HashSet::new();
    for (span, table) in &section_blocks {
        let path = block_path("section", table, "id", sections.len());
        if let Some(f) = r.decode::<SectionFile>(table, span.clone(), &path)
            && let Some(s) = r.section(f, span.start, &path, &mut section_ids)
        {
            sections.push(s);
        }
    }

    // Ids as written, even of criteria that fail to resolve, so tests that name them do not
    // report a second, misleading error.
    let written_ids: HashSet<String> = criterion_blocks
        .iter()
        .filter_map(|(_, t)| str_value(t, "id"))
        .collect();
    let mut criteria = Vec::new();
    let mut criterion_ids = HashSet::new();
    for (k, (span, table)) in criterion_blocks.iter().enumerate() {
        let path = block_path("criterion", table, "id", k);
        if let Some(f) = r.decode::<CriterionFile>(table, span.clone(), &path) {
            let ctx = CriterionCtx {
                sections: &section_ids,
                has_sections: !section_blocks.is_empty(),
                ids: &mut criterion_ids,
            };
            if let Some(c) = r.criterion(f, span.start, &path, ctx) {
                criteria.push(c);
            }
        }
    }

    let mut tests = Vec::new();
    let mut test_names = HashSet::new();
    for (k, (span, table)) in test_blocks.iter().enumerate() {
        let path = block_path("test", table, "name", k);
        if let Some(f) = r.decode::<TestFile>(table, span.clone(), &path)
            && let Some(t) = r.test(f, span.start, &path, &written_ids, &mut test_names)
        {
            tests.push(t);
        }
    }

    if !r.errors.is_empty() {
        return Err(r.into_errors());
    }
    let Some((id, version, title, description, pass_threshold, company)) = header else {
        return Err(r.into_errors());
    };
    Ok(Scorecard {
        id,
        version,
        title,
        description,
        pass_threshold,
        company,
        sections,
        criteria,
        tests,
    })
}

/// `criterion[greeting]` when the block has an id, `criterion[3]` (1-based) otherwise.
fn block_path(kind: &str, table: &DeTable<'_>, key: &str, index: usize) -> String {
    match str_value(table, key) {
        Some(id) => format!("{kind}[{id}]"),
        None => format!("{kind}[{}]", index + 1),
    }
}

fn str_value(table: &DeTable<'_>, key: &str) -> Option<String> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .and_then(|(_, v)| v.get_ref().as_str().map(str::to_string))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn detectors_kinds_len(detector: &str) -> usize {
    check::detector_kinds(detector).len()
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

type Header = (String, String, Text, Option<Text>, f64, Vec<String>);

struct CriterionCtx<'a> {
    sections: &'a HashSet<String>,
    has_sections: bool,
    ids: &'a mut HashSet<String>,
}

struct Resolver<'s> {
    source: &'s str,
    line_starts: Vec<usize>,
    errors: Vec<ScorecardError>,
    /// Keys of the block being resolved that were dropped for a type or name error: a missing
    /// value there is the same mistake, already reported.
    dropped: HashSet<String>,
}

impl<'s> Resolver<'s> {
    fn new(source: &'s str) -> Resolver<'s> {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Resolver {
            source,
            line_starts,
            errors: Vec::new(),
            dropped: HashSet::new(),
        }
    }

    /// Reports a missing value unless one of `keys` was already reported as wrong.
    fn missing(&mut self, keys: &[&str], at: usize, field: Option<String>, message: &str) {
        if !keys.iter().any(|k| self.dropped.contains(*k)) {
            self.error(at, field, message);
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.source.len());
        let line = self.line_starts.partition_point(|&s| s <= byte).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .source
            .get(start..byte)
            .map_or(0, |s| s.chars().count());
        (line, column + 1)
    }

    fn error(&mut self, byte: usize, field: Option<String>, message: impl Into<String>) {
        let (line, column) = self.position(byte);
        self.errors.push(ScorecardError {
            line,
            column,
            field,
            message: message.into(),
        });
    }

    fn into_errors(mut self) -> Vec<ScorecardError> {
        self.errors.sort_by_key(|e| (e.line, e.column));
        self.errors.dedup();
        self.errors
    }

    /// Decodes a table into its serde mirror, recording every error; a key whose value is
    /// wrong is dropped and the table decoded again, so one block reports all its mistakes.
    fn decode<T: DeserializeOwned>(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        path: &str,
    ) -> Option<T> {
        let mut table = table.clone();
        self.dropped.clear();
        for _ in 0..=table.len() {
            let value = Spanned::new(span.clone(), DeValue::Table(table.clone()));
            match T::deserialize(ValueDeserializer::from(value)) {
                Ok(v) => return Some(v),
                Err(e) => {
                    let at = e.span().unwrap_or(span.clone());
                    let inside =
                        |r: Range<usize>| r.start <= at.start && at.start < r.end.max(r.start + 1);
                    let key = table
                        .iter()
                        .find(|(k, v)| inside(k.span()) || inside(v.span()))
                        .map(|(k, _)| k.clone());
                    let field = key.as_ref().map(|k| join(path, k.get_ref()));
                    self.error(
                        at.start,
                        field.or_else(|| (!path.is_empty()).then(|| path.to_string())),
                        explain_serde(e.message()),
                    );
                    match key {
                        Some(k) => {
                            self.dropped.insert(k.get_ref().to_string());
                            table.remove(&k);
                        }
                        None => return None,
                    }
                }
            }
        }
        None
    }

    fn header(&mut self, f: Option<HeaderFile>) -> Option<Header> {
        let f = f?;
        let id = self.required_id(f.id, 0, "id", "the scorecard");
        let version = match f.version {
            Some(v) if !v.get_ref().trim().is_empty() => Some(v.into_inner()),
            Some(v) => {
                self.error(
                    v.span().start,
                    Some("version".into()),
                    "the version must not be empty",
                );
                None
            }
            None => {
                self.missing(
                    &["version"],
                    0,
                    Some("version".into()),
                    "missing `version`: every score records the version it was scored with",
                );
                None
            }
        };
        let title = f
            .title
            .and_then(|t| self.text(t, "title"))
            .unwrap_or_else(|| Text::plain(id.clone().unwrap_or_default()));
        let description = f.description.and_then(|t| self.text(t, "description"));
        let threshold = match f.pass_threshold {
            None => DEFAULT_THRESHOLD,
            Some(t) => {
                let v = *t.get_ref();
                if !(0.0..=100.0).contains(&v) {
                    self.error(
                        t.span().start,
                        Some("pass_threshold".into()),
                        format!("the pass threshold is a percentage from 0 to 100, not {v}"),
                    );
                }
                v
            }
        };
        let mut company = Vec::new();
        if let Some(list) = f.company {
            for name in list.into_inner() {
                if name.get_ref().trim().is_empty() {
                    self.error(
                        name.span().start,
                        Some("company".into()),
                        "a company name must not be empty",
                    );
                } else {
                    company.push(name.into_inner());
                }
            }
        }
        Some((id?, version?, title, description, threshold, company))
    }

    fn required_id(
        &mut self,
        id: Option<S<String>>,
        at: usize,
        field: &str,
        what: &str,
    ) -> Option<String> {
        match id {
            None => {
                self.missing(
                    &["id"],
                    at,
                    Some(field.into()),
                    &format!("{what} needs an `id`"),
                );
                None
            }
            Some(id) if !is_kebab(id.get_ref()) => {
                self.error(
                    id.span().start,
                    Some(field.into()),
                    format!("`{}` is not a kebab-case id (lower-case letters, digits and single dashes, like `hold-etiquette`)", id.get_ref()),
                );
                None
            }
            Some(id) => Some(id.into_inner()),
        }
    }

    fn section(
        &mut self,
        f: SectionFile,
        at: usize,
        path: &str,
        ids: &mut HashSet<String>,
    ) -> Option<Section> {
        let id_at = f.id.as_ref().map_or(at, |i| i.span().start);
        let id = self.required_id(f.id, at, &join(path, "id"), "a section")?;
        if !ids.insert(id.clone()) {
            self.error(
                id_at,
                Some(join(path, "id")),
                format!("duplicate section id `{id}`"),
            );
        }
        let title = f
            .title
            .and_then(|t| self.text(t, &join(path, "title")))
            .unwrap_or_else(|| Text::plain(id.clone()));
        Some(Section { id, title })
    }

    fn text(&mut self, t: S<TextFile>, path: &str) -> Option<Text> {
        let at = t.span().start;
        match t.into_inner() {
            TextFile::Plain(s) => Some(Text::plain(s)),
            TextFile::PerLang(p) => {
                let texts: Vec<(Lang, String)> =
                    [(Lang::Ru, p.ru), (Lang::Hu, p.hu), (Lang::En, p.en)]
                        .into_iter()
                        .filter_map(|(l, s)| s.map(|s| (l, s)))
                        .collect();
                if texts.is_empty() {
                    self.error(
                        at,
                        Some(path.into()),
                        "give the text in at least one of ru, hu, en",
                    );
                    return None;
                }
                Some(Text::per_lang(texts))
            }
        }
    }

    fn choice<T: Copy>(&mut self, v: &S<String>, path: &str, options: &[(&str, T)]) -> Option<T> {
        let found = options
            .iter()
            .find(|(n, _)| *n == v.get_ref())
            .map(|(_, t)| *t);
        if found.is_none() {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            self.error(
                v.span().start,
                Some(path.into()),
                format!(
                    "unknown value `{}`; expected one of: {}",
                    v.get_ref(),
                    names.join(", ")
                ),
            );
        }
        found
    }

    fn channel(&mut self, v: &S<String>, path: &str) -> Option<Channel> {
        let options: Vec<(&str, Channel)> = Channel::ALL.iter().map(|c| (c.as_str(), *c)).collect();
        self.choice(v, path, &options)
    }

    fn speaker(&mut self, v: Option<&S<String>>, path: &str) -> SpeakerFilter {
        v.and_then(|v| {
            self.choice(
                v,
                path,
                &[
                    ("agent", SpeakerFilter::Agent),
                    ("customer", SpeakerFilter::Customer),
                    ("any", SpeakerFilter::Any),
                ],
            )
        })
        .unwrap_or(SpeakerFilter::Agent)
    }

    /// Compiles phrase lists; `any` rules are compiled for each language.
    fn phrases(&mut self, v: &S<PhrasesFile>, path: &str) -> Option<PhraseSet> {
        let f = v.get_ref();
        let mut set = PhraseSet::default();
        let mut ok = true;
        let lists = [
            (Lang::Ru, &f.ru, "ru"),
            (Lang::Hu, &f.hu, "hu"),
            (Lang::En, &f.en, "en"),
        ];
        for (i, (lang, list, key)) in lists.into_iter().enumerate() {
            for p in list.iter().flat_map(|l| l.get_ref()) {
                match Phrase::parse(p.get_ref(), lang) {
                    Ok(ph) => set.by_lang[i].push(ph),
                    Err(e) => {
                        ok = false;
                        self.phrase_error(p, e, &format!("{path}.{key}"));
                    }
                }
            }
        }
        for p in f.any.iter().flat_map(|l| l.get_ref()) {
            for (i, lang) in Lang::SUPPORTED.into_iter().enumerate() {
                match Phrase::parse(p.get_ref(), lang) {
                    Ok(ph) => set.by_lang[i].push(ph),
                    Err(e) => {
                        ok = false;
                        self.phrase_error(p, e, &format!("{path}.any"));
                        break;
                    }
                }
            }
        }
        if ok && set.is_empty() {
            self.error(
                v.span().start,
                Some(path.into()),
                "no phrases: give at least one list (ru, hu, en or any) with a phrase",
            );
            return None;
        }
        ok.then_some(set)
    }

    fn phrase_error(&mut self, p: &S<String>, e: super::phrase::PhraseError, path: &str) {
        let byte = string_byte_offset(self.source, p.span(), e.offset);
        self.error(
            byte,
            Some(path.into()),
            format!("in phrase `{}`: {}", p.get_ref(), e.message),
        );
    }

    fn criterion(
        &mut self,
        f: CriterionFile,
        at: usize,
        path: &str,
        ctx: CriterionCtx<'_>,
    ) -> Option<Criterion> {
        let errors_before = self.errors.len();
        let id_at = f.id.as_ref().map_or(at, |i| i.span().start);
        let id = self.required_id(f.id.clone(), at, &join(path, "id"), "a criterion");
        if let Some(id) = &id
            && !ctx.ids.insert(id.clone())
        {
            self.error(
                id_at,
                Some(join(path, "id")),
                format!("duplicate criterion id `{id}`"),
            );
        }
        let section = match &f.section {
            Some(s) if ctx.sections.contains(s.get_ref()) => s.get_ref().clone(),
            Some(s) => {
                let mut known: Vec<&String> = ctx.sections.iter().collect();
                known.sort();
                let known: Vec<&str> = known.into_iter().map(String::as_str).collect();
                self.error(
                    s.span().start,
                    Some(join(path, "section")),
                    if known.is_empty() {
                        format!(
                            "unknown section `{}`: the scorecard declares no [[section]]",
                            s.get_ref()
                        )
                    } else {
                        format!(
                            "unknown section `{}`; declared sections: {}",
                            s.get_ref(),
                            known.join(", ")
                        )
                    },
                );
                String::new()
            }
            None if ctx.has_sections => {
                self.missing(&["section"], at, Some(join(path, "section")), "missing `section`: the scorecard declares sections, so each criterion names one");
                String::new()
            }
            None => String::new(),
        };
        let title = f
            .title
            .clone()
            .and_then(|t| self.text(t, &join(path, "title")))
            .unwrap_or_else(|| Text::plain(id.clone().unwrap_or_default()));
        let description = f
            .description
            .clone()
            .and_then(|t| self.text(t, &join(path, "description")));
        let weight = match &f.weight {
            None => 1.0,
            Some(w) => {
                let v = *w.get_ref();
                if !(v > 0.0 && v.is_finite()) {
                    self.error(
                        w.span().start,
                        Some(join(path, "weight")),
                        format!("the weight must be greater than 0, not {v}"),
                    );
                }
                v
            }
        };
        let critical = f.critical.as_ref().is_some_and(|c| *c.get_ref());
        let mut channels = Vec::new();
        for c in f.channels.iter().flat_map(|l| l.get_ref()) {
            if let Some(ch) = self.channel(c, &join(path, "channels")) {
                channels.push(ch);
            }
        }
        let na_when = self.na_rules(&f, path);
        let pass_note = f
            .pass_note
            .clone()
            .and_then(|t| self.text(t, &join(path, "pass_note")));
        let fail_note = f
            .fail_note
            .clone()
            .and_then(|t| self.text(t, &join(path, "fail_note")));
        let check = self.check(&f, at, path);
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Criterion {
            id: id?,
            section,
            title,
            description,
            weight,
            critical,
            channels,
            na_when,
            check: check?,
            pass_note,
            fail_note,
            line: self.position(at).0,
        })
    }

    fn na_rules(&mut self, f: &CriterionFile, path: &str) -> Vec<NaRule> {
        let mut out = Vec::new();
        let path = join(path, "na_when");
        for entry in f.na_when.iter().flat_map(|l| l.get_ref()) {
            let at = entry.span().start;
            match entry.get_ref() {
                NaFile::Name(name) => {
                    let rule = match name.as_str() {
                        "no-timestamps" => Some(NaRule::NoTimestamps),
                        "no-customer-name" => Some(NaRule::NoCustomerName),
                        "customer-name-unknown" => Some(NaRule::CustomerNameUnknown),
                        "no-agent-name" => Some(NaRule::NoAgentName),
                        n => match n.strip_prefix("channel:") {
                            Some(c) => {
                                let options: Vec<(&str, Channel)> =
                                    Channel::ALL.iter().map(|c| (c.as_str(), *c)).collect();
                                let v = Spanned::new(entry.span(), c.to_string());
                                self.choice(&v, &path, &options).map(NaRule::Channel)
                            }
                            None => {
                                self.error(
                                    at,
                                    Some(path.clone()),
                                    format!("unknown N/A condition `{n}`; known: {}, or a table such as {{ phrase_absent = {{ … }} }}", NaRule::NAMES.join(", ")),
                                );
                                None
                            }
                        },
                    };
                    out.extend(rule);
                }
                NaFile::Rule(rule) => {
                    if rule.phrase_absent.is_none()
                        && rule.phrase_found.is_none()
                        && rule.detector_absent.is_none()
                        && rule.detector_found.is_none()
                        && rule.no_silence_over.is_none()
                        && rule.no_agent_pause_over.is_none()
                    {
                        self.error(at, Some(path.clone()), "an N/A table needs a condition: phrase_absent, phrase_found, detector_absent, detector_found, no_silence_over or no_agent_pause_over");
                        continue;
                    }
                    let phrase_absent = rule
                        .phrase_absent
                        .as_ref()
                        .and_then(|p| self.phrases(p, &join(&path, "phrase_absent")));
                    let phrase_found = rule
                        .phrase_found
                        .as_ref()
                        .and_then(|p| self.phrases(p, &join(&path, "phrase_found")));
                    let detector_absent = self.detector_list(
                        rule.detector_absent.as_ref(),
                        &join(&path, "detector_absent"),
                    );
                    let detector_found = self.detector_list(
                        rule.detector_found.as_ref(),
                        &join(&path, "detector_found"),
                    );
                    let speaker = self.speaker(rule.speaker.as_ref(), &join(&path, "speaker"));
                    let no_silence_over =
                        self.positive(rule.no_silence_over.as_ref(), &path, "no_silence_over");
                    let no_agent_pause_over = self.positive(
                        rule.no_agent_pause_over.as_ref(),
                        &path,
                        "no_agent_pause_over",
                    );
                    let note = rule
                        .note
                        .as_ref()
                        .and_then(|t| self.text(t.clone(), &join(&path, "note")));
                    out.push(NaRule::When(Box::new(NaCondition {
                        phrase_absent,
                        phrase_found,
                        detector_absent,
                        detector_found,
                        speaker,
                        no_silence_over,
                        no_agent_pause_over,
                        note,
                    })));
                }
            }
        }
        out
    }

    fn check(&mut self, f: &CriterionFile, at: usize, path: &str) -> Option<Check> {
        let kinds: Vec<(&str, usize)> = [
            ("detector", f.detector.as_ref().map(|v| v.span().start)),
            ("phrases", f.phrases.as_ref().map(|v| v.span().start)),
            ("timing", f.timing.as_ref().map(|v| v.span().start)),
            ("signal", f.signal.as_ref().map(|v| v.span().start)),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect();
        let kind = match kinds.as_slice() {
            [] => {
                self.missing(&["detector", "phrases", "timing", "signal"], at, Some(path.into()), "the criterion has no check: give one of `detector`, `phrases`, `timing` or `signal`");
                return None;
            }
            [(k, _)] => *k,
            [(first, _), rest @ ..] => {
                for (k, s) in rest {
                    self.error(
                        *s,
                        Some(join(path, k)),
                        format!("a criterion has one check; it already has `{first}`"),
                    );
                }
                return None;
            }
        };
        // Options that do not belong to the chosen kind are mistakes, not silently ignored.
        let applies: &[&str] = match kind {
            "detector" => &[
                "speaker",
                "pass_when",
                "kinds",
                "min_kinds",
                "also_found",
                "also_absent",
            ],
            "phrases" => &[
                "speaker",
                "pass_when",
                "also",
                "within",
                "between_seconds",
                "min_count",
                "negation",
                "quoted",
            ],
            "timing" => &["min", "max", "min_overlap", "min_silence"],
            _ => &["min", "max"],
        };
        let options: [(&str, Option<usize>); 16] = [
            ("speaker", f.speaker.as_ref().map(|v| v.span().start)),
            ("pass_when", f.pass_when.as_ref().map(|v| v.span().start)),
            ("kinds", f.kinds.as_ref().map(|v| v.span().start)),
            ("min_kinds", f.min_kinds.as_ref().map(|v| v.span().start)),
            ("also_found", f.also_found.as_ref().map(|v| v.span().start)),
            (
                "also_absent",
                f.also_absent.as_ref().map(|v| v.span().start),
            ),
            ("also", f.also.as_ref().map(|v| v.span().start)),
            ("within", f.within.as_ref().map(|v| v.span().start)),
            (
                "between_seconds",
                f.between_seconds.as_ref().map(|v| v.span().start),
            ),
            ("min_count", f.min_count.as_ref().map(|v| v.span().start)),
            ("negation", f.negation.as_ref().map(|v| v.span().start)),
            ("quoted", f.quoted.as_ref().map(|v| v.span().start)),
            ("min", f.min.as_ref().map(|v| v.span().start)),
            ("max", f.max.as_ref().map(|v| v.span().start)),
            (
                "min_overlap",
                f.min_overlap.as_ref().map(|v| v.span().start),
            ),
            (
                "min_silence",
                f.min_silence.as_ref().map(|v| v.span().start),
            ),
        ];
        let mut misplaced = false;
        for (name, span) in options {
            if let Some(s) = span
                && !applies.contains(&name)
            {
                misplaced = true;
                let kind_word = if kind == "phrases" { "phrase" } else { kind };
                self.error(
                    s,
                    Some(join(path, name)),
                    format!("`{name}` does not apply to a {kind_word} check"),
                );
            }
        }
        let pass_when = f.pass_when.as_ref().and_then(|v| {
            self.choice(
                v,
                &join(path, "pass_when"),
                &[("found", PassWhen::Found), ("absent", PassWhen::Absent)],
            )
        });
        let check = match kind {
            "detector" => {
                let d = f.detector.as_ref()?;
                let known = self.detector_id(d, &join(path, "detector"));
                let pass_when = pass_when.unwrap_or(PassWhen::Absent);
                let kinds = self.kinds(f, d.get_ref(), known, path);
                let min_kinds = match &f.min_kinds {
                    None => 1,
                    Some(n) => {
                        let listed = if kinds.is_empty() {
                            detectors_kinds_len(d.get_ref())
                        } else {
                            kinds.len()
                        };
                        let at = n.span().start;
                        let field = Some(join(path, "min_kinds"));
                        let v = self.count(n, path, "min_kinds").unwrap_or(1);
                        if pass_when == PassWhen::Absent {
                            self.error(
                                at,
                                field,
                                "`min_kinds` works with pass_when = \"found\" only",
                            );
                        } else if known && listed == 0 {
                            self.error(
                                at,
                                field,
                                format!(
                                    "detector `{}` reports no kinds, so `min_kinds` cannot be met",
                                    d.get_ref()
                                ),
                            );
                        } else if known && v > listed {
                            self.error(
                                at,
                                field,
                                format!("`min_kinds` is {v}, but only {listed} kinds can be found"),
                            );
                        }
                        v
                    }
                };
                let also_found =
                    self.detector_list(f.also_found.as_ref(), &join(path, "also_found"));
                let also_absent =
                    self.detector_list(f.also_absent.as_ref(), &join(path, "also_absent"));
                Check::Detector(DetectorCheck {
                    detector: d.get_ref().clone(),
                    pass_when,
                    speaker: self.speaker(f.speaker.as_ref(), &join(path, "speaker")),
                    kinds,
                    min_kinds,
                    also_found,
                    also_absent,
                })
            }
            "phrases" => Check::Phrase(self.phrase_check(f, path, pass_when)?),
            "timing" => {
                let m = f.timing.as_ref()?;
                let options: Vec<(&str, Metric)> = Metric::ALL.to_vec();
                let metric = self.choice(m, &join(path, "timing"), &options);
                let (min, max) = self.limits(f, at, path, metric.is_some_and(Metric::is_share));
                if let (Some(o), Some(m)) = (&f.min_overlap, metric)
                    && m != Metric::Interruptions
                {
                    self.error(
                        o.span().start,
                        Some(join(path, "min_overlap")),
                        "`min_overlap` applies to timing = \"interruptions\"",
                    );
                }
                if let (Some(o), Some(m)) = (&f.min_silence, metric)
                    && m != Metric::DeadAir
                {
                    self.error(
                        o.span().start,
                        Some(join(path, "min_silence")),
                        "`min_silence` applies to timing = \"dead_air\"",
                    );
                }
                let min_overlap = self
                    .non_negative(f.min_overlap.as_ref(), path, "min_overlap")
                    .unwrap_or(DEFAULT_MIN_OVERLAP);
                let min_silence = self
                    .positive(f.min_silence.as_ref(), path, "min_silence")
                    .unwrap_or(DEFAULT_MIN_SILENCE);
                Check::Timing(TimingCheck {
                    metric: metric?,
                    min,
                    max,
                    min_overlap,
                    min_silence,
                })
            }
            _ => {
                let s = f.signal.as_ref()?;
                if s.get_ref().trim().is_empty() {
                    self.error(
                        s.span().start,
                        Some(join(path, "signal")),
                        "the signal name must not be empty",
                    );
                }
                let (min, max) = self.limits(f, at, path, false);
                Check::Signal(SignalCheck {
                    name: s.get_ref().clone(),
                    min,
                    max,
                })
            }
        };
        (!misplaced).then_some(check)
    }

    /// Checks a detector id; false (with an error listing the known ones) when there is none.
    fn detector_id(&mut self, d: &S<String>, path: &str) -> bool {
        if detectors::by_id(d.get_ref()).is_some() {
            return true;
        }
        let known: Vec<&str> = detectors::ALL.iter().map(|d| d.id()).collect();
        self.error(
            d.span().start,
            Some(path.into()),
            if known.is_empty() {
                format!("unknown detector `{}`; this build has no detectors yet (answer the criterion with `phrases` until one exists)", d.get_ref())
            } else {
                format!("unknown detector `{}`; known detectors: {}", d.get_ref(), known.join(", "))
            },
        );
        false
    }

    /// A list of detector ids (`also_found`, `detector_absent`…); each unknown one is an error.
    fn detector_list(&mut self, v: Option<&S<Vec<S<String>>>>, path: &str) -> Vec<String> {
        let Some(v) = v else {
            return Vec::new();
        };
        if v.get_ref().is_empty() {
            self.error(
                v.span().start,
                Some(path.into()),
                "the list is empty: name at least one detector",
            );
        }
        let mut out = Vec::new();
        for d in v.get_ref() {
            if self.detector_id(d, path) {
                out.push(d.get_ref().clone());
            }
        }
        out
    }

    /// `kinds = […]`: each must be one the detector reports.
    fn kinds(&mut self, f: &CriterionFile, detector: &str, known: bool, path: &str) -> Vec<String> {
        let Some(v) = &f.kinds else {
            return Vec::new();
        };
        let path = join(path, "kinds");
        let reported = check::detector_kinds(detector);
        if v.get_ref().is_empty() {
            self.error(
                v.span().start,
                Some(path.clone()),
                "the list is empty: name at least one kind, or leave `kinds` out to count every finding",
            );
        }
        let mut out = Vec::new();
        for k in v.get_ref() {
            if !known {
                continue;
            }
            if reported.contains(&k.get_ref().as_str()) {
                out.push(k.get_ref().clone());
            } else if reported.is_empty() {
                self.error(
                    k.span().start,
                    Some(path.clone()),
                    format!("detector `{detector}` reports no kinds; leave `kinds` out"),
                );
            } else {
                self.error(
                    k.span().start,
                    Some(path.clone()),
                    format!(
                        "unknown kind `{}` of detector `{detector}`; its kinds: {}",
                        k.get_ref(),
                        reported.join(", ")
                    ),
                );
            }
        }
        out
    }

    fn limits(
        &mut self,
        f: &CriterionFile,
        at: usize,
        path: &str,
        ratio: bool,
    ) -> (Option<f64>, Option<f64>) {
        let min = f.min.as_ref().map(|v| *v.get_ref());
        let max = f.max.as_ref().map(|v| *v.get_ref());
        if min.is_none() && max.is_none() {
            self.missing(
                &["min", "max"],
                at,
                Some(path.into()),
                "give `min`, `max` or both: the limits the value must stay within",
            );
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
            && let Some(m) = &f.min
        {
            self.error(
                m.span().start,
                Some(join(path, "min")),
                format!("`min` ({a}) is greater than `max` ({b})"),
            );
        }
        if ratio {
            for (name, v) in [("min", &f.min), ("max", &f.max)] {
                if let Some(v) = v
                    && !(0.0..=1.0).contains(v.get_ref())
                {
                    self.error(
                        v.span().start,
                        Some(join(path, name)),
                        "talk_ratio_agent and overtalk_share are shares from 0 to 1 (0.6 = 60 %)",
                    );
                }
            }
        }
        (min, max)
    }

    fn positive(&mut self, v: Option<&S<f64>>, path: &str, name: &str) -> Option<f64> {
        let v = v?;
        if !(*v.get_ref() > 0.0 && v.get_ref().is_finite()) {
            self.error(
                v.span().start,
                Some(join(path, name)),
                format!("`{name}` must be more than 0"),
            );
        }
        Some(*v.get_ref())
    }

    fn non_negative(&mut self, v: Option<&S<f64>>, path: &str, name: &str) -> Option<f64> {
        let v = v?;
        if !(*v.get_ref() >= 0.0 && v.get_ref().is_finite()) {
            self.error(
                v.span().start,
                Some(join(path, name)),
                format!("`{name}` must be 0 or more"),
            );
        }
        Some(*v.get_ref())
    }

    fn phrase_check(
        &mut self,
        f: &CriterionFile,
        path: &str,
        pass_when: Option<PassWhen>,
    ) -> Option<PhraseCheck> {
        let phrases = f
            .phrases
            .as_ref()
            .and_then(|p| self.phrases(p, &join(path, "phrases")));
        let also = f
            .also
            .as_ref()
            .and_then(|p| self.phrases(p, &join(path, "also")));
        let pass_when = pass_when.unwrap_or(PassWhen::Found);
        if let Some(a) = &f.also
            && pass_when == PassWhen::Absent
        {
            self.error(
                a.span().start,
                Some(join(path, "also")),
                "`also` works with pass_when = \"found\" only",
            );
        }
        let speaker = self.speaker(f.speaker.as_ref(), &join(path, "speaker"));
        let mut scope = Scope::default();
        if let Some(w) = &f.within {
            let wf = w.get_ref();
            let mut given = Vec::new();
            if let Some(n) = &wf.first_turns {
                given.push(
                    self.count(n, path, "within.first_turns")
                        .map(Within::FirstTurns),
                );
            }
            if let Some(n) = &wf.last_turns {
                given.push(
                    self.count(n, path, "within.last_turns")
                        .map(Within::LastTurns),
                );
            }
            if let Some(s) = &wf.first_seconds {
                given.push(
                    self.positive(Some(s), path, "within.first_seconds")
                        .map(Within::FirstSeconds),
                );
            }
            if let Some(s) = &wf.last_seconds {
                given.push(
                    self.positive(Some(s), path, "within.last_seconds")
                        .map(Within::LastSeconds),
                );
            }
            match given.as_slice() {
                [one] => scope.within = *one,
                _ => self.error(
                    w.span().start,
                    Some(join(path, "within")),
                    "`within` takes exactly one of first_turns, last_turns, first_seconds, last_seconds",
                ),
            }
        }
        if let Some(b) = &f.between_seconds {
            match b.get_ref().as_slice() {
                [a, z] if *a.get_ref() >= 0.0 && a.get_ref() < z.get_ref() => {
                    scope.between_seconds = Some((*a.get_ref(), *z.get_ref()));
                }
                _ => self.error(
                    b.span().start,
                    Some(join(path, "between_seconds")),
                    "`between_seconds` is [from, to] in seconds, with 0 <= from < to",
                ),
            }
        }
        let min_count = match &f.min_count {
            Some(n) => self.count(n, path, "min_count").unwrap_or(1),
            None => 1,
        };
        let allow = [("exclude", false), ("allow", true)];
        let allow_negated = f
            .negation
            .as_ref()
            .and_then(|v| self.choice(v, &join(path, "negation"), &allow))
            .unwrap_or(false);
        let allow_quoted = f
            .quoted
            .as_ref()
            .and_then(|v| self.choice(v, &join(path, "quoted"), &allow))
            .unwrap_or(false);
        Some(PhraseCheck {
            phrases: phrases?,
            also,
            speaker,
            scope,
            pass_when,
            min_count,
            filters: Filters {
                allow_negated,
                allow_quoted,
            },
        })
    }

    fn count(&mut self, n: &S<i64>, path: &str, name: &str) -> Option<usize> {
        match usize::try_from(*n.get_ref()) {
            Ok(v) if v >= 1 => Some(v),
            _ => {
                self.error(
                    n.span().start,
                    Some(join(path, name)),
                    format!("`{name}` must be 1 or more"),
                );
                None
            }
        }
    }

    fn test(
        &mut self,
        f: TestFile,
        at: usize,
        path: &str,
        criteria: &HashSet<String>,
        names: &mut HashSet<String>,
    ) -> Option<TestCase> {
        let errors_before = self.errors.len();
        let name = match &f.name {
            Some(n) if !n.get_ref().trim().is_empty() => {
                if !names.insert(n.get_ref().clone()) {
                    self.error(
                        n.span().start,
                        Some(join(path, "name")),
                        format!("duplicate test name `{}`", n.get_ref()),
                    );
                }
                n.get_ref().clone()
            }
            _ => {
                self.missing(
                    &["name"],
                    at,
                    Some(join(path, "name")),
                    "a test needs a `name`",
                );
                String::new()
            }
        };
        let lang = f.lang.as_ref().map(|l| Lang::parse(l.get_ref()));
        let channel = f
            .channel
            .as_ref()
            .and_then(|c| self.channel(c, &join(path, "channel")))
            .unwrap_or_default();
        let turns = match &f.transcript {
            None => {
                self.missing(
                    &["transcript"],
                    at,
                    Some(join(path, "transcript")),
                    "a test needs a `transcript`",
                );
                Vec::new()
            }
            Some(t) => match transcript::parse(t.get_ref()) {
                Ok(turns) => turns,
                Err(errors) => {
                    for e in errors {
                        let line_start: usize = t
                            .get_ref()
                            .split_inclusive('\n')
                            .take(e.line)
                            .map(|l| l.chars().count())
                            .sum();
                        let byte = string_byte_offset(self.source, t.span(), line_start + e.column);
                        self.error(byte, Some(join(path, "transcript")), e.message);
                    }
                    Vec::new()
                }
            },
        };
        let mut expect = Vec::new();
        let verdicts = [
            ("pass", Verdict::Pass),
            ("fail", Verdict::Fail),
            ("na", Verdict::Na),
        ];
        for (k, v) in f.expect.iter().flat_map(|m| m.get_ref()) {
            if !criteria.contains(k.get_ref()) {
                let mut known: Vec<&String> = criteria.iter().collect();
                known.sort();
                let known: Vec<&str> = known.into_iter().map(String::as_str).collect();
                self.error(
                    k.span().start,
                    Some(join(path, "expect")),
                    format!(
                        "unknown criterion `{}`; the scorecard's criteria: {}",
                        k.get_ref(),
                        known.join(", ")
                    ),
                );
                continue;
            }
            if let Some(verdict) = self.choice(
                v,
                &join(path, &format!("expect.{}", k.get_ref())),
                &verdicts,
            ) {
                expect.push(Expectation {
                    criterion: k.get_ref().clone(),
                    verdict,
                });
            }
        }
        if let Some(s) = &f.expect_score
            && !(0.0..=100.0).contains(s.get_ref())
        {
            self.error(
                s.span().start,
                Some(join(path, "expect_score")),
                "a score is from 0 to 100",
            );
        }
        if f.expect.is_none() && f.expect_score.is_none() && f.expect_passed.is_none() {
            self.missing(
                &["expect", "expect_score", "expect_passed"],
                at,
                Some(path.into()),
                "a test must expect something: `expect`, `expect_score` or `expect_passed`",
            );
        }
        if self.errors.len() > errors_before {
            return None;
        }
        let party = |p: &Option<S<String>>| {
            p.as_ref().map(|n| Party {
                name: Some(n.get_ref().clone()),
                ..Party::default()
            })
        };
        let turns = message_times(turns, channel);
        let conversation = Conversation {
            id: format!("test: {name}"),
            channel,
            agent: party(&f.agent),
            customer: party(&f.customer),
            turns,
            ..Conversation::default()
        };
        Some(TestCase {
            name,
            line: self.position(at).0,
            lang,
            conversation,
            expect,
            expect_score: f.expect_score.map(|s| s.into_inner()),
            expect_passed: f.expect_passed.map(|s| s.into_inner()),
        })
    }
}

/// Chats and e-mails carry the wall-clock time of each message (`at`), not call seconds, so in
/// their tests `[mm:ss]` is read as the message's time on an arbitrary day.
fn message_times(
    mut turns: Vec<crate::conversation::Turn>,
    channel: Channel,
) -> Vec<crate::conversation::Turn> {
    if !matches!(channel, Channel::Chat | Channel::Email) {
        return turns;
    }
    // 2026-01-01T00:00:00Z: any fixed day will do.
    const DAY: i64 = 1_767_225_600;
    for t in &mut turns {
        if let Some(s) = t.start.take() {
            t.end = None;
            let millis = (s * 1000.0).round() as i64;
            t.at = chrono::DateTime::from_timestamp_millis(DAY * 1000 + millis)
                .map(|d| d.fixed_offset());
        }
    }
    turns
}

/// Rewrites serde's messages where a user deserves better: an unknown field gets a "did you
/// mean" and the list of known fields.
fn explain_serde(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let closest = known
        .iter()
        .map(|k| (edit_distance(unknown, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min();
    let mut out = format!("unknown field `{unknown}`");
    if let Some((_, k)) = closest {
        out.push_str(&format!(" (did you mean `{k}`?)"));
    }
    if !known.is_empty() {
        out.push_str(&format!("; known fields: {}", known.join(", ")));
    }
    out
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Byte offset in the file of the `char_offset`-th character of a TOML string's value, whose
/// literal (with its quotes) spans `span`. Escapes (`\"`, `\u00e9`) and the newline that follows
/// an opening `"""` are accounted for, so a column inside a phrase points at the right place.
fn string_byte_offset(source: &str, span: Range<usize>, char_offset: usize) -> usize {
    let Some(raw) = source.get(span.clone()) else {
        return span.start;
    };
    let (delim, literal) = if raw.starts_with("\"\"\"") {
        (3, false)
    } else if raw.starts_with("'''") {
        (3, true)
    } else if raw.starts_with('"') {
        (1, false)
    } else if raw.starts_with('\'') {
        (1, true)
    } else {
        return span.start;
    };
    // Every slice below goes through `get`: a malformed literal gives a rough column, never a
    // panic.
    let rest = |i: usize| raw.get(i..).unwrap_or("");
    let mut i = delim;
    if delim == 3 {
        if rest(i).starts_with("\r\n") {
            i += 2;
        } else if rest(i).starts_with('\n') {
            i += 1;
        }
    }
    let mut seen = 0;
    while i < raw.len() {
        let mut chars = rest(i).chars();
        let Some(c) = chars.next() else {
            break;
        };
        if !literal && c == '\\' {
            let width = match chars.next() {
                Some(w) if w.is_whitespace() => {
                    // A line-ending backslash swallows the newline and the indentation after it.
                    i += 1;
                    while let Some(w) = rest(i).chars().next().filter(|w| w.is_whitespace()) {
                        i += w.len_utf8();
                    }
                    continue;
                }
                Some('u') => 6,
                Some('U') => 10,
                Some('x') => 4,
                _ => 2,
            };
            if seen == char_offset {
                break;
            }
            i += width;
            seen += 1;
            continue;
        }
        if seen == char_offset {
            break;
        }
        i += c.len_utf8();
        seen += 1;
    }
    span.start + i.min(raw.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<ScorecardError> {
        resolve(src).unwrap_err()
    }

    const MINIMAL: &str = r#"
id = "mini"
version = "1"

[[criterion]]
id = "greeting"
title = "Greeting"
phrases.en = ["hello"]
"#;

    #[test]
    fn a_minimal_card_resolves_with_defaults() {
        let card = resolve(MINIMAL).unwrap();
        assert_eq!(card.pass_threshold, 80.0);
        let c = &card.criteria[0];
        assert_eq!(c.weight, 1.0);
        assert_eq!(c.line, 5);
        let Check::Phrase(p) = &c.check else {
            panic!("phrase check expected")
        };
        assert_eq!(p.speaker, SpeakerFilter::Agent);
        assert_eq!(p.pass_when, PassWhen::Found);
    }

    #[test]
    fn string_offsets_follow_escapes_and_multiline_strings() {
        let src = r#"a = "x\"y(z""#;
        let span = 4..src.len();
        // The decoded value is x"y(z; its `(` (char 3) is at byte 9 of the file.
        assert_eq!(string_byte_offset(src, span, 3), 9);
        let src = "a = '''\nab(c'''";
        assert_eq!(string_byte_offset(src, 4..src.len(), 2), 10);
    }

    #[test]
    fn an_unknown_field_suggests_the_closest() {
        let src = MINIMAL.replace("title = \"Greeting\"", "titel = \"Greeting\"");
        let e = &errors(&src)[0];
        assert_eq!((e.line, e.column), (7, 1));
        assert!(e.message.contains("did you mean `title`?"), "{}", e.message);
        assert_eq!(e.field.as_deref(), Some("criterion[greeting].titel"));
    }

    #[test]
    fn an_unknown_detector_is_reported_with_the_known_ones() {
        let src = MINIMAL.replace(
            "phrases.en = [\"hello\"]",
            "detector = \"no-such-detector\"",
        );
        let e = &errors(&src)[0];
        assert!(
            e.message.contains("unknown detector `no-such-detector`"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (8, 12));
    }

    #[test]
    fn options_of_another_check_kind_are_errors() {
        let src = MINIMAL.replace(
            "phrases.en = [\"hello\"]",
            "phrases.en = [\"hello\"]\nmax = 3",
        );
        assert_eq!(
            errors(&src)[0].message,
            "`max` does not apply to a phrase check"
        );
    }

    #[test]
    fn missing_values_are_reported_but_not_twice() {
        let e = errors("id = \"x\"\n[[criterion]]\nid = \"a\"\n[[test]]\nname = \"t\"\n");
        let messages: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.starts_with("missing `version`")));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("the criterion has no check"))
        );
        assert!(messages.contains(&"a test needs a `transcript`"));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("a test must expect something"))
        );
        // A version of the wrong type is one mistake, not also a missing version.
        let e = errors(&MINIMAL.replace("version = \"1\"", "version = 1"));
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn syntax_errors_are_reported_with_positions() {
        let e = errors("id = \"x\"\nversion = = 2\n");
        assert_eq!(e[0].line, 2);
    }

    fn detector_card(options: &str) -> String {
        format!("id = \"d\"\nversion = \"1\"\n\n[[criterion]]\nid = \"c\"\n{options}\n")
    }

    #[test]
    fn detector_options_resolve() {
        let card = resolve(&detector_card(
            "detector = \"closing\"\npass_when = \"found\"\nkinds = [\"thanks\", \"farewell\"]\nmin_kinds = 2\nalso_found = [\"greeting\"]\nalso_absent = [\"rudeness\"]\nna_when = [{ detector_absent = [\"offer\"], detector_found = [\"pressure\"] }, \"customer-name-unknown\"]",
        ))
        .unwrap();
        let c = &card.criteria[0];
        let Check::Detector(d) = &c.check else {
            panic!("detector check expected")
        };
        assert_eq!(d.kinds, ["thanks", "farewell"]);
        assert_eq!(d.min_kinds, 2);
        assert_eq!(
            (d.also_found.as_slice(), d.also_absent.as_slice()),
            (&["greeting".to_string()][..], &["rudeness".to_string()][..])
        );
        let NaRule::When(n) = &c.na_when[0] else {
            panic!("an N/A table expected")
        };
        assert_eq!(n.detector_absent, ["offer"]);
        assert_eq!(n.detector_found, ["pressure"]);
        assert_eq!(c.na_when[1], NaRule::CustomerNameUnknown);
    }

    #[test]
    fn detector_option_mistakes_are_reported_where_they_are() {
        let cases = [
            (
                "detector = \"closing\"\nkinds = [\"thanks\", \"goodbye\"]",
                (7, 20),
                "unknown kind `goodbye` of detector `closing`; its kinds: thanks, offer, farewell",
            ),
            (
                "detector = \"greeting\"\nkinds = [\"formal\"]",
                (7, 10),
                "detector `greeting` reports no kinds; leave `kinds` out",
            ),
            (
                "detector = \"closing\"\nmin_kinds = 2",
                (7, 13),
                "`min_kinds` works with pass_when = \"found\" only",
            ),
            (
                "detector = \"closing\"\npass_when = \"found\"\nkinds = [\"thanks\"]\nmin_kinds = 2",
                (9, 13),
                "`min_kinds` is 2, but only 1 kinds can be found",
            ),
            (
                "detector = \"greeting\"\npass_when = \"found\"\nmin_kinds = 2",
                (8, 13),
                "detector `greeting` reports no kinds, so `min_kinds` cannot be met",
            ),
            (
                "detector = \"greeting\"\nalso_absent = [\"rudenes\"]",
                (7, 16),
                "unknown detector `rudenes`; known detectors:",
            ),
            (
                "detector = \"greeting\"\nna_when = [{ detector_absent = [] }]",
                (7, 32),
                "the list is empty: name at least one detector",
            ),
            (
                "phrases.en = [\"hello\"]\nalso_found = [\"greeting\"]",
                (7, 14),
                "`also_found` does not apply to a phrase check",
            ),
            (
                "detector = \"greeting\"\nna_when = [\"customer-name-unkown\"]",
                (7, 12),
                "unknown N/A condition `customer-name-unkown`",
            ),
        ];
        for (options, at, message) in cases {
            let e = errors(&detector_card(options));
            assert!(
                e.iter()
                    .any(|e| e.message.starts_with(message) && (e.line, e.column) == at),
                "{options}: expected {at:?} {message}, got {e:?}"
            );
        }
    }
}
