package io.backupcenter.policy.policy;

import java.time.DayOfWeek;

/** A day of the week, spelled as the API spells it. */
public enum Weekday {
    Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday;

    /** The {@code java.time} day. */
    public DayOfWeek toDayOfWeek() {
        return DayOfWeek.of(ordinal() + 1);
    }
}
