-- Requests to read or copy a case's records are audited like every domain table (decision 002).
SELECT zhifa_attach_audit('access_requests');
