package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.media.config.MediaConfig;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.ContentSniffer;
import io.clipizy.media.domain.Derivation;
import io.clipizy.media.domain.HeaderBytes;
import io.clipizy.media.domain.HeaderProbe;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.domain.MediaFacts;
import io.clipizy.media.domain.MediaFormat;
import io.clipizy.media.domain.StorageKeys;
import io.clipizy.media.ffmpeg.DerivativeRenderer;
import io.clipizy.media.ffmpeg.MediaTools;
import io.clipizy.media.persistence.DerivationRepository;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.clipizy.media.storage.ObjectStorage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Makes the derived assets planned when assets became READY: fetches the source from S3, renders with FFmpeg on the
 * bounded FFmpeg pool, stores the PNG as an asset of its own (role thumbnail or waveform, linked to its source) and
 * announces it, recording each attempt's outcome on the derivation. A failed attempt is retried up to
 * {@code clipizy.media.derive.attempts} times, then left FAILED with its reason for the owner to see.
 */
@ApplicationScoped
public class DerivationWorker {
    private static final Logger LOG = Logger.getLogger(DerivationWorker.class);
    /** A RUNNING derivation untouched this long lost its worker (the instance stopped) and is taken again. */
    private static final Duration STALE = Duration.ofMinutes(15);

    @Inject
    DerivationRepository derivations;

    @Inject
    MediaAssetRepository assets;

    @Inject
    ObjectStorage storage;

    @Inject
    MediaTools tools;

    @Inject
    DerivativeRenderer renderer;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    MediaConfig config;

    @Scheduled(every = "${clipizy.derive.every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return unitOfWork.run(tx -> derivations.claim(tx, config.derive().batch(), STALE))
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed))
                .onItem().transformToUniAndMerge(this::attempt)
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Derivation round failed, next round retries: %s", failure.getMessage());
                    return null;
                });
    }

    private Uni<Void> attempt(Derivation derivation) {
        return unitOfWork.read(c -> assets.find(c, derivation.sourceId()))
                .chain(source -> {
                    if (source == null || source.status() != AssetStatus.READY) {
                        return recordFailure(derivation, "the source asset is no longer available", false);
                    }
                    return derive(derivation, source);
                })
                .onFailure().recoverWithUni(failure -> recordFailure(derivation, failure.getMessage(),
                        derivation.attempts() < config.derive().attempts()));
    }

    private Uni<Void> derive(Derivation derivation, MediaAsset source) {
        Path input = temp("media-source-");
        Path output = temp("media-derived-");
        return storage.fetch(source.s3Key(), input)
                .chain(fetched -> tools.submit(() -> {
                    renderer.render(derivation.role(), source.kind(), input, source.facts().durationSeconds(), output);
                    return measure(output);
                }))
                .chain(facts -> store(derivation, source, output, facts))
                .eventually(() -> {
                    deleteQuietly(input);
                    deleteQuietly(output);
                });
    }

    private Uni<Void> store(Derivation derivation, MediaAsset source, Path png, MediaFacts facts) {
        UUID id = UUID.randomUUID();
        String contentType = MediaFormat.PNG.primary().contentType();
        String key = StorageKeys.of(source.ownerId(), source.projectId(), MediaKind.IMAGE, id, "png");
        return storage.put(key, png, contentType).chain(stored -> unitOfWork.run(tx -> {
            MediaAsset derived = new MediaAsset(id, source.ownerId(), source.projectId(), MediaKind.IMAGE,
                    derivation.role(), contentType, stored.sizeBytes(), stored.sha256(), null, key, AssetStatus.READY,
                    facts, null, null, null, null);
            return assets.insert(tx, derived, source.id())
                    .call(saved -> derivations.done(tx, source.id(), derivation.role(), saved.id()))
                    .call(saved -> outbox.append(tx, saved.stored()));
        }).onFailure().call(failure -> storage.delete(key).onFailure().recoverWithNull())).replaceWithVoid();
    }

    private Uni<Void> recordFailure(Derivation derivation, String reason, boolean retry) {
        LOG.warnf("Deriving the %s of %s failed (attempt %d%s): %s", derivation.role().wire(), derivation.sourceId(),
                derivation.attempts(), retry ? ", will retry" : ", giving up", reason);
        return unitOfWork.run(tx -> derivations.failed(tx, derivation.sourceId(), derivation.role(), reason, retry));
    }

    private static MediaFacts measure(Path png) {
        try (InputStream in = Files.newInputStream(png)) {
            HeaderBytes header = HeaderBytes.of(in.readNBytes(ContentSniffer.HEADER_BYTES));
            return MediaFacts.of(HeaderProbe.probe(MediaFormat.PNG, header, Files.size(png)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rendered picture", e);
        }
    }

    private static Path temp(String prefix) {
        try {
            return Files.createTempFile(prefix, ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp file for a derivation", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not remove the temp file %s: %s", file, e.getMessage());
        }
    }
}
