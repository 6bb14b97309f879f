-- When the scheduler fired an item's run that has no result yet (the backup-center_items_overdue watchdog).
alter table protected_item add column awaiting_result_since timestamptz;
