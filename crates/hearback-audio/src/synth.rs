//! Speech-like test signals, so that tests and benchmarks build their own recordings with
//! known silences and overlaps and CI needs no speech synthesiser.
//!
//! Why not plain tones: a voice activity detector is trained to tell voice from hum, beeps
//! and noise, so a sine wave is (rightly) not speech. A vowel-like sound is: a glottal pulse
//! train with a wandering pitch through two formant resonators, in syllables a few times a
//! second.

use std::path::Path;

use crate::AudioError;

/// A deterministic pseudo-random generator (xorshift), so test audio is the same every run.
#[derive(Debug, Clone)]
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Noise {
        Noise(seed.max(1))
    }

    /// Uniform in [-1, 1].
    pub fn sample(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
}

/// A two-pole resonator: one formant.
#[derive(Debug, Clone)]
struct Resonator {
    a1: f32,
    a2: f32,
    gain: f32,
    y1: f32,
    y2: f32,
}

impl Resonator {
    fn new(freq: f32, bandwidth: f32, rate: f32) -> Resonator {
        let r = (-std::f32::consts::PI * bandwidth / rate).exp();
        let theta = 2.0 * std::f32::consts::PI * freq / rate;
        Resonator {
            a1: 2.0 * r * theta.cos(),
            a2: -r * r,
            gain: 1.0 - r,
            y1: 0.0,
            y2: 0.0,
        }
    }

    fn run(&mut self, x: f32) -> f32 {
        let y = self.gain * x + self.a1 * self.y1 + self.a2 * self.y2;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }

    fn retune(&mut self, freq: f32, bandwidth: f32, rate: f32) {
        let fresh = Resonator::new(freq, bandwidth, rate);
        self.a1 = fresh.a1;
        self.a2 = fresh.a2;
        self.gain = fresh.gain;
    }
}

/// Vowel formants (F1, F2) in Hz that the synthetic voice moves between.
const VOWELS: [(f32, f32); 5] = [
    (730.0, 1090.0),
    (270.0, 2290.0),
    (530.0, 1840.0),
    (570.0, 840.0),
    (300.0, 870.0),
];

/// `seconds` of a speech-like voice at `rate` Hz with pitch around `pitch` Hz, peak ≈ 0.5.
/// Syllables last about 0.2 s and stay voiced end to end, so the whole stretch is one
/// utterance with no pause inside it.
pub fn voice(seconds: f64, rate: u32, pitch: f32, seed: u64) -> Vec<f32> {
    let n = (seconds * f64::from(rate)).round() as usize;
    let fs = rate as f32;
    let mut noise = Noise::new(seed);
    let mut out = Vec::with_capacity(n);
    let (mut f1, mut f2) = (
        Resonator::new(700.0, 90.0, fs),
        Resonator::new(1200.0, 110.0, fs),
    );
    let mut phase = 0.0f32;
    let syllable = (0.2 * fs) as usize;
    let mut vowel = (seed as usize) % VOWELS.len();
    let mut drift = 0.0f32;
    for i in 0..n {
        if i % syllable.max(1) == 0 {
            vowel = (vowel + 1 + (noise.sample().abs() * 3.0) as usize) % VOWELS.len();
            let (a, b) = VOWELS[vowel];
            f1.retune(a, 90.0, fs);
            f2.retune(b, 110.0, fs);
            drift = noise.sample() * 0.15;
        }
        let t = i as f32 / fs;
        // Intonation: a slow fall with a little vibrato, as in a spoken phrase.
        let f0 = pitch * (1.0 + drift + 0.05 * (2.0 * std::f32::consts::PI * 3.0 * t).sin());
        phase += f0 / fs;
        let pulse = if phase >= 1.0 {
            phase -= 1.0;
            1.0
        } else {
            0.0
        };
        let excitation = pulse + 0.02 * noise.sample();
        let s = f1.run(excitation) + 0.6 * f2.run(excitation);
        // Syllable envelope: loud in the middle, softer (never silent) at the edges.
        let k = (i % syllable.max(1)) as f32 / syllable.max(1) as f32;
        let env = 0.55 + 0.45 * (std::f32::consts::PI * k).sin();
        out.push(s * env);
    }
    let peak = out.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if peak > 0.0 {
        for x in &mut out {
            *x *= 0.5 / peak;
        }
    }
    // Soft onset and offset (10 ms), as a real voice has, instead of a click.
    let ramp = (0.01 * fs) as usize;
    for i in 0..ramp.min(n / 2) {
        let g = i as f32 / ramp as f32;
        out[i] *= g;
        out[n - 1 - i] *= g;
    }
    out
}

/// Quiet line noise, as a telephone channel has between words (about −50 dBFS).
pub fn hiss(seconds: f64, rate: u32, seed: u64) -> Vec<f32> {
    let n = (seconds * f64::from(rate)).round() as usize;
    let mut noise = Noise::new(seed);
    (0..n).map(|_| 0.003 * noise.sample()).collect()
}

/// One channel of a call: `speech` as `(start, end)` seconds of voice over line noise, `length`
/// seconds long.
pub fn channel(speech: &[(f64, f64)], length: f64, rate: u32, pitch: f32, seed: u64) -> Vec<f32> {
    let mut out = hiss(length, rate, seed ^ 0x9e37_79b9);
    for (k, &(start, end)) in speech.iter().enumerate() {
        let from = (start * f64::from(rate)).round() as usize;
        let v = voice(end - start, rate, pitch, seed.wrapping_add(k as u64 * 7919));
        for (i, x) in v.into_iter().enumerate() {
            if let Some(o) = out.get_mut(from + i) {
                *o += x;
            }
        }
    }
    out
}

/// Writes channels (all the same length) as a 16-bit PCM WAV file.
pub fn write_wav(path: &Path, channels: &[Vec<f32>], rate: u32) -> Result<(), AudioError> {
    let fail = |e: hound::Error| AudioError::unreadable(path, e.to_string());
    let spec = hound::WavSpec {
        channels: channels.len() as u16,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).map_err(fail)?;
    let n = channels.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..n {
        for c in channels {
            let x = c.get(i).copied().unwrap_or(0.0).clamp(-1.0, 1.0);
            w.write_sample((x * 32767.0) as i16).map_err(fail)?;
        }
    }
    w.finalize().map_err(fail)
}
