package io.clipizy.gateway.provider.llm;

import io.clipizy.gateway.provider.ProviderException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A streamed answer read line by line as it arrives (Ollama's NDJSON, OpenAI's SSE): a 2xx body goes to the line
 * handler, which may stop the stream with a typed failure (an error line inside a 200); any other status is read whole
 * so its error body can be mapped.
 */
final class LineStream implements Flow.Subscriber<String> {
    private final String provider;
    private final Consumer<String> onLine;
    private volatile ProviderException failure;

    /** What the exchange ended with: {@code streamed} for a 2xx read line by line, else the error status's body. */
    record Reply(boolean streamed, String body) {
    }

    LineStream(String provider, Consumer<String> onLine) {
        this.provider = provider;
        this.onLine = onLine;
    }

    /** The body handler: lines to this subscriber on 2xx, the whole text otherwise. */
    HttpResponse.BodyHandler<Reply> handler() {
        return info -> ApiHttp.ok(info.statusCode())
                ? HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> new Reply(true, null), StandardCharsets.UTF_8, null)
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                        body -> new Reply(false, body));
    }

    /** The failure a line reported, if any. */
    ProviderException failure() {
        return failure;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (failure != null) {
            return;
        }
        try {
            onLine.accept(line);
        } catch (ProviderException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = ProviderException.rejected(provider + " streamed a line that is not what its API sends: "
                    + ApiHttp.clip(line));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the exchange's own future fails with it; nothing to add here
    }

    @Override
    public void onComplete() {
        // the finisher answers once the body is complete
    }
}
