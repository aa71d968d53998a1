-- The customer journey's events are uploaded too (POST /v1/projects/{id}/data/events): the
-- uploads' table names allow `events`.
ALTER TABLE uploads DROP CONSTRAINT uploads_table_name_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_table_name_check
    CHECK (table_name IN ('accounts', 'deals', 'orders', 'contacts', 'events'));
