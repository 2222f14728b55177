//! Evaluations with each paper's protocol (issue 4, item 4). Each one trains its own model on the
//! protocol's training part with the shipped feature extractor and trainer (the shipped models
//! mix datasets and languages, so they are not what a paper's protocol measures), and scores the
//! protocol's test part. Nothing here looks at a test split before the final prediction.
//!
//! The binary's `hearback eval` registry calls [`run`] by name; rows are
//! `{metric, split, ours, paper, paper_source}` as INTERFACES.md shows.

use hearback_core::Lang;
use serde::Serialize;

use crate::data::{self, DataError, DataSource};
use crate::features::{FeatureMask, Features};
use crate::model::Kind;
use crate::recipes::{self, Labelled, config, examples};
use crate::train::{self, Example, Rng};

/// One figure beside the paper's.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub metric: String,
    pub split: String,
    pub ours: f64,
    pub paper: Option<f64>,
    pub paper_source: String,
}

/// One dataset's evaluation, as `hearback eval --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub dataset: String,
    pub protocol: String,
    pub rows: Vec<Row>,
}

/// The evaluations, in the order issue 4 lists them, with a one-line description each.
pub const EVALS: [(&str, &str); 8] = [
    (
        "stanford-politeness",
        "politeness, Wikipedia and StackExchange: quartiles, leave-one-out in-domain, cross-domain",
    ),
    (
        "ru-toxic-2ch-pikabu",
        "Russian toxic comments: test split, F1 of the toxic class",
    ),
    (
        "en-olid-offenseval2019",
        "OLID level A: official test set, macro-F1",
    ),
    (
        "xed-emotion",
        "XED 8 emotions, en/hu/ru: 5-fold cross-validation, macro-F1",
    ),
    (
        "ru-sentirueval-2015",
        "SentiRuEval-2015 banks and telecom: 2015 train → 2015 test, F1 over pos/neg",
    ),
    (
        "hu-husst",
        "HuSST 3-class sentiment: train → dev, accuracy and macro-F1",
    ),
    (
        "en-davidson-hate-offensive",
        "Davidson et al.: 5-fold cross-validation, weighted F1",
    ),
    ("ru-cedr-emotion", "CEDR 5 emotions: train → test, macro-F1"),
];

type Progress<'a> = &'a mut dyn FnMut(&str);

/// Runs one evaluation by name.
pub fn run(name: &str, src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    match name {
        "stanford-politeness" => politeness(src, progress),
        "ru-toxic-2ch-pikabu" => ru_toxic(src, progress),
        "en-olid-offenseval2019" => olid(src, progress),
        "xed-emotion" => xed(src, progress),
        "ru-sentirueval-2015" => sentirueval(src, progress),
        "hu-husst" => husst(src, progress),
        "en-davidson-hate-offensive" => davidson(src, progress),
        "ru-cedr-emotion" => cedr(src, progress),
        other => Err(DataError::Missing {
            path: other.into(),
            reason: "no such evaluation (see `hearback eval --list`)".into(),
        }),
    }
}

// ---------------------------------------------------------------- metrics

/// Binary precision/recall/F1 of the positive class.
pub fn f1_binary(gold: &[bool], pred: &[bool]) -> f64 {
    let tp = gold.iter().zip(pred).filter(|(g, p)| **g && **p).count() as f64;
    let fp = gold.iter().zip(pred).filter(|(g, p)| !**g && **p).count() as f64;
    let fne = gold.iter().zip(pred).filter(|(g, p)| **g && !**p).count() as f64;
    if tp == 0.0 {
        return 0.0;
    }
    2.0 * tp / (2.0 * tp + fp + fne)
}

/// F1 of class `c` in a multi-class prediction.
pub fn f1_class(gold: &[usize], pred: &[usize], c: usize) -> f64 {
    let g: Vec<bool> = gold.iter().map(|&x| x == c).collect();
    let p: Vec<bool> = pred.iter().map(|&x| x == c).collect();
    f1_binary(&g, &p)
}

pub fn accuracy<T: PartialEq>(gold: &[T], pred: &[T]) -> f64 {
    if gold.is_empty() {
        return 0.0;
    }
    gold.iter().zip(pred).filter(|(g, p)| g == p).count() as f64 / gold.len() as f64
}

/// Macro-F1 over classes `0..k` (sklearn `average="macro"`).
pub fn macro_f1(gold: &[usize], pred: &[usize], k: usize) -> f64 {
    (0..k).map(|c| f1_class(gold, pred, c)).sum::<f64>() / k as f64
}

/// Support-weighted F1 (sklearn `average="weighted"`).
pub fn weighted_f1(gold: &[usize], pred: &[usize], k: usize) -> f64 {
    let n = gold.len() as f64;
    (0..k)
        .map(|c| {
            let support = gold.iter().filter(|&&g| g == c).count() as f64;
            support / n * f1_class(gold, pred, c)
        })
        .sum()
}

/// Macro-F1 over the labels of a multi-label task (sklearn multilabel `average="macro"`).
pub fn multilabel_macro_f1(gold: &[Vec<bool>], pred: &[Vec<bool>], k: usize) -> f64 {
    (0..k)
        .map(|c| {
            let g: Vec<bool> = gold.iter().map(|v| v[c]).collect();
            let p: Vec<bool> = pred.iter().map(|v| v[c]).collect();
            f1_binary(&g, &p)
        })
        .sum::<f64>()
        / k as f64
}

/// SentiRuEval's official figures: macro-F1 over the positive and negative classes, and micro-F1
/// over them (true/false positives pooled over the two classes; neutral is never a hit).
pub fn f1_pn(gold: &[usize], pred: &[usize]) -> (f64, f64) {
    let macro_ = (f1_class(gold, pred, 0) + f1_class(gold, pred, 2)) / 2.0;
    let (mut tp, mut fp, mut fne) = (0f64, 0f64, 0f64);
    for c in [0usize, 2] {
        for (&g, &p) in gold.iter().zip(pred) {
            match (g == c, p == c) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fne += 1.0,
                _ => {}
            }
        }
    }
    let micro = if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fne)
    };
    (macro_, micro)
}

// ---------------------------------------------------------------- helpers

fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

fn fit(ex: &[Example], kind: Kind, k: usize, signal: &str, mask: FeatureMask) -> train::Trained {
    train::train(ex, kind, k, &config(signal, mask), |_, _| {})
}

fn predict_all(model: &train::Trained, feats: &[&Features]) -> Vec<Vec<f32>> {
    let mut out = vec![0f32; model.k];
    feats
        .iter()
        .map(|f| {
            model.predict(f, &mut out);
            out.clone()
        })
        .collect()
}

/// Out-of-fold probabilities: `folds[i]` is the fold of example i; each fold is predicted by a
/// model trained on the others. Folds run on the available cores; every fold's model is trained
/// alone and deterministically, so the result does not depend on the thread count.
fn cross_val(
    ex: &[Example],
    folds: &[usize],
    n_folds: usize,
    spec: Spec,
    progress: Progress,
) -> Vec<Vec<f32>> {
    let Spec {
        kind,
        k,
        signal,
        mask,
    } = spec;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n_folds);
    let mut out: Vec<Vec<f32>> = vec![Vec::new(); ex.len()];
    let mut done = 0usize;
    for chunk_start in (0..n_folds).step_by(threads) {
        let chunk: Vec<usize> = (chunk_start..(chunk_start + threads).min(n_folds)).collect();
        let results: Vec<FoldPredictions> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|&fold| {
                    s.spawn(move || {
                        let train: Vec<Example> = ex
                            .iter()
                            .zip(folds)
                            .filter(|(_, f)| **f != fold)
                            .map(|(e, _)| e.clone())
                            .collect();
                        let m = fit(&train, kind, k, signal, mask);
                        let mut p = vec![0f32; k];
                        let preds = ex
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| folds[*i] == fold)
                            .map(|(i, e)| {
                                m.predict(&e.features, &mut p);
                                (i, p.clone())
                            })
                            .collect();
                        (fold, preds)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (_, preds) in results {
            for (i, p) in preds {
                out[i] = p;
            }
        }
        done += chunk.len();
        if done % 100 < threads || done == n_folds {
            progress(&format!("{signal}: fold {done}/{n_folds}"));
        }
    }
    out
}

/// A fold's number and its (example index, probabilities).
type FoldPredictions = (usize, Vec<(usize, Vec<f32>)>);

/// What to train in each fold.
#[derive(Debug, Clone, Copy)]
struct Spec<'a> {
    kind: Kind,
    k: usize,
    signal: &'a str,
    mask: FeatureMask,
}

/// Shuffled fold assignment with a fixed seed.
fn shuffled_folds(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(seed).shuffle(&mut order);
    let mut folds = vec![0; n];
    for (rank, &i) in order.iter().enumerate() {
        folds[i] = rank % k;
    }
    folds
}

fn binary_items(items: &[(String, bool)], lang: Lang) -> Vec<Labelled> {
    items
        .iter()
        .map(|(t, y)| Labelled::new(t.clone(), lang, vec![*y as u8 as f32]))
        .collect()
}

fn row(metric: &str, split: &str, ours: f64, paper: Option<f64>, source: &str) -> Row {
    Row {
        metric: metric.into(),
        split: split.into(),
        ours,
        paper,
        paper_source: source.into(),
    }
}

// ---------------------------------------------------------------- evaluations

const DANESCU: &str = "Danescu-Niculescu-Mizil et al. 2013, Table 3 (BOW+strategies SVM; humans in-domain 86.72 Wiki / 80.89 SE)";

fn politeness(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    let (wiki, se) = recipes::politeness_sets(src)?;
    let wiki_ex = examples(&binary_items(&wiki, Lang::En));
    let se_ex = examples(&binary_items(&se, Lang::En));
    let gold = |ex: &[Example]| -> Vec<bool> { ex.iter().map(|e| e.target[0] > 0.5).collect() };
    let acc = |ex: &[Example], probs: &[Vec<f32>]| -> f64 {
        let pred: Vec<bool> = probs.iter().map(|p| p[0] >= 0.5).collect();
        accuracy(&gold(ex), &pred)
    };
    let mut rows = Vec::new();
    for (mask, tag) in [
        (FeatureMask::All, ""),
        (
            FeatureMask::SharedOnly,
            " (strategies only: the ru/hu head)",
        ),
    ] {
        for (name, ex, paper) in [
            ("wiki-in-domain", &wiki_ex, 0.8379),
            ("se-in-domain", &se_ex, 0.7819),
        ] {
            progress(&format!("politeness: leave-one-out on {name}{tag}"));
            let folds: Vec<usize> = (0..ex.len()).collect();
            let probs = cross_val(
                ex,
                &folds,
                ex.len(),
                Spec {
                    kind: Kind::Sigmoid,
                    k: 1,
                    signal: "politeness",
                    mask,
                },
                progress,
            );
            let paper = (mask == FeatureMask::All).then_some(paper);
            rows.push(row(
                "accuracy",
                &format!("{name}{tag}"),
                acc(ex, &probs),
                paper,
                DANESCU,
            ));
        }
        for (name, tr, te, paper) in [
            ("wiki-to-se", &wiki_ex, &se_ex, 0.6753),
            ("se-to-wiki", &se_ex, &wiki_ex, 0.7543),
        ] {
            progress(&format!("politeness: {name}{tag}"));
            let m = fit(tr, Kind::Sigmoid, 1, "politeness", mask);
            let feats: Vec<&Features> = te.iter().map(|e| &e.features).collect();
            let probs = predict_all(&m, &feats);
            let paper = (mask == FeatureMask::All).then_some(paper);
            rows.push(row(
                "accuracy",
                &format!("{name}{tag}"),
                acc(te, &probs),
                paper,
                DANESCU,
            ));
        }
    }
    Ok(Report {
        dataset: "stanford-politeness".into(),
        protocol: "binary: top vs bottom quartile of Normalized Score within each domain; in-domain leave-one-out cross-validation; cross-domain: train on one domain, test on the other; accuracy".into(),
        rows,
    })
}

fn train_test_binary(
    train_items: &[Labelled],
    test_items: &[Labelled],
    signal: &str,
) -> (Vec<bool>, Vec<bool>) {
    let tr = examples(train_items);
    let te = examples(test_items);
    let m = fit(&tr, Kind::Sigmoid, 1, signal, FeatureMask::All);
    let feats: Vec<&Features> = te.iter().map(|e| &e.features).collect();
    let pred = predict_all(&m, &feats)
        .into_iter()
        .map(|p| p[0] >= 0.5)
        .collect();
    let gold = test_items.iter().map(|l| l.target[0] > 0.5).collect();
    (gold, pred)
}

fn ru_toxic(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    progress("ru-toxic: training on train.csv");
    let train = binary_items(&data::ru_toxic(src, "train")?, Lang::Ru);
    let test = binary_items(&data::ru_toxic(src, "test")?, Lang::Ru);
    let (gold, pred) = train_test_binary(&train, &test, "toxicity");
    let f1 = f1_binary(&gold, &pred);
    let gold_u: Vec<usize> = gold.iter().map(|&b| b as usize).collect();
    let pred_u: Vec<usize> = pred.iter().map(|&b| b as usize).collect();
    Ok(Report {
        dataset: "ru-toxic-2ch-pikabu".into(),
        protocol: "train on train.csv (val.csv only for choosing hyper-parameters), test on test.csv; F1 of the toxic class".into(),
        rows: vec![
            row(
                "f1-toxic",
                "test",
                f1,
                Some(0.9220),
                "Smetanin 2020 (ruBERT-Toxic, on the author's own held-out split, not this one); this split's README: TF-IDF+LogReg 0.78, ruBERT-tiny 0.88",
            ),
            row(
                "macro-f1",
                "test",
                macro_f1(&gold_u, &pred_u, 2),
                Some(0.92),
                "Sapushiro repo README on this split (ruBERT+AdaLoRA; not peer-reviewed)",
            ),
        ],
    })
}

fn olid(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    progress("olid: training on the OLID training file");
    let train = binary_items(&data::olid_train(src)?, Lang::En);
    let test = binary_items(&data::olid_test(src)?, Lang::En);
    let (gold, pred) = train_test_binary(&train, &test, "toxicity");
    let g: Vec<usize> = gold.iter().map(|&b| b as usize).collect();
    let p: Vec<usize> = pred.iter().map(|&b| b as usize).collect();
    Ok(Report {
        dataset: "en-olid-offenseval2019".into(),
        protocol: "sub-task A: train on olid-training-v1.0, test on the official test set (860); macro-F1 over NOT/OFF".into(),
        rows: vec![
            row(
                "macro-f1",
                "test-level-a",
                macro_f1(&g, &p, 2),
                Some(0.829),
                "Zampieri et al. 2019, OffensEval best system (BERT)",
            ),
            row(
                "macro-f1",
                "test-level-a",
                macro_f1(&g, &p, 2),
                Some(0.80),
                "Zampieri et al. NAACL 2019, CNN baseline (SVM 0.69)",
            ),
        ],
    })
}

const XED_K: usize = 8;

fn xed(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    let mut rows = Vec::new();
    for (file, lang, paper, source) in [
        (
            "en-annotated.tsv",
            Lang::En,
            0.536,
            "Öhman et al. 2020 (English BERT, 8 emotions)",
        ),
        (
            "hu-projections.tsv",
            Lang::Hu,
            0.5978,
            "Öhman et al. 2020 (linear SVM on the projected Hungarian lines)",
        ),
        (
            "ru-projections.tsv",
            Lang::Ru,
            0.5976,
            "Öhman et al. 2020 (linear SVM on the projected Russian lines)",
        ),
    ] {
        progress(&format!("xed: {}", lang.code()));
        let items: Vec<Labelled> = data::xed(src, file)?
            .into_iter()
            .map(|(t, l)| {
                let mut v = vec![0.0; XED_K];
                for x in l {
                    v[x as usize - 1] = 1.0;
                }
                Labelled::new(t, lang, v)
            })
            .collect();
        let ex = examples(&items);
        let folds = shuffled_folds(ex.len(), 5, 0x0058_4544);
        let probs = cross_val(
            &ex,
            &folds,
            5,
            Spec {
                kind: Kind::Sigmoid,
                k: XED_K,
                signal: "emotion-macro-f1",
                mask: FeatureMask::All,
            },
            progress,
        );
        // Every line has at least one emotion: the labels at p >= 0.5, else the most likely one.
        let pred: Vec<Vec<bool>> = probs
            .iter()
            .map(|p| {
                let mut v: Vec<bool> = p.iter().map(|&x| x >= 0.5).collect();
                if !v.iter().any(|&b| b) {
                    v[argmax(p)] = true;
                }
                v
            })
            .collect();
        let gold: Vec<Vec<bool>> = items
            .iter()
            .map(|l| l.target.iter().map(|&x| x > 0.5).collect())
            .collect();
        rows.push(row(
            "macro-f1",
            lang.code(),
            multilabel_macro_f1(&gold, &pred, XED_K),
            Some(paper),
            source,
        ));
    }
    Ok(Report {
        dataset: "xed-emotion".into(),
        protocol: "8 emotions, multi-label one-vs-rest (labels at p>=0.5, else the top one); 5-fold cross-validation with a fixed shuffle; macro-F1 over the 8 labels".into(),
        rows,
    })
}

fn sentirueval(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    let mut rows = Vec::new();
    for (domain, best, rubert) in [
        ("banks", (0.5517, 0.5881), (0.6589, 0.6843)),
        ("telecoms", (0.5594, 0.6822), (0.6640, 0.7671)),
    ] {
        progress(&format!("sentirueval: {domain}"));
        let train = data::sentirueval(src, &format!("2015_{domain}_train"))?;
        let test = data::sentirueval(src, &format!("2015_{domain}_test_etalon"))?;
        let to_items = |rows: &[data::EntityTweet]| -> Vec<Labelled> {
            rows.iter()
                .map(|r| {
                    let mut v = vec![0.0; 3];
                    v[(r.label + 1) as usize] = 1.0;
                    Labelled::new(r.text.clone(), Lang::Ru, v)
                })
                .collect()
        };
        let tr = examples(&to_items(&train));
        let te_items = to_items(&test);
        let te = examples(&te_items);
        let m = fit(&tr, Kind::Softmax, 3, "sentiment", FeatureMask::All);
        let feats: Vec<&Features> = te.iter().map(|e| &e.features).collect();
        let pred: Vec<usize> = predict_all(&m, &feats).iter().map(|p| argmax(p)).collect();
        let gold: Vec<usize> = test.iter().map(|r| (r.label + 1) as usize).collect();
        let (ma, mi) = f1_pn(&gold, &pred);
        let note =
            "on the SentiRuEval-2016 test, not this 2015 test (2015 figures not available here)";
        rows.push(row(
            "macro-f1-pn",
            &format!("{domain}-2015-test"),
            ma,
            Some(best.0),
            &format!("best 2016 shared-task run, {note}"),
        ));
        rows.push(row(
            "micro-f1-pn",
            &format!("{domain}-2015-test"),
            mi,
            Some(best.1),
            &format!("best 2016 shared-task run, {note}"),
        ));
        rows.push(row(
            "macro-f1-pn",
            &format!("{domain}-2015-test"),
            ma,
            Some(rubert.0),
            &format!("RuBERT, Smetanin & Komarov 2021, {note}"),
        ));
        rows.push(row(
            "micro-f1-pn",
            &format!("{domain}-2015-test"),
            mi,
            Some(rubert.1),
            &format!("RuBERT, Smetanin & Komarov 2021, {note}"),
        ));
    }
    Ok(Report {
        dataset: "ru-sentirueval-2015".into(),
        protocol: "per domain: train on the 2015 train file, test on the 2015 test (etalon) file; one example per (tweet, entity) with label -1/0/1 ('+-' and '--' training rows dropped); one prediction per tweet text; macro-F1 over positive and negative and micro-F1 over them (official metric)".into(),
        rows,
    })
}

fn husst(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    progress("husst: training on sst_train");
    let to_items = |rows: Vec<(String, u8)>| -> Vec<Labelled> {
        rows.into_iter()
            .map(|(t, c)| {
                let mut v = vec![0.0; 3];
                v[c as usize] = 1.0;
                Labelled::new(t, Lang::Hu, v)
            })
            .collect()
    };
    let tr = examples(&to_items(data::husst(src, "train")?));
    let dev_items = to_items(data::husst(src, "dev")?);
    let dev = examples(&dev_items);
    let m = fit(&tr, Kind::Softmax, 3, "sentiment", FeatureMask::All);
    let feats: Vec<&Features> = dev.iter().map(|e| &e.features).collect();
    let pred: Vec<usize> = predict_all(&m, &feats).iter().map(|p| argmax(p)).collect();
    let gold: Vec<usize> = dev_items.iter().map(|l| argmax(&l.target)).collect();
    let majority = {
        let mut counts = [0usize; 3];
        for &g in &gold {
            counts[g] += 1;
        }
        *counts.iter().max().unwrap_or(&0) as f64 / gold.len().max(1) as f64
    };
    let none = "no published dev figure (HuLU test labels are hidden)";
    Ok(Report {
        dataset: "hu-husst".into(),
        protocol: "train on sst_train (3 classes), test on sst_dev (697 negative / 435 neutral / 33 positive: skewed, so macro-F1 matters); accuracy and macro-F1".into(),
        rows: vec![
            row("accuracy", "dev", accuracy(&gold, &pred), None, none),
            row("macro-f1", "dev", macro_f1(&gold, &pred, 3), None, none),
            row(
                "accuracy",
                "dev (majority-class baseline)",
                majority,
                None,
                "always 'negative', for scale",
            ),
        ],
    })
}

fn davidson(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    let items: Vec<Labelled> = data::davidson(src)?
        .into_iter()
        .map(|(t, c)| {
            let mut v = vec![0.0; 3];
            v[c as usize] = 1.0;
            Labelled::new(t, Lang::En, v)
        })
        .collect();
    let ex = examples(&items);
    let folds = shuffled_folds(ex.len(), 5, 0x4441_5649);
    let probs = cross_val(
        &ex,
        &folds,
        5,
        Spec {
            kind: Kind::Softmax,
            k: 3,
            signal: "toxicity",
            mask: FeatureMask::All,
        },
        progress,
    );
    let pred: Vec<usize> = probs.iter().map(|p| argmax(p)).collect();
    let gold: Vec<usize> = items.iter().map(|l| argmax(&l.target)).collect();
    Ok(Report {
        dataset: "en-davidson-hate-offensive".into(),
        protocol: "3 classes (hate / offensive / neither), 5-fold cross-validation with a fixed shuffle, support-weighted F1".into(),
        rows: vec![
            row(
                "weighted-f1",
                "5-fold-cv",
                weighted_f1(&gold, &pred, 3),
                Some(0.90),
                "Davidson et al. 2017 (logistic regression)",
            ),
            row(
                "f1-hate",
                "5-fold-cv",
                f1_class(&gold, &pred, 0),
                None,
                "paper gives hate precision 0.44 / recall 0.61",
            ),
        ],
    })
}

fn cedr(src: &dyn DataSource, progress: Progress) -> Result<Report, DataError> {
    progress("cedr: training on cedr-main-train");
    let to_items = |rows: Vec<data::Multi>| -> Vec<Labelled> {
        rows.into_iter()
            .map(|(t, l)| {
                let mut v = vec![0.0; 5];
                for x in l {
                    v[x as usize] = 1.0;
                }
                Labelled::new(t, Lang::Ru, v)
            })
            .collect()
    };
    let tr = examples(&to_items(data::cedr(src, "train")?));
    let te_items = to_items(data::cedr(src, "test")?);
    let te = examples(&te_items);
    let m = fit(&tr, Kind::Sigmoid, 5, "emotion-macro-f1", FeatureMask::All);
    let feats: Vec<&Features> = te.iter().map(|e| &e.features).collect();
    let pred: Vec<Vec<bool>> = predict_all(&m, &feats)
        .iter()
        .map(|p| p.iter().map(|&x| x >= 0.5).collect())
        .collect();
    let gold: Vec<Vec<bool>> = te_items
        .iter()
        .map(|l| l.target.iter().map(|&x| x > 0.5).collect())
        .collect();
    Ok(Report {
        dataset: "ru-cedr-emotion".into(),
        protocol: "train on cedr-main-train, test on cedr-main-test; 5 emotions multi-label (no emotion = all negative), labels at p>=0.5; macro-F1 over the 5".into(),
        rows: vec![row(
            "macro-f1",
            "test",
            multilabel_macro_f1(&gold, &pred, 5),
            None,
            "Sboev et al. 2021 figures not retrieved",
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_match_hand_computed_values() {
        let g = [true, true, false, false];
        let p = [true, false, true, false];
        assert!((f1_binary(&g, &p) - 0.5).abs() < 1e-12);
        let g = [0, 1, 2, 2, 1];
        let p = [0, 2, 2, 1, 1];
        // class 0: 1.0; class 1: P=1/2 R=1/2 → 0.5; class 2: 0.5.
        assert!((macro_f1(&g, &p, 3) - 2.0 / 3.0).abs() < 1e-12);
        // pos/neg: class 0 F1 1.0, class 2 F1 0.5 → macro 0.75; pooled tp 2, fp 1, fn 1 → 2/3.
        let (ma, mi) = f1_pn(&g, &p);
        assert!((ma - 0.75).abs() < 1e-12);
        assert!((mi - 2.0 / 3.0).abs() < 1e-12);
        assert!((accuracy(&g, &p) - 0.6).abs() < 1e-12);
    }

    #[test]
    fn folds_are_balanced_and_fixed() {
        let a = shuffled_folds(103, 5, 7);
        assert_eq!(a, shuffled_folds(103, 5, 7));
        for f in 0..5 {
            let n = a.iter().filter(|&&x| x == f).count();
            assert!(n == 20 || n == 21);
        }
    }
}
