package io.clipizy.chat.api;

import io.clipizy.chat.domain.Chat;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.chat.service.ChatService;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /api/chats}: a chat, its history, and posting the person's messages. */
@Path("/api/chats")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {
    /** Control characters other than tab, newline and carriage return have no place in a message. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    @Inject
    ChatService chats;

    @Inject
    CurrentUser user;

    @Inject
    org.eclipse.microprofile.jwt.JsonWebToken jwt;

    @Inject
    io.clipizy.chat.assistant.Assistant assistant;

    @ConfigProperty(name = "clipizy.chat.max-message-chars", defaultValue = "20000")
    int maxChars;

    @GET
    @Path("/{id}")
    public Uni<Chat> get(@RestPath UUID id) {
        return chats.get(user.id(), id);
    }

    @GET
    @Path("/{id}/messages")
    public Uni<Page<ChatMessage>> history(@RestPath UUID id, @QueryParam("page") @DefaultValue("0") int page,
                                          @QueryParam("size") @DefaultValue("50") int size) {
        Page.validate(page, size);
        return chats.history(user.id(), id, page, size);
    }

    /**
     * 201 with the new message; 200 with the first one when the client message id was already posted. The assistant's
     * answer is in the chat (and on chat.events) by the time this returns, except while the LLM reads the message: the
     * chat's status is then {@code thinking}, and the answer follows on chat.events. A client that goes away before the
     * answer does not stop it: the person's message is stored by then, and no stored message is left unanswered.
     */
    @POST
    @Path("/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ChatMessage>> post(@RestPath UUID id, @Valid @NotNull(message = "a JSON body is required") ChatRequests.Post body) {
        String text = checkedText(body.text());
        String token = jwt.getRawToken();
        return detached(chats.post(user.id(), id, text, body.attachments(), body.clientMessageId())
                .call(posted -> posted.created()
                        ? assistant.respond(token, posted.context().project(), posted.context().chat(), posted.context().state(),
                        posted.message(), body.action())
                        : Uni.createFrom().voidItem()))
                .map(posted -> posted.created()
                        ? RestResponse.ResponseBuilder.<ChatMessage>created(URI.create("/api/chats/" + id + "/messages/" + posted.message().id()))
                        .entity(posted.message()).build()
                        : RestResponse.ok(posted.message()));
    }

    /**
     * {@code work} subscribed on its own: the request waits for it, but a cancellation (the client closed the
     * connection) does not reach it, so a message stored is always answered.
     */
    private static <T> Uni<T> detached(Uni<T> work) {
        return Uni.createFrom().emitter(done -> work.subscribe().with(done::complete, done::fail));
    }

    private String checkedText(String text) {
        if (text == null || text.isBlank()) {
            throw new ProblemException(ProblemType.VALIDATION, "A message needs some text",
                    List.of(new Problem.FieldViolation("text", "must not be empty")));
        }
        if (text.length() > maxChars) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "A message is at most " + maxChars + " characters; this one has "
                    + text.length(), List.of(new Problem.FieldViolation("text", "at most " + maxChars + " characters")));
        }
        if (CONTROL.matcher(text).find()) {
            throw new ProblemException(ProblemType.VALIDATION, "The message contains control characters",
                    List.of(new Problem.FieldViolation("text", "must not contain control characters")));
        }
        return text;
    }
}
