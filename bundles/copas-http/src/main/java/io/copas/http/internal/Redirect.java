package io.copas.http.internal;

import io.copas.http.HttpProtocolException;
import io.copas.http.HttpRequest;
import io.copas.http.RedirectPolicy;
import io.copas.http.RequestBody;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a redirect goes, with which method, and the Location it came from; and which 3xx
 * responses are followed at all (upstream's rules, with the changes copas-map lists).
 *
 * @param uri      the target, absolute
 * @param method   the method of the next request
 * @param location the Location as the server sent it
 */
record Redirect(URI uri, String method, String location) {

    /**
     * The redirect {@code head} asks for, or {@code null} when the response is the answer.
     *
     * @throws HttpProtocolException if the Location cannot be followed (invalid, no host, port out of range)
     */
    static Redirect of(HttpRequest request, String method, RequestBody body, URI uri, ResponseHead head)
            throws HttpProtocolException {
        int code = head.code();
        if (request.redirects() == RedirectPolicy.NONE || code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
            return null;
        }
        String location = head.headers().firstValue("Location").map(String::strip).orElse("");
        if (location.isEmpty()) {
            return null;
        }
        String next;
        if (code == 303) {
            next = method.equals("HEAD") ? "HEAD" : "GET";
        } else if (method.equals("GET") || method.equals("HEAD")) {
            next = method;
        } else {
            return null; // upstream redirects GET and HEAD only
        }
        if (next.equals(method) && body != null && !body.isReplayable()) {
            return null; // the body was used up: upstream does not redirect then either
        }
        URI target;
        try {
            URI base = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
            // the Location's bytes as the server sent them (read as Latin-1), escaped where URI refuses them;
            // inner spaces too, as browsers and curl do (a header line holds no CR or LF, so nothing can split)
            String reference = Syntax.escapeAfterAuthority(location.replace(" ", "%20"), StandardCharsets.ISO_8859_1);
            if (reference.startsWith("?")) {
                reference = base.getRawPath() + reference; // a query alone keeps the whole path (RFC 3986, LuaSocket)
            }
            target = withoutDotsAboveTheRoot(base.resolve(new URI(reference)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HttpProtocolException("invalid Location in a " + code + " response: " + Syntax.quote(location));
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null; // a scheme this client cannot follow: the 3xx is the answer
        }
        String targetHost = Syntax.host(target);
        if (targetHost == null || targetHost.isEmpty()) {
            throw new HttpProtocolException("Location without a host in a " + code + " response: " + Syntax.quote(location));
        }
        if (Syntax.port(target) > 65535) { // URI takes any number; the request's own URL was checked when built
            throw new HttpProtocolException("invalid Location in a " + code + " response (port out of range): "
                    + Syntax.quote(location));
        }
        if (target.getFragment() == null && uri.getRawFragment() != null) {
            target = URI.create(target + "#" + uri.getRawFragment());
        }
        return new Redirect(target, next, location);
    }

    /**
     * {@code target} without the {@code ..} segments that {@link URI#resolve} keeps above the root
     * ({@code /../x}): RFC 3986's remove_dot_segments, as LuaSocket's url.absolute, drops them.
     */
    private static URI withoutDotsAboveTheRoot(URI target) throws URISyntaxException {
        String path = target.getRawPath();
        if (path == null || !path.startsWith("/..")) {
            return target;
        }
        String trimmed = path.replaceFirst("^(/\\.\\.(?=/|$))+", "");
        if (trimmed.equals(path)) {
            return target; // "/..x" is a name, not a dot segment
        }
        String rebuilt = target.getScheme() + "://" + target.getRawAuthority() + (trimmed.isEmpty() ? "/" : trimmed)
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                + (target.getRawFragment() == null ? "" : "#" + target.getRawFragment());
        return new URI(rebuilt);
    }
}
