package io.backupcenter.policy.policy;

import java.time.ZoneId;

/** What retention needs of a policy: its schedule and zone (which backups are weekly, monthly…) and its rules. */
public record RetentionRules(Schedule schedule, ZoneId zone, int instantRestoreRetentionDays, Retention retention) {
}
