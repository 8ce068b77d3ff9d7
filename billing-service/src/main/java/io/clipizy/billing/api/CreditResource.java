package io.clipizy.billing.api;

import io.clipizy.billing.domain.LedgerEntryType;
import io.clipizy.billing.service.LedgerService;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/credits}: the caller's balance and ledger. The first call opens the account with its welcome grant. */
@Path("/api/credits")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class CreditResource {
    @Inject
    LedgerService ledger;

    @Inject
    CurrentUser user;

    @GET
    @Path("/balance")
    public Uni<BalanceView> balance() {
        return ledger.account(user.id()).map(a -> BalanceView.credits(a.balance()));
    }

    @GET
    @Path("/transactions")
    public Uni<Page<LedgerEntryView>> transactions(@QueryParam("type") String type,
                                                   @QueryParam("page") @DefaultValue("0") String pageParam,
                                                   @QueryParam("size") @DefaultValue("20") String sizeParam) {
        // Taken as text: a JAX-RS int parameter that does not parse answers a 404 that names no field.
        int page = wholeNumber(pageParam, "page");
        int size = wholeNumber(sizeParam, "size");
        Page.validate(page, size);
        LedgerEntryType filter = type == null || type.isEmpty() ? null : LedgerEntryType.find(type).orElseThrow(() ->
                new ProblemException(ProblemType.VALIDATION, "Unknown transaction type '" + type + "'",
                        List.of(new Problem.FieldViolation("type", "must be one of " + LedgerEntryType.wireValues()))));
        return ledger.transactions(user.id(), filter, page, size)
                .map(p -> new Page<>(p.items().stream().map(LedgerEntryView::of).toList(), p.page(), p.size(), p.total()));
    }

    /** One of the caller's ledger entries; someone else's answers 404, as if it did not exist. */
    @GET
    @Path("/transactions/{id}")
    public Uni<LedgerEntryView> transaction(@PathParam("id") long id) {
        return ledger.entry(id).map(e -> LedgerEntryView.of(user.requireOwner(e, e == null ? null : e.ownerId(),
                "Transaction " + id)));
    }

    private static int wholeNumber(String text, String field) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.VALIDATION, field + ": must be a whole number",
                    List.of(new Problem.FieldViolation(field, "must be a whole number")));
        }
    }
}
