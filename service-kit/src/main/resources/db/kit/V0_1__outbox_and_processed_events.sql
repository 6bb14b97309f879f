-- Shared by every service (service-kit): the transactional outbox and the processed-event log.

create table outbox_event (
    id          bigint generated always as identity primary key,
    event_id    uuid        not null,
    topic       text        not null,
    message_key text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null
);

-- Wakes the relay as soon as a transaction that wrote outbox rows commits (NOTIFY is delivered on commit).
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end;
$$;

create trigger outbox_event_inserted
    after insert on outbox_event
    for each statement execute function outbox_event_notify();

create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null,
    primary key (consumer, event_id)
);

create index processed_event_processed_at on processed_event (processed_at);
