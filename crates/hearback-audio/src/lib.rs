//! Call recordings: decode (WAV, FLAC, MP3, OGG Vorbis) → voice activity per channel → speech
//! segments → the timing facts of [`hearback_core::timing`], with no transcript.
//!
//! I/O stays at the edges: [`read`] opens and decodes a file in a stream, feeding each channel's
//! [`vad::ChannelVad`] packet by packet, so an hours-long call needs the memory of one packet
//! and its speech segments, not of its samples. Everything after the segments is the core's pure
//! timing arithmetic, the same that transcripts use.
//!
//! Stereo call recordings put one side on each channel; which one is the agent's is a setting
//! ([`AgentChannel`], `--agent-channel`). A mono recording mixes both sides, so it gives speech
//! and silence only: no interruptions, no talk ratio.

pub mod synth;
pub mod vad;

use std::fs::File;
use std::path::Path;

use hearback_core::timing::{Timeline, TimingOptions, TimingSource};
use hearback_core::{Channel, Conversation, Source, Speaker, Turn};
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;

pub use vad::VadOptions;

/// File extensions read as recordings.
pub const EXTENSIONS: [&str; 7] = ["wav", "wave", "flac", "mp3", "ogg", "oga", "opus"];

/// True when `path` names a recording by its extension.
pub fn is_audio_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A recording that could not be read, with the file it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct AudioError {
    pub path: String,
    pub reason: String,
}

impl AudioError {
    pub fn unreadable(path: &Path, reason: impl Into<String>) -> AudioError {
        AudioError {
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }
}

/// Which channel of a stereo recording is the agent's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentChannel {
    #[default]
    Left,
    Right,
}

/// How a recording is read.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AudioOptions {
    pub agent_channel: AgentChannel,
    pub vad: VadOptions,
}

/// The speech in a recording: who spoke from when to when.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    pub sample_rate: u32,
    pub channels: usize,
    /// Length in seconds, as far as it could be decoded.
    pub seconds: f64,
    /// `(speaker, start, end)`, ordered by start; the speaker is `Unknown` in a mono recording.
    pub segments: Vec<(Speaker, f64, f64)>,
    /// Things worth knowing (a truncated file, packets that would not decode).
    pub warnings: Vec<String>,
}

impl Recording {
    /// Voice activity of channels already in memory (all at `rate` Hz): one channel is mono,
    /// two are stereo with the agent's where `options` says.
    pub fn from_channels(channels: &[&[f32]], rate: u32, options: &AudioOptions) -> Recording {
        let mut vads: Vec<vad::ChannelVad> = channels
            .iter()
            .map(|_| vad::ChannelVad::new(rate, options.vad))
            .collect();
        for (v, samples) in vads.iter_mut().zip(channels) {
            v.push(samples);
        }
        let seconds = channels
            .first()
            .map_or(0.0, |c| c.len() as f64 / f64::from(rate.max(1)));
        Recording::assemble(vads, rate, seconds, options, Vec::new())
    }

    fn assemble(
        vads: Vec<vad::ChannelVad>,
        rate: u32,
        seconds: f64,
        options: &AudioOptions,
        warnings: Vec<String>,
    ) -> Recording {
        let channels = vads.len();
        let speaker_of = |c: usize| match (channels, c, options.agent_channel) {
            (1, _, _) => Speaker::Unknown,
            (_, 0, AgentChannel::Left) | (_, 1, AgentChannel::Right) => Speaker::Agent,
            _ => Speaker::Customer,
        };
        let mut segments: Vec<(Speaker, f64, f64)> = vads
            .into_iter()
            .enumerate()
            .flat_map(|(c, v)| {
                let who = speaker_of(c);
                v.finish().into_iter().map(move |(s, e)| (who, s, e))
            })
            .collect();
        segments.sort_by(|a, b| a.1.total_cmp(&b.1));
        Recording {
            sample_rate: rate,
            channels,
            seconds,
            segments,
            warnings,
        }
    }

    pub fn source(&self) -> TimingSource {
        if self.channels == 1 {
            TimingSource::Mono
        } else {
            TimingSource::Audio
        }
    }

    /// The call-timing input of the core.
    pub fn timeline(&self, options: &TimingOptions) -> Timeline {
        Timeline::from_segments(self.source(), self.segments.iter().copied(), options)
    }

    /// A conversation with one text-less turn per speech segment, for `hearback score
    /// call.wav`: its timing is the recording's and its text criteria answer N/A.
    pub fn conversation(&self, id: &str, file: &str) -> Conversation {
        Conversation {
            id: id.to_string(),
            channel: Channel::Call,
            turns: self
                .segments
                .iter()
                .map(|&(speaker, start, end)| {
                    Turn::timed(
                        speaker,
                        String::new(),
                        (start * 100.0).round() / 100.0,
                        (end * 100.0).round() / 100.0,
                    )
                })
                .collect(),
            audio: Some(file.to_string()),
            source: Some(Source {
                file: file.to_string(),
                ..Source::default()
            }),
            ..Conversation::default()
        }
    }
}

/// Reads a recording from a file: decodes it in a stream and finds the speech in each channel.
/// Never panics: a decoder that panics on a malformed stream becomes an error naming the file.
pub fn read(path: &Path, options: &AudioOptions) -> Result<Recording, AudioError> {
    let file = File::open(path).map_err(|e| AudioError::unreadable(path, e.to_string()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Err(AudioError::unreadable(
            path,
            "the recording is empty (0 bytes)",
        ));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let run = std::panic::AssertUnwindSafe(|| decode(file, ext.as_deref(), options));
    match std::panic::catch_unwind(run) {
        Ok(result) => result.map_err(|reason| AudioError::unreadable(path, reason)),
        Err(_) => Err(AudioError::unreadable(
            path,
            "the decoder failed on a malformed stream",
        )),
    }
}

/// The most channels a call recording has: one (mono) or one per side.
const MAX_CHANNELS: usize = 2;

fn decode(file: File, ext: Option<&str>, options: &AudioOptions) -> Result<Recording, String> {
    let mss = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
    let mut hint = Hint::new();
    if let Some(ext) = ext {
        hint.with_extension(ext);
    }
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| format!("not a readable WAV, FLAC, MP3 or OGG recording ({e})"))?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or("the file has no audio track")?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or("the audio track has no codec parameters")?
        .clone();
    let track_id = track.id;
    let expected_frames = track.num_frames;
    let rate = params.sample_rate.unwrap_or(0);
    if !(1_000..=768_000).contains(&rate) {
        return Err(format!(
            "the sample rate is {rate} Hz; a recording needs 1000 Hz or more"
        ));
    }
    let channels = params.channels.as_ref().map_or(0, |c| c.count());
    if channels > MAX_CHANNELS {
        return Err(format!(
            "the recording has {channels} channels; Hearback reads mono, or stereo with one side per channel"
        ));
    }
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .map_err(|e| format!("cannot decode this codec ({e})"))?;
    let mut vads: Vec<vad::ChannelVad> = Vec::new();
    let mut planes: Vec<Vec<f32>> = Vec::new();
    let mut frames: u64 = 0;
    let (mut bad_packets, mut warnings) = (0usize, Vec::new());
    loop {
        let packet = match format.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                break;
            }
            Err(SymphoniaError::ResetRequired) => break,
            Err(SymphoniaError::DecodeError(_)) => {
                bad_packets += 1;
                continue;
            }
            Err(e) => return Err(format!("could not read the stream: {e}")),
        };
        if packet.track_id != track_id {
            continue;
        }
        let buf = match decoder.decode(&packet) {
            Ok(b) => b,
            Err(SymphoniaError::DecodeError(_)) => {
                bad_packets += 1;
                continue;
            }
            Err(e) => return Err(format!("could not decode the stream: {e}")),
        };
        let n = buf.spec().channels().count();
        if n == 0 || n > MAX_CHANNELS {
            return Err(format!(
                "the recording has {n} channels; Hearback reads mono, or stereo with one side per channel"
            ));
        }
        if vads.is_empty() {
            vads = (0..n)
                .map(|_| vad::ChannelVad::new(rate, options.vad))
                .collect();
        } else if vads.len() != n {
            return Err("the number of channels changes inside the recording".into());
        }
        buf.copy_to_vecs_planar::<f32>(&mut planes);
        frames += buf.frames() as u64;
        for (v, p) in vads.iter_mut().zip(&planes) {
            v.push(&p[..buf.frames().min(p.len())]);
        }
    }
    if vads.is_empty() {
        return Err("the recording has no samples".into());
    }
    if bad_packets > 0 {
        warnings.push(format!("{bad_packets} damaged packet(s) skipped"));
    }
    if let Some(expected) = expected_frames
        && frames + u64::from(rate) / 10 < expected
    {
        warnings.push(format!(
            "the recording ends early (truncated?): {:.1} s of {:.1} s decoded",
            frames as f64 / f64::from(rate),
            expected as f64 / f64::from(rate)
        ));
    }
    let seconds = frames as f64 / f64::from(rate);
    Ok(Recording::assemble(vads, rate, seconds, options, warnings))
}
