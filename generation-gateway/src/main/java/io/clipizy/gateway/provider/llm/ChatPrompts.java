package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a task's parameters into a chat request, the same for every chat provider. {@code text_generation}: a named
 * {@code template} with {@code vars}, or {@code prompt} / {@code system} / {@code messages}; then the {@code conversation}
 * (agent mode's earlier answers and re-asks) and the person's {@code feedback}; {@code json} / {@code outputSchema} ask
 * for JSON; {@code images} (media ids) go with the prompt. {@code image_description}: {@code image} and
 * {@code question}. Bad parameters are the task's invalid input, named field by field.
 */
public final class ChatPrompts {
    static final int MAX_IMAGES = 8;
    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final String DESCRIBE_SYSTEM = "You look at images carefully and answer about what is actually visible: "
            + "subjects, setting, composition, colours, light, text in the image and mood. Say so when something is "
            + "uncertain; never invent details that are not there.";

    private final PromptTemplates templates;

    public ChatPrompts(PromptTemplates templates) {
        this.templates = templates;
    }

    /** The request for the task, its images fetched and encoded (file reads on a worker thread). */
    public Uni<ChatRequest> build(ProviderCall call) {
        JsonNode p = call.params() == null || call.params().isNull() ? JsonNodeFactory.instance.objectNode() : call.params();
        if (!p.isObject()) {
            return Uni.createFrom().failure(ProviderException.invalidInput("params must be a JSON object"));
        }
        Draft draft;
        try {
            draft = call.kind() == TaskKind.IMAGE_DESCRIPTION ? describe(p) : generate(p);
        } catch (ProviderException e) {
            return Uni.createFrom().failure(e);
        }
        if (draft.images.isEmpty()) {
            return Uni.createFrom().item(draft.request(List.of()));
        }
        return fetchImages(call.inputs(), draft.images).map(draft::request);
    }

    /** The request before its images are read: where they go is the message at {@code imageAt}. */
    private record Draft(List<ChatMessage> messages, int imageAt, List<UUID> images, boolean json, JsonNode schema,
                         Double temperature, Long seed) {
        ChatRequest request(List<ChatMessage.InlineImage> encoded) {
            List<ChatMessage> out = new ArrayList<>(messages);
            if (!encoded.isEmpty()) {
                out.set(imageAt, out.get(imageAt).withImages(encoded));
            }
            return new ChatRequest(out, json, schema, temperature, seed);
        }
    }

    private Draft generate(JsonNode p) {
        boolean hasTemplate = p.hasNonNull("template");
        if (hasTemplate && p.hasNonNull("prompt")) {
            throw ProviderException.invalidInput("give either template (with vars) or prompt, not both");
        }
        List<ChatMessage> messages = new ArrayList<>();
        String system = null;
        String user = null;
        if (hasTemplate) {
            JsonNode vars = p.path("vars");
            if (!vars.isMissingNode() && !vars.isNull() && !vars.isObject()) {
                throw ProviderException.invalidInput("vars must be an object of the template's variables");
            }
            PromptTemplates.Rendered rendered = templates.render(text(p, "template"), vars);
            system = rendered.system();
            user = rendered.user();
        } else {
            user = optionalText(p, "prompt");
        }
        String givenSystem = optionalText(p, "system");
        if (givenSystem != null) {
            system = system == null ? givenSystem : system + "\n\n" + givenSystem;
        }
        JsonNode schema = p.hasNonNull("outputSchema") ? p.get("outputSchema") : null;
        if (schema != null) {
            JsonAnswer.compile(schema);
        }
        boolean json = schema != null || bool(p, "json");
        String format = json ? jsonInstruction(schema) : null;
        String fullSystem = system == null ? format : format == null ? system : system + "\n\n" + format;
        if (fullSystem != null) {
            messages.add(ChatMessage.of("system", fullSystem));
        }
        messages.addAll(messageList(p, "messages", ROLES));
        int imageAt = -1;
        if (user != null) {
            messages.add(ChatMessage.of("user", user));
            imageAt = messages.size() - 1;
        }
        List<ChatMessage> conversation = messageList(p, "conversation", Set.of("user", "assistant"));
        messages.addAll(conversation);
        String feedback = optionalText(p, "feedback");
        if (feedback != null && !alreadyAsked(conversation, feedback)) {
            messages.add(ChatMessage.of("user", "The person reviewed the previous version and asked for this change: "
                    + feedback + (json ? "\nAnswer again with one JSON object." : "\nAnswer again with the whole result.")));
        }
        if (messages.stream().noneMatch(m -> m.role().equals("user"))) {
            throw ProviderException.invalidInput("text_generation needs a template, a prompt or messages with a user message");
        }
        if (imageAt < 0) {
            for (int i = messages.size() - 1; i >= 0 && imageAt < 0; i--) {
                imageAt = messages.get(i).role().equals("user") ? i : -1;
            }
        }
        return new Draft(messages, imageAt, imageIds(p.path("images"), "images"), json, schema, temperature(p), seed(p));
    }

    private Draft describe(JsonNode p) {
        UUID image = mediaId(p.path("image"), "image");
        String question = optionalText(p, "question");
        JsonNode schema = p.hasNonNull("outputSchema") ? p.get("outputSchema") : null;
        if (schema != null) {
            JsonAnswer.compile(schema);
        }
        boolean json = schema != null || bool(p, "json");
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.of("system", json ? DESCRIBE_SYSTEM + "\n\n" + jsonInstruction(schema) : DESCRIBE_SYSTEM));
        messages.add(ChatMessage.of("user", question == null ? "Describe this image." : question));
        int imageAt = 1;
        messages.addAll(messageList(p, "conversation", Set.of("user", "assistant")));
        String feedback = optionalText(p, "feedback");
        if (feedback != null) {
            messages.add(ChatMessage.of("user", "Change this in your answer: " + feedback));
        }
        return new Draft(messages, imageAt, List.of(image), json, schema, temperature(p), seed(p));
    }

    private static String jsonInstruction(JsonNode schema) {
        if (schema == null) {
            return "Answer with one JSON object only: no prose before or after it and no code fence.";
        }
        return "Answer with one JSON object only: no prose before or after it and no code fence. It must match this JSON Schema:\n"
                + schema.toPrettyString();
    }

    /** Whether the conversation already ends with the person's feedback (the workflow appends it there too). */
    private static boolean alreadyAsked(List<ChatMessage> conversation, String feedback) {
        for (int i = conversation.size() - 1; i >= 0; i--) {
            if (conversation.get(i).role().equals("user")) {
                return conversation.get(i).content().contains(feedback);
            }
        }
        return false;
    }

    private Uni<List<ChatMessage.InlineImage>> fetchImages(InputMedia inputs, List<UUID> ids) {
        if (inputs == null) {
            return Uni.createFrom().failure(ProviderException.invalidInput("this task cannot read input media"));
        }
        List<Uni<ChatMessage.InlineImage>> reads = new ArrayList<>();
        for (UUID id : ids) {
            reads.add(inputs.fetch(id).chain(media -> Uni.createFrom().item(() -> encode(media))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())));
        }
        return Uni.join().all(reads).andFailFast();
    }

    private static ChatMessage.InlineImage encode(InputMedia.LocalMedia media) {
        String type = media.contentType() == null ? "" : media.contentType().split(";")[0].strip();
        if (media.kind() != MediaKind.IMAGE && !type.startsWith("image/")) {
            throw ProviderException.invalidInput("media " + media.mediaId() + " is not an image (" + type + ")");
        }
        try {
            long size = Files.size(media.file());
            if (size > MAX_IMAGE_BYTES) {
                throw ProviderException.invalidInput("image " + media.mediaId() + " is " + (size >> 20)
                        + " MB; vision requests take images up to " + (MAX_IMAGE_BYTES >> 20) + " MB");
            }
            byte[] bytes = Files.readAllBytes(media.file());
            return new ChatMessage.InlineImage(type.startsWith("image/") ? type : "image/png",
                    Base64.getEncoder().encodeToString(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ChatMessage> messageList(JsonNode p, String field, Set<String> roles) {
        JsonNode list = p.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ProviderException.invalidInput(field + " must be a list of {role, content}");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String role = m.path("role").asText("");
            if (!roles.contains(role) || !m.path("content").isTextual()) {
                throw ProviderException.invalidInput(field + "[" + i + "] must be {role, content} with role one of "
                        + roles.stream().sorted().toList() + " and content a text");
            }
            out.add(ChatMessage.of(role, m.get("content").asText()));
        }
        return out;
    }

    private static List<UUID> imageIds(JsonNode list, String field) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ProviderException.invalidInput(field + " must be a list of media ids");
        }
        if (list.size() > MAX_IMAGES) {
            throw ProviderException.invalidInput(field + " holds " + list.size() + " images; at most " + MAX_IMAGES);
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ids.add(mediaId(list.get(i), field + "[" + i + "]"));
        }
        return ids;
    }

    private static UUID mediaId(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw ProviderException.invalidInput(field + " must be a media id");
        }
        try {
            return UUID.fromString(value.asText().strip());
        } catch (IllegalArgumentException e) {
            throw ProviderException.invalidInput(field + " must be a media id (a UUID), not '" + ApiHttp.clip(value.asText()) + "'");
        }
    }

    private static String text(JsonNode p, String field) {
        String value = optionalText(p, field);
        if (value == null) {
            throw ProviderException.invalidInput(field + " must be a non-empty text");
        }
        return value;
    }

    private static String optionalText(JsonNode p, String field) {
        JsonNode value = p.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProviderException.invalidInput(field + " must be a text");
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static boolean bool(JsonNode p, String field) {
        JsonNode value = p.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ProviderException.invalidInput(field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static Double temperature(JsonNode p) {
        JsonNode value = p.path("temperature");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 2) {
            throw ProviderException.invalidInput("temperature must be a number from 0 to 2");
        }
        return value.asDouble();
    }

    private static Long seed(JsonNode p) {
        JsonNode value = p.path("seed");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw ProviderException.invalidInput("seed must be a whole number");
        }
        return value.asLong();
    }
}
