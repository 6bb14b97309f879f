package io.backupcenter.policy.policy;

import java.time.LocalDate;

/** Which occurrence of a weekday in a month a monthly or yearly retention rule keeps. */
public enum WeekOfMonth {
    First, Second, Third, Fourth, Last;

    /** True when {@code day} is this occurrence of its weekday in its month (Last: in the month's final seven days). */
    public boolean contains(LocalDate day) {
        if (this == Last) {
            return day.plusDays(7).getMonthValue() != day.getMonthValue();
        }
        return (day.getDayOfMonth() - 1) / 7 == ordinal();
    }
}
