package io.clipizy.gateway.local.procedural;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.LocalEngineException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A procedural picture maker, honestly not a neural model: the prompt's colour and scene words and the style choose
 * a palette and a set of motifs (sky, light, ridges, sea, trees, skyline, shapes...), which Java2D draws in layers
 * from far to near; a per-style finish (grade, posterize, grain, vignette) follows. A reference image can be
 * restyled instead: cropped to the aspect, gradient-mapped toward the palette and given the same finish, so its
 * composition stays. Everything is drawn from one seeded generator, so a request always gives the same bytes.
 */
public final class ImageGenerator {
    private static final Map<String, Float> COLOUR_HUES = Map.ofEntries(Map.entry("red", 0f),
            Map.entry("crimson", 350f), Map.entry("scarlet", 5f), Map.entry("orange", 28f), Map.entry("amber", 40f),
            Map.entry("gold", 45f), Map.entry("golden", 45f), Map.entry("yellow", 55f), Map.entry("lime", 90f),
            Map.entry("green", 125f), Map.entry("emerald", 145f), Map.entry("teal", 175f), Map.entry("cyan", 188f),
            Map.entry("turquoise", 178f), Map.entry("blue", 220f), Map.entry("azure", 210f), Map.entry("navy", 232f),
            Map.entry("indigo", 250f), Map.entry("purple", 275f), Map.entry("violet", 268f),
            Map.entry("magenta", 305f), Map.entry("pink", 330f), Map.entry("rose", 340f));

    /** Scene words: the hues they suggest and the motif they add. */
    private static final Map<String, Scene> SCENES = Map.ofEntries(
            Map.entry("sunset", new Scene(new float[] {22, 345, 275}, Motif.SUN, false)),
            Map.entry("sunrise", new Scene(new float[] {35, 15, 200}, Motif.SUN, false)),
            Map.entry("dawn", new Scene(new float[] {30, 330, 210}, Motif.SUN, false)),
            Map.entry("ocean", new Scene(new float[] {205, 185, 225}, Motif.SEA, false)),
            Map.entry("sea", new Scene(new float[] {205, 185, 225}, Motif.SEA, false)),
            Map.entry("beach", new Scene(new float[] {195, 45, 185}, Motif.SEA, false)),
            Map.entry("waves", new Scene(new float[] {200, 180, 220}, Motif.SEA, false)),
            Map.entry("forest", new Scene(new float[] {125, 95, 160}, Motif.TREES, false)),
            Map.entry("trees", new Scene(new float[] {120, 90, 150}, Motif.TREES, false)),
            Map.entry("jungle", new Scene(new float[] {135, 80, 165}, Motif.TREES, false)),
            Map.entry("city", new Scene(new float[] {215, 300, 35}, Motif.SKYLINE, false)),
            Map.entry("urban", new Scene(new float[] {210, 25, 190}, Motif.SKYLINE, false)),
            Map.entry("neon", new Scene(new float[] {300, 190, 260}, Motif.SKYLINE, true)),
            Map.entry("night", new Scene(new float[] {232, 260, 210}, Motif.STARS, true)),
            Map.entry("stars", new Scene(new float[] {240, 270, 220}, Motif.STARS, true)),
            Map.entry("space", new Scene(new float[] {260, 290, 220}, Motif.STARS, true)),
            Map.entry("galaxy", new Scene(new float[] {280, 310, 230}, Motif.STARS, true)),
            Map.entry("mountain", new Scene(new float[] {215, 250, 30}, Motif.MOUNTAINS, false)),
            Map.entry("mountains", new Scene(new float[] {215, 250, 30}, Motif.MOUNTAINS, false)),
            Map.entry("desert", new Scene(new float[] {32, 20, 200}, Motif.HILLS, false)),
            Map.entry("snow", new Scene(new float[] {205, 220, 190}, Motif.MOUNTAINS, false)),
            Map.entry("winter", new Scene(new float[] {205, 220, 190}, Motif.MOUNTAINS, false)));

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "and", "in", "on", "with", "at",
            "to", "for", "by", "from", "over", "under", "into", "is", "my", "our", "very");

    /** Draws the requested picture (restyling the reference when there is one). */
    public BufferedImage generate(ImageRequest request, Cancellation cancellation) {
        Plan plan = plan(request);
        cancellation.check();
        BufferedImage image = request.reference() == null ? drawScene(request, plan, cancellation)
                : restyle(request, plan);
        cancellation.check();
        finish(image, request.style(), plan, new SplittableRandom(plan.seed ^ 0x5DEECE66DL));
        return image;
    }

    /** Draws the picture and writes it as a PNG at {@code output}, moved into place only once complete. */
    public Path generate(ImageRequest request, Path output, Cancellation cancellation) {
        BufferedImage image = generate(request, cancellation);
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial.png");
        try {
            if (!ImageIO.write(image, "png", partial.toFile())) {
                throw new LocalEngineException(ErrorCode.INTERNAL, "This Java runtime has no PNG writer");
            }
            return Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalEngineException(ErrorCode.INTERNAL, "Cannot write the image: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover hidden partial file does no harm and the result is already decided
            }
        }
    }

    // ---------------------------------------------------------------- planning

    private enum Motif { SUN, SEA, TREES, SKYLINE, STARS, MOUNTAINS, HILLS, BOKEH, RAYS, CLOUDS, SHAPES }

    private record Scene(float[] hues, Motif motif, boolean dark) {
    }

    /** The palette (dark to light), the motifs and whether it is a night scene. */
    private record Plan(Color[] ramp, List<Motif> motifs, boolean dark, long seed) {
    }

    static List<String> words(String prompt) {
        List<String> words = new ArrayList<>();
        for (String w : prompt.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static Plan plan(ImageRequest request) {
        List<String> words = words(request.prompt());
        List<Float> colourHues = new ArrayList<>();
        Set<Motif> motifs = new LinkedHashSet<>();
        List<Float> sceneHues = new ArrayList<>();
        boolean dark = false;
        long otherWords = 1125899906842597L;
        for (String w : words) {
            Float hue = COLOUR_HUES.get(w);
            Scene scene = SCENES.get(w);
            if (hue != null) {
                colourHues.add(hue);
            } else if (scene != null) {
                motifs.add(scene.motif());
                for (float h : scene.hues()) {
                    sceneHues.add(h);
                }
                dark |= scene.dark();
            } else if (!STOP_WORDS.contains(w)) {
                // a stable string hash (not String.hashCode's contract) so pictures survive JVM changes
                for (int i = 0; i < w.length(); i++) {
                    otherWords = 31 * otherWords + w.charAt(i);
                }
            }
        }
        long seed = request.seed() * 0x9E3779B97F4A7C15L + otherWords;
        SplittableRandom random = new SplittableRandom(seed);
        Motif[] extras = {Motif.MOUNTAINS, Motif.HILLS, Motif.BOKEH, Motif.RAYS, Motif.CLOUDS, Motif.SHAPES};
        // the words that are neither colours nor scenes pick the extra motifs, the seed varies the drawing
        motifs.add(extras[(int) Math.floorMod(otherWords, (long) extras.length)]);
        if (motifs.size() < 3) {
            motifs.add(extras[(int) Math.floorMod(otherWords / 7, (long) extras.length)]);
        }
        if (request.style() == ImageRequest.Style.ABSTRACT) {
            motifs.add(Motif.SHAPES);
        }
        List<Float> hues = new ArrayList<>(colourHues);
        if (hues.isEmpty()) {
            hues.addAll(sceneHues);
        } else if (hues.size() == 1) {
            // one colour word: an analogous scheme around it keeps that hue dominant
            hues.add((hues.get(0) + 18) % 360);
            hues.add((hues.get(0) + 342) % 360);
        }
        if (hues.isEmpty()) {
            float base = (float) Math.floorMod(otherWords * 131 + request.seed() * 17, 360L);
            hues.add(base);
            hues.add((base + 30) % 360);
            hues.add((base + 190) % 360);
        }
        Color[] ramp = request.palette().isEmpty() ? ramp(hues, request.style(), dark) : brandRamp(request.palette());
        return new Plan(ramp, new ArrayList<>(motifs), dark, seed ^ random.nextLong());
    }

    /** Five colours from shadow to highlight, their saturation and brightness shaped by the style. */
    private static Color[] ramp(List<Float> hues, ImageRequest.Style style, boolean dark) {
        float[][] ladder;
        switch (style) {
            case ANIMATED -> ladder = new float[][] {{0.8f, 0.3f}, {0.85f, 0.55f}, {0.8f, 0.78f}, {0.65f, 0.92f},
                    {0.3f, 1f}};
            case REALISTIC -> ladder = new float[][] {{0.45f, 0.12f}, {0.45f, 0.32f}, {0.42f, 0.55f}, {0.35f, 0.78f},
                    {0.18f, 0.95f}};
            case ABSTRACT -> ladder = new float[][] {{0.9f, 0.25f}, {0.85f, 0.5f}, {0.8f, 0.75f}, {0.7f, 0.95f},
                    {0.45f, 1f}};
            case MINIMALIST -> ladder = new float[][] {{0.35f, 0.2f}, {0.3f, 0.45f}, {0.28f, 0.72f}, {0.2f, 0.9f},
                    {0.08f, 0.97f}};
            case VINTAGE -> ladder = new float[][] {{0.45f, 0.2f}, {0.45f, 0.4f}, {0.42f, 0.62f}, {0.35f, 0.8f},
                    {0.22f, 0.94f}};
            default -> ladder = new float[][] {{0.7f, 0.1f}, {0.7f, 0.28f}, {0.65f, 0.52f}, {0.55f, 0.78f},
                    {0.3f, 0.97f}};
        }
        Color[] ramp = new Color[ladder.length];
        for (int i = 0; i < ladder.length; i++) {
            // shadows take the later (contrasting) hues, light the first (dominant) one
            float hue = hues.get(i >= 3 ? 0 : (ladder.length - 1 - i) % hues.size());
            if (i == 2) {
                hue = hues.get(0);
            }
            if (style == ImageRequest.Style.VINTAGE) {
                hue = mixHue(hue, 35, 0.12f);
            }
            float brightness = ladder[i][1] * (dark ? (i < 3 ? 0.45f : 0.8f) : 1f);
            ramp[i] = Color.getHSBColor(hue / 360f, ladder[i][0], brightness);
        }
        return ramp;
    }

    private static Color[] brandRamp(List<String> palette) {
        List<Color> colours = new ArrayList<>();
        for (String hex : palette) {
            colours.add(new Color(Integer.parseInt(hex.substring(1), 16)));
        }
        colours.sort((a, b) -> Double.compare(luma(a.getRGB()), luma(b.getRGB())));
        Color[] ramp = new Color[5];
        for (int i = 0; i < 5; i++) {
            double at = i / 4.0 * (colours.size() - 1);
            int lo = (int) Math.floor(at);
            int hi = Math.min(colours.size() - 1, lo + 1);
            ramp[i] = mix(colours.get(lo), colours.get(hi), at - lo);
        }
        return ramp;
    }

    // ---------------------------------------------------------------- drawing

    private static BufferedImage drawScene(ImageRequest request, Plan plan, Cancellation cancellation) {
        int w = request.width();
        int h = request.height();
        Color[] p = plan.ramp();
        SplittableRandom random = new SplittableRandom(plan.seed());
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            boolean flat = request.style() == ImageRequest.Style.MINIMALIST;
            double horizon = h * (0.55 + 0.15 * random.nextDouble());
            // sky: darker hue at the zenith to the lightest at the horizon
            g.setPaint(new LinearGradientPaint(0, 0, 0, (float) horizon, new float[] {0f, 0.6f, 1f},
                    new Color[] {p[1], p[2], p[plan.dark() ? 3 : 4]}));
            g.fillRect(0, 0, w, h);
            double lightX = w * (0.2 + 0.6 * random.nextDouble());
            double lightY = horizon * (0.35 + 0.5 * random.nextDouble());
            drawLight(g, plan, lightX, lightY, Math.max(w, h), flat);
            for (Motif motif : plan.motifs()) {
                cancellation.check();
                drawSkyMotif(g, motif, p, random, w, h, horizon, lightX, lightY, plan.dark());
            }
            // the ground plane under everything near
            g.setPaint(new LinearGradientPaint(0, (float) horizon, 0, h, new float[] {0f, 1f},
                    new Color[] {p[2], p[0]}));
            g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
            boolean groundDrawn = false;
            for (Motif motif : plan.motifs()) {
                cancellation.check();
                groundDrawn |= drawGroundMotif(g, motif, p, random, w, h, horizon, plan.dark(), request.style());
            }
            if (!groundDrawn) {
                drawRidges(g, p, random, w, h, horizon, 2, 0.06);
            }
            // atmospheric haze over the horizon ties the layers together
            g.setPaint(new LinearGradientPaint(0, (float) (horizon - h * 0.15), 0, (float) (horizon + h * 0.1),
                    new float[] {0f, 0.5f, 1f}, new Color[] {alpha(p[4], 0), alpha(p[4], plan.dark() ? 40 : 90),
                    alpha(p[4], 0)}));
            g.fillRect(0, 0, w, h);
            if (request.style() == ImageRequest.Style.CINEMATIC || request.style() == ImageRequest.Style.REALISTIC) {
                drawLight(g, plan, lightX, lightY, Math.max(w, h) * 0.6, false);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawLight(Graphics2D g, Plan plan, double x, double y, double reach, boolean flat) {
        Color glow = plan.ramp()[4];
        float radius = (float) (reach * (flat ? 0.35 : 0.6));
        g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), radius, new float[] {0f, 0.25f, 1f},
                new Color[] {alpha(glow, flat ? 60 : 170), alpha(glow, flat ? 20 : 60), alpha(glow, 0)},
                MultipleGradientPaint.CycleMethod.NO_CYCLE));
        g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }

    private static void drawSkyMotif(Graphics2D g, Motif motif, Color[] p, SplittableRandom random, int w, int h,
                                     double horizon, double lightX, double lightY, boolean dark) {
        double unit = Math.min(w, h);
        switch (motif) {
            case SUN -> {
                double r = unit * (0.07 + 0.05 * random.nextDouble());
                Color disc = dark ? p[4] : mix(p[4], Color.WHITE, 0.5);
                g.setPaint(disc);
                g.fill(new Ellipse2D.Double(lightX - r, lightY - r, 2 * r, 2 * r));
            }
            case STARS -> {
                int count = (int) (w * (double) h / 2500);
                for (int i = 0; i < Math.min(count, 4000); i++) {
                    double x = random.nextDouble() * w;
                    double y = Math.pow(random.nextDouble(), 1.4) * horizon;
                    double r = 0.4 + Math.pow(random.nextDouble(), 6) * unit * 0.004;
                    g.setColor(new Color(255, 255, 245, 80 + random.nextInt(176)));
                    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                }
                double r = unit * 0.06;
                g.setColor(new Color(250, 248, 235));
                g.fill(new Ellipse2D.Double(lightX - r, lightY - r, 2 * r, 2 * r));
            }
            case RAYS -> {
                int rays = 7 + random.nextInt(6);
                for (int i = 0; i < rays; i++) {
                    double angle = Math.PI * (0.1 + 0.8 * random.nextDouble());
                    double spread = 0.02 + 0.04 * random.nextDouble();
                    double len = Math.hypot(w, h);
                    Path2D ray = new Path2D.Double();
                    ray.moveTo(lightX, lightY);
                    ray.lineTo(lightX + len * Math.cos(angle - spread), lightY + len * Math.sin(angle - spread));
                    ray.lineTo(lightX + len * Math.cos(angle + spread), lightY + len * Math.sin(angle + spread));
                    ray.closePath();
                    g.setPaint(new RadialGradientPaint(new Point2D.Double(lightX, lightY), (float) (len * 0.7),
                            new float[] {0f, 1f}, new Color[] {alpha(p[4], 70), alpha(p[4], 0)}));
                    g.fill(ray);
                }
            }
            case CLOUDS -> {
                int clouds = 3 + random.nextInt(4);
                for (int i = 0; i < clouds; i++) {
                    double cx = random.nextDouble() * w;
                    double cy = horizon * (0.15 + 0.6 * random.nextDouble());
                    double cw = unit * (0.25 + 0.35 * random.nextDouble());
                    for (int k = 0; k < 7; k++) {
                        double bx = cx + (random.nextDouble() - 0.5) * cw;
                        double by = cy + (random.nextDouble() - 0.5) * cw * 0.18;
                        double br = cw * (0.12 + 0.12 * random.nextDouble());
                        g.setPaint(new RadialGradientPaint(new Point2D.Double(bx, by), (float) br,
                                new float[] {0f, 1f}, new Color[] {alpha(p[4], 120), alpha(p[3], 0)}));
                        g.fill(new Ellipse2D.Double(bx - br, by - br, 2 * br, 2 * br));
                    }
                }
            }
            case BOKEH -> {
                int count = 18 + random.nextInt(20);
                for (int i = 0; i < count; i++) {
                    double r = unit * (0.01 + 0.05 * random.nextDouble());
                    double x = random.nextDouble() * w;
                    double y = random.nextDouble() * h;
                    Color c = p[3 + random.nextInt(2)];
                    g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), (float) r, new float[] {0f, 0.8f, 1f},
                            new Color[] {alpha(c, 70), alpha(c, 50), alpha(c, 0)}));
                    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                }
            }
            case SHAPES -> {
                int count = 5 + random.nextInt(6);
                for (int i = 0; i < count; i++) {
                    Color c = alpha(p[1 + random.nextInt(4)], 90 + random.nextInt(90));
                    double x = random.nextDouble() * w;
                    double y = random.nextDouble() * h;
                    double s = unit * (0.1 + 0.35 * random.nextDouble());
                    g.setColor(c);
                    int kind = random.nextInt(3);
                    if (kind == 0) {
                        g.fill(new Ellipse2D.Double(x - s / 2, y - s / 2, s, s));
                    } else if (kind == 1) {
                        Path2D tri = new Path2D.Double();
                        double a = random.nextDouble() * Math.PI * 2;
                        for (int k = 0; k < 3; k++) {
                            double px = x + s * 0.6 * Math.cos(a + k * 2 * Math.PI / 3);
                            double py = y + s * 0.6 * Math.sin(a + k * 2 * Math.PI / 3);
                            if (k == 0) {
                                tri.moveTo(px, py);
                            } else {
                                tri.lineTo(px, py);
                            }
                        }
                        tri.closePath();
                        g.fill(tri);
                    } else {
                        g.setStroke(new BasicStroke((float) (s * 0.08)));
                        g.draw(new Ellipse2D.Double(x - s / 2, y - s / 2, s, s));
                    }
                }
            }
            default -> {
                // ground motifs are drawn after the ground plane
            }
        }
    }

    private static boolean drawGroundMotif(Graphics2D g, Motif motif, Color[] p, SplittableRandom random, int w,
                                           int h, double horizon, boolean dark, ImageRequest.Style style) {
        switch (motif) {
            case MOUNTAINS -> {
                drawRidges(g, p, random, w, h, horizon, 3, 0.22);
                return true;
            }
            case HILLS -> {
                for (int layer = 0; layer < 3; layer++) {
                    double base = horizon + (h - horizon) * layer * 0.28;
                    double amp = h * (0.05 + 0.02 * layer);
                    double phase = random.nextDouble() * Math.PI * 2;
                    double freq = (1.2 + random.nextDouble()) * Math.PI / w;
                    Path2D hill = new Path2D.Double();
                    hill.moveTo(0, h);
                    for (int x = 0; x <= w; x += Math.max(1, w / 200)) {
                        hill.lineTo(x, base - amp * (0.5 + 0.5 * Math.sin(x * freq + phase)));
                    }
                    hill.lineTo(w, h);
                    hill.closePath();
                    g.setPaint(new LinearGradientPaint(0, (float) (base - amp), 0, h, new float[] {0f, 1f},
                            new Color[] {mix(p[3 - layer], p[4], 0.2), p[Math.max(0, 2 - layer)]}));
                    g.fill(hill);
                }
                return true;
            }
            case SEA -> {
                g.setPaint(new LinearGradientPaint(0, (float) horizon, 0, h, new float[] {0f, 1f},
                        new Color[] {mix(p[2], p[4], 0.3), p[0]}));
                g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
                int bands = 14;
                g.setStroke(new BasicStroke(Math.max(1f, h / 400f)));
                for (int i = 0; i < bands; i++) {
                    double t = (i + 1.0) / bands;
                    double y = horizon + (h - horizon) * t * t;
                    double amp = h * 0.004 * (1 + 4 * t);
                    double phase = random.nextDouble() * Math.PI * 2;
                    Path2D wave = new Path2D.Double();
                    for (int x = 0; x <= w; x += Math.max(1, w / 240)) {
                        double yy = y + amp * Math.sin(x * (0.02 / (0.3 + t)) * 1000.0 / w * 2 + phase);
                        if (x == 0) {
                            wave.moveTo(x, yy);
                        } else {
                            wave.lineTo(x, yy);
                        }
                    }
                    g.setColor(alpha(p[4], (int) (40 + 60 * (1 - t))));
                    g.draw(wave);
                }
                return true;
            }
            case TREES -> {
                for (int layer = 0; layer < 3; layer++) {
                    Color c = mix(p[Math.max(0, 2 - layer)], p[0], layer * 0.3);
                    g.setColor(c);
                    double base = horizon + (h - horizon) * (0.1 + 0.35 * layer);
                    double size = h * (0.08 + 0.06 * layer);
                    double x = -random.nextDouble() * size;
                    while (x < w + size) {
                        double th = size * (0.7 + 0.6 * random.nextDouble());
                        double tw = th * 0.38;
                        Path2D tree = new Path2D.Double();
                        tree.moveTo(x, base - th);
                        tree.lineTo(x + tw / 2, base);
                        tree.lineTo(x - tw / 2, base);
                        tree.closePath();
                        g.fill(tree);
                        x += tw * (0.45 + 0.5 * random.nextDouble());
                    }
                    g.fill(new Rectangle2D.Double(0, base - 1, w, h - base + 1));
                }
                return true;
            }
            case SKYLINE -> {
                for (int layer = 0; layer < 2; layer++) {
                    Color body = mix(p[1], p[0], layer * 0.6);
                    double x = 0;
                    while (x < w) {
                        double bw = w * (0.03 + 0.06 * random.nextDouble());
                        double bh = h * (0.12 + (0.3 - 0.1 * layer) * random.nextDouble());
                        double top = horizon + h * 0.05 * layer - bh;
                        g.setColor(body);
                        g.fill(new Rectangle2D.Double(x, top, bw + 1, h - top));
                        double cell = Math.max(3, bw / 6);
                        Color lit = dark || style == ImageRequest.Style.CINEMATIC ? new Color(255, 214, 150)
                                : mix(p[4], Color.WHITE, 0.3);
                        for (double wy = top + cell; wy < horizon + h * 0.05 * layer; wy += cell * 1.6) {
                            for (double wx = x + cell * 0.6; wx < x + bw - cell * 0.6; wx += cell * 1.5) {
                                if (random.nextDouble() < (dark ? 0.35 : 0.15)) {
                                    g.setColor(alpha(lit, 150 + random.nextInt(100)));
                                    g.fill(new Rectangle2D.Double(wx, wy, cell * 0.7, cell * 0.9));
                                }
                            }
                        }
                        x += bw + w * 0.004 * random.nextDouble();
                    }
                }
                g.setColor(p[0]);
                g.fill(new Rectangle2D.Double(0, horizon + h * 0.05, w, h));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Mountain ridges by midpoint displacement, fading toward the sky colour with distance. */
    private static void drawRidges(Graphics2D g, Color[] p, SplittableRandom random, int w, int h, double horizon,
                                   int layers, double height) {
        for (int layer = 0; layer < layers; layer++) {
            int points = 129;
            double[] ridge = new double[points];
            double rough = h * height * (1 - 0.25 * layer);
            ridge[0] = random.nextDouble() * rough;
            ridge[points - 1] = random.nextDouble() * rough;
            for (int step = points - 1; step > 1; step /= 2) {
                for (int i = step / 2; i < points; i += step) {
                    ridge[i] = (ridge[i - step / 2] + ridge[Math.min(points - 1, i + step / 2)]) / 2
                            + (random.nextDouble() - 0.5) * rough * step / points * 1.6;
                }
            }
            double base = horizon + (h - horizon) * 0.18 * layer;
            Path2D shape = new Path2D.Double();
            shape.moveTo(0, h);
            for (int i = 0; i < points; i++) {
                shape.lineTo(w * i / (double) (points - 1), base - Math.max(0, ridge[i]));
            }
            shape.lineTo(w, h);
            shape.closePath();
            double far = 1 - (layer + 1.0) / (layers + 1);
            Color top = mix(p[1 + (layers - layer > 2 ? 1 : 0)], p[4], far * 0.6);
            g.setPaint(new LinearGradientPaint(0, (float) (base - rough), 0, h, new float[] {0f, 1f},
                    new Color[] {top, mix(p[0], top, far * 0.5)}));
            g.fill(shape);
        }
    }

    // ---------------------------------------------------------------- restyling and finish

    private static BufferedImage restyle(ImageRequest request, Plan plan) {
        BufferedImage source;
        try {
            source = Files.isRegularFile(request.reference()) ? ImageIO.read(request.reference().toFile()) : null;
        } catch (IOException e) {
            source = null;
        }
        if (source == null) {
            throw new InvalidInputException("reference " + request.reference().getFileName()
                    + " is not a PNG, JPEG, GIF or BMP picture that can be read");
        }
        int w = request.width();
        int h = request.height();
        // crop the middle of the reference to the requested aspect, then scale (cover)
        double scale = Math.max(w / (double) source.getWidth(), h / (double) source.getHeight());
        double cropW = w / scale;
        double cropH = h / scale;
        double x0 = (source.getWidth() - cropW) / 2;
        double y0 = (source.getHeight() - cropH) / 2;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, w, h, (int) Math.round(x0), (int) Math.round(y0),
                    (int) Math.round(x0 + cropW), (int) Math.round(y0 + cropH), null);
        } finally {
            g.dispose();
        }
        // a gradient map toward the palette, blended so the picture stays recognisable
        double amount = switch (request.style()) {
            case VINTAGE -> 0.55;
            case MINIMALIST, ABSTRACT -> 0.5;
            case ANIMATED -> 0.35;
            case REALISTIC -> 0.2;
            default -> 0.4;
        };
        Color[] ramp = plan.ramp();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int mapped = rampAt(ramp, luma(rgb) / 255.0);
                row[x] = blend(rgb, mapped, amount);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        return image;
    }

    /** The per-style finish: colour grade, posterize, film grain and vignette. */
    private static void finish(BufferedImage image, ImageRequest.Style style, Plan plan, SplittableRandom random) {
        int w = image.getWidth();
        int h = image.getHeight();
        double grain;
        double vignette;
        int levels = 0;
        switch (style) {
            case CINEMATIC -> {
                grain = 5;
                vignette = 0.45;
            }
            case REALISTIC -> {
                grain = 3;
                vignette = 0.2;
            }
            case VINTAGE -> {
                grain = 12;
                vignette = 0.55;
            }
            case ANIMATED -> {
                grain = 0;
                vignette = 0;
                levels = 8;
            }
            case MINIMALIST -> {
                // flat fills need neither texture nor banding; a faint vignette only
                grain = 0;
                vignette = 0.08;
            }
            default -> {
                grain = 4;
                vignette = 0.25;
            }
        }
        Color shadowTint = plan.ramp()[0];
        double cx = w / 2.0;
        double cy = h / 2.0;
        double maxR = Math.hypot(cx, cy);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                double r = (rgb >> 16) & 255;
                double gr = (rgb >> 8) & 255;
                double b = rgb & 255;
                double l = (0.299 * r + 0.587 * gr + 0.114 * b) / 255;
                if (style == ImageRequest.Style.CINEMATIC) {
                    // split toning: shadows pulled toward the palette's darkest colour, contrast S-curve
                    double s = (1 - l) * 0.25;
                    r = r + (shadowTint.getRed() - r) * s;
                    gr = gr + (shadowTint.getGreen() - gr) * s;
                    b = b + (shadowTint.getBlue() - b) * s;
                    r = curve(r);
                    gr = curve(gr);
                    b = curve(b);
                } else if (style == ImageRequest.Style.VINTAGE) {
                    // faded blacks and a warm cast
                    r = 24 + r * 0.86;
                    gr = 20 + gr * 0.84;
                    b = 16 + b * 0.8;
                }
                if (levels > 0) {
                    double step = 255.0 / (levels - 1);
                    r = Math.round(r / step) * step;
                    gr = Math.round(gr / step) * step;
                    b = Math.round(b / step) * step;
                }
                double factor = 1;
                if (vignette > 0) {
                    double d = Math.hypot(x - cx, y - cy) / maxR;
                    factor = 1 - vignette * Math.pow(d, 2.2);
                }
                double noise = grain > 0 ? grain * gaussian(random) : 0;
                row[x] = rgb(r * factor + noise, gr * factor + noise, b * factor + noise);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
    }

    private static double gaussian(SplittableRandom random) {
        // sum of uniforms: cheap, bounded and close enough to normal for film grain
        return (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * 2;
    }

    private static double curve(double v) {
        double t = v / 255;
        return 255 * (t * t * (3 - 2 * t) * 0.35 + t * 0.65);
    }

    private static int rampAt(Color[] ramp, double t) {
        double at = Math.max(0, Math.min(1, t)) * (ramp.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(ramp.length - 1, lo + 1);
        return mix(ramp[lo], ramp[hi], at - lo).getRGB();
    }

    private static int blend(int a, int b, double amount) {
        return rgb(((a >> 16) & 255) * (1 - amount) + ((b >> 16) & 255) * amount,
                ((a >> 8) & 255) * (1 - amount) + ((b >> 8) & 255) * amount,
                (a & 255) * (1 - amount) + (b & 255) * amount);
    }

    static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
    }

    private static int rgb(double r, double g, double b) {
        return 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static Color mix(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color(clamp(a.getRed() + (b.getRed() - a.getRed()) * u),
                clamp(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                clamp(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }

    private static float mixHue(float a, float b, float t) {
        float d = ((b - a + 540) % 360) - 180;
        return (a + d * t + 360) % 360;
    }

    private static Color alpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.max(0, Math.min(255, alpha)));
    }

    static {
        // drawing never needs a display: outside Quarkus (which sets it) AWT would otherwise try to reach an X server
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
