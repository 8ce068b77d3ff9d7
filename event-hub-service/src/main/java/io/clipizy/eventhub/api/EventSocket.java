package io.clipizy.eventhub.api;

import io.clipizy.eventhub.live.CloseCodes;
import io.clipizy.eventhub.live.LiveMetrics;
import io.clipizy.eventhub.live.Session;
import io.clipizy.eventhub.live.SessionRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * {@code /ws/events}: the browser's one live connection to everything that happens to its owner (PROTOCOL.md). The
 * upgrade is authenticated by {@link TokenUpgradeCheck}; the connection is closed with 4001 when its token expires.
 */
@WebSocket(path = "/ws/events")
public class EventSocket {
    private static final UserData.TypedKey<Session> SESSION = new UserData.TypedKey<>("clipizy.session");

    @Inject
    SessionRegistry registry;

    @Inject
    LiveMetrics metrics;

    @Inject
    Vertx vertx;

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        String subject = connection.userData().get(TokenUpgradeCheck.SUBJECT);
        Session session = registry.open(connection.id(), subject, outbound(connection));
        if (session == null) {
            connection.close(new CloseReason(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections for this user"))
                    .subscribe().with(done -> { }, failure -> { });
            return;
        }
        connection.userData().put(SESSION, session);
        long expiresAt = connection.userData().get(TokenUpgradeCheck.EXPIRES_AT);
        long delay = Math.max(1, expiresAt * 1000 - System.currentTimeMillis());
        long timer = vertx.setTimer(delay, id -> {
            metrics.dropped("token-expired");
            session.close(CloseCodes.TOKEN_EXPIRED, "token expired: reconnect with a fresh token and resume");
        });
        session.onEnd(() -> vertx.cancelTimer(timer));
    }

    @OnTextMessage
    @NonBlocking
    public void message(String text, WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            session.handle(text);
        }
    }

    @OnPongMessage
    @NonBlocking
    public void pong(Buffer data, WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            session.touch();
        }
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            registry.closed(session);
        }
    }

    private static Session.Outbound outbound(WebSocketConnection connection) {
        return new Session.Outbound() {
            @Override
            public void send(String frame, Runnable written) {
                connection.sendText(frame).subscribe().with(done -> written.run(), failure -> written.run());
            }

            @Override
            public void close(int code, String reason) {
                connection.close(new CloseReason(code, reason)).subscribe().with(done -> { }, failure -> { });
            }
        };
    }
}
