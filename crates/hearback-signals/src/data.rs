//! Readers for the labelled datasets in `../shared/data` (see each folder's SOURCE.txt).
//!
//! The crate does no I/O: the binary hands in a [`DataSource`] that returns file bytes by path
//! relative to the data folder, and these functions parse them. Every reader names the file and
//! line of a problem, and none of them edits or guesses labels: derived labels (quartiles,
//! emotion → sentiment) are made in `recipes.rs`, where they are documented.

use std::fmt;

/// Gives the bytes of a file under the data folder, e.g. `stanford-politeness/wikipedia.annotated.csv`.
pub trait DataSource {
    fn read(&self, path: &str) -> Result<Vec<u8>, DataError>;
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}: {reason}")]
    Missing { path: String, reason: String },
    #[error("{path}:{line}: {reason}")]
    Parse {
        path: String,
        line: usize,
        reason: String,
    },
}

impl DataError {
    fn parse(path: &str, line: usize, reason: impl fmt::Display) -> DataError {
        DataError::Parse {
            path: path.into(),
            line,
            reason: reason.to_string(),
        }
    }
}

fn text(src: &dyn DataSource, path: &str) -> Result<String, DataError> {
    let bytes = src.read(path)?;
    let s = String::from_utf8_lossy(&bytes);
    Ok(s.strip_prefix('\u{feff}').unwrap_or(&s).to_string())
}

fn csv_records(
    src: &dyn DataSource,
    path: &str,
    delimiter: u8,
) -> Result<Vec<(usize, csv::StringRecord)>, DataError> {
    let t = text(src, path)?;
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(t.as_bytes());
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            DataError::parse(path, line, e)
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        out.push((line, rec));
    }
    Ok(out)
}

fn field<'a>(
    path: &str,
    line: usize,
    rec: &'a csv::StringRecord,
    i: usize,
) -> Result<&'a str, DataError> {
    rec.get(i)
        .ok_or_else(|| DataError::parse(path, line, format!("missing column {}", i + 1)))
}

/// A Stanford politeness request.
#[derive(Debug, Clone)]
pub struct PoliteRequest {
    pub id: String,
    pub text: String,
    /// The corpus's normalised score: mean of per-annotator z-scores (polite > 0).
    pub score: f64,
}

/// `stanford-politeness/{wikipedia,stack-exchange}.annotated.csv`.
pub fn politeness(src: &dyn DataSource, file: &str) -> Result<Vec<PoliteRequest>, DataError> {
    let path = format!("stanford-politeness/{file}");
    let mut out = Vec::new();
    for (line, rec) in csv_records(src, &path, b',')? {
        let score: f64 = field(&path, line, &rec, 13)?
            .trim()
            .parse()
            .map_err(|e| DataError::parse(&path, line, format!("Normalized Score: {e}")))?;
        out.push(PoliteRequest {
            id: field(&path, line, &rec, 1)?.to_string(),
            text: field(&path, line, &rec, 2)?.to_string(),
            score,
        });
    }
    Ok(out)
}

/// `(text, label)` with a binary label.
pub type Binary = (String, bool);

/// `ru-toxic-2ch-pikabu/{train,val,test}.csv`: comment, labels (1 = toxic).
pub fn ru_toxic(src: &dyn DataSource, split: &str) -> Result<Vec<Binary>, DataError> {
    let path = format!("ru-toxic-2ch-pikabu/{split}.csv");
    let mut out = Vec::new();
    for (line, rec) in csv_records(src, &path, b',')? {
        let label = match field(&path, line, &rec, 1)?.trim() {
            "1" | "1.0" => true,
            "0" | "0.0" => false,
            x => return Err(DataError::parse(&path, line, format!("label {x:?}"))),
        };
        out.push((field(&path, line, &rec, 0)?.trim().to_string(), label));
    }
    Ok(out)
}

fn tsv_lines(src: &dyn DataSource, path: &str) -> Result<Vec<(usize, String)>, DataError> {
    let t = text(src, path)?;
    Ok(t.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r').to_string()))
        .collect())
}

/// OLID level A training data: (tweet, offensive).
pub fn olid_train(src: &dyn DataSource) -> Result<Vec<Binary>, DataError> {
    let path = "en-olid-offenseval2019/olid-training-v1.0.tsv";
    let mut out = Vec::new();
    for (line, l) in tsv_lines(src, path)?.into_iter().skip(1) {
        if l.is_empty() {
            continue;
        }
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() < 3 {
            return Err(DataError::parse(
                path,
                line,
                "expected id, tweet, subtask_a",
            ));
        }
        let off = match cols[2] {
            "OFF" => true,
            "NOT" => false,
            x => return Err(DataError::parse(path, line, format!("subtask_a {x:?}"))),
        };
        out.push((cols[1].to_string(), off));
    }
    Ok(out)
}

/// OLID level A official test set with its gold labels.
pub fn olid_test(src: &dyn DataSource) -> Result<Vec<Binary>, DataError> {
    let tpath = "en-olid-offenseval2019/testset-levela.tsv";
    let lpath = "en-olid-offenseval2019/labels-levela.csv";
    let mut gold = std::collections::HashMap::new();
    for (line, l) in tsv_lines(src, lpath)? {
        let Some((id, lab)) = l.split_once(',') else {
            continue;
        };
        match lab.trim() {
            "OFF" => gold.insert(id.to_string(), true),
            "NOT" => gold.insert(id.to_string(), false),
            "subtask_a" => None,
            x => return Err(DataError::parse(lpath, line, format!("label {x:?}"))),
        };
    }
    let mut out = Vec::new();
    for (line, l) in tsv_lines(src, tpath)?.into_iter().skip(1) {
        let Some((id, tweet)) = l.split_once('\t') else {
            continue;
        };
        let off = gold
            .get(id)
            .copied()
            .ok_or_else(|| DataError::parse(tpath, line, format!("no gold label for id {id}")))?;
        out.push((tweet.to_string(), off));
    }
    Ok(out)
}

/// Davidson et al.: (tweet, class 0 hate / 1 offensive / 2 neither).
pub fn davidson(src: &dyn DataSource) -> Result<Vec<(String, u8)>, DataError> {
    let path = "en-davidson-hate-offensive/labeled_data.csv";
    let mut out = Vec::new();
    for (line, rec) in csv_records(src, path, b',')? {
        let class: u8 = field(path, line, &rec, 5)?
            .trim()
            .parse()
            .map_err(|e| DataError::parse(path, line, format!("class: {e}")))?;
        if class > 2 {
            return Err(DataError::parse(path, line, format!("class {class}")));
        }
        out.push((field(path, line, &rec, 6)?.to_string(), class));
    }
    Ok(out)
}

/// XED line: text and its emotion labels (1 anger … 8 trust; 9 neutral in `neu_en.txt`).
pub type Multi = (String, Vec<u8>);

/// `xed-emotion/{en-annotated,hu-projections,ru-projections}.tsv`: "text \t 1, 4, 7".
pub fn xed(src: &dyn DataSource, file: &str) -> Result<Vec<Multi>, DataError> {
    let path = format!("xed-emotion/{file}");
    let mut out = Vec::new();
    for (line, l) in tsv_lines(src, &path)? {
        if l.trim().is_empty() {
            continue;
        }
        let Some((t, labs)) = l.rsplit_once('\t') else {
            return Err(DataError::parse(&path, line, "no tab before the labels"));
        };
        let mut labels = Vec::new();
        for x in labs.split(',') {
            let v: u8 = x
                .trim()
                .parse()
                .map_err(|e| DataError::parse(&path, line, format!("label {x:?}: {e}")))?;
            if !(1..=8).contains(&v) {
                return Err(DataError::parse(&path, line, format!("label {v}")));
            }
            labels.push(v);
        }
        out.push((t.to_string(), labels));
    }
    Ok(out)
}

/// `xed-emotion/neu_en.txt`: English neutral lines ("9 \t text"; a few texts hold tabs).
pub fn xed_neutral(src: &dyn DataSource) -> Result<Vec<String>, DataError> {
    let path = "xed-emotion/neu_en.txt";
    let mut out = Vec::new();
    for (line, l) in tsv_lines(src, path)? {
        if l.trim().is_empty() {
            continue;
        }
        match l.split_once('\t') {
            Some(("9", t)) => out.push(t.replace('\t', " ")),
            _ => return Err(DataError::parse(path, line, "expected `9 <tab> text`")),
        }
    }
    Ok(out)
}

/// CEDR: (text, labels 0 joy, 1 sadness, 2 surprise, 3 fear, 4 anger; empty = none).
pub fn cedr(src: &dyn DataSource, split: &str) -> Result<Vec<Multi>, DataError> {
    let path = format!("ru-cedr-emotion/cedr-main-{split}.csv");
    let mut out = Vec::new();
    for (line, rec) in csv_records(src, &path, b',')? {
        let raw = field(&path, line, &rec, 1)?;
        let inner = raw.trim().trim_start_matches('[').trim_end_matches(']');
        let mut labels = Vec::new();
        for x in inner.split_whitespace() {
            let v: u8 = x
                .parse()
                .map_err(|e| DataError::parse(&path, line, format!("label {x:?}: {e}")))?;
            if v > 4 {
                return Err(DataError::parse(&path, line, format!("label {v}")));
            }
            labels.push(v);
        }
        out.push((field(&path, line, &rec, 0)?.to_string(), labels));
    }
    Ok(out)
}

/// A SentiRuEval row: one (tweet, entity) pair with label -1, 0 or 1.
#[derive(Debug, Clone)]
pub struct EntityTweet {
    pub tweet_id: String,
    pub entity: String,
    pub label: i8,
    pub text: String,
}

/// `ru-sentirueval-2015/derived_tsv/2015_{banks,telecoms}_{train,test_etalon}.tsv`. The train
/// files' `+-` (both) and `--` labels, which later editions dropped, are skipped here.
pub fn sentirueval(src: &dyn DataSource, file: &str) -> Result<Vec<EntityTweet>, DataError> {
    let path = format!("ru-sentirueval-2015/derived_tsv/{file}.tsv");
    let mut out = Vec::new();
    for (line, l) in tsv_lines(src, &path)?.into_iter().skip(1) {
        if l.is_empty() {
            continue;
        }
        let mut cols = l.splitn(4, '\t');
        let (Some(id), Some(entity), Some(label), Some(t)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            return Err(DataError::parse(&path, line, "expected 4 columns"));
        };
        let label = match label.trim() {
            "1" => 1,
            "0" => 0,
            "-1" => -1,
            "+-" | "--" => continue,
            x => return Err(DataError::parse(&path, line, format!("label {x:?}"))),
        };
        out.push(EntityTweet {
            tweet_id: id.into(),
            entity: entity.into(),
            label,
            text: t.into(),
        });
    }
    Ok(out)
}

/// HuSST: (sentence, 0 negative / 1 neutral / 2 positive).
pub fn husst(src: &dyn DataSource, split: &str) -> Result<Vec<(String, u8)>, DataError> {
    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(rename = "Sent")]
        sent: String,
        label: String,
    }
    let path = format!("hu-husst/sst_{split}.json");
    let bytes = src.read(&path)?;
    let rows: Vec<Row> = serde_json::from_slice(&bytes)
        .map_err(|e| DataError::parse(&path, e.line(), e.to_string()))?;
    rows.into_iter()
        .map(|r| {
            let l = match r.label.as_str() {
                "negative" => 0,
                "neutral" => 1,
                "positive" => 2,
                x => return Err(DataError::parse(&path, 0, format!("label {x:?}"))),
            };
            Ok((r.sent, l))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Mem(HashMap<&'static str, &'static str>);
    impl DataSource for Mem {
        fn read(&self, path: &str) -> Result<Vec<u8>, DataError> {
            self.0
                .get(path)
                .map(|s| s.as_bytes().to_vec())
                .ok_or_else(|| DataError::Missing {
                    path: path.into(),
                    reason: "absent".into(),
                })
        }
    }

    #[test]
    fn readers_parse_small_samples_and_name_bad_lines() {
        let m = Mem(HashMap::from([
            (
                "ru-toxic-2ch-pikabu/train.csv",
                "comment,labels\n\"Привет,\nмир\n\",0\nты дурак,1\n",
            ),
            (
                "xed-emotion/hu-projections.tsv",
                "Mi történt veled?\t4, 7\nAz üzlet kifújt.\t6\n",
            ),
            (
                "ru-cedr-emotion/cedr-main-train.csv",
                "text,labels,source\nУра!,[0 2],lj\nНу,[],lj\n",
            ),
            (
                "ru-sentirueval-2015/derived_tsv/x.tsv",
                "twitid\tentity\tlabel\ttext\n1\tmts\t-1\tплохо\n2\tmts\t+-\tну\n3\tmts\t7\tх\n",
            ),
        ]));
        let t = ru_toxic(&m, "train").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0, "Привет,\nмир");
        assert!(t[1].1);
        let x = xed(&m, "hu-projections.tsv").unwrap();
        assert_eq!(x[0].1, vec![4, 7]);
        let c = cedr(&m, "train").unwrap();
        assert_eq!(c[0].1, vec![0, 2]);
        assert!(c[1].1.is_empty());
        let e = sentirueval(&m, "x").unwrap_err().to_string();
        assert!(e.contains("x.tsv:4"), "{e}");
        assert!(matches!(
            ru_toxic(&m, "test"),
            Err(DataError::Missing { .. })
        ));
    }
}
