//! Scorecards: the business's service standard as a TOML file, resolved into checks.
