-- One instance of policy-service reconciles at a time: the holder of this lease until held_until.
create table reconciliation_lease (
    name       text primary key,
    holder     text        not null,
    held_until timestamptz not null
);
