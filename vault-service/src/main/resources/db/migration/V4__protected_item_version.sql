-- A protected item changes from requests and from events (backup results, expiries) at the same time: a version makes
-- the later of two writers work again on the fresh row instead of overwriting the other's change.
alter table protected_item add column version bigint not null default 0;
