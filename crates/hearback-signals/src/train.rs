//! Deterministic training of the linear heads: logistic (one or several independent sigmoid
//! outputs) or softmax regression, by AdaGrad over shuffled epochs with L2 regularisation.
//!
//! Why our own ~150 lines rather than a crate: the models are plain linear layers over a sparse
//! hashed space, and what matters most is that `hearback train` prints the same figures on every
//! run and machine. Single-threaded, a fixed-seed shuffle (SplitMix64) and no floating-point
//! reductions whose order could change make that hold.

// Outputs are parallel arrays (targets, gradients, probabilities) indexed by output number.
#![allow(clippy::needless_range_loop)]

use crate::features::{DIM, FeatureMask, Features};
use crate::model::{Head, Kind, sigmoid, softmax};

/// One training example: its features, its target per output (0 or 1; for softmax exactly one
/// 1) and a weight (class balancing).
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Features,
    pub target: Vec<f32>,
    pub weight: f32,
}

/// Hyper-parameters. Defaults were chosen on the politeness cross-validation and the toxicity
/// validation split, never on a test set.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub seed: u64,
    pub mask: FeatureMask,
    /// Weigh examples so that each class counts as much in total (see [`balance`]): for a
    /// minority class scored by F1 the decision threshold then sits where it should.
    pub balance: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            epochs: 10,
            learning_rate: 0.2,
            l2: 1e-6,
            seed: 0x4845_4152_4241_434b, // "HEARBACK"
            mask: FeatureMask::All,
            balance: false,
        }
    }
}

/// SplitMix64: a tiny, well-known generator; enough for shuffling.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0); the tiny modulo bias is irrelevant for shuffling.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Trained f32 weights before quantisation.
#[derive(Debug, Clone)]
pub struct Trained {
    pub kind: Kind,
    pub mask: FeatureMask,
    pub k: usize,
    pub bias: Vec<f32>,
    pub weights: Vec<f32>,
}

impl Trained {
    /// Probabilities with the unquantised weights (used by evaluations that train in-protocol).
    pub fn predict(&self, f: &Features, out: &mut [f32]) {
        let k = self.k;
        out[..k].copy_from_slice(&self.bias);
        for (&i, &v) in f.index.iter().zip(&f.value) {
            if !self.mask.allows(i) {
                continue;
            }
            let row = &self.weights[i as usize * k..i as usize * k + k];
            for o in 0..k {
                out[o] += row[o] * v;
            }
        }
        match self.kind {
            Kind::Sigmoid => {
                for z in out.iter_mut().take(k) {
                    *z = sigmoid(*z);
                }
            }
            Kind::Softmax => softmax(&mut out[..k]),
        }
    }

    pub fn into_head(self, name: &str, langs: &[&str], labels: &[&str]) -> Head {
        Head::quantise(
            name,
            langs,
            self.kind,
            self.mask,
            labels,
            &self.bias,
            &self.weights,
        )
    }
}

/// Trains a head. `progress` is called after each epoch with (epoch, mean loss).
pub fn train(
    examples: &[Example],
    kind: Kind,
    k: usize,
    cfg: &Config,
    mut progress: impl FnMut(usize, f64),
) -> Trained {
    // Several independent outputs (emotions): each output's positives weigh as much in total as
    // its negatives. One output or exclusive classes: whole examples are re-weighted.
    let multi_label = kind == Kind::Sigmoid && k > 1;
    let mut pos_weight = vec![1f32; k];
    if cfg.balance && multi_label {
        for (o, pw) in pos_weight.iter_mut().enumerate() {
            let pos = examples.iter().filter(|e| e.target[o] > 0.5).count();
            let neg = examples.len() - pos;
            *pw = (neg as f32 / pos.max(1) as f32).max(1.0);
        }
    }
    // A head restricted to the shared features: drop the others once, not on every pass.
    let filtered;
    let examples = if cfg.mask == FeatureMask::All {
        examples
    } else {
        filtered = examples
            .iter()
            .map(|e| {
                let mut f = Features::default();
                for (&i, &v) in e.features.index.iter().zip(&e.features.value) {
                    if cfg.mask.allows(i) {
                        f.index.push(i);
                        f.value.push(v);
                    }
                }
                Example {
                    features: f,
                    target: e.target.clone(),
                    weight: e.weight,
                }
            })
            .collect::<Vec<_>>();
        &filtered[..]
    };
    let balanced;
    let examples = if cfg.balance && !multi_label {
        balanced = {
            let mut v = examples.to_vec();
            balance(&mut v);
            v
        };
        &balanced[..]
    } else {
        examples
    };
    let mut w = vec![0f32; DIM * k];
    let mut g2 = vec![0f32; DIM * k];
    let mut bias = vec![0f32; k];
    let mut bias_g2 = vec![0f32; k];
    // Start the bias at the weighted base rate, so early epochs do not spend themselves on it.
    if kind == Kind::Sigmoid && !examples.is_empty() {
        let total: f32 = examples.iter().map(|e| e.weight).sum();
        for (o, b) in bias.iter_mut().enumerate() {
            let pos: f32 = examples.iter().map(|e| e.weight * e.target[o]).sum();
            let p = ((pos + 0.5) / (total + 1.0)).clamp(1e-4, 1.0 - 1e-4);
            *b = (p / (1.0 - p)).ln();
        }
    }
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let mut grad = vec![0f32; k];
    let mut out = vec![0f32; k];
    const EPS: f32 = 1e-8;
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let mut loss = 0f64;
        for &n in &order {
            let ex = &examples[n];
            // Forward.
            out.copy_from_slice(&bias);
            for (&i, &v) in ex.features.index.iter().zip(&ex.features.value) {
                if !cfg.mask.allows(i) {
                    continue;
                }
                let row = &w[i as usize * k..i as usize * k + k];
                for o in 0..k {
                    out[o] += row[o] * v;
                }
            }
            match kind {
                Kind::Sigmoid => {
                    for z in &mut out {
                        *z = sigmoid(*z);
                    }
                    for o in 0..k {
                        let p = out[o].clamp(1e-7, 1.0 - 1e-7);
                        let y = ex.target[o];
                        loss -= (ex.weight * (y * p.ln() + (1.0 - y) * (1.0 - p).ln())) as f64;
                    }
                }
                Kind::Softmax => {
                    softmax(&mut out);
                    for o in 0..k {
                        if ex.target[o] > 0.0 {
                            loss -= (ex.weight * out[o].max(1e-7).ln()) as f64;
                        }
                    }
                }
            }
            for o in 0..k {
                let w_pos = if ex.target[o] > 0.5 {
                    pos_weight[o]
                } else {
                    1.0
                };
                grad[o] = (out[o] - ex.target[o]) * ex.weight * w_pos;
            }
            // Backward: AdaGrad on the touched rows, L2 applied where a feature is active.
            for o in 0..k {
                bias_g2[o] += grad[o] * grad[o];
                bias[o] -= cfg.learning_rate * grad[o] / (bias_g2[o].sqrt() + EPS);
            }
            for (&i, &v) in ex.features.index.iter().zip(&ex.features.value) {
                if !cfg.mask.allows(i) {
                    continue;
                }
                let base = i as usize * k;
                for o in 0..k {
                    let j = base + o;
                    let g = grad[o] * v + cfg.l2 * w[j];
                    g2[j] += g * g;
                    w[j] -= cfg.learning_rate * g / (g2[j].sqrt() + EPS);
                }
            }
        }
        progress(epoch + 1, loss / examples.len().max(1) as f64);
    }
    Trained {
        kind,
        mask: cfg.mask,
        k,
        bias,
        weights: w,
    }
}

/// Weights that make every class (or, for sigmoid outputs, positives and negatives of the first
/// output) count as much in total. Used where a paper scores macro-F1 on a skewed set.
pub fn balance(examples: &mut [Example]) {
    let k = examples.first().map_or(0, |e| e.target.len());
    if k == 0 {
        return;
    }
    let classes = if k == 1 { 2 } else { k };
    let class_of = |e: &Example| -> usize {
        if k == 1 {
            (e.target[0] > 0.5) as usize
        } else {
            e.target
                .iter()
                .position(|&t| t > 0.5)
                .unwrap_or(classes - 1)
        }
    };
    let mut counts = vec![0usize; classes];
    for e in examples.iter() {
        counts[class_of(e)] += 1;
    }
    let n = examples.len() as f32;
    for e in examples.iter_mut() {
        let c = counts[class_of(e)].max(1) as f32;
        e.weight = n / (classes as f32 * c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{Scratch, extract};
    use hearback_core::Lang;

    fn ex(text: &str, y: f32) -> Example {
        let mut s = Scratch::default();
        extract(text, Lang::En, &mut s);
        Example {
            features: s.features,
            target: vec![y],
            weight: 1.0,
        }
    }

    #[test]
    fn learns_a_separable_toy_problem_and_is_deterministic() {
        let data: Vec<Example> = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    ex(&format!("thanks a lot friend number {i}"), 1.0)
                } else {
                    ex(&format!("you stupid idiot number {i}"), 0.0)
                }
            })
            .collect();
        let cfg = Config::default();
        let a = train(&data, Kind::Sigmoid, 1, &cfg, |_, _| {});
        let b = train(&data, Kind::Sigmoid, 1, &cfg, |_, _| {});
        assert_eq!(a.weights, b.weights, "same seed, same weights");
        let mut p = [0f32];
        a.predict(&ex("thanks friend", 1.0).features, &mut p);
        let polite = p[0];
        a.predict(&ex("stupid idiot", 0.0).features, &mut p);
        assert!(polite > 0.5 && p[0] < 0.5, "{polite} vs {}", p[0]);
    }

    #[test]
    fn shared_only_mask_leaves_hashed_weights_at_zero() {
        let data = vec![ex("could you please help", 1.0), ex("do it now", 0.0)];
        let cfg = Config {
            mask: FeatureMask::SharedOnly,
            ..Config::default()
        };
        let t = train(&data, Kind::Sigmoid, 1, &cfg, |_, _| {});
        let shared = crate::features::SHARED as usize;
        assert!(t.weights[shared..].iter().all(|&w| w == 0.0));
        assert!(t.weights[..shared].iter().any(|&w| w != 0.0));
    }

    #[test]
    fn balance_equalises_class_totals() {
        let mut data = vec![ex("a", 1.0), ex("b", 0.0), ex("c", 0.0), ex("d", 0.0)];
        balance(&mut data);
        let pos: f32 = data
            .iter()
            .filter(|e| e.target[0] > 0.5)
            .map(|e| e.weight)
            .sum();
        let neg: f32 = data
            .iter()
            .filter(|e| e.target[0] < 0.5)
            .map(|e| e.weight)
            .sum();
        assert!((pos - neg).abs() < 1e-5);
    }
}
