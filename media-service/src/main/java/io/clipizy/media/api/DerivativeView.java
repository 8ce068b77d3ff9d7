package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaRole;
import io.clipizy.media.domain.Derivation;
import io.clipizy.media.service.Derivative;

/** A thumbnail or waveform of an asset as its owner sees it: its state, attempts, last failure, and the asset once made. */
public record DerivativeView(MediaRole role, Derivation.Status status, int attempts, String error, MediaView asset) {
    static DerivativeView of(Derivative d) {
        return new DerivativeView(d.derivation().role(), d.derivation().status(), d.derivation().attempts(),
                d.derivation().error(), d.asset() == null ? null : MediaView.of(d.asset()));
    }
}
