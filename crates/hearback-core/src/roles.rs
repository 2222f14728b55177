//! Role inference: who is the agent when the source does not say.
