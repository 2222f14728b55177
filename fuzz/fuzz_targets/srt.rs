//! Arbitrary bytes read as `srt` (forced, as `--input-format srt` does).
#![no_main]

use hearback_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hearback_fuzz::read_as(Format::parse("srt"), "fuzz", data);
});
