-- An item changes from protection events, policy changes and the scheduler's claims at the same time: a version makes
-- the later of two writers work again on the fresh row instead of overwriting the other's change (a next run put back).
alter table protected_item add column version bigint not null default 0;
