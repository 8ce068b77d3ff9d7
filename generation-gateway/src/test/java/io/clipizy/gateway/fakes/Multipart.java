package io.clipizy.gateway.fakes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal multipart/form-data reader for the fake media-service (RFC 7578). */
final class Multipart {
    record Part(String name, String fileName, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    static Map<String, Part> parse(String contentType, byte[] body) {
        String boundary = null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null) {
            throw new IllegalArgumentException("no boundary in " + contentType);
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new HashMap<>();
        List<Integer> marks = new ArrayList<>();
        for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
            marks.add(i);
        }
        for (int m = 0; m + 1 < marks.size(); m++) {
            int start = marks.get(m) + delimiter.length + 2;
            int end = marks.get(m + 1) - 2;
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            String name = null;
            String fileName = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    name = attribute(line, "name");
                    fileName = attribute(line, "filename");
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).trim();
                }
            }
            parts.put(name, new Part(name, fileName, type, Arrays.copyOfRange(body, headerEnd + 4, end)));
        }
        return parts;
    }

    private static String attribute(String line, String key) {
        for (String piece : line.split(";")) {
            String p = piece.trim();
            if (p.startsWith(key + "=")) {
                return p.substring(key.length() + 1).replace("\"", "");
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
