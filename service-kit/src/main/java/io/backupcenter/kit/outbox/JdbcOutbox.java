package io.backupcenter.kit.outbox;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.EventJson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The outbox for code that works over JDBC on worker threads (the snapshot worker's data path): the event joins the
 * caller's JDBC transaction, and {@link OutboxRelay} publishes it once that commits, as for {@link Outbox}.
 */
public final class JdbcOutbox {

    private JdbcOutbox() {
    }

    /** Queues {@code event} for {@code topic} on {@code connection}, inside its transaction. */
    public static void add(Connection connection, String topic, Event event, Instant now) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("an outbox event must be added inside the transaction of its change");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into outbox_event (event_id, topic, message_key, event_type, payload, created_at) "
                        + "values (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, topic);
            insert.setString(3, event.key());
            insert.setString(4, typeOf(event));
            insert.setString(5, EventJson.write(event));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    static String typeOf(Event event) {
        JsonTypeName name = event.getClass().getAnnotation(JsonTypeName.class);
        return name != null ? name.value() : event.getClass().getSimpleName();
    }
}
