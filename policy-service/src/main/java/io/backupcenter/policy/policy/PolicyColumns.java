package io.backupcenter.policy.policy;

import io.backupcenter.kit.persistence.JsonColumn;
import jakarta.persistence.Converter;

/** The policy's nested settings, stored as JSON. */
final class PolicyColumns {

    private PolicyColumns() {
    }

    /** {@link Schedule} as JSON. */
    @Converter
    static class ScheduleColumn extends JsonColumn<Schedule> {
        ScheduleColumn() {
            super(Schedule.class);
        }
    }

    /** {@link Retention} as JSON. */
    @Converter
    static class RetentionColumn extends JsonColumn<Retention> {
        RetentionColumn() {
            super(Retention.class);
        }
    }
}
