package io.copas.http;

/** Which redirects a request follows (upstream's {@code redirect} option). */
public enum RedirectPolicy {
    /** Follow none: the 3xx response is returned as is ({@code redirect = false}). */
    NONE,
    /**
     * Follow redirects, except from https to http, which fails with an {@link HttpException}
     * (upstream's default, {@code redirect = true}).
     */
    SAFE,
    /**
     * Follow redirects across schemes both ways, https to http included ({@code redirect = "all"}).
     * Which requests are followed does not change: as upstream, a 301, 302 or 307/308 of a request
     * other than GET or HEAD is returned as is; a 303 of any method is followed with a GET (RFC 9110
     * section 15.4.4), where upstream returns it as is.
     */
    ALL
}
