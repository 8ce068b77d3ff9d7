package io.clipizy.media.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The multipart form {@code POST /api/media} reads as it streams in, described for the OpenAPI document (the resource
 * reads the body itself, so the framework cannot infer it).
 */
@Schema(name = "MediaUploadForm")
public record UploadForm(
        @Schema(required = true, type = SchemaType.STRING, format = "binary",
                description = "The file; its type is sniffed from its bytes") String file,
        @Schema(format = "uuid", description = "The project the media belongs to") String projectId,
        @Schema(enumeration = {"upload", "reference"}, defaultValue = "upload") String role) {
}
