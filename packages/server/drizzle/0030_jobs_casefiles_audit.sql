SELECT zhifa_attach_audit('jobs');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_files');
