//! Timing facts from turn timestamps: interruptions, dead air, talk ratio.
