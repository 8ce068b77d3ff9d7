package io.clipizy.eventhub;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;

/** Reads streams through the replay API, waiting for the consumers to store what a test published. */
final class Replays {
    private Replays() {
    }

    /**
     * The stream's replay once it holds at least {@code count} events, or whatever it holds after 30 seconds (the first
     * test of a run also waits for the consumer group to form).
     */
    static JsonPath await(String token, String stream, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response response = get(token, stream, 0);
            boolean enough = response.statusCode() == 200 && response.jsonPath().getList("events").size() >= count;
            if (enough || System.nanoTime() > deadline) {
                return response.then().statusCode(200).extract().jsonPath();
            }
            Thread.sleep(100);
        }
    }

    static Response get(String token, String stream, long after) {
        return given().auth().oauth2(token).queryParam("stream", stream).queryParam("after", after)
                .queryParam("limit", 500).when().get("/api/events/replay");
    }
}
