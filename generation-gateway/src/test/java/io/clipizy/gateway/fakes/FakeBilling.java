package io.clipizy.gateway.fakes;

import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.rest.CreditReservation;
import io.clipizy.contracts.rest.ReserveCreditsRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * billing-service's reservation API as the gateway sees it ({@code POST /api/credits/reservations}, service role):
 * balances per owner, the price table of billing's configuration, 201 for a new reservation, 200 for a repeat, 402
 * problem when the balance is short, 409 for a repeat naming another owner or kind. Owners can be made to see 503s.
 */
public final class FakeBilling {
    private record Price(long credits, boolean perMinute, long minimum) {
    }

    private static final Map<TaskKind, Price> PRICES = Map.of(
            TaskKind.TEXT_GENERATION, new Price(1, false, 0),
            TaskKind.IMAGE_GENERATION, new Price(5, false, 0),
            TaskKind.IMAGE_DESCRIPTION, new Price(1, false, 0),
            TaskKind.VIDEO_GENERATION, new Price(20, true, 1),
            TaskKind.MUSIC_GENERATION, new Price(20, false, 0),
            TaskKind.AUDIO_ANALYSIS, new Price(0, false, 0),
            TaskKind.VIDEO_COMPOSITION, new Price(5, true, 1));

    private final Map<String, Long> balances = new ConcurrentHashMap<>();
    private final Map<UUID, CreditReservation> reservations = new ConcurrentHashMap<>();
    private final List<ReserveCreditsRequest> calls = new CopyOnWriteArrayList<>();
    private final Set<String> unavailableFor = ConcurrentHashMap.newKeySet();

    public void fund(String ownerId, long credits) {
        balances.merge(ownerId, credits, Long::sum);
    }

    public long balance(String ownerId) {
        return balances.getOrDefault(ownerId, 0L);
    }

    /** Every reservation call for the task, replays included. */
    public List<ReserveCreditsRequest> calls(UUID taskId) {
        return calls.stream().filter(c -> c.taskId().equals(taskId)).toList();
    }

    /** Answers 503 to this owner's reservations. */
    public void unavailableFor(String ownerId) {
        unavailableFor.add(ownerId);
    }

    synchronized void reserve(HttpExchange exchange) throws IOException {
        if (!ServiceToken.valid(exchange.getRequestHeaders().getFirst("Authorization"))) {
            Http.problem(exchange, 401, "unauthorized", "A service token is required");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            Http.problem(exchange, 405, "method-not-allowed", "POST only");
            return;
        }
        ReserveCreditsRequest request;
        try {
            request = JsonCodec.decode(new String(exchange.getRequestBody().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8), ReserveCreditsRequest.class);
        } catch (RuntimeException e) {
            Http.problem(exchange, 400, "validation", e.getMessage());
            return;
        }
        calls.add(request);
        if (unavailableFor.contains(request.ownerId())) {
            Http.problem(exchange, 503, "dependency-unavailable", "billing is down for maintenance");
            return;
        }
        CreditReservation existing = reservations.get(request.taskId());
        if (existing != null) {
            if (!existing.ownerId().equals(request.ownerId())) {
                Http.problem(exchange, 409, "conflict", "Task " + request.taskId() + " already has a reservation "
                        + "for another owner or kind");
                return;
            }
            Http.json(exchange, 200, existing);
            return;
        }
        Price price = PRICES.get(request.kind());
        double units = price.perMinute() ? request.quantity() / 60.0 : request.quantity();
        long credits = Math.max(price.minimum(), (long) Math.ceil(units * price.credits() - 1e-9));
        long balance = balance(request.ownerId());
        if (credits > 0 && balance < credits) {
            Http.problem(exchange, 402, "insufficient-credits", "Task " + request.taskId() + " needs " + credits
                    + " credits; the balance is too low");
            return;
        }
        balances.put(request.ownerId(), balance - credits);
        CreditReservation reservation = new CreditReservation(request.taskId(), request.ownerId(), credits,
                CreditReservation.Status.RESERVED, balance - credits);
        reservations.put(request.taskId(), reservation);
        Http.json(exchange, 201, reservation);
    }
}
