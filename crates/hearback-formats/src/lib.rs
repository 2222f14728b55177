//! Readers for every conversation format Hearback imports, and writers for score results.

pub mod report;
