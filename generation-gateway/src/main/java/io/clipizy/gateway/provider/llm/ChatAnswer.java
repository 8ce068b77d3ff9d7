package io.clipizy.gateway.provider.llm;

/**
 * A provider's whole answer: the text as the model wrote it, the model that answered, why it stopped, and token counts
 * when the API reports them (null otherwise).
 */
public record ChatAnswer(String content, String model, String finishReason, Integer promptTokens, Integer completionTokens) {
}
