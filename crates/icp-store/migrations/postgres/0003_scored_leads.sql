-- Every lead the service scored (one at a time or in a batch), with the profile version that
-- scored it and the values of that profile's columns only: a lead's other fields (names,
-- e-mail addresses) may be personal data and are never kept.
CREATE TABLE scored_leads (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    profile_version BIGINT NOT NULL,
    scored_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    run_id BIGINT REFERENCES runs(id),
    score_tenths BIGINT,
    tier TEXT NOT NULL,
    -- {"column": "value", …} for the profile's columns; a missing value is null.
    profile_values TEXT NOT NULL
);
CREATE INDEX scored_leads_by_project ON scored_leads(project_id, id);
