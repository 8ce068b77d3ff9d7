package io.clipizy.chat.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Request bodies of the chat endpoints. */
public final class ChatRequests {
    private ChatRequests() {
    }

    /** A new chat; the title defaults to the project's name. */
    public record Create(@Size(min = 1, max = 200) String title) {
    }

    /**
     * A message from the person. {@code clientMessageId} (chosen by the client) makes posting idempotent: the same id
     * posted again answers the first message instead of adding another. {@code action} is the person's use of an
     * assistant action ({@code {field, value}} for a question, {@code {name: "start"}}, {@code {answer, value}} for a
     * step that waits); the text says the same in words.
     */
    public record Post(String text,
                       @Size(max = 20, message = "at most 20 attachments") List<UUID> attachments,
                       @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "letters, digits and . _ : - only")
                       String clientMessageId,
                       com.fasterxml.jackson.databind.JsonNode action) {
    }
}
