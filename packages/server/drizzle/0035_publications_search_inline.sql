-- The search vector stays in the row (compressed), not in TOAST: a search that walks the newest
-- decisions checks each one's vector, and reading it from TOAST doubled the cost (portal-search
-- bench: 68 → 31 ms for a word in 1 % of a million decisions). The long texts still move out first.
-- Applies to rows written from now on; existing rows move when they are next written.
ALTER TABLE "publications" ALTER COLUMN "search" SET STORAGE MAIN;
