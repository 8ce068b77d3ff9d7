package io.clipizy.media.health;

import io.clipizy.media.storage.ObjectStorage;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness asks S3 for the media bucket for real: no bucket or no answer in time means the service is not ready. */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements AsyncHealthCheck {
    static final String NAME = "Media storage (S3)";

    @Inject
    ObjectStorage storage;

    @Override
    public Uni<HealthCheckResponse> call() {
        return storage.checkBucket()
                .map(ok -> HealthCheckResponse.named(NAME).up().withData("bucket", storage.bucket()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("bucket", storage.bucket()).withData("error", failure.getMessage()).build());
    }
}
