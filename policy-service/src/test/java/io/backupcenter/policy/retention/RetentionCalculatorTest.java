package io.backupcenter.policy.retention;

import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.policy.policy.MonthOfYear;
import io.backupcenter.policy.policy.Retention;
import io.backupcenter.policy.policy.RetentionRules;
import io.backupcenter.policy.policy.Schedule;
import io.backupcenter.policy.policy.WeekOfMonth;
import io.backupcenter.policy.policy.Weekday;
import io.backupcenter.policy.retention.RetentionCalculator.PointFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionCalculatorTest {

    /** Daily at 22:30 UTC, instant restore 2 days, dailies 30 days, Sundays 12 weeks, first Sundays 60 months,
     *  first Sunday of January 10 years: the spec's example policy. */
    private static final RetentionRules FULL = new RetentionRules(Schedule.daily("22:30"), ZoneId.of("UTC"), 2,
            new Retention(new Retention.Daily(30),
                    new Retention.Weekly(12, List.of(Weekday.Sunday)),
                    new Retention.Monthly(60, List.of(WeekOfMonth.First), List.of(Weekday.Sunday)),
                    new Retention.Yearly(10, List.of(MonthOfYear.January), List.of(WeekOfMonth.First),
                            List.of(Weekday.Sunday))));

    private static PointFacts scheduled(Instant run) {
        return new PointFacts(run.plusSeconds(40), Trigger.Scheduled, run, null);
    }

    @ParameterizedTest(name = "{0}: vault tier until {1}")
    @CsvSource({
            // a Wednesday: daily only
            "2026-11-25T22:30:00Z, 2026-12-25T22:30:00Z",
            // a Sunday that is not the first of the month: weekly (12 weeks)
            "2026-11-22T22:30:00Z, 2027-02-14T22:30:00Z",
            // the first Sunday of November: monthly (60 months)
            "2026-11-01T22:30:00Z, 2031-11-01T22:30:00Z",
            // the first Sunday of January: yearly (10 years)
            "2027-01-03T22:30:00Z, 2037-01-03T22:30:00Z",
            // the first Sunday of February: monthly, not yearly
            "2027-02-07T22:30:00Z, 2032-02-07T22:30:00Z",
    })
    void aScheduledPointIsKeptByTheLongestRuleItQualifiesFor(Instant run, Instant vaultExpiry) {
        RetentionCalculator.Expiry expiry = RetentionCalculator.expiry(scheduled(run), FULL);

        assertThat(expiry.vaultExpiresAt()).isEqualTo(vaultExpiry);
        assertThat(expiry.snapshotExpiresAt()).isEqualTo(run.plusSeconds(40).plusSeconds(2 * 86400));
    }

    @ParameterizedTest(name = "{0} is the last Sunday of its month: {1}")
    @CsvSource({
            "2026-11-29T22:30:00Z, 2027-11-29T22:30:00Z",
            "2026-11-22T22:30:00Z, 2026-12-20T22:30:00Z",
    })
    void theLastWeekOfAMonthIsItsFinalSevenDays(Instant run, Instant vaultExpiry) {
        RetentionRules rules = new RetentionRules(Schedule.daily("22:30"), ZoneId.of("UTC"), 2,
                new Retention(new Retention.Daily(7), new Retention.Weekly(4, List.of(Weekday.Sunday)),
                        new Retention.Monthly(12, List.of(WeekOfMonth.Last), List.of(Weekday.Sunday)), null));

        assertThat(RetentionCalculator.expiry(scheduled(run), rules).vaultExpiresAt()).isEqualTo(vaultExpiry);
    }

    @Test
    void anOnDemandPointIsKeptUntilItsRetainUntil() {
        Instant time = Instant.parse("2026-11-22T11:00:00Z");
        Instant until = Instant.parse("2027-01-31T00:00:00Z");

        RetentionCalculator.Expiry expiry = RetentionCalculator.expiry(
                new PointFacts(time, Trigger.OnDemand, null, until), FULL);

        assertThat(expiry.vaultExpiresAt()).isEqualTo(until);
        assertThat(expiry.snapshotExpiresAt()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
    }

    @Test
    void anOnDemandPointWithoutRetainUntilIsKeptThirtyDays() {
        Instant time = Instant.parse("2026-11-22T11:00:00Z");

        assertThat(RetentionCalculator.expiry(new PointFacts(time, Trigger.OnDemand, null, null), FULL)
                .vaultExpiresAt()).isEqualTo(Instant.parse("2026-12-22T11:00:00Z"));
    }

    @Test
    void onlyTheFirstHourlyRunOfADayCountsAsItsWeeklyPoint() {
        Schedule hourly = new Schedule(io.backupcenter.policy.policy.Frequency.Hourly, null, null, 4, "08:00", 12);
        RetentionRules rules = new RetentionRules(hourly, ZoneId.of("UTC"), 7,
                new Retention(new Retention.Daily(7), new Retention.Weekly(4, List.of(Weekday.Sunday)), null, null));

        assertThat(RetentionCalculator.expiry(scheduled(Instant.parse("2026-11-22T08:00:00Z")), rules).vaultExpiresAt())
                .isEqualTo(Instant.parse("2026-12-20T08:00:00Z"));
        assertThat(RetentionCalculator.expiry(scheduled(Instant.parse("2026-11-22T12:00:00Z")), rules).vaultExpiresAt())
                .isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
    }

    @Test
    void aPointNoRuleKeepsLeavesTheVaultWithItsSnapshot() {
        RetentionRules weeklyOnly = new RetentionRules(
                new Schedule(io.backupcenter.policy.policy.Frequency.Weekly, List.of("22:00"),
                        List.of(Weekday.Saturday), null, null, null),
                ZoneId.of("UTC"), 5, new Retention(null, new Retention.Weekly(4, List.of(Weekday.Sunday)), null, null));
        Instant saturday = Instant.parse("2026-11-21T22:00:00Z");

        RetentionCalculator.Expiry expiry = RetentionCalculator.expiry(scheduled(saturday), weeklyOnly);

        assertThat(expiry.vaultExpiresAt()).isEqualTo(expiry.snapshotExpiresAt());
    }

    @Test
    void monthsAreCalendarMonthsInThePolicysZone() {
        RetentionRules rules = new RetentionRules(Schedule.daily("23:30"), ZoneId.of("Europe/Berlin"), 2,
                new Retention(null, null, new Retention.Monthly(1, List.of(WeekOfMonth.First), List.of(Weekday.Sunday)),
                        null));
        // Sunday 2026-03-01 23:30 Berlin (CET) = 22:30Z; a month later is 2026-04-01 23:30 CEST = 21:30Z
        Instant run = Instant.parse("2026-03-01T22:30:00Z");

        assertThat(RetentionCalculator.expiry(scheduled(run), rules).vaultExpiresAt())
                .isEqualTo(Instant.parse("2026-04-01T21:30:00Z"));
    }
}
