package io.clipizy.billing.api;

import io.clipizy.billing.config.StripeConfig;
import io.clipizy.billing.domain.Purchase;
import io.clipizy.billing.service.AccountQueries;
import io.clipizy.billing.service.CheckoutService;
import io.clipizy.billing.service.UsageService;
import io.clipizy.billing.domain.Usage;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code /api/billing}: what is on sale, buying a pack or a plan through Stripe Checkout, the customer portal, and the
 * caller's own purchases and subscription.
 */
@Path("/api/billing")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class BillingResource {
    private static final int MAX_USAGE_DAYS = 366;
    @Inject
    StripeConfig config;

    @Inject
    CheckoutService checkout;

    @Inject
    AccountQueries queries;

    @Inject
    UsageService usage;

    @Inject
    CurrentUser user;

    /** A started checkout: the purchase it records and the Stripe page to send the user to. */
    public record CheckoutView(UUID purchaseId, String sessionId, String url) {
    }

    /** A link to the Stripe customer portal. */
    public record PortalView(String url) {
    }

    @GET
    @Path("/catalog")
    public CatalogView catalog() {
        return CatalogView.of(config);
    }

    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CheckoutView>> checkout(@Valid @NotNull(message = "a JSON body is required") CheckoutRequest request) {
        boolean pack = request.pack() != null;
        if (pack == (request.plan() != null)) {
            throw new ProblemException(ProblemType.VALIDATION, "Name exactly one of pack and plan",
                    List.of(new Problem.FieldViolation("pack", "exactly one of pack and plan is required"),
                            new Problem.FieldViolation("plan", "exactly one of pack and plan is required")));
        }
        String field = pack ? "pack" : "plan";
        String name = pack ? request.pack() : request.plan();
        Map<String, StripeConfig.Product> offers = pack ? config.packs() : config.plans();
        StripeConfig.Product product = offers.get(name);
        if (product == null) {
            throw new ProblemException(ProblemType.VALIDATION, field + ": unknown " + field + " '" + name + "'",
                    List.of(new Problem.FieldViolation(field, "must be one of " + offers.keySet().stream().sorted().toList())));
        }
        return checkout.start(user.id(), pack ? Purchase.PACK : Purchase.PLAN, name, product)
                .map(s -> RestResponse.status(RestResponse.Status.CREATED, new CheckoutView(s.purchaseId(), s.sessionId(), s.url())));
    }

    @GET
    @Path("/purchases")
    public Uni<Page<PurchaseView>> purchases(@QueryParam("page") @DefaultValue("0") int page,
                                             @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        return queries.purchases(user.id(), page, size)
                .map(p -> new Page<>(p.items().stream().map(PurchaseView::of).toList(), p.page(), p.size(), p.total()));
    }

    /** The dashboard's usage analytics over the last {@code days} UTC days (1 to 366). */
    @GET
    @Path("/usage")
    public Uni<Usage> usage(@QueryParam("days") @DefaultValue("30") int days) {
        if (days < 1 || days > MAX_USAGE_DAYS) {
            throw new ProblemException(ProblemType.VALIDATION, "days: must be from 1 to " + MAX_USAGE_DAYS,
                    List.of(new Problem.FieldViolation("days", "must be from 1 to " + MAX_USAGE_DAYS)));
        }
        return usage.lastDays(user.id(), days);
    }

    /** The caller's plan; 404 when they never subscribed. */
    @GET
    @Path("/subscription")
    public Uni<SubscriptionView> subscription() {
        return queries.subscription(user.id()).map(s -> {
            if (s == null) {
                throw ProblemException.notFound("Subscription");
            }
            StripeConfig.Product plan = config.plans().get(s.plan());
            return SubscriptionView.of(s, plan == null ? 0 : plan.credits());
        });
    }

    @POST
    @Path("/portal")
    public Uni<PortalView> portal() {
        return checkout.portal(user.id()).map(PortalView::new);
    }
}
