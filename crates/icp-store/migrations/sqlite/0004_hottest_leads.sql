-- The web UI lists a project's hottest kept leads (highest score first, newest first among
-- equals); this index answers that without reading every lead.
CREATE INDEX scored_leads_by_score ON scored_leads(project_id, score_tenths DESC, id DESC);
