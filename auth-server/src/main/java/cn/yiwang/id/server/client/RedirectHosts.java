package cn.yiwang.id.server.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts of a client's redirect URIs (OIDC Core §8.1: what a pairwise subject is computed over when
 * there is no sector identifier URI). A native app's private-use scheme counts as its host.
 */
final class RedirectHosts {

    private RedirectHosts() {}

    static Set<String> of(Iterable<String> redirectUris) {
        Set<String> hosts = new TreeSet<>();
        for (String value : redirectUris) {
            try {
                URI uri = new URI(value);
                if (uri.getHost() != null) {
                    hosts.add(uri.getHost().toLowerCase(Locale.ROOT));
                } else if (uri.getScheme() != null) {
                    hosts.add(uri.getScheme().toLowerCase(Locale.ROOT));
                }
            } catch (URISyntaxException ex) {
                // reported by the redirect URI rule
            }
        }
        return hosts;
    }
}
