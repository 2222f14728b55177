//! `hearback train [MODEL|all]`: retrains the fast-tier signal models from the labelled datasets
//! and writes their files, which the next build compiles in. Deterministic: the same data gives
//! byte-identical files.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use hearback_signals::data::{DataError, DataSource};
use hearback_signals::{SIGNALS, recipes};

/// Where the models live in the source tree, relative to the project root.
pub const MODELS_DIR: &str = "crates/hearback-signals/models";
/// The shared data folder, relative to the working directory (`../shared/data/README.md`).
pub const DEFAULT_DATA_DIR: &str = "../shared/data";

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// The model to train (politeness, toxicity, sentiment, emotion) or "all".
    #[arg(default_value = "all")]
    model: String,
    /// The data folder [default: ../shared/data, relative to the working directory].
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Where to write the model files [default: crates/hearback-signals/models].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Reads dataset files from a folder on disk.
pub struct DataDir(pub PathBuf);

impl DataSource for DataDir {
    fn read(&self, path: &str) -> Result<Vec<u8>, DataError> {
        let full = self.0.join(path);
        fs::read(&full).map_err(|e| DataError::Missing {
            path: full.display().to_string(),
            reason: e.to_string(),
        })
    }
}

pub fn data_dir(given: Option<PathBuf>) -> anyhow::Result<DataDir> {
    let dir = given.unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    if !dir.is_dir() {
        bail!(
            "data folder {} not found (give one with --data DIR; see ../shared/data/README.md)",
            dir.display()
        );
    }
    Ok(DataDir(dir))
}

pub fn run(args: TrainArgs) -> anyhow::Result<u8> {
    let names: Vec<&str> = if args.model == "all" {
        SIGNALS.to_vec()
    } else if let Some(n) = SIGNALS.iter().find(|n| **n == args.model) {
        vec![*n]
    } else {
        bail!(
            "unknown model {:?}; known: {} or all",
            args.model,
            SIGNALS.join(", ")
        );
    };
    let data = data_dir(args.data)?;
    let out = args.out.unwrap_or_else(|| PathBuf::from(MODELS_DIR));
    if !out.is_dir() {
        bail!(
            "{} is not a folder (run from the project root, or give --out DIR)",
            out.display()
        );
    }
    for name in names {
        let start = Instant::now();
        let mut progress = |msg: &str| eprintln!("hearback train: {msg}");
        let model = recipes::train_signal(name, &data, &mut progress)
            .with_context(|| format!("training {name}"))?;
        let bytes = model.to_bytes();
        let path = out.join(format!("{name}.hbm"));
        write(&path, &bytes)?;
        eprintln!(
            "hearback train: wrote {} ({} KB) in {:.1} s",
            path.display(),
            bytes.len() / 1024,
            start.elapsed().as_secs_f64()
        );
    }
    eprintln!("hearback train: rebuild (cargo build) to compile the new models in");
    Ok(0)
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("hbm.tmp");
    fs::write(&tmp, bytes).with_context(|| format!("could not write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}
