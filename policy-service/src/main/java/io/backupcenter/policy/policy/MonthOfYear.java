package io.backupcenter.policy.policy;

import java.time.Month;

/** A month, spelled as the API spells it. */
public enum MonthOfYear {
    January, February, March, April, May, June, July, August, September, October, November, December;

    /** The {@code java.time} month. */
    public Month toMonth() {
        return Month.of(ordinal() + 1);
    }
}
