//! Arbitrary bytes read as `csv` (forced, as `--input-format csv` does).
#![no_main]

use hearback_formats::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hearback_fuzz::read_as(Format::parse("csv"), "fuzz", data);
});
