package io.clipizy.billing.service;

import io.clipizy.billing.domain.Purchase;
import io.clipizy.billing.domain.Subscription;
import io.clipizy.billing.persistence.PurchaseRepository;
import io.clipizy.billing.persistence.SubscriptionRepository;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads of a user's own billing records: purchases and subscription. */
@ApplicationScoped
public class AccountQueries {
    @Inject
    PurchaseRepository purchases;

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    UnitOfWork unitOfWork;

    public Uni<Page<Purchase>> purchases(String ownerId, int page, int size) {
        return unitOfWork.read(c -> purchases.list(c, ownerId, page, size));
    }

    /** The user's current (or, failing that, latest) subscription, or null when they never had one. */
    public Uni<Subscription> subscription(String ownerId) {
        return unitOfWork.read(c -> subscriptions.latest(c, ownerId));
    }
}
