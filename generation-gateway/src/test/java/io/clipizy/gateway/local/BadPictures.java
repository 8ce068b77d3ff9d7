package io.clipizy.gateway.local;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Pictures FFmpeg cannot decode, as people upload them: a PNG cut short and a ZIP archive named .png. */
public final class BadPictures {
    private BadPictures() {
    }

    /** The first half of a real PNG: the header reads fine, the image data ends early. */
    public static Path truncatedPng(Path file) throws IOException {
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.RED, 640, 360, Color.GREEN));
        g.fillRect(0, 0, 640, 360);
        g.dispose();
        Path whole = file.resolveSibling("whole-" + file.getFileName());
        ImageIO.write(image, "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(whole);
        return file;
    }

    /** A ZIP archive with a text file in it, named like a picture. */
    public static Path zipNamedPng(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("not a picture at all\n".repeat(50).getBytes());
            zip.closeEntry();
        }
        return file;
    }
}
