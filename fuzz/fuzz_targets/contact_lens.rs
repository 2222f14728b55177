//! Arbitrary bytes read as `contact-lens` (forced, as `--input-format contact-lens` does).
#![no_main]

use hearback_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hearback_fuzz::read_as(Format::parse("contact-lens"), "fuzz", data);
});
