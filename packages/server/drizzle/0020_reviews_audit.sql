-- Review tables are audited like every domain table (decision 002). The history of a review is
-- never changed or deleted (R-REV-10).
SELECT zhifa_attach_audit('legal_reviews');
--> statement-breakpoint
SELECT zhifa_attach_audit('legal_review_events');
--> statement-breakpoint
SELECT zhifa_attach_audit('review_phrases');
--> statement-breakpoint
CREATE TRIGGER legal_review_events_append_only BEFORE UPDATE OR DELETE ON legal_review_events FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
