package io.clipizy.gateway.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;

/** Adds the gateway's client-credentials token to every request of the REST clients that register it. */
@ApplicationScoped
public class ServiceTokenFilter implements ResteasyReactiveClientRequestFilter {
    @Inject
    ServiceTokens tokens;

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        request.suspend();
        tokens.authorization().subscribe().with(value -> {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, value);
            request.resume();
        }, request::resume);
    }
}
