-- Shared by every service (service-kit): events parked until a dependency arrives, and dead letters sent through the
-- outbox (an event parked for too long leaves that way, with its reason).

create table parked_event (
    id              bigint generated always as identity primary key,
    consumer        text        not null,
    message_key     text        not null,
    topic           text        not null,
    event_id        uuid,
    payload         text        not null,
    reason          text        not null,
    parked_at       timestamptz not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null
);
-- The events of one key wait in order behind the first one parked.
create index parked_event_of_key on parked_event (consumer, message_key, id);
create index parked_event_due on parked_event (next_attempt_at);

-- A dead letter's reason, sent as the record's dead-letter-reason header.
alter table outbox_event add column dead_letter_reason text;
