package com.example.events.localsystem.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few series the console needs from a service's {@code /actuator/prometheus} scrape
 * (the Prometheus text format), summed over their labels as a dashboard would.
 */
final class PrometheusText {

    private record Series(String name, Map<String, String> labels, double value) {
    }

    private final List<Series> series;

    private PrometheusText(List<Series> series) {
        this.series = series;
    }

    static PrometheusText parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Series parsed = parseLine(line.strip());
            if (parsed != null) {
                series.add(parsed);
            }
        }
        return new PrometheusText(series);
    }

    /** The sum of every series of that name whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return series.stream()
            .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
            .mapToDouble(Series::value)
            .sum();
    }

    /**
     * A histogram's cumulative bucket counts by upper bound ({@code le}), summed over its
     * other labels; the last key is positive infinity.
     */
    TreeMap<Double, Double> buckets(String histogram) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        series.stream().filter(s -> s.name().equals(histogram + "_bucket")).forEach(s -> {
            String le = s.labels().get("le");
            if (le != null) {
                buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value(),
                        Double::sum);
            }
        });
        return buckets;
    }

    // name{label="value",...} value [timestamp]; label values may hold escaped quotes,
    // commas and braces
    private static Series parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (i < line.length() && line.charAt(i) != '}') {
                int equals = line.indexOf('=', i);
                if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                    return null;
                }
                String key = line.substring(i, equals).strip();
                StringBuilder value = new StringBuilder();
                int j = equals + 2;
                while (j < line.length() && line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < line.length()) {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    }
                    else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = i + 1;
        }
        else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] fields = line.substring(Math.min(rest, line.length())).strip().split("\\s+");
        try {
            return new Series(name, labels, Double.parseDouble(fields[0]));
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

}
