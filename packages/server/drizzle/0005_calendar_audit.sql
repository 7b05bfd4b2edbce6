SELECT zhifa_attach_audit('calendar_days');
--> statement-breakpoint
SELECT zhifa_attach_audit('calendar_years');
