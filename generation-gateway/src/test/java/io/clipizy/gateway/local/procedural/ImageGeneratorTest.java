package io.clipizy.gateway.local.procedural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.OperationCancelledException;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Procedural pictures: deterministic, at the requested size, coloured by the prompt, and faithful restyles. */
class ImageGeneratorTest {
    @TempDir
    Path dir;

    private final ImageGenerator generator = new ImageGenerator();

    @Test
    void rendersHeadless() {
        generator.generate(request("a quiet lake", ImageRequest.Style.REALISTIC, 64, 64, 1), Cancellation.create());
        assertTrue(GraphicsEnvironment.isHeadless(), "drawing must never need a display");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        for (ImageRequest.Style style : ImageRequest.Style.values()) {
            byte[] first = png(request("neon city at night", style, 240, 136, 42), "a.png");
            byte[] again = png(request("neon city at night", style, 240, 136, 42), "b.png");
            byte[] other = png(request("neon city at night", style, 240, 136, 43), "c.png");
            assertArrayEquals(first, again, style + " is not deterministic");
            assertFalse(Arrays.equals(first, other), style + " ignores the seed");
        }
    }

    @Test
    void theOutputHasTheRequestedSize() throws IOException {
        int[][] sizes = {{320, 180}, {180, 320}, {200, 200}, {17, 901}};
        for (int[] size : sizes) {
            Path out = generator.generate(request("forest sunrise", ImageRequest.Style.ANIMATED, size[0], size[1], 5),
                    dir.resolve("s.png"), Cancellation.create());
            BufferedImage image = ImageIO.read(out.toFile());
            assertEquals(size[0], image.getWidth());
            assertEquals(size[1], image.getHeight());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("s.png")), files.toList(), "no partial file may be left behind");
        }
    }

    @Test
    void aColourWordDecidesTheDominantHue() {
        for (ImageRequest.Style style : ImageRequest.Style.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                double[] red = meanRgb(generator.generate(request("a red dream over the hills", style, 160, 90,
                        seed), Cancellation.create()));
                double[] blue = meanRgb(generator.generate(request("a blue dream over the hills", style, 160, 90,
                        seed), Cancellation.create()));
                assertTrue(red[0] > red[2] + 10, style + " seed " + seed + ": red prompt gave " + Arrays.toString(red));
                assertTrue(blue[2] > blue[0] + 10, style + " seed " + seed + ": blue prompt gave "
                        + Arrays.toString(blue));
            }
        }
    }

    @Test
    void sceneWordsAndBrandColoursShapeThePalette() {
        double[] forest = meanRgb(generator.generate(request("deep forest", ImageRequest.Style.REALISTIC, 160, 90, 3),
                Cancellation.create()));
        assertTrue(forest[1] > forest[0] && forest[1] > forest[2], "forest is not green: " + Arrays.toString(forest));
        ImageRequest brand = new ImageRequest("a blue ocean", ImageRequest.Style.MINIMALIST, 160, 90, 3,
                List.of("#ff3300", "#661100", "#ffcc99"), null);
        double[] branded = meanRgb(generator.generate(brand, Cancellation.create()));
        assertTrue(branded[0] > branded[2] + 40, "the brand palette must override the prompt's colours: "
                + Arrays.toString(branded));
    }

    @Test
    void aRestyleKeepsTheReferencesComposition() throws IOException {
        BufferedImage reference = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = reference.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(30, 40, 90), 0, 300, new Color(200, 190, 150)));
        g.fillRect(0, 0, 400, 300);
        g.setColor(new Color(250, 240, 200));
        g.fillOval(60, 90, 110, 110);
        g.setColor(new Color(20, 30, 20));
        g.fillRect(230, 140, 120, 160);
        g.dispose();
        Path file = dir.resolve("reference.png");
        ImageIO.write(reference, "png", file.toFile());
        for (ImageRequest.Style style : ImageRequest.Style.values()) {
            BufferedImage restyled = generator.generate(new ImageRequest("golden hour", style, 320, 240, 9, null, file),
                    Cancellation.create());
            double r = correlation(luminance(reference, 16, 12), luminance(restyled, 16, 12));
            assertTrue(r > 0.85, style + ": composition lost, luminance correlation " + r);
            assertFalse(Arrays.equals(luminance(reference, 16, 12), luminance(restyled, 16, 12)), style
                    + " changed nothing");
        }
        // a wider aspect crops the middle: the disc and the block stay, and stay in order
        BufferedImage wide = generator.generate(new ImageRequest("", ImageRequest.Style.REALISTIC, 320, 120, 9, null,
                file), Cancellation.create());
        BufferedImage middle = reference.getSubimage(0, 75, 400, 150);
        assertTrue(correlation(luminance(middle, 16, 6), luminance(wide, 16, 6)) > 0.85);
    }

    @Test
    void aFullHdFrameIsQuick() {
        long start = System.nanoTime();
        BufferedImage image = generator.generate(request("cinematic ocean sunset with mountains",
                ImageRequest.Style.CINEMATIC, 1920, 1080, 11), Cancellation.create());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("image_generation 1920x1080 cinematic: %.2f s%n", seconds);
        assertEquals(1920, image.getWidth());
        assertTrue(seconds < 10, "took " + seconds + " s");
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() throws IOException {
        assertTrue(assertThrows(InvalidInputException.class, () -> request("x", null, 0, 100, 1))
                .getMessage().contains("width"));
        assertTrue(assertThrows(InvalidInputException.class, () -> request("x", null, 100, 30000, 1))
                .getMessage().contains("height"));
        assertThrows(InvalidInputException.class, () -> request("x", null, 8000, 8000, 1));
        assertTrue(assertThrows(InvalidInputException.class, () -> ImageRequest.Style.fromString("baroque"))
                .getMessage().contains("style"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new ImageRequest("x", null, 64, 64, 1,
                List.of("red"), null)).getMessage().contains("palette"));
        Path text = Files.writeString(dir.resolve("fake.png"), "not a picture");
        assertTrue(assertThrows(InvalidInputException.class, () -> generator.generate(new ImageRequest("x", null,
                64, 64, 1, null, text), Cancellation.create())).getMessage().contains("reference"));
        assertThrows(InvalidInputException.class, () -> generator.generate(new ImageRequest("x", null, 64, 64, 1,
                null, dir.resolve("missing.png")), Cancellation.create()));
        assertEquals(ImageRequest.Style.VINTAGE, ImageRequest.Style.fromString(" Vintage "));
    }

    @Test
    void aCancelledRequestStops() {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();
        assertThrows(OperationCancelledException.class, () -> generator.generate(request("x", null, 64, 64, 1),
                cancellation));
    }

    private static ImageRequest request(String prompt, ImageRequest.Style style, int w, int h, long seed) {
        return new ImageRequest(prompt, style, w, h, seed, null, null);
    }

    private byte[] png(ImageRequest request, String name) throws IOException {
        return Files.readAllBytes(generator.generate(request, dir.resolve(name), Cancellation.create()));
    }

    private static double[] meanRgb(BufferedImage image) {
        double[] sum = new double[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sum[0] += (rgb >> 16) & 255;
                sum[1] += (rgb >> 8) & 255;
                sum[2] += rgb & 255;
            }
        }
        double n = image.getWidth() * (double) image.getHeight();
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** Mean luminance over a {@code cols x rows} grid of equal cells. */
    static double[] luminance(BufferedImage image, int cols, int rows) {
        double[] cells = new double[cols * rows];
        int[] counts = new int[cols * rows];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int cell = (y * rows / image.getHeight()) * cols + x * cols / image.getWidth();
                cells[cell] += ImageGenerator.luma(image.getRGB(x, y));
                counts[cell]++;
            }
        }
        for (int i = 0; i < cells.length; i++) {
            cells[i] /= counts[i];
        }
        return cells;
    }

    static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb + 1e-12);
    }
}
