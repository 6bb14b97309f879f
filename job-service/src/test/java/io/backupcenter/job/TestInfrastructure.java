package io.backupcenter.job;

import io.backupcenter.kit.testing.KafkaBrokerResource;
import io.backupcenter.kit.testing.TestDatabaseResource;
import io.backupcenter.kit.testing.TestSecurityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this service runs against a real Kafka broker and its own fresh PostgreSQL database, and trusts the
 * test token issuer.
 */
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TestSecurityResource.class)
@QuarkusTestResource(value = TestDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "backup_job_test"))
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
