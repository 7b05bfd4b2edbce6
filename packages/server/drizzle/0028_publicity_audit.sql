-- Publications, their public versions and correction requests are audited like every domain table
-- (decision 002). A published version is never changed or deleted (R-PUB-08): corrections are new versions.
SELECT zhifa_attach_audit('publications');
--> statement-breakpoint
SELECT zhifa_attach_audit('publication_versions');
--> statement-breakpoint
SELECT zhifa_attach_audit('publication_corrections');
--> statement-breakpoint
CREATE TRIGGER publication_versions_append_only BEFORE UPDATE OR DELETE ON publication_versions FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
