-- Events of one job arrive on several topics and are applied concurrently: a version makes the later writer of two
-- apply its event again on the fresh row instead of overwriting the earlier one (a completion lost to a late progress).
alter table job add column version bigint not null default 0;
