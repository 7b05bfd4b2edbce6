-- Public decision search (issue "public portal"): the planner estimates a word missing from the
-- statistics' most common lexemes (a document number, a rare name) at half the frequency of the
-- least common one listed. With the default target (1000 lexemes) that is ~0.2 % of the rows: for
-- "…500000号" it expected 2 000 matches of 10^6, walked publications_status_date_idx backwards
-- to find 20 of them and checked every row's tsvector (one match: 14 s). A longer list makes the
-- estimate of such words small enough that the GIN index is used (0.6 ms); ANALYZE of the table
-- reads a larger sample (≈20 s instead of 2 s at 10^6 rows).
ALTER TABLE "publications" ALTER COLUMN "search" SET STATISTICS 1000;
