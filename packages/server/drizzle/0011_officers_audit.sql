SELECT zhifa_attach_audit('officers');
--> statement-breakpoint
SELECT zhifa_attach_audit('officer_annual_records');
