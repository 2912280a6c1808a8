package io.copas.launcher;

import java.io.File;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What {@code -v} prints, one fact per line: each Copas module and its version, the JDK, and the
 * engine the loop runs on.
 */
final class VersionReport {

    private static final String COPAS_MODULE_PREFIX = "io.copas.";

    private VersionReport() {
    }

    /**
     * Prints the report.
     *
     * @param out    where to
     * @param engine the name of the engine in use
     */
    static void print(PrintStream out, String engine) {
        out.println("Copas for Java, a port of Lua Copas (Coroutine Oriented Portable Asynchronous Services)");
        copasModules().forEach(module -> out.println(module.name() + " " + module.rawVersion().orElse("(no version)")));
        out.println("JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        out.println("engine " + engine);
    }

    /**
     * The Copas modules this JVM runs: those of the boot layer on the module path; on the class
     * path ({@code java -jar}) the descriptors of the jars there.
     */
    private static Stream<ModuleDescriptor> copasModules() {
        Stream<ModuleDescriptor> modules = VersionReport.class.getModule().isNamed()
                ? ModuleLayer.boot().modules().stream().map(Module::getDescriptor)
                : classPathJars().findAll().stream().map(ModuleReference::descriptor);
        return modules.filter(d -> d.name().startsWith(COPAS_MODULE_PREFIX))
                .sorted(Comparator.comparing(ModuleDescriptor::name));
    }

    private static ModuleFinder classPathJars() {
        // the launcher jar's manifest Class-Path names the others, next to it
        Path launcherJar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        return ModuleFinder.of(launcherJar.toAbsolutePath().getParent());
    }
}
