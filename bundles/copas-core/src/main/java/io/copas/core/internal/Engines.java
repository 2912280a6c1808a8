package io.copas.core.internal;

/** Picks the engine for a scheduler from its configuration and the system property. */
final class Engines {

    /** System property that overrides the engine choice {@code "auto"}. */
    static final String PROPERTY = "io.copas.engine";

    private Engines() {
    }

    static Engine select(String configured) {
        String choice = configured == null || configured.isBlank() ? "auto" : configured.trim();
        if (choice.equals("auto")) {
            choice = System.getProperty(PROPERTY, "auto").trim();
        }
        return switch (choice) {
            case "auto", VirtualThreadEngine.NAME -> new VirtualThreadEngine();
            default -> throw new IllegalArgumentException(
                    "engine must be 'auto' or '" + VirtualThreadEngine.NAME + "', was '" + choice + "'");
        };
    }
}
