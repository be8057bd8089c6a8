package cn.yiwang.id.server.admin;

import java.util.List;
import java.util.Map;

/**
 * A console request that arrived after the administrator's session had ended: kept so that a half-filled form is
 * offered again after the next sign-in instead of being lost.
 *
 * @param method {@code GET} or the form's method
 * @param path the console path it went to (always under {@code /admin/})
 * @param form the form fields, the CSRF token left out
 * @param dropped the names of secret fields (passwords) that are not kept, to be typed again
 */
public record KeptRequest(String method, String path, Map<String, List<String>> form, List<String> dropped) {

    /** Whether this was a form post (else just a page to go back to). */
    public boolean postsForm() {
        return !"GET".equals(this.method) && !"HEAD".equals(this.method);
    }
}
