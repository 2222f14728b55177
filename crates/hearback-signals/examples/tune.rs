//! Hyper-parameter search on validation data only (never a test split): the Russian toxicity
//! validation split, 5-fold cross-validation on the OLID training file, and on HuSST train.
//! `cargo run --release -p hearback-signals --example tune -- EPOCHS LR L2 [DATA_DIR]`.

use std::path::PathBuf;

use hearback_core::Lang;
use hearback_signals::data::{self, DataError, DataSource};
use hearback_signals::eval::{f1_binary, macro_f1};
use hearback_signals::features::FeatureMask;
use hearback_signals::model::Kind;
use hearback_signals::recipes::{Labelled, examples};
use hearback_signals::train::{Config, Example, balance, train};

struct Dir(PathBuf);

impl DataSource for Dir {
    fn read(&self, path: &str) -> Result<Vec<u8>, DataError> {
        std::fs::read(self.0.join(path)).map_err(|e| DataError::Missing {
            path: path.into(),
            reason: e.to_string(),
        })
    }
}

fn bin(v: Vec<(String, bool)>, lang: Lang) -> Vec<Labelled> {
    v.into_iter()
        .map(|(t, y)| Labelled::new(t, lang, vec![y as u8 as f32]))
        .collect()
}

fn score(cfg: &Config, tr: &[Example], te: &[Example], bal: bool) -> (f64, f64) {
    let mut tr = tr.to_vec();
    if bal {
        balance(&mut tr);
    }
    let m = train(&tr, Kind::Sigmoid, 1, cfg, |_, _| {});
    let mut p = [0f32];
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    for e in te {
        m.predict(&e.features, &mut p);
        gold.push(e.target[0] > 0.5);
        pred.push(p[0] >= 0.5);
    }
    let g: Vec<usize> = gold.iter().map(|&b| b as usize).collect();
    let q: Vec<usize> = pred.iter().map(|&b| b as usize).collect();
    (f1_binary(&gold, &pred), macro_f1(&g, &q, 2))
}

fn main() -> Result<(), DataError> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: f64| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let cfg = Config {
        epochs: num(0, 10.0) as usize,
        learning_rate: num(1, 0.2) as f32,
        l2: num(2, 1e-6) as f32,
        mask: FeatureMask::All,
        ..Config::default()
    };
    let bal = num(3, 0.0) > 0.0;
    let mode = a.get(4).map_or("toxicity", |s| s.as_str());
    let dir = Dir(PathBuf::from("../shared/data"));
    if mode == "politeness" {
        let (wiki, se) = hearback_signals::recipes::politeness_sets(&dir)?;
        for (name, set) in [("wiki", wiki), ("se", se)] {
            let pos = set.iter().filter(|x| x.1).count();
            eprintln!(
                "{name}: {} examples, {pos} polite; first {:?}",
                set.len(),
                &set[..2]
            );
            let ex = examples(&bin(set, Lang::En));
            let mut acc = 0.0;
            for fold in 0..10 {
                let tr: Vec<Example> = ex
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 10 != fold)
                    .map(|(_, e)| e.clone())
                    .collect();
                let te: Vec<Example> = ex
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 10 == fold)
                    .map(|(_, e)| e.clone())
                    .collect();
                let m = train(&tr, Kind::Sigmoid, 1, &cfg, |_, _| {});
                let mut p = [0f32];
                for e in &te {
                    m.predict(&e.features, &mut p);
                    acc += ((p[0] >= 0.5) == (e.target[0] > 0.5)) as u8 as f64 / ex.len() as f64;
                }
            }
            println!(
                "epochs {} lr {} l2 {}: politeness {name} 10-fold accuracy {acc:.4}",
                cfg.epochs, cfg.learning_rate, cfg.l2
            );
        }
        return Ok(());
    }
    let tr = examples(&bin(data::ru_toxic(&dir, "train")?, Lang::Ru));
    let va = examples(&bin(data::ru_toxic(&dir, "val")?, Lang::Ru));
    let (f1, _) = score(&cfg, &tr, &va, bal);
    let olid = examples(&bin(data::olid_train(&dir)?, Lang::En));
    let mut mf = 0.0;
    for fold in 0..5 {
        let tr: Vec<Example> = olid
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != fold)
            .map(|(_, e)| e.clone())
            .collect();
        let te: Vec<Example> = olid
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 == fold)
            .map(|(_, e)| e.clone())
            .collect();
        mf += score(&cfg, &tr, &te, bal).1 / 5.0;
    }
    println!(
        "epochs {} lr {} l2 {} balance {bal}: ru-toxic val F1 {f1:.4}  olid train-cv macro-F1 {mf:.4}",
        cfg.epochs, cfg.learning_rate, cfg.l2
    );
    Ok(())
}
