-- Every file uploaded to a project: which table it is, the name the server gave it on disk,
-- its SHA-256 and size, when and by whom. Recorded after the file and icp.toml are in place.
CREATE TABLE uploads (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    table_name TEXT NOT NULL CHECK (table_name IN ('accounts', 'deals', 'orders', 'contacts')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    uploaded_at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX uploads_by_project ON uploads(project_id, id);
