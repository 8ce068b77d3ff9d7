package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code multipart/form-data} body as the fakes need it: text fields as text, files as {filename, contentType, base64}. */
final class FakeMultipart {
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");
    private static final Pattern TYPE = Pattern.compile("(?im)^Content-Type:\\s*(\\S+)");

    private FakeMultipart() {
    }

    static ObjectNode fields(byte[] body, String contentType) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        for (String part : raw.split(Pattern.quote(boundary))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String head = part.substring(0, split);
            String content = part.substring(split + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
            Matcher name = NAME.matcher(head);
            if (!name.find()) {
                continue;
            }
            Matcher file = FILE_NAME.matcher(head);
            if (file.find()) {
                Matcher type = TYPE.matcher(head);
                out.putObject(name.group(1)).put("filename", file.group(1)).put("contentType", type.find() ? type.group(1) : null)
                        .put("base64", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.ISO_8859_1)));
            } else {
                out.put(name.group(1), new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
