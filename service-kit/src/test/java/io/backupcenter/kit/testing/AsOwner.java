package io.backupcenter.kit.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before each {@code @QuarkusTest} method: RestAssured requests carry an Owner token, so tests that are not about
 * access need not say so. A test about access overrides it per request ({@code given().auth().none()},
 * {@code given().auth().oauth2(TestTokens.token(...))}).
 */
public class AsOwner implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.owner());
    }
}
