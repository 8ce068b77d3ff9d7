package io.clipizy.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.event.ChatStatusChanged;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.contracts.event.NodeFailed;
import io.clipizy.contracts.event.NodeStarted;
import io.clipizy.contracts.event.NodeSucceeded;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.RunFailed;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.contracts.media.Timeline;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.contracts.rest.CaptureCreditsRequest;
import io.clipizy.contracts.rest.CreditReservation;
import io.clipizy.contracts.rest.ReleaseCreditsRequest;
import io.clipizy.contracts.rest.ReserveCreditsRequest;
import io.clipizy.contracts.rest.StoreOutputRequest;
import io.clipizy.contracts.rest.StoredMedia;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Realistic instances of every record that has a schema: for each, one with every optional field filled
 * ({@code full}) and one with every optional field left out ({@code minimal}); a record without optional fields has
 * one sample that is both. A few extra samples cover conditional rules (a FAILED task carries its error).
 */
final class Samples {
    static final String OWNER = "7f3c2a9e-auth0|user-42";
    static final UUID EVENT = UUID.fromString("0b9e7a54-2c1d-4f8e-9a37-5d6c4b3a2e10");
    static final UUID PROJECT = UUID.fromString("3d5f8a21-6b4c-4e9d-8f12-7a6b5c4d3e2f");
    static final UUID CHAT = UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    static final UUID RUN = UUID.fromString("c4e2f1a0-9b8d-4c7e-a6f5-e4d3c2b1a098");
    static final UUID TASK = UUID.fromString("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
    static final UUID ASSET = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    static final UUID ASSET_2 = UUID.fromString("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e");
    static final UUID MESSAGE = UUID.fromString("d4c3b2a1-0f9e-4d8c-b7a6-958473625140");
    static final Instant AT = Instant.parse("2025-03-14T09:26:53.589793Z");
    static final Instant DEADLINE = Instant.parse("2025-03-14T09:41:53Z");
    static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** One sample: a label for test names, the record, and whether it is the full and/or the minimal one. */
    record Sample(String label, Object value, boolean full, boolean minimal) {
        String recordName() {
            return value.getClass().getSimpleName();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Samples() {
    }

    static List<Sample> all() {
        return Stream.of(generation(), tasks(), workflow(), chat(), media(), billing(), values(), rest(), problems(), analysis(), timelines())
                .flatMap(List::stream)
                .toList();
    }

    private static List<Sample> generation() {
        return List.of(
                full(new GenerationRequested(EVENT, GenerationRequested.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN,
                        "scene_images", 2, TASK, TaskKind.IMAGE_GENERATION, "comfyui", imageParams(), DEADLINE, 2)),
                minimal(new GenerationRequested(EVENT, GenerationRequested.TYPE, 1, AT, OWNER, null, null, null,
                        null, null, TASK, TaskKind.AUDIO_ANALYSIS, null, null, null, 1)),
                full(new TaskCancelRequested(EVENT, TaskCancelRequested.TYPE, 1, AT, OWNER, TASK, RUN,
                        "run cancelled by the user")),
                minimal(new TaskCancelRequested(EVENT, TaskCancelRequested.TYPE, 1, AT, OWNER, TASK, null, null)));
    }

    private static List<Sample> tasks() {
        return List.of(
                full(new TaskEvent(EVENT, TaskEvent.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "scene_videos", 3, TASK,
                        TaskKind.VIDEO_GENERATION, "runway", TaskStatus.SUCCEEDED, 1.0, "2 clips rendered", 7,
                        List.of(new TaskOutput(0, ASSET, MediaKind.VIDEO, "video/mp4"),
                                new TaskOutput(1, ASSET_2, MediaKind.IMAGE, "image/png")),
                        json("{\"seconds\":5.0,\"fps\":24,\"seed\":1234567890123}"),
                        new ErrorInfo(ErrorCode.PROVIDER_UNAVAILABLE, "first attempt timed out, retried", true))),
                other("TaskEvent[FAILED]", new TaskEvent(EVENT, TaskEvent.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN,
                        "scene_images", 0, TASK, TaskKind.IMAGE_GENERATION, "comfyui", TaskStatus.FAILED, 0.4,
                        null, 3, List.of(), null,
                        new ErrorInfo(ErrorCode.MODERATION, "The prompt was refused by the provider's filter.", false))),
                minimal(new TaskEvent(EVENT, TaskEvent.TYPE, 1, AT, OWNER, null, null, null, null, null, TASK,
                        TaskKind.TEXT_GENERATION, null, TaskStatus.QUEUED, 0.0, null, 0, null, null, null)));
    }

    private static List<Sample> workflow() {
        ErrorInfo error = new ErrorInfo(ErrorCode.TIMEOUT, "The video provider did not answer within 10 minutes.", true);
        return List.of(
                full(new RunStarted(EVENT, RunStarted.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "music-video", 3, 120L)),
                minimal(new RunStarted(EVENT, RunStarted.TYPE, 1, AT, OWNER, null, null, RUN, "music-video", 1, null)),
                full(new NodeStarted(EVENT, NodeStarted.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "scene_images", "image",
                        4, TASK)),
                minimal(new NodeStarted(EVENT, NodeStarted.TYPE, 1, AT, OWNER, null, null, RUN, "analyse", "audio",
                        null, null)),
                full(new NodeSucceeded(EVENT, NodeSucceeded.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "scene_prompts",
                        "llm", 0, json("{\"scenes\":[{\"start\":0.0,\"prompt\":\"neon city at night\"}],\"bpm\":128}"))),
                minimal(new NodeSucceeded(EVENT, NodeSucceeded.TYPE, 1, AT, OWNER, null, null, RUN, "scene_prompts",
                        "llm", null, null)),
                full(new NodeFailed(EVENT, NodeFailed.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "scene_videos", "video",
                        2, error)),
                minimal(new NodeFailed(EVENT, NodeFailed.TYPE, 1, AT, OWNER, null, null, RUN, "scene_videos", "video",
                        null, error)),
                full(new InputRequested(EVENT, InputRequested.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "pick_style",
                        "choice", "Which style should the video have?",
                        json("{\"choices\":[{\"value\":\"anime\",\"label\":\"Anime\"},{\"value\":\"noir\"}],\"multiple\":false}"))),
                minimal(new InputRequested(EVENT, InputRequested.TYPE, 1, AT, OWNER, null, null, RUN, "approve",
                        "confirm", "Render the final video?", null)),
                full(new RunSucceeded(EVENT, RunSucceeded.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN,
                        json("{\"finalVideo\":\"" + ASSET + "\",\"scenes\":6}"), 98L)),
                minimal(new RunSucceeded(EVENT, RunSucceeded.TYPE, 1, AT, OWNER, null, null, RUN, null, null)),
                full(new RunFailed(EVENT, RunFailed.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "scene_videos", error)),
                minimal(new RunFailed(EVENT, RunFailed.TYPE, 1, AT, OWNER, null, null, RUN, null, error)),
                full(new RunCancelled(EVENT, RunCancelled.TYPE, 1, AT, OWNER, PROJECT, CHAT, RUN, "cancelled by the user")),
                minimal(new RunCancelled(EVENT, RunCancelled.TYPE, 1, AT, OWNER, null, null, RUN, null)));
    }

    private static List<Sample> chat() {
        return List.of(
                full(new MessageAdded(EVENT, MessageAdded.TYPE, 1, AT, OWNER, PROJECT, CHAT, MESSAGE,
                        MessageRole.ASSISTANT, "Here are two looks for the chorus. Which one?", List.of(ASSET, ASSET_2),
                        json("[{\"label\":\"First\",\"value\":\"a\"},{\"label\":\"Second\",\"value\":\"b\"}]"))),
                // text may be empty when a message only carries attachments
                minimal(new MessageAdded(EVENT, MessageAdded.TYPE, 1, AT, OWNER, PROJECT, CHAT, MESSAGE,
                        MessageRole.USER, "", null, null)),
                full(new ChatStatusChanged(EVENT, ChatStatusChanged.TYPE, 1, AT, OWNER, PROJECT, CHAT, "RUNNING", RUN)),
                minimal(new ChatStatusChanged(EVENT, ChatStatusChanged.TYPE, 1, AT, OWNER, PROJECT, CHAT, "IDLE", null)),
                both(new ProjectDeleted(EVENT, ProjectDeleted.TYPE, 1, AT, OWNER, PROJECT)));
    }

    private static List<Sample> media() {
        return List.of(
                full(new MediaStored(EVENT, MediaStored.TYPE, 1, AT, OWNER, PROJECT, ASSET, MediaKind.VIDEO,
                        MediaRole.GENERATED, "video/mp4", 18_874_368L, SHA256, 12.5, 1920, 1080, TASK)),
                minimal(new MediaStored(EVENT, MediaStored.TYPE, 1, AT, OWNER, null, ASSET, MediaKind.AUDIO,
                        MediaRole.UPLOAD, "audio/mpeg", 0L, SHA256, null, null, null, null)),
                full(new MediaDeleted(EVENT, MediaDeleted.TYPE, 1, AT, OWNER, PROJECT, ASSET)),
                minimal(new MediaDeleted(EVENT, MediaDeleted.TYPE, 1, AT, OWNER, null, ASSET)));
    }

    private static List<Sample> billing() {
        return List.of(
                full(new CreditsChanged(EVENT, CreditsChanged.TYPE, 1, AT, OWNER, 480L, -20L, "capture", TASK.toString())),
                minimal(new CreditsChanged(EVENT, CreditsChanged.TYPE, 1, AT, OWNER, 0L, 0L, "grant", null)));
    }

    private static List<Sample> values() {
        return List.of(
                both(new ErrorInfo(ErrorCode.INSUFFICIENT_CREDITS, "This run needs 120 credits; you have 80.", false)),
                both(new TaskOutput(2, ASSET, MediaKind.AUDIO, "audio/mpeg")));
    }

    private static List<Sample> rest() {
        return List.of(
                full(new ReserveCreditsRequest(TASK, OWNER, TaskKind.VIDEO_GENERATION, 5.5, RUN)),
                minimal(new ReserveCreditsRequest(TASK, OWNER, TaskKind.TEXT_GENERATION, 0.0, null)),
                full(new CaptureCreditsRequest(TASK, 4.25)),
                minimal(new CaptureCreditsRequest(TASK, null)),
                full(new ReleaseCreditsRequest(TASK, "task failed: provider_unavailable")),
                minimal(new ReleaseCreditsRequest(TASK, null)),
                both(new CreditReservation(TASK, OWNER, 40L, CreditReservation.Status.CAPTURED, 460L)),
                full(new StoreOutputRequest(TASK, 1, OWNER, PROJECT, MediaKind.IMAGE, MediaRole.THUMBNAIL, "scene-2.png")),
                minimal(new StoreOutputRequest(TASK, 0, OWNER, null, MediaKind.VIDEO, null, null)),
                both(new StoredMedia(ASSET, OWNER, MediaKind.VIDEO, "video/mp4", 1_048_576L, SHA256)));
    }

    private static List<Sample> problems() {
        return List.of(
                full(Problem.of(ProblemType.VALIDATION, "The workflow inputs are invalid.", List.of(
                                new Problem.FieldViolation("inputs.scenes", "must not be empty"),
                                new Problem.FieldViolation("workflowId", "unknown workflow 'karaoke'")))
                        .withInstance("/api/projects/" + PROJECT + "/runs")),
                minimal(new Problem(null, null, 500, null, null, null)));
    }

    private static List<Sample> analysis() {
        AudioAnalysis.SpectralFeatures spectral = new AudioAnalysis.SpectralFeatures(1834.5, 3970.2, 1650.0, 0.061,
                0.142, List.of(1.0, 0.12, 0.55, 0.1, 0.71, 0.3, 0.08, 0.93, 0.11, 0.48, 0.09, 0.37));
        AudioAnalysis.Curve onsets = new AudioAnalysis.Curve(10.0, List.of(0.0, 0.82, 0.15, 1.0, 0.2));
        AudioAnalysis.Curve energy = new AudioAnalysis.Curve(10.0, List.of(-60.0, -14.5, -12.25, -13.0, -18.0));
        return List.of(
                full(new AudioAnalysis(187.4, 128.0, 0.91, 4, -9.8,
                        List.of(0.234, 0.703, 1.172, 1.641), List.of(0.234, 2.109), List.of(0.234, 1.172, 1.5),
                        List.of(new AudioAnalysis.Segment(0.0, 15.2, 15.2, 0),
                                new AudioAnalysis.Segment(15.2, 45.0, 29.8, 1)),
                        List.of(new AudioAnalysis.Section(0.0, 15.2, "A", 0.42, -18.5),
                                new AudioAnalysis.Section(15.2, 45.0, "B", 1.0, -9.1),
                                new AudioAnalysis.Section(45.0, 60.0, "A'", 0.5, -16.0)),
                        new AudioAnalysis.Key("F#", AudioAnalysis.Mode.MINOR, 0.74), spectral, onsets, energy)),
                // silence: no beat, no key
                minimal(new AudioAnalysis(30.0, 0.0, 0.0, 4, AudioAnalysis.SILENCE_LUFS, null, null, null, null, null,
                        null, new AudioAnalysis.SpectralFeatures(0.0, 0.0, 0.0, 0.0, 0.0, List.of(0.0, 0.0, 0.0, 0.0,
                        0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)), new AudioAnalysis.Curve(10.0, null),
                        new AudioAnalysis.Curve(10.0, null))));
    }

    private static List<Sample> timelines() {
        Timeline.Clip image = new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.IMAGE, "scene-1.png", "#000000",
                0.0), 0.0, 4.5, Timeline.Fit.COVER,
                new Timeline.Motion(Timeline.MotionKind.ZOOM_IN, 0.2, List.of(0.5, 1.0, 1.5), 30.0),
                new Timeline.Transition(Timeline.TransitionKind.CUT, 0.0));
        Timeline.Clip video = new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.VIDEO, ASSET.toString(),
                "black", 2.0), 4.5, 5.5, Timeline.Fit.CONTAIN,
                new Timeline.Motion(Timeline.MotionKind.PAN_LEFT, 0.1, List.of(5.0), -15.0),
                new Timeline.Transition(Timeline.TransitionKind.CROSSFADE, 0.5));
        return List.of(
                full(new Timeline(Timeline.Resolution.P1080, Timeline.Aspect.PORTRAIT, 30, 10.0, "veryfast", 20,
                        new Timeline.AudioTrack("song.mp3", 12.0, 22.0, 0.5, 1.5, 0.8), List.of(image, video),
                        List.of(new Timeline.TextOverlay("Into the night", 1.0, 3.0, "DejaVuSans-Bold.ttf", 64,
                                Timeline.TextPosition.BOTTOM, "#ffffff", "black", 3)))),
                minimal(new Timeline(Timeline.Resolution.P720, Timeline.Aspect.SQUARE, 24, 3.0, null, null, null,
                        null, null)),
                other("Timeline[colour clip, bare text]", new Timeline(Timeline.Resolution.P2160,
                        Timeline.Aspect.LANDSCAPE, 60, 2.0, null, null, new Timeline.AudioTrack("a.wav", null, null,
                        null, null, null), List.of(new Timeline.Clip(new Timeline.Source(Timeline.SourceKind.COLOR,
                        null, null, null), 0.0, 2.0, null, new Timeline.Motion(Timeline.MotionKind.NONE, null, null,
                        null), new Timeline.Transition(Timeline.TransitionKind.DIP_TO_BLACK, null))),
                        List.of(new Timeline.TextOverlay("Hi", 0.0, 1.0, null, null, null, null, null, null)))));
    }

    static ObjectNode imageParams() {
        ObjectNode params = JsonCodec.mapper().createObjectNode();
        params.put("prompt", "a neon city at night, rain, cinematic");
        params.put("width", 1344);
        params.put("height", 768);
        params.put("cfg", 7.5);
        params.putArray("seeds").add(11).add(12);
        return params;
    }

    static JsonNode json(String text) {
        try {
            return JsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad JSON in a sample: " + text, e);
        }
    }

    private static Sample full(Object value) {
        return new Sample(value.getClass().getSimpleName() + "[full]", value, true, false);
    }

    private static Sample minimal(Object value) {
        return new Sample(value.getClass().getSimpleName() + "[minimal]", value, false, true);
    }

    private static Sample both(Object value) {
        return new Sample(value.getClass().getSimpleName() + "[full=minimal]", value, true, true);
    }

    private static Sample other(String label, Object value) {
        return new Sample(label, value, false, false);
    }
}
