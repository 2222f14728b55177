//! Arbitrary bytes read as `transcript` (forced, as `--input-format transcript` does).
#![no_main]

use hearback_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hearback_fuzz::read_as(Format::parse("transcript"), "fuzz", data);
});
