package io.clipizy.media.domain;

import java.util.Locale;

/** How the gallery is ordered; each order ends on the asset id so that pages never overlap or skip. */
public enum GallerySort {
    NEWEST("created_at DESC, id"),
    OLDEST("created_at ASC, id"),
    LARGEST("size_bytes DESC, id"),
    SMALLEST("size_bytes ASC, id"),
    NAME("lower(coalesce(file_name, '')) ASC, id");

    private final String orderBy;

    GallerySort(String orderBy) {
        this.orderBy = orderBy;
    }

    /** The SQL ORDER BY list: a fixed string per value, so no request text ever reaches the query. */
    public String orderBy() {
        return orderBy;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The sort named by {@code value} (case-insensitive), or null when none is. */
    public static GallerySort fromWire(String value) {
        for (GallerySort sort : values()) {
            if (sort.wire().equalsIgnoreCase(value)) {
                return sort;
            }
        }
        return null;
    }
}
