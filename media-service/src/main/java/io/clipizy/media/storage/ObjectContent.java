package io.clipizy.media.storage;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** An object being read from S3: its open body stream and its length in bytes. */
public record ObjectContent(ResponseInputStream<GetObjectResponse> stream, long contentLength) {
}
