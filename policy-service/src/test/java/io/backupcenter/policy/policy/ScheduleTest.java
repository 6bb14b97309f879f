package io.backupcenter.policy.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {

    private static Schedule schedule(String spec) {
        String[] p = spec.split(" ");
        return switch (p[0]) {
            case "daily" -> Schedule.daily(p[1]);
            case "weekly" -> new Schedule(Frequency.Weekly, List.of(p[1]),
                    Arrays.stream(p[2].split(",")).map(Weekday::valueOf).toList(), null, null, null);
            case "hourly" -> new Schedule(Frequency.Hourly, null, null, Integer.parseInt(p[1]), p[2],
                    Integer.parseInt(p[3]));
            default -> throw new IllegalArgumentException(spec);
        };
    }

    @ParameterizedTest(name = "{0} in {1}, after {2} -> {3}")
    @CsvSource({
            // daily
            "daily 22:30,             UTC,              2026-11-22T10:00:00Z, 2026-11-22T22:30:00Z",
            "daily 22:30,             UTC,              2026-11-22T22:30:00Z, 2026-11-23T22:30:00Z",
            "daily 22:30,             UTC,              2026-11-22T22:31:00Z, 2026-11-23T22:30:00Z",
            "daily 22:30,             Europe/Berlin,    2026-11-22T10:00:00Z, 2026-11-22T21:30:00Z",
            "daily 08:00,             America/New_York, 2026-11-22T12:59:00Z, 2026-11-22T13:00:00Z",
            // a change to summer time: 02:30 does not exist on 2026-03-29 in Berlin, the run is at 03:30 CEST
            "daily 02:30,             Europe/Berlin,    2026-03-28T12:00:00Z, 2026-03-29T01:30:00Z",
            "daily 02:30,             Europe/Berlin,    2026-03-29T01:30:00Z, 2026-03-30T00:30:00Z",
            // back to winter time: 02:30 happens twice on 2026-10-25, the run is at the first (CEST)
            "daily 02:30,             Europe/Berlin,    2026-10-24T12:00:00Z, 2026-10-25T00:30:00Z",
            "daily 02:30,             Europe/Berlin,    2026-10-25T00:30:00Z, 2026-10-26T01:30:00Z",
            // weekly
            "weekly 22:00 Sunday,     UTC,              2026-11-22T10:00:00Z, 2026-11-22T22:00:00Z",
            "weekly 22:00 Sunday,     UTC,              2026-11-22T22:00:00Z, 2026-11-29T22:00:00Z",
            "'weekly 06:00 Monday,Thursday', UTC,       2026-11-23T06:00:00Z, 2026-11-26T06:00:00Z",
            // hourly: every 4 h from 08:00 for 12 h = 08:00, 12:00, 16:00
            "hourly 4 08:00 12,       UTC,              2026-11-22T07:00:00Z, 2026-11-22T08:00:00Z",
            "hourly 4 08:00 12,       UTC,              2026-11-22T08:00:00Z, 2026-11-22T12:00:00Z",
            "hourly 4 08:00 12,       UTC,              2026-11-22T16:00:00Z, 2026-11-23T08:00:00Z",
            // a window that crosses midnight: 20:00, 02:00
            "hourly 6 20:00 12,       UTC,              2026-11-22T21:00:00Z, 2026-11-23T02:00:00Z",
            "hourly 6 20:00 12,       UTC,              2026-11-23T02:00:00Z, 2026-11-23T20:00:00Z",
            // all day every 12 h in New York
            "hourly 12 00:00 24,      America/New_York, 2026-11-22T06:00:00Z, 2026-11-22T17:00:00Z",
    })
    void theNextRunIsTheFirstScheduledTimeStrictlyAfter(String spec, String zone, Instant after, Instant expected) {
        assertThat(schedule(spec).nextRunAfter(after, ZoneId.of(zone))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: last run at or before {2} -> {3}")
    @CsvSource({
            "daily 22:30,         UTC, 2026-11-25T10:00:00Z, 2026-11-24T22:30:00Z",
            "daily 22:30,         UTC, 2026-11-24T22:30:00Z, 2026-11-24T22:30:00Z",
            "weekly 22:00 Sunday, UTC, 2026-11-27T10:00:00Z, 2026-11-22T22:00:00Z",
            "hourly 4 08:00 12,   UTC, 2026-11-22T15:59:00Z, 2026-11-22T12:00:00Z",
    })
    void theLatestRunIsTheOneAMissedScheduleFires(String spec, String zone, Instant at, Instant expected) {
        assertThat(schedule(spec).latestRunAtOrBefore(at, ZoneId.of(zone))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} stands for {2}")
    @CsvSource({
            "daily 22:30,       2026-11-22T22:30:00Z, 2026-11-22",
            "hourly 4 08:00 12, 2026-11-22T08:00:00Z, 2026-11-22",
            "hourly 4 08:00 12, 2026-11-22T12:00:00Z, ",
            "hourly 6 20:00 12, 2026-11-23T02:00:00Z, ",
            "daily 22:30,       2026-11-22T22:31:00Z, ",
    })
    void onlyTheFirstRunOfADayStandsForTheDay(String spec, Instant run, LocalDate day) {
        assertThat(schedule(spec).representedDay(run, ZoneId.of("UTC"))).isEqualTo(day);
    }
}
