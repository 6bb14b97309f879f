package io.backupcenter.policy.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a policy's backups run: {@code times} holds one {@code HH:MM}; Weekly adds {@code daysOfWeek}; Hourly runs
 * every {@code hourlyIntervalHours} inside the window that starts at {@code windowStartTime} and lasts
 * {@code windowDurationHours} (a window may cross midnight). Times are wall-clock times of the policy's zone: on the
 * day clocks spring forward a time that does not exist runs as late as the gap (02:30 becomes 03:30), and on the day
 * they fall back a time that occurs twice runs once, at its first occurrence.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(
        Frequency frequency,
        List<String> times,
        List<Weekday> daysOfWeek,
        Integer hourlyIntervalHours,
        String windowStartTime,
        Integer windowDurationHours) {

    /** How far back and ahead a search for runs looks: more than a week, so every schedule has a run in range. */
    private static final int SEARCH_DAYS = 8;

    /** Once a day at {@code time}. */
    public static Schedule daily(String time) {
        return new Schedule(Frequency.Daily, List.of(time), null, null, null, null);
    }

    /** The first run strictly after {@code instant}. */
    public Instant nextRunAfter(Instant instant, ZoneId zone) {
        LocalDate today = instant.atZone(zone).toLocalDate();
        Instant best = null;
        for (int d = -1; d <= SEARCH_DAYS; d++) {
            for (ZonedDateTime run : runsOfDay(today.plusDays(d), zone)) {
                Instant at = run.toInstant();
                if (at.isAfter(instant) && (best == null || at.isBefore(best))) {
                    best = at;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("schedule " + this + " has no run within " + SEARCH_DAYS + " days");
        }
        return best;
    }

    /** The last run at or before {@code instant}, or null when there was none in the past week. */
    public Instant latestRunAtOrBefore(Instant instant, ZoneId zone) {
        LocalDate today = instant.atZone(zone).toLocalDate();
        Instant best = null;
        for (int d = 1; d >= -SEARCH_DAYS; d--) {
            for (ZonedDateTime run : runsOfDay(today.plusDays(d), zone)) {
                Instant at = run.toInstant();
                if (!at.isAfter(instant) && (best == null || at.isAfter(best))) {
                    best = at;
                }
            }
        }
        return best;
    }

    /**
     * The day a run stands for in weekly, monthly and yearly retention: the day of the first run of that day's
     * schedule (for Hourly, the first run of the window that starts that day). Null for any other run of the day,
     * and for an instant that is not a run of this schedule.
     */
    public LocalDate representedDay(Instant run, ZoneId zone) {
        LocalDate local = run.atZone(zone).toLocalDate();
        for (LocalDate day : List.of(local, local.minusDays(1))) {
            List<ZonedDateTime> runs = runsOfDay(day, zone);
            if (!runs.isEmpty() && runs.get(0).toInstant().equals(run)) {
                return day;
            }
        }
        return null;
    }

    /** The runs that belong to {@code day}, in order (for Hourly, those of the window starting that day). */
    @JsonIgnore
    List<ZonedDateTime> runsOfDay(LocalDate day, ZoneId zone) {
        List<ZonedDateTime> runs = new ArrayList<>();
        switch (frequency) {
            case Daily -> runs.add(at(day, LocalTime.parse(times.get(0)), zone));
            case Weekly -> {
                DayOfWeek dayOfWeek = day.getDayOfWeek();
                if (daysOfWeek.stream().anyMatch(d -> d.toDayOfWeek() == dayOfWeek)) {
                    runs.add(at(day, LocalTime.parse(times.get(0)), zone));
                }
            }
            case Hourly -> {
                LocalDateTime start = LocalDateTime.of(day, LocalTime.parse(windowStartTime));
                for (int hours = 0; hours < windowDurationHours; hours += hourlyIntervalHours) {
                    ZonedDateTime run = start.plusHours(hours).atZone(zone);
                    if (runs.isEmpty() || run.isAfter(runs.get(runs.size() - 1))) {
                        runs.add(run);
                    }
                }
            }
        }
        return runs;
    }

    private static ZonedDateTime at(LocalDate day, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(day, time, zone);
    }
}
