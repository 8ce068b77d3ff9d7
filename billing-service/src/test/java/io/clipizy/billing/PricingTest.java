package io.clipizy.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.clipizy.testing.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The pricing table and the estimate of a workflow run, from the configured prices. */
@QuarkusTest
class PricingTest {
    private static final String USER = OidcResource.user("pricer");

    @Test
    void theTableShowsTheVersionTheCreditRateAndEveryPrice() {
        given().auth().oauth2(USER).when().get("/api/pricing").then()
                .statusCode(200)
                .body("version", equalTo("2026-11-01"))
                .body("creditUsd", equalTo(0.01f))
                .body("musicTrack", equalTo(20))
                .body("image.perUnit", equalTo(5))
                .body("recurringScenes.secondsPerScene", equalTo(5))
                .body("resolutionMultiplier.2160p", equalTo(2.0f))
                .body("tasks.video_generation.per", equalTo("minute"))
                .body("workflows", hasItems("music-video.recurring-scenes", "video-clip.standard"));
    }

    @Test
    void aRecurringScenesVideoIsPricedPerSceneAndPerMinuteWithOneSceneEveryFiveSecondsByDefault() {
        // 150 s: 30 scenes × 8 + 2.5 min × 10 = 240 + 25
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"music-video.recurring-scenes\",\"inputs\":{\"duration\":150}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(200)
                .body("credits", equalTo(265))
                .body("usd", equalTo(2.65f))
                .body("pricingVersion", equalTo("2026-11-01"))
                .body("breakdown.item", contains("scene", "scene-video"))
                .body("breakdown.credits", contains(240, 25));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"music-video.recurring-scenes\",\"inputs\":{\"duration\":150,\"scenes\":6}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(200).body("credits", equalTo(6 * 8 + 25));
    }

    @Test
    void fourKDoublesTheVideoAndTheVisualizerIsAnAddOn() {
        // still 5 + 3 min × 10 + visualizer 10 = 45, ×2 at 2160p = 90
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"music-video.looped-static\",\"inputs\":{\"duration\":180,\"resolution\":\"2160p\","
                        + "\"visualizer\":true,\"description\":\"waves\",\"style\":\"abstract\"}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(200)
                .body("credits", equalTo(90))
                .body("breakdown.item", contains("image", "image-video", "visualizer", "resolution"))
                .body("breakdown.credits", contains(5, 30, 10, 45));
    }

    @Test
    void aSmallRunCostsAtLeastTheMinimumCharge() {
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"image.generate-or-edit\",\"inputs\":{\"prompt\":\"a fox\"}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(200)
                .body("credits", equalTo(10))
                .body("breakdown.item", contains("image", "minimum-charge"))
                .body("breakdown.credits", contains(5, 5));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"audio.analyze\",\"inputs\":{}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(200).body("credits", equalTo(0));
    }

    @Test
    void badEstimatesAreProblems400NamingTheField() {
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"music-video.unknown\",\"inputs\":{}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("workflowId"))
                .body("detail", containsString("music-video.looped-static"));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"music-video.looped-animated\",\"inputs\":{}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(400).body("errors.field", hasItem("inputs.duration"));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"music-video.looped-animated\",\"inputs\":{\"duration\":60,\"resolution\":\"8k\"}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(400).body("errors.field", hasItem("inputs.resolution"));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"video-clip.standard\",\"inputs\":{\"scenes\":99}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(400).body("errors.field", hasItem("inputs.scenes"));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"inputs\":{}}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(400).body("errors.field", hasItem("workflowId"));
        given().auth().oauth2(USER).contentType(ContentType.JSON)
                .body("{\"workflowId\":\"video-clip.standard\",\"inputs\":[1]}")
                .when().post("/api/pricing/estimate").then()
                .statusCode(400).body("errors.field", hasItem("inputs"));
        given().when().get("/api/pricing").then().statusCode(401);
    }
}
