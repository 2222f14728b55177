//! Writes a synthetic stereo call (agent left, customer right) as 16-bit WAV, for making the
//! FLAC, MP3 and OGG fixtures with an encoder: `cargo run -p hearback-audio --example
//! synth_call -- OUT.wav` (see tests/fixtures/README.md).
//!
//! The call: agent 0.0–2.0 s, customer 6.0–8.0 s (a 4.0 s silence), agent 6.8–9.0 s (a 1.2 s
//! overlap), 10 s at 8 kHz.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).ok_or("usage: synth_call OUT.wav")?;
    let rate = 8_000;
    let agent = hearback_audio::synth::channel(&[(0.0, 2.0), (6.8, 9.0)], 10.0, rate, 190.0, 11);
    let customer = hearback_audio::synth::channel(&[(6.0, 8.0)], 10.0, rate, 120.0, 23);
    hearback_audio::synth::write_wav(std::path::Path::new(&out), &[agent, customer], rate)?;
    Ok(())
}
