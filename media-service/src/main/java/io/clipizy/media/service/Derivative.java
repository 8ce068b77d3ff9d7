package io.clipizy.media.service;

import io.clipizy.media.domain.Derivation;
import io.clipizy.media.domain.MediaAsset;

/** A derivation planned for an asset, with the derived asset once it is made (null before). */
public record Derivative(Derivation derivation, MediaAsset asset) {
}
