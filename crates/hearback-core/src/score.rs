//! `score`: turns detector findings and checks into verdicts, points and evidence.
