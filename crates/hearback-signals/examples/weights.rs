//! Prints the cross-lingual politeness and toxicity heads' weights per strategy and surface cue:
//! `cargo run -p hearback-signals --example weights`.
use hearback_signals::features::{FeatureMask, Features};
use hearback_signals::lexicon::Strategy;
use hearback_signals::model::Model;

fn main() {
    for (name, bytes) in [
        (
            "politeness",
            &include_bytes!("../models/politeness.hbm")[..],
        ),
        ("toxicity", &include_bytes!("../models/toxicity.hbm")[..]),
    ] {
        let Ok(m) = Model::from_bytes(name, bytes) else {
            eprintln!("{name}: cannot load");
            continue;
        };
        for h in m.heads.iter().filter(|h| h.mask == FeatureMask::SharedOnly) {
            println!("{name}/{} bias {:.3}", h.name, h.bias[0]);
            let mut out = [0f32; 8];
            for i in 1..64u32 {
                let f = Features {
                    index: vec![i],
                    value: vec![1.0],
                };
                h.predict(&f, &mut out);
                let z = (out[0] / (1.0 - out[0])).ln() - h.bias[0];
                let label = Strategy::ALL.get(i as usize - 1).map_or(
                    format!(
                        "surface {}",
                        (i as usize).saturating_sub(1 + Strategy::COUNT)
                    ),
                    |s| s.name().to_string(),
                );
                if z.abs() > 1e-4 {
                    println!("  {label:22} {z:+.3}");
                }
            }
        }
    }
}
