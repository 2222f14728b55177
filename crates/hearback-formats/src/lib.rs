//! Readers for every conversation format Hearback imports.
