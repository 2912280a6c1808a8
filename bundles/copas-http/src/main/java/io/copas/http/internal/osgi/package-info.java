/**
 * The OSGi face of io.copas.http, never exported: the Gogo command copas:get.
 */
package io.copas.http.internal.osgi;
