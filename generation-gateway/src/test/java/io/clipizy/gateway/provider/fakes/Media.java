package io.clipizy.gateway.provider.fakes;

import io.vertx.core.buffer.Buffer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Small real media files for the fakes to serve: a PNG drawn with ImageIO, MP4 and FLAC headers. */
public final class Media {
    private Media() {
    }

    public static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, Color.ORANGE.getRGB());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An ISO-BMFF file start: an {@code ftyp} box (isom) followed by a 256-byte {@code mdat}. */
    public static byte[] mp4() {
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'i', 's',
            'o', '2'};
        byte[] mdat = new byte[264];
        mdat[2] = 1;
        mdat[3] = 8;
        System.arraycopy(new byte[] {'m', 'd', 'a', 't'}, 0, mdat, 4, 4);
        byte[] all = new byte[ftyp.length + mdat.length];
        System.arraycopy(ftyp, 0, all, 0, ftyp.length);
        System.arraycopy(mdat, 0, all, ftyp.length, mdat.length);
        return all;
    }

    public static byte[] flac() {
        byte[] head = "fLaC".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[42];
        System.arraycopy(head, 0, all, 0, head.length);
        return all;
    }

    static Buffer bytes(String extension) {
        switch (extension) {
            case "png":
                return Buffer.buffer(png());
            case "mp4":
                return Buffer.buffer(mp4());
            default:
                return Buffer.buffer(flac());
        }
    }
}
