-- Annual statistics reports and case remedies are audited like every domain table (decision 002).
SELECT zhifa_attach_audit('statistics_reports');
--> statement-breakpoint
SELECT zhifa_attach_audit('case_remedies');
