/**
 * The OpenID Connect relying party towards the provincial identity providers (随申办, 浙里办 …).
 *
 * <p>What callers use:
 * <ul>
 * <li>{@link cn.yiwang.id.federation.oidc.UpstreamAuthorization#begin} and {@code isAvailable}: the login page;</li>
 * <li>{@link cn.yiwang.id.federation.oidc.UpstreamCallback#complete}: the redirect URI, giving an
 * {@link cn.yiwang.id.federation.oidc.UpstreamResult};</li>
 * <li>{@link cn.yiwang.id.federation.oidc.UpstreamEndSession#logoutUri}: logout towards the upstream;</li>
 * <li>{@link cn.yiwang.id.federation.oidc.UpstreamLogoutTokenValidator#validate}: the back-channel logout endpoint;</li>
 * <li>{@link cn.yiwang.id.federation.oidc.RelyingPartyKey#publicJwkSet()}: our key for {@code private_key_jwt}.</li>
 * </ul>
 *
 * <p>Which rules run where, each rule a class of its own:
 * <table>
 * <caption>JWT claim rules</caption>
 * <tr><th>rule</th><th>ID token</th><th>logout token</th></tr>
 * <tr><td>{@code IssuerRule}, {@code AudienceRule}</td><td>yes</td><td>yes</td></tr>
 * <tr><td>{@code AuthorizedPartyRule}</td><td>yes</td><td>no</td></tr>
 * <tr><td>{@code ExpiryRule}</td><td>required</td><td>when present</td></tr>
 * <tr><td>{@code IssuedAtRule}</td><td>not in the future</td><td>also not older than the maximum age</td></tr>
 * <tr><td>{@code NonceRule}, {@code SubjectRule}, {@code AccessTokenHashRule}</td><td>yes</td><td>no</td></tr>
 * <tr><td>{@code JwtIdRule}, {@code SubjectOrSessionRule}, {@code LogoutEventRule}, {@code NoNonceRule}</td>
 * <td>no</td><td>yes</td></tr>
 * </table>
 * Before any of them, {@code UpstreamJwtVerifier} checks the signature (RS256, PS256 or ES256 only) against the
 * provider's keys.
 */
package cn.yiwang.id.federation.oidc;
