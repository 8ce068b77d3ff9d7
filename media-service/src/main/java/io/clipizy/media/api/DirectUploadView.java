package io.clipizy.media.api;

import io.clipizy.media.service.DirectUploadTicket;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Where to send a direct upload's bytes: PUT the whole file to {@code url} with its {@code Content-Type}, or each
 * part to its URL; then POST {@code completeUrl}. The URLs stop working at {@code expiresAt}.
 */
public record DirectUploadView(MediaView asset, String method, URI url, Long partSize, List<DirectUploadTicket.Part> parts,
                               Instant expiresAt, String completeUrl) {

    static DirectUploadView of(DirectUploadTicket ticket) {
        return new DirectUploadView(MediaView.of(ticket.asset()), "PUT", ticket.putUrl(), ticket.partSize(),
                ticket.parts(), ticket.expiresAt(), DirectUploadResource.PATH + "/" + ticket.asset().id() + "/complete");
    }
}
