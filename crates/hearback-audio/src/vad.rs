//! Voice activity per channel: samples in, speech segments out, in bounded memory.
//!
//! Why earshot: pure Rust (no ONNX runtime, no downloads), ~8 KiB of state per channel, and a
//! neural detector that tells voice from line noise, hum and beeps, which an energy threshold
//! cannot. It reads 16 ms frames at 16 kHz, so every channel is first resampled to 16 kHz.
//!
//! Why smoothing: a detector's frame decisions flicker inside words and at plosives; a talk
//! segment closes only after [`VadOptions::hangover`] seconds without voice, and a burst
//! shorter than [`VadOptions::min_speech`] is a click, not speech. Both are far below the
//! silences the timing facts care about (2 s of dead air, 0.5 s of overlap).
//!
//! Why the ends are trimmed by loudness: the detector looks at a window of context and keeps
//! saying "voice" for a tenth of a second or more after a speaker stops, which would shorten
//! every measured silence by as much. Frames at the end of a segment that are 30 dB below its
//! loudest frame (and near the line's noise floor) are breath and echo, not speech.

/// The rate earshot reads.
pub const VAD_RATE: u32 = 16_000;
/// Samples per earshot frame (16 ms at 16 kHz).
pub const FRAME: usize = 256;
const FRAME_SECONDS: f64 = FRAME as f64 / VAD_RATE as f64;

/// How frame decisions become segments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VadOptions {
    /// Score from which a frame is voice.
    pub threshold: f32,
    /// Seconds without voice that close a segment.
    pub hangover: f64,
    /// Segments shorter than this are dropped.
    pub min_speech: f64,
}

impl Default for VadOptions {
    fn default() -> Self {
        VadOptions {
            threshold: 0.5,
            hangover: 0.3,
            min_speech: 0.12,
        }
    }
}

/// A resampler to 16 kHz that keeps no more than one input sample between calls: box
/// averaging when going down (48, 44.1, 22.05 kHz), linear interpolation when going up (8 kHz).
#[derive(Debug, Clone)]
struct Resampler {
    /// Input samples per output sample.
    step: f64,
    /// Position of the next output sample, in input samples since the last one consumed.
    pos: f64,
    prev: f32,
    acc: f64,
    weight: f64,
}

impl Resampler {
    fn new(rate: u32) -> Resampler {
        Resampler {
            step: f64::from(rate) / f64::from(VAD_RATE),
            pos: 0.0,
            prev: 0.0,
            acc: 0.0,
            weight: 0.0,
        }
    }

    /// Resamples a block, appending to `out`; samples are clipped to [-1, 1] and anything
    /// not finite is silence.
    fn run(&mut self, block: &[f32], out: &mut Vec<f32>) {
        let clean = |x: f32| {
            if x.is_finite() {
                x.clamp(-1.0, 1.0)
            } else {
                0.0
            }
        };
        if self.step == 1.0 {
            out.extend(block.iter().map(|&x| clean(x)));
        } else if self.step == 0.5 {
            // 8 kHz telephony, the common case: one midpoint between each pair of samples.
            for &x in block {
                let x = clean(x);
                out.push(0.5 * (self.prev + x));
                out.push(x);
                self.prev = x;
            }
        } else if self.step.fract() == 0.0 {
            // 32 and 48 kHz: whole numbers of input samples per output sample.
            let k = self.step as usize;
            for &x in block {
                self.acc += f64::from(clean(x));
                self.weight += 1.0;
                if self.weight as usize == k {
                    out.push((self.acc / self.weight) as f32);
                    self.acc = 0.0;
                    self.weight = 0.0;
                }
            }
        } else {
            for &x in block {
                self.push(clean(x), &mut |y| out.push(y));
            }
        }
    }

    fn push(&mut self, x: f32, out: &mut impl FnMut(f32)) {
        if self.step == 1.0 {
            out(x);
        } else if self.step > 1.0 {
            // Each input sample covers [0, 1) of input time; each output covers `step` of it.
            let mut left = 1.0;
            while left > 0.0 {
                let room = self.step - self.weight;
                let take = room.min(left);
                self.acc += f64::from(x) * take;
                self.weight += take;
                left -= take;
                if self.weight >= self.step - 1e-9 {
                    out((self.acc / self.weight) as f32);
                    self.acc = 0.0;
                    self.weight = 0.0;
                }
            }
        } else {
            // Output samples between the previous input sample and this one.
            while self.pos <= 1.0 {
                let p = self.pos as f32;
                out(self.prev + (x - self.prev) * p);
                self.pos += self.step;
            }
            self.pos -= 1.0;
            self.prev = x;
        }
    }
}

/// Voice activity of one channel, fed samples as they are decoded.
pub struct ChannelVad {
    detector: Box<earshot::Detector>,
    resampler: Resampler,
    frame: Vec<f32>,
    frames: u64,
    options: VadOptions,
    /// The open segment's first voiced frame, and its last.
    open: Option<(u64, u64)>,
    segments: Vec<(f64, f64)>,
    /// RMS of the most recent frames (index, rms), for trimming segment ends.
    recent: std::collections::VecDeque<(u64, f32)>,
    /// The loudest frame of the open segment.
    peak: f32,
    /// A slow average of the RMS of frames without voice: the line's noise.
    floor: Option<f32>,
    /// Resampled samples of the block being framed, kept to reuse its allocation.
    scratch: Vec<f32>,
    /// How many frames in a row were skipped as too quiet to be speech.
    gated: usize,
    /// The last [`PRIME`] skipped frames, replayed to the detector before the next loud frame
    /// so that its context window is what it would have been.
    skipped: [[f32; FRAME]; PRIME],
}

/// Frames of context the detector needs before a new sound to judge it as it would have
/// without skipping (its window is three frames).
const PRIME: usize = 4;

/// RMS below which a frame is silence without asking the detector: −50 dBFS, under the
/// quietest speech a call recording carries and above digital silence and a quiet line.
const SILENT_RMS: f32 = 0.003_16;
/// On a noisy line, frames within this factor (4 dB) of the line's noise floor are the line,
/// not a voice: speech on a call is 20 dB or more above it.
const NOISE_MARGIN: f32 = 1.6;
/// The gate never rises above −34 dBFS, however loud the "noise" (music on hold) was.
const GATE_CAP: f32 = 0.02;

/// Frames of RMS kept for trimming: two seconds, far more than the detector's lag plus the
/// hangover.
const RECENT: usize = 128;
/// A segment's tail quieter than its loudest frame by this factor (30 dB in amplitude) is not
/// speech.
const TAIL_BELOW_PEAK: f32 = 0.0316;

impl std::fmt::Debug for ChannelVad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelVad")
            .field("frames", &self.frames)
            .field("segments", &self.segments.len())
            .finish()
    }
}

impl ChannelVad {
    /// A detector for samples at `rate` Hz (any rate above zero).
    pub fn new(rate: u32, options: VadOptions) -> ChannelVad {
        ChannelVad {
            detector: earshot::Detector::default_boxed(),
            resampler: Resampler::new(rate.max(1)),
            frame: Vec::with_capacity(FRAME),
            frames: 0,
            options,
            open: None,
            segments: Vec::new(),
            recent: std::collections::VecDeque::with_capacity(RECENT + 1),
            peak: 0.0,
            floor: None,
            scratch: Vec::new(),
            gated: 0,
            skipped: [[0.0; FRAME]; PRIME],
        }
    }

    /// Feeds samples in [-1, 1] (values outside are clipped).
    pub fn push(&mut self, samples: &[f32]) {
        // Resampled in blocks into a reused buffer: the per-frame work then runs on whole
        // frames, and memory stays at one block whatever the length of the recording.
        const BLOCK: usize = 8 * 1024;
        let mut resampled = std::mem::take(&mut self.scratch);
        for block in samples.chunks(BLOCK) {
            resampled.clear();
            self.resampler.run(block, &mut resampled);
            let mut rest = &resampled[..];
            while !rest.is_empty() {
                let take = (FRAME - self.frame.len()).min(rest.len());
                if self.frame.is_empty() && take == FRAME {
                    self.frame_done(&rest[..FRAME]);
                } else {
                    self.frame.extend_from_slice(&rest[..take]);
                    if self.frame.len() == FRAME {
                        let frame = std::mem::take(&mut self.frame);
                        self.frame_done(&frame);
                        self.frame = frame;
                        self.frame.clear();
                    }
                }
                rest = &rest[take..];
            }
        }
        self.scratch = resampled;
    }

    fn frame_done(&mut self, frame: &[f32]) {
        let i = self.frames;
        self.frames += 1;
        let rms = (frame.iter().map(|x| x * x).sum::<f32>() / frame.len() as f32).sqrt();
        // Frames quieter than any voice on a phone line, or no louder than the line's own
        // noise, are not worth the network's time: half or more of each side of a call is the
        // other side talking or nobody.
        let gate = SILENT_RMS.max((self.floor.unwrap_or(0.0) * NOISE_MARGIN).min(GATE_CAP));
        let voiced = if rms < gate && frame.len() == FRAME {
            self.skipped[self.gated % PRIME].copy_from_slice(frame);
            self.gated += 1;
            false
        } else {
            let gated = std::mem::take(&mut self.gated);
            if gated > 0 {
                let n = gated.min(PRIME);
                for k in 0..n {
                    let slot = (gated - n + k) % PRIME;
                    let primer = self.skipped[slot];
                    self.detector.predict_f32(&primer);
                }
            }
            self.detector.predict_f32(frame) >= self.options.threshold
        };
        self.recent.push_back((i, rms));
        if self.recent.len() > RECENT {
            self.recent.pop_front();
        }
        if voiced {
            self.peak = self.peak.max(rms);
        } else {
            self.floor = Some(self.floor.map_or(rms, |f| 0.98 * f + 0.02 * rms));
        }
        let hang = (self.options.hangover / FRAME_SECONDS).ceil() as u64;
        match (self.open, voiced) {
            (None, true) => {
                self.peak = rms;
                self.open = Some((i, i));
            }
            (Some((s, _)), true) => self.open = Some((s, i)),
            (Some((s, last)), false) if i - last > hang => {
                self.close(s, last);
                self.open = None;
            }
            _ => {}
        }
    }

    fn close(&mut self, first: u64, mut last: u64) {
        let quiet = (self.peak * TAIL_BELOW_PEAK).max(self.floor.unwrap_or(0.0) * 2.0);
        let rms_of = |i: u64| {
            self.recent
                .iter()
                .rev()
                .find(|(j, _)| *j == i)
                .map(|(_, r)| *r)
        };
        while last > first && rms_of(last).is_some_and(|r| r < quiet) {
            last -= 1;
        }
        let (start, end) = (
            first as f64 * FRAME_SECONDS,
            (last + 1) as f64 * FRAME_SECONDS,
        );
        if end - start >= self.options.min_speech {
            self.segments.push((start, end));
        }
    }

    /// Seconds of audio read so far.
    pub fn seconds(&self) -> f64 {
        self.frames as f64 * FRAME_SECONDS
    }

    /// The speech segments `(start, end)` in seconds, in order.
    pub fn finish(mut self) -> Vec<(f64, f64)> {
        if !self.frame.is_empty() {
            let mut last = std::mem::take(&mut self.frame);
            last.resize(FRAME, 0.0);
            self.frame_done(&last);
        }
        if let Some((s, last)) = self.open.take() {
            self.close(s, last);
        }
        self.segments
    }
}

/// Speech segments of a whole channel held in memory (tests, benchmarks).
pub fn segments(samples: &[f32], rate: u32, options: VadOptions) -> Vec<(f64, f64)> {
    let mut vad = ChannelVad::new(rate, options);
    vad.push(samples);
    vad.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resampling_keeps_the_duration() {
        for rate in [8_000, 11_025, 16_000, 22_050, 44_100, 48_000] {
            let mut r = Resampler::new(rate);
            let mut n = 0usize;
            for _ in 0..rate * 3 {
                r.push(0.1, &mut |_| n += 1);
            }
            assert!(
                (n as i64 - 48_000).abs() <= 2,
                "{rate} Hz gave {n} samples for 3 s"
            );
        }
    }

    #[test]
    fn silence_has_no_speech() {
        assert!(segments(&vec![0.0; 16_000 * 3], 16_000, VadOptions::default()).is_empty());
    }
}
