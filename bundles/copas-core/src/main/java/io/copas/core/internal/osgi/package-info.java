/**
 * The OSGi face of io.copas.core, never exported: the scheduler as a Declarative Services
 * component, its configuration, the client registry over the service registry, and the Gogo
 * commands.
 */
package io.copas.core.internal.osgi;
