-- Execution records are audited like every domain table (decision 002).
SELECT zhifa_attach_audit('case_execution');
