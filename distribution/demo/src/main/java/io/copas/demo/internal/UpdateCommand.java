package io.copas.demo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Component;

/**
 * The shell's {@code update} for the distribution jar. bnd's launcher installs the bundles it
 * carries under their path inside the jar ({@code jar/copas-core-<version>.jar}), which is no URL,
 * so Felix's {@code update <id>} fails. This command, ranked above Felix Gogo's own
 * {@code felix:update}, reads such a bundle again from the launcher jar; bundles with a URL
 * location and {@code update <id> <url>} behave as before.
 */
@Component(service = UpdateCommand.class, property = {
    "osgi.command.scope=felix",
    "osgi.command.function=update",
    "service.ranking:Integer=100"
})
public final class UpdateCommand {

    /** Made by Declarative Services. */
    public UpdateCommand() {
    }

    /**
     * {@code update <id>}: updates the bundle from its location, inside the launcher jar when
     * the location is a path there.
     *
     * @param bundle the bundle
     * @throws BundleException if the framework cannot update it
     * @throws IOException if its location cannot be read
     */
    @Descriptor("update bundle from its location (also a bundle carried in the distribution jar)")
    public void update(@Descriptor("target bundle") Bundle bundle) throws BundleException, IOException {
        URL carried = isUrl(bundle.getLocation()) ? null : ClassLoader.getSystemResource(bundle.getLocation());
        if (carried == null) {
            bundle.update();
            return;
        }
        try (InputStream in = carried.openStream()) {
            bundle.update(in);
        }
    }

    /**
     * {@code update <id> <url>}: updates the bundle from the URL.
     *
     * @param bundle the bundle
     * @param location the URL of the new bundle jar
     * @throws BundleException if the framework cannot update it
     * @throws IOException if the URL cannot be read
     */
    @Descriptor("update bundle from URL")
    public void update(@Descriptor("target bundle") Bundle bundle, @Descriptor("URL from where to retrieve bundle")
            String location) throws BundleException, IOException {
        try (InputStream in = URI.create(location).toURL().openStream()) {
            bundle.update(in);
        }
    }

    private static boolean isUrl(String location) {
        try {
            URI.create(location).toURL();
            return true;
        } catch (IllegalArgumentException | MalformedURLException e) {
            return false;
        }
    }
}
