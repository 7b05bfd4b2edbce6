SELECT zhifa_attach_audit('power_item_changes');
--> statement-breakpoint
SELECT zhifa_attach_audit('power_items');
--> statement-breakpoint
SELECT zhifa_attach_audit('discretion_tiers');
