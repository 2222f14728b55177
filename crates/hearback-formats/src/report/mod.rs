//! Writers for score results: table, JSON, JSONL and CSV.
