/**
 * The SAML 2.0 service provider towards the provincial identity providers that speak SAML (Web Browser SSO
 * profile), feeding the same {@link cn.yiwang.id.federation.UpstreamIdentity}, linking and trust capping as the
 * OpenID Connect relying party.
 *
 * <p>What callers use:
 * <ul>
 * <li>{@link cn.yiwang.id.federation.saml.SamlAuthnRequests#begin}: the login page's "sign in with this
 * province", giving a {@link cn.yiwang.id.federation.saml.OutboundAuthnRequest} (redirect or POST form) and the
 * {@link cn.yiwang.id.federation.saml.PendingSamlLogin} to store under its relay state;</li>
 * <li>{@link cn.yiwang.id.federation.saml.SamlAssertionConsumer#complete}: the assertion consumer service, giving
 * an {@link cn.yiwang.id.federation.oidc.UpstreamResult};</li>
 * <li>{@link cn.yiwang.id.federation.saml.OurServiceProviderMetadata#document}: our SP metadata;</li>
 * <li>{@link cn.yiwang.id.federation.saml.ServiceProviderCredentials}: our keys, which the application
 * provides.</li>
 * </ul>
 *
 * <p>A response is checked by the rules {@code SamlResponseRules.standard} lists, each a class of its own; the
 * first that fails names the failure ({@code saml-wrong-audience}). The IdP's signing certificates come from its
 * metadata only ({@link cn.yiwang.id.federation.saml.SamlMetadataSource}), never from a message's
 * {@code KeyInfo}; every SAML byte is parsed without DTDs; the assertion read is the very element whose signature
 * (or whose enclosing response's signature) was verified, and a document with any other assertion in it is
 * refused.
 */
package cn.yiwang.id.federation.saml;
