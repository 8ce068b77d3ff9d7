package io.clipizy.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The versioned pricing table ({@code clipizy.billing.pricing.*}), every price in credits. The worth of a credit is
 * stated once, in {@link #creditUsd()}; nothing else converts money to credits.
 */
@ConfigMapping(prefix = "clipizy.billing.pricing")
public interface PricingConfig {
    /** Names this table; stored with every reservation so a charge can be traced to the prices it used. */
    @NotBlank
    String version();

    /** What one credit is worth in US dollars. */
    @DecimalMin(value = "0", inclusive = false)
    BigDecimal creditUsd();

    /** One generated music track. */
    @PositiveOrZero
    long musicTrack();

    /** A video made of a generated still with motion. */
    @Valid
    UnitAndMinute image();

    /** A video made of one generated clip looped over the song. */
    @Valid
    UnitAndMinute loopedAnimation();

    @Valid
    RecurringScenes recurringScenes();

    /** Plain generated video, per minute. */
    @PositiveOrZero
    long videoPerMinute();

    /** The audio visualizer laid over a music video. */
    @PositiveOrZero
    long visualizer();

    /** Multiplies a video's price at a resolution; a resolution not listed costs ×1. */
    Map<String, @Positive Double> resolutionMultiplier();

    /** The least a generative workflow costs, whatever its inputs. */
    @PositiveOrZero
    long minimumCharge();

    /** What generation-gateway reserves per task, by task kind (wire value). Every kind must be priced. */
    Map<String, @Valid TaskPrice> tasks();

    /** A price per generated unit plus a price per minute of the video made from it. */
    interface UnitAndMinute {
        @PositiveOrZero
        long perUnit();

        @PositiveOrZero
        long perMinute();
    }

    /** Scenes cut on the music: per scene plus per minute; without a scene count, one scene per few seconds. */
    interface RecurringScenes {
        @PositiveOrZero
        long perScene();

        @PositiveOrZero
        long perMinute();

        @WithDefault("5")
        @Positive
        int secondsPerScene();
    }

    /** The price of one task kind: credits per unit of the request's quantity, and the least one task costs. */
    interface TaskPrice {
        @PositiveOrZero
        long credits();

        /** What the quantity counts: items, or seconds priced per minute. */
        @WithDefault("item")
        Per per();

        @WithDefault("0")
        @PositiveOrZero
        long minimum();
    }

    /** The unit a task price is quoted in. */
    enum Per {
        /** The quantity counts items (images, tracks, texts). */
        ITEM,
        /** The quantity counts seconds; the price is per minute. */
        MINUTE;
    }
}
