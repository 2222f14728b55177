//! Runs one of the crate's evaluations and prints its JSON report, for working on the models
//! without the binary: `cargo run --release -p hearback-signals --example eval -- NAME [DATA_DIR]`.
//! `hearback eval NAME` is the supported way.

use std::path::PathBuf;

use hearback_signals::data::{DataError, DataSource};

struct Dir(PathBuf);

impl DataSource for Dir {
    fn read(&self, path: &str) -> Result<Vec<u8>, DataError> {
        std::fs::read(self.0.join(path)).map_err(|e| DataError::Missing {
            path: path.into(),
            reason: e.to_string(),
        })
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "stanford-politeness".into());
    let dir = Dir(args
        .next()
        .map_or_else(|| PathBuf::from("../shared/data"), PathBuf::from));
    let mut progress = |m: &str| eprintln!("{m}");
    match hearback_signals::eval::run(&name, &dir, &mut progress) {
        Ok(r) => println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
