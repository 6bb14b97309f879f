-- What a point's retention depends on besides its time, as its backup reported it: whether the schedule or "Back up
-- now" made it, and the retain-until date of the latter. Reconciliation gives them back to policy-service when its
-- copy of the point was lost. Null for points recorded before.
alter table recovery_point add column trigger text;
alter table recovery_point add column scheduled_for timestamptz;
alter table recovery_point add column retain_until timestamptz;
