package io.backupcenter.policy.policy;

import io.backupcenter.kit.security.Roles;
import io.backupcenter.kit.testing.TestTokens;
import io.backupcenter.policy.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class PolicyResourceTest {

    private static String vault;

    /** A valid policy body; the tests break one part of it at a time. */
    static final String VALID = """
            {"name": "HotelDaily", "policyType": "Standard",
             "schedule": {"frequency": "Daily", "times": ["22:30"]}, "timeZone": "UTC",
             "instantRestoreRetentionDays": 2,
             "retention": {"daily": {"count": 30}, "weekly": {"count": 12, "daysOfWeek": ["Sunday"]},
                           "monthly": {"count": 60, "weeksOfMonth": ["First"], "daysOfWeek": ["Sunday"]},
                           "yearly": {"count": 10, "monthsOfYear": ["January"], "weeksOfMonth": ["First"],
                                      "daysOfWeek": ["Sunday"]}},
             "snapshotResourceGroup": {"prefix": "HotelBackupRG_", "suffix": "_rpc"}}""";

    @BeforeEach
    void aVault() {
        if (vault == null) {
            vault = Fixtures.vault();
        }
    }

    private static io.restassured.response.ValidatableResponse post(String vaultId, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/vaults/{v}/policies", vaultId).then();
    }

    @Test
    void aPolicyOfTheSpecIsCreatedAndListed() {
        String id = post(vault, VALID.replace("HotelDaily", "Hotel-" + System.nanoTime()))
                .statusCode(201)
                .header("Location", startsWith("/api/v1/vaults/" + vault + "/policies/"))
                .body("retention.yearly.monthsOfYear", contains("January"))
                .body("snapshotResourceGroup.prefix", equalTo("HotelBackupRG_"))
                .extract().path("id");

        given().get("/api/v1/vaults/{v}/policies", vault).then().body("items.id", hasItem(id));
        given().get("/api/v1/vaults/{v}/policies/{p}", vault, id).then().body("schedule.times", contains("22:30"));
    }

    @Test
    void aReaderListsPoliciesButOnlyAContributorChangesThemAndNoneWithoutAToken() {
        String body = VALID.replace("HotelDaily", "Access-" + System.nanoTime());
        given().auth().none().get("/api/v1/vaults/{v}/policies", vault).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("rita", Roles.READER)).get("/api/v1/vaults/{v}/policies", vault)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.token("oscar", Roles.OPERATOR)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults/{v}/policies", vault).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("carla", Roles.CONTRIBUTOR)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults/{v}/policies", vault).then().statusCode(201);
    }

    @Test
    void thePoliciesOfAVaultOutsideTheCallersResourceGroupsDoNotExistForThem() {
        given().auth().oauth2(TestTokens.token("outsider", Roles.OWNER, "another-rg"))
                .get("/api/v1/vaults/{v}/policies", vault).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("insider", Roles.READER, "backup-rg"))
                .get("/api/v1/vaults/{v}/policies", vault).then().statusCode(200);
    }

    @Test
    void defaultsAreFilledIn() {
        post(vault, """
                {"name": "enhanced-defaults", "policyType": "Enhanced",
                 "schedule": {"frequency": "Hourly", "hourlyIntervalHours": 4, "windowStartTime": "08:00",
                              "windowDurationHours": 12},
                 "retention": {"daily": {"count": 7}}}""")
                .statusCode(201)
                .body("timeZone", equalTo("UTC"))
                .body("instantRestoreRetentionDays", equalTo(7))
                .body("snapshotResourceGroup", nullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no name                  | \"name\": \"HotelDaily\",                    | \"name\": \"\",                              | name",
            "no type                  | \"policyType\": \"Standard\",               |                                              | policyType",
            "Standard hourly          | \"frequency\": \"Daily\", \"times\": [\"22:30\"] | \"frequency\": \"Hourly\", \"hourlyIntervalHours\": 4, \"windowStartTime\": \"08:00\", \"windowDurationHours\": 12 | schedule.frequency",
            "two times                | [\"22:30\"]                                 | [\"22:30\", \"10:00\"]                         | schedule.times",
            "bad time                 | [\"22:30\"]                                 | [\"24:00\"]                                    | schedule.times",
            "weekly without days      | \"frequency\": \"Daily\"                      | \"frequency\": \"Weekly\"                        | schedule.daysOfWeek",
            "days on a daily          | \"times\": [\"22:30\"]                        | \"times\": [\"22:30\"], \"daysOfWeek\": [\"Monday\"] | schedule.daysOfWeek",
            "unknown zone             | \"timeZone\": \"UTC\"                         | \"timeZone\": \"Mars/Olympus\"                   | timeZone",
            "offset zone              | \"timeZone\": \"UTC\"                         | \"timeZone\": \"+02:00\"                         | timeZone",
            "instant restore 6 days   | \"instantRestoreRetentionDays\": 2          | \"instantRestoreRetentionDays\": 6             | instantRestoreRetentionDays",
            "instant restore 0 days   | \"instantRestoreRetentionDays\": 2          | \"instantRestoreRetentionDays\": 0             | instantRestoreRetentionDays",
            "daily count 6            | \"daily\": {\"count\": 30}                    | \"daily\": {\"count\": 6}                        | retention.daily.count",
            "daily count 10000        | \"daily\": {\"count\": 30}                    | \"daily\": {\"count\": 10000}                    | retention.daily.count",
            "weekly count 5164        | \"count\": 12                               | \"count\": 5164                                | retention.weekly.count",
            "weekly without days      | \"count\": 12, \"daysOfWeek\": [\"Sunday\"]     | \"count\": 12                                  | retention.weekly.daysOfWeek",
            "monthly count 1189       | \"count\": 60                               | \"count\": 1189                                | retention.monthly.count",
            "monthly without weeks    | \"count\": 60, \"weeksOfMonth\": [\"First\"],   | \"count\": 60,                                 | retention.monthly.weeksOfMonth",
            "yearly count 100         | \"count\": 10                               | \"count\": 100                                 | retention.yearly.count",
            "yearly without months    | \"monthsOfYear\": [\"January\"],              |                                              | retention.yearly.monthsOfYear",
            "prefix missing           | \"prefix\": \"HotelBackupRG_\",               |                                              | snapshotResourceGroup.prefix",
            "prefix with a space      | \"HotelBackupRG_\"                          | \"Hotel Backup\"                               | snapshotResourceGroup.prefix",
            "suffix with a slash      | \"_rpc\"                                    | \"/rpc\"                                       | snapshotResourceGroup.suffix",
            "ends in a period         | \"_rpc\"                                    | \"_rpc.\"                                      | snapshotResourceGroup.suffix",
    })
    void everyRuleIsABadRequestNamingTheField(String rule, String from, String to, String field) {
        String body = VALID.replace(from.strip(), to == null ? "" : to.strip());

        post(vault, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    @Test
    void aNameOver150CharactersIsABadRequest() {
        post(vault, VALID.replace("HotelDaily", "x".repeat(151))).statusCode(400).body("errors.field", contains("name"));
    }

    @Test
    void aGroupNameOver74CharactersWithTheNumberIsABadRequest() {
        post(vault, VALID.replace("HotelBackupRG_", "p".repeat(70)))
                .statusCode(400)
                .body("errors.field", contains("snapshotResourceGroup"))
                .body("errors[0].message", containsString("75 characters"));
    }

    @Test
    void noRetentionRuleIsABadRequest() {
        post(vault, """
                {"name": "none", "policyType": "Standard", "schedule": {"frequency": "Daily", "times": ["22:30"]},
                 "retention": {}}""")
                .statusCode(400)
                .body("errors.field", contains("retention"));
    }

    @Test
    void anHourlyScheduleNeedsAValidIntervalAndWindow() {
        post(vault, """
                {"name": "hourly-bad", "policyType": "Enhanced",
                 "schedule": {"frequency": "Hourly", "hourlyIntervalHours": 5, "windowStartTime": "8am",
                              "windowDurationHours": 25},
                 "retention": {"daily": {"count": 7}}}""")
                .statusCode(400)
                .body("errors.field", contains("schedule.hourlyIntervalHours", "schedule.windowStartTime",
                        "schedule.windowDurationHours"));
    }

    @Test
    void anUnknownWeekdayIsABadRequest() {
        post(vault, VALID.replace("\"count\": 12, \"daysOfWeek\": [\"Sunday\"]", "\"count\": 12, \"daysOfWeek\": [\"Caturday\"]"))
                .statusCode(400)
                .body("detail", containsString("Monday, Tuesday"));
    }

    @Test
    void aTakenNameIsAConflict() {
        String name = "taken-" + System.nanoTime();
        post(vault, VALID.replace("HotelDaily", name)).statusCode(201);

        post(vault, VALID.replace("HotelDaily", name.toUpperCase()))
                .statusCode(409)
                .body("detail", containsString("already has a policy named"));
    }

    @Test
    void aVaultNotKnownHereIsAskedOfVaultServiceAndWhileThatIsDownTheAnswerIs503NotAWrong404() {
        post("no-such-vault", VALID).statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("vault-service is unavailable"));
    }

    @Test
    void aPolicyIsReplacedAndItsNameStaysUnique() {
        String id = Fixtures.policy(vault, VALID.replace("HotelDaily", "replace-me-" + System.nanoTime()));
        String other = "other-" + System.nanoTime();
        Fixtures.policy(vault, VALID.replace("HotelDaily", other));

        given().contentType(ContentType.JSON).body(VALID.replace("HotelDaily", "renamed-" + System.nanoTime())
                        .replace("\"22:30\"", "\"06:15\""))
                .put("/api/v1/vaults/{v}/policies/{p}", vault, id)
                .then().statusCode(200)
                .body("schedule.times", contains("06:15"));
        given().contentType(ContentType.JSON).body(VALID.replace("HotelDaily", other))
                .put("/api/v1/vaults/{v}/policies/{p}", vault, id)
                .then().statusCode(409);
    }

    @Test
    void anEnhancedPolicyDoesNotGoBackToStandard() {
        String id = Fixtures.policy(vault, VALID.replace("HotelDaily", "enh-" + System.nanoTime())
                .replace("\"Standard\"", "\"Enhanced\""));

        given().contentType(ContentType.JSON).body(VALID.replace("HotelDaily", "enh2-" + System.nanoTime()))
                .put("/api/v1/vaults/{v}/policies/{p}", vault, id)
                .then().statusCode(409);
    }

    @Test
    void theDefaultPolicyIsNeitherDeletedNorRenamed() {
        String defaultPolicy = Fixtures.defaultPolicy(vault);

        given().delete("/api/v1/vaults/{v}/policies/{p}", vault, defaultPolicy).then().statusCode(409);
        given().contentType(ContentType.JSON).body(VALID)
                .put("/api/v1/vaults/{v}/policies/{p}", vault, defaultPolicy)
                .then().statusCode(409)
                .body("detail", containsString("cannot be renamed"));
    }

    @Test
    void aPolicyIsDeletedOnlyOnVaultServicesWordAndStaysWhileVaultServiceCannotSayIfItIsInUse() {
        String policy = Fixtures.policy(vault, VALID.replace("HotelDaily", "unused-" + System.nanoTime()));

        given().delete("/api/v1/vaults/{v}/policies/{p}", vault, policy)
                .then().statusCode(503)
                .body("detail", containsString("whether the policy is in use"));
        given().get("/api/v1/vaults/{v}/policies/{p}", vault, policy).then().statusCode(200);
    }
}
