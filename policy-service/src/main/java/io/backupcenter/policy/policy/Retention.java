package io.backupcenter.policy.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** How long a policy keeps its vault-tier recovery points: by day, week, month and year; null = no such rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Retention(Daily daily, Weekly weekly, Monthly monthly, Yearly yearly) {

    /** Every scheduled backup, kept {@code count} days. */
    public record Daily(Integer count) {
    }

    /** The backup of each of {@code daysOfWeek}, kept {@code count} weeks. */
    public record Weekly(Integer count, List<Weekday> daysOfWeek) {
    }

    /** The backup of the given weeks and days of each month, kept {@code count} months. */
    public record Monthly(Integer count, List<WeekOfMonth> weeksOfMonth, List<Weekday> daysOfWeek) {
    }

    /** The backup of the given months, weeks and days of each year, kept {@code count} years. */
    public record Yearly(Integer count, List<MonthOfYear> monthsOfYear, List<WeekOfMonth> weeksOfMonth,
            List<Weekday> daysOfWeek) {
    }

    /** Daily retention only. */
    public static Retention dailyFor(int days) {
        return new Retention(new Daily(days), null, null, null);
    }
}
