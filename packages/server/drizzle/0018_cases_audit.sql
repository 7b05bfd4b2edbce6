-- Case tables are audited like every domain table (decision 002). Text records and flags are
-- never changed or deleted: a correction is a new record that supersedes the old (R-REC-02).
SELECT zhifa_attach_audit('workflow_definitions');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_number_series');
--> statement-breakpoint
SELECT zhifa_attach_audit('cases');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_officers');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_stages');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_records');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_suspensions');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_approvals');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_flags');
--> statement-breakpoint
SELECT zhifa_attach_audit('officer_interests');
--> statement-breakpoint
CREATE TRIGGER case_records_append_only BEFORE UPDATE OR DELETE ON case_records FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
--> statement-breakpoint
CREATE TRIGGER case_flags_append_only BEFORE UPDATE OR DELETE ON case_flags FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
