package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java and XML code block of docs/manual.md and README.md is a tagged region of a source the
 * build compiles, so the documents cannot drift from the code. Regions are marked
 * {@code tag::name[]} ... {@code end::name[]} (several regions of one name are joined, as in
 * AsciiDoc) in this module's sources and pom, or {@code README-EXAMPLE-START} ...
 * {@code README-EXAMPLE-END} in the bundles' example tests. Indentation and blank lines do not
 * count. Shell and console blocks are commands, not code, and are not checked.
 */
class DocsMatchExamplesTest {

    private static final Path ROOT = Path.of("..");
    private static final Set<String> CHECKED = Set.of("java", "xml");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(\\S*)\\s*$");
    private static final Pattern TAG = Pattern.compile("(tag|end)::([\\w.-]+)\\[]");

    /** A fenced code block of a Markdown document. */
    record Block(String document, int line, String language, String text) {
        @Override
        public String toString() {
            return document + ":" + line + " (```" + language + ", starts " + text.lines().findFirst().orElse("") + ")";
        }
    }

    @Test
    void everyCodeBlockOfTheManualAndReadmeIsACompiledRegion() throws IOException {
        Map<String, String> regions = regions();
        List<Block> blocks = new ArrayList<>(blocks(ROOT.resolve("docs/manual.md")));
        blocks.addAll(blocks(ROOT.resolve("README.md")));
        Set<String> known = regions.values().stream().map(DocsMatchExamplesTest::normalised).collect(Collectors.toSet());
        List<Block> drifted = blocks.stream()
                .filter(b -> CHECKED.contains(b.language()) && !known.contains(normalised(b.text())))
                .toList();
        assertTrue(drifted.isEmpty(), "code blocks that are no tagged region of a compiled source: " + drifted);
        assertTrue(blocks.stream().filter(b -> CHECKED.contains(b.language())).count() > 20, "the manual shows code");
    }

    @Test
    void blocksAreFoundAndRegionsAreClosed() {
        List<Block> found = blocks(List.of("text", "```java", "  a();", "", "```", "  ```sh", "  ls", "  ```"), "doc");
        assertEquals(List.of(new Block("doc", 2, "java", "  a();\n\n"), new Block("doc", 6, "sh", "  ls\n")), found);
        assertEquals(Map.of("a", "x\ny\n"), regions(List.of("// tag::a[]", "x", "// end::a[]", "z", "// tag::a[]", "y",
                "// end::a[]"), "f"));
        String unclosed = "";
        try {
            regions(List.of("// tag::a[]", "x"), "f");
        } catch (IllegalStateException expected) {
            unclosed = expected.getMessage();
        }
        assertEquals("f: region a is not closed", unclosed);
    }

    private static String normalised(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }

    private static List<Block> blocks(Path document) throws IOException {
        return blocks(Files.readAllLines(document), ROOT.relativize(document).toString());
    }

    static List<Block> blocks(List<String> lines, String document) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (open.matches()) {
                StringBuilder text = new StringBuilder();
                int start = i;
                while (++i < lines.size() && !FENCE.matcher(lines.get(i)).matches()) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(document, start + 1, open.group(1), text.toString()));
            }
        }
        return blocks;
    }

    /** Every region by name (file-qualified for the README example markers). */
    private static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            regions(lines, file.toString()).forEach((name, text) -> regions.put(file + "#" + name, text));
            int start = lines.indexOf(lines.stream().filter(l -> l.strip().equals("// README-EXAMPLE-START")).findFirst().orElse(null));
            int end = lines.indexOf(lines.stream().filter(l -> l.strip().equals("// README-EXAMPLE-END")).findFirst().orElse(null));
            if (start >= 0 && end > start) {
                regions.put(file + "#readme", String.join("\n", lines.subList(start + 1, end)));
            }
        }
        assertTrue(regions.size() > 20, "regions found: " + regions.keySet());
        return regions;
    }

    static Map<String, String> regions(List<String> lines, String file) {
        Map<String, String> regions = new LinkedHashMap<>();
        Map<String, StringBuilder> open = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher tag = TAG.matcher(line);
            if (tag.find()) {
                if (tag.group(1).equals("tag")) {
                    open.put(tag.group(2), new StringBuilder(regions.getOrDefault(tag.group(2), "")));
                } else if (open.containsKey(tag.group(2))) {
                    regions.put(tag.group(2), open.remove(tag.group(2)).toString());
                }
                continue;
            }
            open.values().forEach(text -> text.append(line).append('\n'));
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(file + ": region " + String.join(", ", open.keySet()) + " is not closed");
        }
        return regions;
    }

    private static List<Path> sources() throws IOException {
        List<Path> sources = new ArrayList<>(List.of(Path.of("pom.xml")));
        try (Stream<Path> main = Files.walk(Path.of("src/main/java"));
                Stream<Path> bundles = Files.walk(ROOT.resolve("bundles"))) {
            Stream.concat(main, bundles.filter(p -> p.toString().contains("/src/test/java/") && p.toString().contains("/examples/")))
                    .filter(p -> p.toString().endsWith(".java"))
                    .forEach(sources::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sources;
    }
}
