-- Hearback's schema, SQLite flavour. The PostgreSQL file (../postgres/0001_initial.sql) has the
-- same tables, columns and names; only the key columns differ (INTEGER PRIMARY KEY here, an
-- identity there). Types are the ones sqlx's `Any` driver carries on both backends: TEXT,
-- BIGINT (also for booleans, 0/1), DOUBLE PRECISION. Timestamps are RFC 3339 text as the source
-- wrote them (with its offset) plus UTC epoch seconds for ranges and sorting; JSON is text.

-- A scorecard as it was used: the same id and version with other content is another row, so a
-- result always names the exact standard it was scored against.
CREATE TABLE scorecards (
    id INTEGER PRIMARY KEY,
    scorecard_id TEXT NOT NULL,
    version TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (scorecard_id, version, content_hash)
);

CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT,
    started_at TEXT,
    started_epoch BIGINT,
    agent_id TEXT,
    agent_name TEXT,
    team TEXT,
    customer_id TEXT,
    customer_name TEXT,
    customer_email TEXT,
    customer_phone TEXT,
    source_file TEXT,
    source_line BIGINT,
    source_format TEXT,
    turn_count BIGINT NOT NULL,
    body TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_started ON conversations (started_epoch);
CREATE INDEX conversations_agent ON conversations (agent_id);
CREATE INDEX conversations_team ON conversations (team);
CREATE INDEX conversations_customer ON conversations (customer_id);

CREATE TABLE turns (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    start_s DOUBLE PRECISION,
    end_s DOUBLE PRECISION,
    at TEXT,
    at_epoch BIGINT,
    label TEXT,
    PRIMARY KEY (conversation_id, idx)
);

-- Exactly one result per conversation and scorecard version.
CREATE TABLE score_results (
    id INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    scorecard_id BIGINT NOT NULL REFERENCES scorecards (id),
    engine TEXT NOT NULL,
    language TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    max_score DOUBLE PRECISION NOT NULL,
    passed BIGINT NOT NULL,
    timing TEXT NOT NULL,
    warnings TEXT NOT NULL,
    body TEXT NOT NULL,
    scored_at BIGINT NOT NULL,
    UNIQUE (conversation_id, scorecard_id)
);
CREATE INDEX score_results_card ON score_results (scorecard_id, score);

-- Automatic and human answers are kept apart: one row per source for each criterion.
CREATE TABLE criterion_answers (
    id INTEGER PRIMARY KEY,
    result_id BIGINT NOT NULL REFERENCES score_results (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    title TEXT NOT NULL,
    section TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'na')),
    points DOUBLE PRECISION NOT NULL,
    max_points DOUBLE PRECISION NOT NULL,
    critical BIGINT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('auto', 'human')),
    answered_by TEXT NOT NULL,
    rationale TEXT NOT NULL,
    answered_at BIGINT NOT NULL,
    UNIQUE (result_id, criterion_id, source)
);
CREATE INDEX criterion_answers_verdict ON criterion_answers (criterion_id, verdict);

CREATE TABLE evidence (
    answer_id BIGINT NOT NULL REFERENCES criterion_answers (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    turn BIGINT NOT NULL,
    speaker TEXT NOT NULL,
    start_s DOUBLE PRECISION,
    end_s DOUBLE PRECISION,
    char_start BIGINT NOT NULL,
    char_end BIGINT NOT NULL,
    quote TEXT NOT NULL,
    PRIMARY KEY (answer_id, idx)
);

-- One row per signal of a result; `number` is the value as a number where it has one (a number
-- as is, true/false as 1/0, a list as its length) so that filters need no JSON functions.
CREATE TABLE signals (
    result_id BIGINT NOT NULL REFERENCES score_results (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    number DOUBLE PRECISION,
    PRIMARY KEY (result_id, name)
);
CREATE INDEX signals_value ON signals (name, number);

CREATE TABLE promises (
    result_id BIGINT NOT NULL REFERENCES score_results (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    due TEXT,
    due_epoch BIGINT,
    turn BIGINT NOT NULL,
    vague BIGINT NOT NULL,
    char_start BIGINT NOT NULL,
    char_end BIGINT NOT NULL,
    quote TEXT NOT NULL,
    PRIMARY KEY (result_id, idx)
);
CREATE INDEX promises_due ON promises (due_epoch);
CREATE INDEX promises_conversation ON promises (conversation_id);
