package io.backupcenter.policy.policy;

import io.backupcenter.contracts.backup.SnapshotGroupPattern;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.problem.Problem.FieldError;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every rule of a policy body ({@code spec/api.md}, Policies), checked at once so that one answer names every field
 * at fault. Fills in the defaults: time zone UTC, instant restore 2 days (Standard) or 7 (Enhanced).
 */
public final class PolicyRules {

    static final String TIME = "([01]\\d|2[0-3]):[0-5]\\d";
    static final String GROUP_CHARACTERS = "[A-Za-z0-9._()-]*";
    static final int MAX_GROUP_NAME = 74;
    static final Set<Integer> HOURLY_INTERVALS = Set.of(4, 6, 8, 12);

    private final List<FieldError> errors = new ArrayList<>();

    private PolicyRules() {
    }

    /** The settings of a valid body, or 400 naming every field at fault. */
    public static PolicySettings check(PolicyRequest request) {
        if (request == null) {
            throw new ApiException.BadRequest("body", "a policy is required");
        }
        PolicyRules rules = new PolicyRules();
        PolicySettings settings = rules.settings(request);
        if (!rules.errors.isEmpty()) {
            throw new ApiException.BadRequest(String.join("; ", rules.errors.stream()
                    .map(e -> e.field() + " " + e.message()).toList()), rules.errors);
        }
        return settings;
    }

    private PolicySettings settings(PolicyRequest r) {
        if (r.name() == null || r.name().isBlank() || r.name().length() > 150 || !r.name().strip().equals(r.name())
                || r.name().chars().anyMatch(Character::isISOControl)) {
            error("name", "must be 1 to 150 characters, without leading or trailing spaces");
        }
        if (r.policyType() == null) {
            error("policyType", "is required: Standard or Enhanced");
        }
        String timeZone = r.timeZone() == null ? "UTC" : r.timeZone();
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            error("timeZone", "'" + timeZone + "' is not an IANA time zone such as UTC or Europe/Berlin");
        }
        checkSchedule(r.policyType(), r.schedule());
        boolean enhanced = r.policyType() == PolicyType.Enhanced;
        int instantRestore = r.instantRestoreRetentionDays() != null ? r.instantRestoreRetentionDays() : enhanced ? 7 : 2;
        int maxInstantRestore = enhanced ? 30 : 5;
        if (instantRestore < 1 || instantRestore > maxInstantRestore) {
            error("instantRestoreRetentionDays", "must be 1 to " + maxInstantRestore + " days for a "
                    + (enhanced ? "Enhanced" : "Standard") + " policy");
        }
        checkRetention(r.retention());
        checkGroupPattern(r.snapshotResourceGroup());
        SnapshotGroupPattern pattern = r.snapshotResourceGroup() == null ? null
                : new SnapshotGroupPattern(r.snapshotResourceGroup().prefix(),
                        r.snapshotResourceGroup().suffix() == null ? "" : r.snapshotResourceGroup().suffix());
        return new PolicySettings(r.name(), r.policyType(), r.schedule(), timeZone, instantRestore, r.retention(),
                pattern);
    }

    private void checkSchedule(PolicyType type, Schedule s) {
        if (s == null || s.frequency() == null) {
            error("schedule.frequency", "is required: Daily or Weekly (Standard), or Hourly, Daily or Weekly (Enhanced)");
            return;
        }
        if (type == PolicyType.Standard && s.frequency() == Frequency.Hourly) {
            error("schedule.frequency", "a Standard policy backs up Daily or Weekly; Hourly needs an Enhanced policy");
        }
        boolean hourly = s.frequency() == Frequency.Hourly;
        if (!hourly || s.times() != null) {
            if (s.times() == null || s.times().size() != 1 || s.times().get(0) == null
                    || !s.times().get(0).matches(TIME)) {
                error("schedule.times", "must hold exactly one time of day, HH:MM (24 h)");
            }
        }
        if (s.frequency() == Frequency.Weekly) {
            if (s.daysOfWeek() == null || s.daysOfWeek().isEmpty()) {
                error("schedule.daysOfWeek", "a Weekly schedule needs at least one day");
            } else {
                noDuplicates("schedule.daysOfWeek", s.daysOfWeek());
            }
        } else if (s.daysOfWeek() != null && !s.daysOfWeek().isEmpty()) {
            error("schedule.daysOfWeek", "only a Weekly schedule takes days of the week");
        }
        if (hourly) {
            if (s.hourlyIntervalHours() == null || !HOURLY_INTERVALS.contains(s.hourlyIntervalHours())) {
                error("schedule.hourlyIntervalHours", "must be 4, 6, 8 or 12");
            }
            if (s.windowStartTime() == null || !s.windowStartTime().matches(TIME)) {
                error("schedule.windowStartTime", "is required for an Hourly schedule: HH:MM (24 h)");
            }
            if (s.windowDurationHours() == null || s.windowDurationHours() < 4 || s.windowDurationHours() > 24) {
                error("schedule.windowDurationHours", "must be 4 to 24 hours");
            }
        } else {
            if (s.hourlyIntervalHours() != null) {
                error("schedule.hourlyIntervalHours", "only an Hourly schedule takes an interval");
            }
            if (s.windowStartTime() != null || s.windowDurationHours() != null) {
                error("schedule.windowStartTime", "only an Hourly schedule takes a window");
            }
        }
    }

    private void checkRetention(Retention r) {
        if (r == null || (r.daily() == null && r.weekly() == null && r.monthly() == null && r.yearly() == null)) {
            error("retention", "needs at least one rule: daily, weekly, monthly or yearly");
            return;
        }
        if (r.daily() != null) {
            count("retention.daily.count", r.daily().count(), 7, 9999, "days");
        }
        if (r.weekly() != null) {
            count("retention.weekly.count", r.weekly().count(), 1, 5163, "weeks");
            required("retention.weekly.daysOfWeek", r.weekly().daysOfWeek());
        }
        if (r.monthly() != null) {
            count("retention.monthly.count", r.monthly().count(), 1, 1188, "months");
            required("retention.monthly.weeksOfMonth", r.monthly().weeksOfMonth());
            required("retention.monthly.daysOfWeek", r.monthly().daysOfWeek());
        }
        if (r.yearly() != null) {
            count("retention.yearly.count", r.yearly().count(), 1, 99, "years");
            required("retention.yearly.monthsOfYear", r.yearly().monthsOfYear());
            required("retention.yearly.weeksOfMonth", r.yearly().weeksOfMonth());
            required("retention.yearly.daysOfWeek", r.yearly().daysOfWeek());
        }
    }

    private void checkGroupPattern(SnapshotGroupPattern pattern) {
        if (pattern == null) {
            return;
        }
        String prefix = pattern.prefix();
        String suffix = pattern.suffix() == null ? "" : pattern.suffix();
        if (prefix == null || prefix.isEmpty()) {
            error("snapshotResourceGroup.prefix", "is required when a custom resource group name is given");
            return;
        }
        if (!prefix.matches(GROUP_CHARACTERS)) {
            error("snapshotResourceGroup.prefix", "may hold only letters, digits, and . _ - ( )");
        }
        if (!suffix.matches(GROUP_CHARACTERS)) {
            error("snapshotResourceGroup.suffix", "may hold only letters, digits, and . _ - ( )");
        }
        String first = prefix + 1 + suffix;
        if (first.length() > MAX_GROUP_NAME) {
            error("snapshotResourceGroup", "the name '" + first + "' is " + first.length()
                    + " characters; at most " + MAX_GROUP_NAME + " with the number");
        }
        if (first.endsWith(".")) {
            error("snapshotResourceGroup.suffix", "a resource group name must not end in a period");
        }
    }

    private void count(String field, Integer value, int min, int max, String unit) {
        if (value == null || value < min || value > max) {
            error(field, "must be " + min + " to " + max + " " + unit);
        }
    }

    private void required(String field, List<?> values) {
        if (values == null || values.isEmpty()) {
            error(field, "is required for this rule");
        } else {
            noDuplicates(field, values);
        }
    }

    private void noDuplicates(String field, List<?> values) {
        if (values.contains(null)) {
            error(field, "must not hold null");
        } else if (new HashSet<>(values).size() != values.size()) {
            error(field, "must not repeat a value");
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
