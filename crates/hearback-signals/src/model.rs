//! Linear models and their file format.
//!
//! A model file holds one signal (politeness, toxicity, …) as one or more *heads*; a head is a
//! linear layer over the shared feature space for some languages (politeness has an English head
//! over every feature and a cross-lingual head over the shared strategy features only).
//!
//! The format, little-endian, version `FORMAT_VERSION`:
//! ```text
//! magic "HBSM" · u16 format version · u32 FEATURES_VERSION · u8 HASH_BITS · str signal
//! u8 head count, then per head:
//!   str name · str languages ("en", "ru,hu", "*") · u8 kind (0 sigmoid, 1 softmax) · u8 mask
//!   (0 all, 1 shared only) · u8 k outputs · k × str label · k × f32 bias · k × f32 scale
//!   u32 rows, then per row: varint gap to the previous feature index · k × i8 weight
//! u64 FNV-1a of everything before it
//! ```
//! `str` is a u16 length and UTF-8 bytes. Weights are quantised per output to i8 (weight =
//! i8 × scale): a 2^18 × 5 table is 1.3 MB in memory, and only the rows that training touched
//! are stored. Files are checked whole before use: a wrong magic, version, feature layout,
//! truncation or checksum is an error that says which, never a model that scores nonsense.

// Outputs are parallel arrays (targets, gradients, probabilities) indexed by output number.
#![allow(clippy::needless_range_loop)]

use hearback_core::Lang;

use crate::features::{DIM, FEATURES_VERSION, FeatureMask, Features, HASH_BITS};

pub const MAGIC: &[u8; 4] = b"HBSM";
pub const FORMAT_VERSION: u16 = 1;

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("{what}: not a Hearback signal model (bad magic bytes)")]
    BadMagic { what: String },
    #[error("{what}: model format version {found}, this build reads version {expected}")]
    FormatVersion {
        what: String,
        found: u16,
        expected: u16,
    },
    #[error(
        "{what}: trained for feature layout {found_version}/{found_bits} bits, this build extracts {expected_version}/{expected_bits}; retrain with `hearback train`"
    )]
    FeatureMismatch {
        what: String,
        found_version: u32,
        found_bits: u8,
        expected_version: u32,
        expected_bits: u8,
    },
    #[error("{what}: file is truncated or corrupt at byte {offset}")]
    Truncated { what: String, offset: usize },
    #[error("{what}: checksum mismatch (file corrupt)")]
    Checksum { what: String },
    #[error("{what}: {reason}")]
    Invalid { what: String, reason: String },
}

/// How a head turns scores into probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Each output is an independent probability (binary, or multi-label such as emotions).
    Sigmoid,
    /// The outputs are exclusive classes and sum to one (sentiment).
    Softmax,
}

/// One linear layer, ready to score.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub name: String,
    /// Language codes this head serves; `*` serves any.
    pub langs: Vec<String>,
    pub kind: Kind,
    pub mask: FeatureMask,
    pub labels: Vec<String>,
    pub bias: Vec<f32>,
    pub scale: Vec<f32>,
    /// Row-major `DIM × k` quantised weights.
    weights: Vec<i8>,
}

impl Head {
    /// Quantises trained f32 weights (`DIM × k`, row-major) into a head.
    pub fn quantise(
        name: &str,
        langs: &[&str],
        kind: Kind,
        mask: FeatureMask,
        labels: &[&str],
        bias: &[f32],
        weights: &[f32],
    ) -> Head {
        let k = labels.len();
        let mut scale = vec![0f32; k];
        for row in weights.chunks_exact(k) {
            for (o, w) in row.iter().enumerate() {
                scale[o] = scale[o].max(w.abs());
            }
        }
        for s in &mut scale {
            *s = if *s > 0.0 { *s / 127.0 } else { 1.0 };
        }
        let q = weights
            .iter()
            .enumerate()
            .map(|(i, w)| (w / scale[i % k]).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Head {
            name: name.into(),
            langs: langs.iter().map(|s| s.to_string()).collect(),
            kind,
            mask,
            labels: labels.iter().map(|s| s.to_string()).collect(),
            bias: bias.to_vec(),
            scale,
            weights: q,
        }
    }

    pub fn k(&self) -> usize {
        self.labels.len()
    }

    pub fn serves(&self, lang: Lang) -> bool {
        self.langs.iter().any(|l| l == "*" || l == lang.code())
    }

    /// Writes the probabilities of `features` into `out` (length `k`).
    pub fn predict(&self, features: &Features, out: &mut [f32]) {
        let k = self.k();
        let mut acc = [0f32; 8];
        let acc = &mut acc[..k];
        for (&i, &v) in features.index.iter().zip(&features.value) {
            if !self.mask.allows(i) {
                continue;
            }
            let row = &self.weights[i as usize * k..i as usize * k + k];
            for (a, &w) in acc.iter_mut().zip(row) {
                *a += w as f32 * v;
            }
        }
        for o in 0..k {
            out[o] = acc[o] * self.scale[o] + self.bias[o];
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
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

pub fn softmax(z: &mut [f32]) {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// One signal: its heads, in order of preference.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub signal: String,
    pub heads: Vec<Head>,
}

impl Model {
    /// The head for a language: the first that serves it, else the last (the most general).
    pub fn head_for(&self, lang: Lang) -> &Head {
        self.heads
            .iter()
            .find(|h| h.serves(lang))
            .unwrap_or_else(|| &self.heads[self.heads.len() - 1])
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.extend_from_slice(&FEATURES_VERSION.to_le_bytes());
        b.push(HASH_BITS);
        put_str(&mut b, &self.signal);
        b.push(self.heads.len() as u8);
        for h in &self.heads {
            put_str(&mut b, &h.name);
            put_str(&mut b, &h.langs.join(","));
            b.push(match h.kind {
                Kind::Sigmoid => 0,
                Kind::Softmax => 1,
            });
            b.push(match h.mask {
                FeatureMask::All => 0,
                FeatureMask::SharedOnly => 1,
            });
            let k = h.k();
            b.push(k as u8);
            for l in &h.labels {
                put_str(&mut b, l);
            }
            for v in h.bias.iter().chain(&h.scale) {
                b.extend_from_slice(&v.to_le_bytes());
            }
            let rows: Vec<usize> = (0..DIM)
                .filter(|&r| h.weights[r * k..r * k + k].iter().any(|&w| w != 0))
                .collect();
            b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
            let mut last = 0usize;
            for r in rows {
                put_varint(&mut b, (r - last) as u64);
                last = r;
                b.extend(h.weights[r * k..r * k + k].iter().map(|&w| w as u8));
            }
        }
        let sum = fnv1a(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        b
    }

    /// Reads and checks a model file; `what` names it in errors.
    pub fn from_bytes(what: &str, bytes: &[u8]) -> Result<Model, ModelError> {
        let w = || what.to_string();
        if bytes.len() < 4 || &bytes[..4] != MAGIC {
            return Err(ModelError::BadMagic { what: w() });
        }
        let mut r = Reader {
            b: bytes,
            pos: 4,
            what,
        };
        let version = r.u16()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::FormatVersion {
                what: w(),
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let fv = r.u32()?;
        let bits = r.u8()?;
        if fv != FEATURES_VERSION || bits != HASH_BITS {
            return Err(ModelError::FeatureMismatch {
                what: w(),
                found_version: fv,
                found_bits: bits,
                expected_version: FEATURES_VERSION,
                expected_bits: HASH_BITS,
            });
        }
        if bytes.len() < 8 + r.pos {
            return Err(ModelError::Truncated {
                what: w(),
                offset: bytes.len(),
            });
        }
        let body = &bytes[..bytes.len() - 8];
        let mut sum = [0u8; 8];
        sum.copy_from_slice(&bytes[bytes.len() - 8..]);
        if fnv1a(body) != u64::from_le_bytes(sum) {
            return Err(ModelError::Checksum { what: w() });
        }
        r.b = body;
        let signal = r.str()?;
        let n = r.u8()? as usize;
        if n == 0 {
            return Err(ModelError::Invalid {
                what: w(),
                reason: "no heads".into(),
            });
        }
        let mut heads = Vec::with_capacity(n);
        for _ in 0..n {
            let name = r.str()?;
            let langs = r.str()?.split(',').map(str::to_string).collect();
            let kind = match r.u8()? {
                0 => Kind::Sigmoid,
                1 => Kind::Softmax,
                x => return Err(r.invalid(format!("unknown head kind {x}"))),
            };
            let mask = match r.u8()? {
                0 => FeatureMask::All,
                1 => FeatureMask::SharedOnly,
                x => return Err(r.invalid(format!("unknown feature mask {x}"))),
            };
            let k = r.u8()? as usize;
            if k == 0 || k > 8 {
                return Err(r.invalid(format!("{k} outputs (1 to 8 allowed)")));
            }
            let labels = (0..k).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;
            let bias = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
            let scale = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
            if bias.iter().chain(&scale).any(|v| !v.is_finite()) {
                return Err(r.invalid("a bias or scale is not finite".into()));
            }
            let rows = r.u32()? as usize;
            let mut weights = vec![0i8; DIM * k];
            let mut row = 0usize;
            for i in 0..rows {
                let gap = r.varint()? as usize;
                row = row.saturating_add(gap);
                if (i > 0 && gap == 0) || row >= DIM {
                    return Err(r.invalid(format!("feature row {row} out of order or range")));
                }
                for o in 0..k {
                    weights[row * k + o] = r.u8()? as i8;
                }
            }
            heads.push(Head {
                name,
                langs,
                kind,
                mask,
                labels,
                bias,
                scale,
                weights,
            });
        }
        if r.pos != body.len() {
            return Err(r.invalid("trailing bytes after the last head".into()));
        }
        Ok(Model { signal, heads })
    }
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(&(s.len() as u16).to_le_bytes());
    b.extend_from_slice(s.as_bytes());
}

fn put_varint(b: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            b.push(byte);
            return;
        }
        b.push(byte | 0x80);
    }
}

fn fnv1a(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    what: &'a str,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        if self.pos + n > self.b.len() {
            return Err(ModelError::Truncated {
                what: self.what.into(),
                offset: self.pos,
            });
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u16()? as usize;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| self.invalid("a name is not UTF-8".into()))
    }
    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            v |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.invalid("varint too long".into()))
    }
    fn invalid(&self, reason: String) -> ModelError {
        ModelError::Invalid {
            what: self.what.into(),
            reason: format!("{reason} (byte {})", self.pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{Scratch, extract};

    fn toy() -> Model {
        let k = 3;
        let mut w = vec![0f32; DIM * k];
        // A few scattered rows with distinct values, including the shared region.
        for (r, o, v) in [
            (0, 0, 0.5),
            (5, 1, -1.25),
            (70_000, 2, 2.0),
            (DIM - 1, 0, -0.75),
        ] {
            w[r * k + o] = v;
        }
        let h1 = Head::quantise(
            "all",
            &["en"],
            Kind::Softmax,
            FeatureMask::All,
            &["negative", "neutral", "positive"],
            &[0.1, -0.2, 0.3],
            &w,
        );
        let h2 = Head::quantise(
            "shared",
            &["ru", "hu"],
            Kind::Sigmoid,
            FeatureMask::SharedOnly,
            &["a", "b", "c"],
            &[0.0, 0.0, 0.0],
            &w,
        );
        Model {
            signal: "toy".into(),
            heads: vec![h1, h2],
        }
    }

    #[test]
    fn round_trip_is_exact() {
        let m = toy();
        let bytes = m.to_bytes();
        let back = Model::from_bytes("toy", &bytes).unwrap();
        assert_eq!(m, back);
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.head_for(Lang::Hu).name, "shared");
        assert_eq!(back.head_for(Lang::En).name, "all");
    }

    #[test]
    fn quantisation_keeps_weights_within_half_a_step() {
        let m = toy();
        let h = &m.heads[0];
        let step = h.scale[2];
        let got = h.weights[70_000 * 3 + 2] as f32 * step;
        assert!((got - 2.0).abs() <= step / 2.0);
    }

    #[test]
    fn corruption_is_refused_with_a_reason() {
        let bytes = toy().to_bytes();
        // One flipped bit in the weights.
        let mut b = bytes.clone();
        let mid = b.len() / 2;
        b[mid] ^= 0x10;
        assert!(matches!(
            Model::from_bytes("x", &b),
            Err(ModelError::Checksum { .. })
        ));
        // Truncated.
        let e = Model::from_bytes("x", &bytes[..bytes.len() - 20]).unwrap_err();
        assert!(matches!(
            e,
            ModelError::Checksum { .. } | ModelError::Truncated { .. }
        ));
        assert!(matches!(
            Model::from_bytes("x", &bytes[..9]),
            Err(ModelError::Truncated { .. })
        ));
        // Not a model at all.
        assert!(matches!(
            Model::from_bytes("x", b"PK\x03\x04 zip file"),
            Err(ModelError::BadMagic { .. })
        ));
        assert!(matches!(
            Model::from_bytes("x", b""),
            Err(ModelError::BadMagic { .. })
        ));
        // Another format version or feature layout.
        let mut b = bytes.clone();
        b[4] = 9;
        assert!(matches!(
            Model::from_bytes("x", &b),
            Err(ModelError::FormatVersion { found: 9, .. })
        ));
        let mut b = bytes.clone();
        b[6] ^= 0xff;
        let e = Model::from_bytes("politeness.hbm", &b).unwrap_err();
        assert!(matches!(e, ModelError::FeatureMismatch { .. }));
        assert!(e.to_string().contains("politeness.hbm"));
        assert!(e.to_string().contains("hearback train"));
    }

    #[test]
    fn predictions_are_probabilities() {
        let m = toy();
        let mut s = Scratch::default();
        extract("Thank you so much, this is great!", Lang::En, &mut s);
        let mut out = [0f32; 3];
        m.heads[0].predict(&s.features, &mut out);
        assert!((out.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        m.heads[1].predict(&s.features, &mut out);
        assert!(out.iter().all(|p| (0.0..=1.0).contains(p)));
    }
}
