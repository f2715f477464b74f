package com.example.events.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Latency percentiles by offered rate on a log scale: the pipeline over the direct broker
 * path and through the proxy, and the synchronous alternative.
 */
final class LatencyChart {

    private static final int WIDTH = 960;

    private static final int HEIGHT = 560;

    private static final int LEFT = 80;

    private static final int RIGHT = 300;

    private static final int TOP = 50;

    private static final int BOTTOM = 70;

    private static final double MIN_MS = 0.5;

    private static final double MAX_MS = 5000;

    private record Series(String name, Color color, Stroke stroke, ToDoubleFunction<Integer> valueAtRate) {
    }

    private LatencyChart() {
    }

    static void write(Results results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

        List<Integer> rates = results.phases()
            .stream()
            .filter(p -> p.kind() == Results.Kind.DIRECT)
            .map(Results.Phase::offeredPerSecond)
            .toList();
        drawAxes(g, rates);
        Stroke solid = new BasicStroke(2.5f);
        Stroke dashed = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] { 8, 6 }, 0);
        Color pipeline = new Color(0x1f77b4);
        Color proxied = new Color(0xff7f0e);
        Color synchronous = new Color(0xd62728);
        List<Series> series = List.of(
                new Series("pipeline p99", pipeline, solid, rate -> phase(results, Results.Kind.DIRECT, rate, 99)),
                new Series("pipeline p50", pipeline, dashed, rate -> phase(results, Results.Kind.DIRECT, rate, 50)),
                new Series("via proxy p99", proxied, solid, rate -> phase(results, Results.Kind.PROXIED, rate, 99)),
                new Series("synchronous REST p99", synchronous, solid, rate -> synchronous(results, rate, 99)),
                new Series("synchronous REST p50", synchronous, dashed, rate -> synchronous(results, rate, 50)));
        int legendY = TOP + 10;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.stroke());
            int[] previous = null;
            for (int i = 0; i < rates.size(); i++) {
                double value = s.valueAtRate().applyAsDouble(rates.get(i));
                if (Double.isNaN(value)) {
                    continue;
                }
                int[] point = { x(i, rates.size()), y(value) };
                g.fillOval(point[0] - 4, point[1] - 4, 8, 8);
                if (previous != null) {
                    g.drawLine(previous[0], previous[1], point[0], point[1]);
                }
                previous = point;
            }
            g.drawLine(WIDTH - RIGHT + 30, legendY, WIDTH - RIGHT + 70, legendY);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name(), WIDTH - RIGHT + 80, legendY + 5);
            legendY += 24;
        }
        g.setColor(Color.DARK_GRAY);
        Results.Ceiling ceiling = results.ceiling();
        String[] notes = { "pipeline: " + results.headline().label(),
                "ceiling %.0f deletions/s".formatted(ceiling.appliedPerSecond()),
                "machine limit L %.0f/s".formatted(ceiling.machineLimitPerSecond()), "R₀ %.0f/s, C₀ %.0f/s"
                    .formatted(results.baselines().relayPerSecond(), results.baselines().consumerPerSecond()) };
        for (String note : notes) {
            legendY += 20;
            g.drawString(note, WIDTH - RIGHT + 30, legendY);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Member deletion → reservations deleted: latency by offered rate (%s)"
            .formatted(results.date().toString().substring(0, 10)), LEFT, 30);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static double phase(Results results, Results.Kind kind, int rate, int percentile) {
        return results.phases()
            .stream()
            .filter(p -> p.kind() == kind && p.offeredPerSecond() == rate)
            .findFirst()
            .map(p -> p.headline(results.headline()))
            .map(l -> percentile == 99 ? l.p99() : l.p50())
            .orElse(Double.NaN);
    }

    private static double synchronous(Results results, int rate, int percentile) {
        return results.synchronous()
            .stream()
            .filter(s -> s.offeredPerSecond() == rate)
            .findFirst()
            .map(s -> percentile == 99 ? s.latency().p99() : s.latency().p50())
            .orElse(Double.NaN);
    }

    private static void drawAxes(Graphics2D g, List<Integer> rates) {
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        for (double ms = 1; ms <= MAX_MS; ms *= 10) {
            for (double step : new double[] { 1, 2, 5 }) {
                double tick = ms * step;
                if (tick > MAX_MS) {
                    break;
                }
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(LEFT + 1, y(tick), WIDTH - RIGHT, y(tick));
                g.setColor(Color.DARK_GRAY);
                String label = tick >= 1000 ? "%.0f s".formatted(tick / 1000) : "%.0f ms".formatted(tick);
                g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y(tick) + 5);
            }
        }
        for (int i = 0; i < rates.size(); i++) {
            String label = rates.get(i) + "/s";
            g.drawString(label, x(i, rates.size()) - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
        }
        g.drawString("offered deletions per second (open loop)", LEFT + 150, HEIGHT - 25);
    }

    private static int x(int index, int count) {
        int span = WIDTH - RIGHT - LEFT - 80;
        return LEFT + 40 + (count == 1 ? span / 2 : index * span / (count - 1));
    }

    private static int y(double ms) {
        double clamped = Math.max(MIN_MS, Math.min(MAX_MS, ms));
        double share = (Math.log10(clamped) - Math.log10(MIN_MS)) / (Math.log10(MAX_MS) - Math.log10(MIN_MS));
        return (int) Math.round(HEIGHT - BOTTOM - share * (HEIGHT - BOTTOM - TOP));
    }

}
