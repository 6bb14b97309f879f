package io.backupcenter.policy.retention;

import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.policy.policy.Retention;
import io.backupcenter.policy.policy.RetentionRules;
import io.backupcenter.policy.policy.WeekOfMonth;
import io.backupcenter.policy.policy.Weekday;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When each tier of a recovery point expires. A pure function of the point and its policy:
 * <ul>
 * <li>snapshot tier: {@code instantRestoreRetentionDays} after the point;</li>
 * <li>vault tier of an on-demand point: its {@code retainUntil} (30 days when none was given);</li>
 * <li>vault tier of a scheduled point: the longest rule it qualifies for. Every scheduled point is a daily one; the
 * first run of a day is also that day's weekly point when the day is a weekly day, its monthly point when the day is
 * one of the month's weeks and days, its yearly point when the month matches too. A point no rule keeps leaves the
 * vault with its snapshot.</li>
 * </ul>
 * Lengths are calendar lengths in the policy's zone (a month after January 31 is the end of February).
 */
public final class RetentionCalculator {

    /** An on-demand point without {@code retainUntil} is kept this long, as in Azure. */
    static final Duration DEFAULT_ON_DEMAND = Duration.ofDays(30);

    /** A recovery point as retention sees it: when it was taken, why, and (scheduled) for which run. */
    public record PointFacts(Instant time, Trigger trigger, Instant scheduledFor, Instant retainUntil) {
    }

    /** When each tier's copy expires. */
    public record Expiry(Instant snapshotExpiresAt, Instant vaultExpiresAt) {
    }

    private RetentionCalculator() {
    }

    /** The expiry of each tier of {@code point} under {@code rules}. */
    public static Expiry expiry(PointFacts point, RetentionRules rules) {
        ZonedDateTime taken = point.time().atZone(rules.zone());
        Instant snapshot = taken.plusDays(rules.instantRestoreRetentionDays()).toInstant();
        if (point.trigger() == Trigger.OnDemand) {
            Instant until = point.retainUntil() != null ? point.retainUntil() : point.time().plus(DEFAULT_ON_DEMAND);
            return new Expiry(snapshot, until);
        }
        Instant run = point.scheduledFor() != null ? point.scheduledFor() : point.time();
        ZonedDateTime base = run.atZone(rules.zone());
        Retention retention = rules.retention();
        Instant vault = null;
        if (retention.daily() != null) {
            vault = later(vault, base.plusDays(retention.daily().count()).toInstant());
        }
        LocalDate day = rules.schedule().representedDay(run, rules.zone());
        if (day != null) {
            if (retention.weekly() != null && isOneOf(day, retention.weekly().daysOfWeek())) {
                vault = later(vault, base.plusWeeks(retention.weekly().count()).toInstant());
            }
            if (retention.monthly() != null && isOneOf(day, retention.monthly().daysOfWeek())
                    && inWeeks(day, retention.monthly().weeksOfMonth())) {
                vault = later(vault, base.plusMonths(retention.monthly().count()).toInstant());
            }
            if (retention.yearly() != null && isOneOf(day, retention.yearly().daysOfWeek())
                    && inWeeks(day, retention.yearly().weeksOfMonth())
                    && retention.yearly().monthsOfYear().stream().anyMatch(m -> m.toMonth() == day.getMonth())) {
                vault = later(vault, base.plusYears(retention.yearly().count()).toInstant());
            }
        }
        return new Expiry(snapshot, vault != null ? vault : snapshot);
    }

    private static boolean isOneOf(LocalDate day, List<Weekday> days) {
        return days.stream().anyMatch(d -> d.toDayOfWeek() == day.getDayOfWeek());
    }

    private static boolean inWeeks(LocalDate day, List<WeekOfMonth> weeks) {
        return weeks.stream().anyMatch(w -> w.contains(day));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
