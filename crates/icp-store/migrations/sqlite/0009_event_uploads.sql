-- The customer journey's events are uploaded too (POST /v1/projects/{id}/data/events): the
-- uploads' table names allow `events`. SQLite cannot change a CHECK in place, so the table is
-- rebuilt with its rows, ids and index.
CREATE TABLE uploads_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    table_name TEXT NOT NULL CHECK (table_name IN ('accounts', 'deals', 'orders', 'contacts', 'events')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    actor TEXT NOT NULL
);
INSERT INTO uploads_new (id, project_id, table_name, file_name, sha256, bytes, uploaded_at, actor)
    SELECT id, project_id, table_name, file_name, sha256, bytes, uploaded_at, actor FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_new RENAME TO uploads;
CREATE INDEX uploads_by_project ON uploads(project_id, id);
