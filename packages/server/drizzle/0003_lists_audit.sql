SELECT zhifa_attach_audit('random_inspection_items');
