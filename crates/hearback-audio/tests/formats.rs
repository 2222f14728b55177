//! FLAC, MP3 and OGG Vorbis decode to the same timing as the WAV they were made from (see
//! fixtures/README.md): the 4.0 s silence and the 1.2 s overlap within 0.1 s.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use hearback_audio::{AudioOptions, read};
use hearback_core::timing::{Timing, TimingOptions};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn every_compressed_format_gives_the_same_timing() {
    for name in ["call.flac", "call.mp3", "call.ogg"] {
        let r = read(&fixture(name), &AudioOptions::default()).unwrap();
        assert_eq!(r.channels, 2, "{name}");
        let c = r.conversation("call", name);
        let a = hearback_core::analyse(&c, &Default::default());
        let options = TimingOptions::default();
        let t = Timing::measure(&a, Some(r.timeline(&options)), &options);
        assert_eq!(t.dead_air.len(), 1, "{name}: {:?}", t.dead_air);
        let (gap, cut) = (&t.dead_air[0], &t.interruptions);
        assert!(
            (gap.start - 2.0).abs() <= 0.1 && (gap.duration - 4.0).abs() <= 0.1,
            "{name}: {gap:?}"
        );
        assert_eq!(cut.len(), 1, "{name}: {cut:?}");
        assert!(
            (cut[0].start - 6.8).abs() <= 0.1 && (cut[0].overlap - 1.2).abs() <= 0.1,
            "{name}: {cut:?}"
        );
    }
}
