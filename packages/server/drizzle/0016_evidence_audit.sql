-- Evidence records are audited like every domain table, and never changed or deleted: a
-- correction is a new record (R-REC-02).
SELECT zhifa_attach_audit('evidence_files');
--> statement-breakpoint
CREATE TRIGGER evidence_files_append_only BEFORE UPDATE OR DELETE ON evidence_files FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
