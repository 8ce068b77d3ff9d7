package io.clipizy.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaEvent;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** chat.events consumed through the real broker: a deleted project deletes its owner's media, once. */
@QuarkusTest
class ChatEventConsumerTest {
    @Inject
    S3Client s3;

    @Test
    void aProjectDeletedTwiceDeletesItsOwnersAssetsOnceWithOneEventEach() throws Exception {
        UUID project = UUID.randomUUID();
        String song = MediaApiTest.upload("paula", project, MediaSamples.wav(8000, 1, 0.2));
        String cover = MediaApiTest.upload("paula", project, MediaSamples.png(4, 3, false));
        String elsewhere = MediaApiTest.upload("paula", UUID.randomUUID(), MediaSamples.png(2, 2, false));
        String strangers = MediaApiTest.upload("quinn", project, MediaSamples.png(2, 3, false));
        Set<String> assets = Set.of(song, cover, elsewhere, strangers);
        String songKey = MediaApiTest.key(song);
        String coverKey = MediaApiTest.key(cover);

        ProjectDeleted deleted = ProjectDeleted.of("paula", project);
        String json = JsonCodec.encode(deleted);
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.MEDIA_EVENTS)) {
            kafka.send(Topics.CHAT_EVENTS, project.toString(), json);
            kafka.send(Topics.CHAT_EVENTS, project.toString(), json);

            List<MediaEvent> events = kafka.await(r -> assets.contains(r.key()) && isDeleted(r), 2, Duration.ofSeconds(20))
                    .stream().map(r -> JsonCodec.decode(r.value(), MediaEvent.class)).toList();
            assertEquals(Set.of(UUID.fromString(song), UUID.fromString(cover)),
                    Set.copyOf(events.stream().map(MediaEvent::assetId).toList()), "one MediaDeleted per asset");
            events.forEach(e -> assertEquals(project, ((MediaDeleted) e).projectId()));
            assertEquals(List.of(), kafka.collect(r -> assets.contains(r.key()) && isDeleted(r), Duration.ofSeconds(3)),
                    "the redelivery has no second effect");
        }
        assertEquals(2, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE id IN (?, ?) AND status = 'DELETED' "
                + "AND deleted_at IS NOT NULL", UUID.fromString(song), UUID.fromString(cover)));
        assertEquals(2, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE id IN (?, ?) AND status = 'READY'",
                UUID.fromString(elsewhere), UUID.fromString(strangers)), "other projects and owners keep their media");
        assertEquals(1, MediaApiTest.count("SELECT count(*) FROM inbox WHERE event_id = ?", deleted.eventId()));
        MediaApiTest.as("paula").when().get("/api/media/" + song).then().statusCode(404);
        assertTrue(removedEventually(songKey) && removedEventually(coverKey), "the deleted assets' bytes are removed");
    }

    @Test
    void otherChatEventsAreIgnoredAndAPoisonRecordIsDeadLettered() throws Exception {
        UUID project = UUID.randomUUID();
        String kept = MediaApiTest.upload("rita", project, MediaSamples.png(2, 2, false));
        MessageAdded message = MessageAdded.of("rita", project, UUID.randomUUID(), UUID.randomUUID(), MessageRole.USER,
                "delete everything please", null, null);
        ProjectDeleted later = ProjectDeleted.of("rita", UUID.randomUUID());
        try (KafkaTestClient kafka = new KafkaTestClient(Topics.deadLetter(Topics.CHAT_EVENTS))) {
            kafka.send(Topics.CHAT_EVENTS, project.toString(), JsonCodec.encode(message));
            kafka.send(Topics.CHAT_EVENTS, "poison", "{\"type\":\"ProjectDeleted\",\"projectId\":\"nope\"}");
            kafka.send(Topics.CHAT_EVENTS, later.projectId().toString(), JsonCodec.encode(later));
            List<ConsumerRecord<String, String>> dead = kafka.await(r -> "poison".equals(r.key()), 1, Duration.ofSeconds(20));
            assertEquals(1, dead.size(), "the poison record is dead-lettered");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (MediaApiTest.count("SELECT count(*) FROM inbox WHERE event_id = ?", later.eventId()) == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, MediaApiTest.count("SELECT count(*) FROM inbox WHERE event_id = ?", later.eventId()),
                "the records after the poison one are still processed");
        assertEquals(0, MediaApiTest.count("SELECT count(*) FROM inbox WHERE event_id = ?", message.eventId()),
                "a chat message concerns no media");
        assertEquals(1, MediaApiTest.count("SELECT count(*) FROM media_asset WHERE id = ? AND status = 'READY'",
                UUID.fromString(kept)));
    }

    private static boolean isDeleted(ConsumerRecord<String, String> record) {
        return JsonCodec.decode(record.value(), MediaEvent.class) instanceof MediaDeleted;
    }

    private boolean removedEventually(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                s3.headObject(b -> b.bucket("clipizy-media").key(key));
                Thread.sleep(100);
            } catch (NoSuchKeyException gone) {
                return true;
            }
        }
        return false;
    }
}
