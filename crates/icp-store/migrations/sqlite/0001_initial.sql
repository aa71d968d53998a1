-- Projects, immutable profile versions, runs and API keys.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    active_version INTEGER
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
    data_sha256 TEXT,
    profile_version INTEGER,
    result TEXT
);
CREATE INDEX runs_by_project ON runs(project_id, id);

CREATE TABLE profile_versions (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    version INTEGER NOT NULL,
    toml TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    PRIMARY KEY (project_id, version)
);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    prefix TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'score', 'admin')),
    project_id INTEGER REFERENCES projects(id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_keys_by_prefix ON api_keys(prefix);
