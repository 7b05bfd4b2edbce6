-- Generated documents are audited like every domain table (decision 002), and, like the case records
-- they belong to, never changed or deleted: a corrected document is a new one (R-REC-02, R-CASE-06).
SELECT zhifa_attach_audit('case_documents');
--> statement-breakpoint
CREATE TRIGGER case_documents_append_only BEFORE UPDATE OR DELETE ON case_documents FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
