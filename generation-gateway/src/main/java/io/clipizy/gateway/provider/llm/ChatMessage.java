package io.clipizy.gateway.provider.llm;

import java.util.List;

/** One message of a chat, with the images attached to it (vision), already read and base64-encoded. */
public record ChatMessage(String role, String content, List<InlineImage> images) {
    public ChatMessage {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, List.of());
    }

    public ChatMessage withImages(List<InlineImage> added) {
        return new ChatMessage(role, content, added);
    }

    /** An image as the chat APIs take it: its media type and its bytes in base64. */
    public record InlineImage(String contentType, String base64) {
        /** The {@code data:} URL the OpenAI API takes in an {@code image_url} part. */
        public String dataUrl() {
            return "data:" + contentType + ";base64," + base64;
        }
    }
}
