//! Arbitrary bytes under an arbitrary file name: sniffing picks the reader, as for files found
//! in a folder. The first byte chooses the extension.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "-", "x.json", "x.jsonl", "x.csv", "x.tsv", "x.txt", "x.vtt", "x.srt", "x.eml", "x.mbox",
    "x.bin",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    hearback_fuzz::read_as(None, name, rest);
});
