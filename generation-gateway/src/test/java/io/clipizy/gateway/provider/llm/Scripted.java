package io.clipizy.gateway.provider.llm;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/** What a chat fake does with the next request: answer, fail with a status, fail mid-stream, hang or send garbage. */
public sealed interface Scripted {
    /** A normal answer (streamed when the request asked for a stream). */
    record Answer(String content, String finishReason) implements Scripted {
        public Answer(String content) {
            this(content, "stop");
        }
    }

    /** An HTTP error status with the provider's error body and headers (name, value, ...). */
    record Status(int status, String body, String... headers) implements Scripted {
    }

    /** A 200 stream that sends some of the answer, then an error in the stream's own format. */
    record ErrorMidStream(String partial, String error) implements Scripted {
    }

    /** No answer at all until the fake closes. */
    record Hang() implements Scripted {
    }

    /** A 200 whose body is not what the API sends. */
    record Malformed(String body) implements Scripted {
    }

    /** A queue of behaviours; when it is empty the fake answers with {@code fallback}. */
    final class Script {
        private final Deque<Scripted> queue = new ConcurrentLinkedDeque<>();
        private volatile Scripted fallback = new Answer("Hello from the fake model.");

        public Script then(Scripted... next) {
            for (Scripted s : next) {
                queue.addLast(s);
            }
            return this;
        }

        public Script always(Scripted behaviour) {
            fallback = behaviour;
            return this;
        }

        Scripted next() {
            Scripted s = queue.pollFirst();
            return s == null ? fallback : s;
        }
    }
}
