package cn.yiwang.id.server.saml.registry;

/**
 * The JSON form of a metadata import: fetch the SP's metadata from a URL.
 *
 * @param metadataUrl https URL of the SP's metadata (http only on loopback)
 * @param displayNameZh for a provider not registered yet: its Chinese name (default: the alias)
 * @param displayNameEn for a provider not registered yet: its English name (default: the alias)
 */
public record MetadataImportRequest(String metadataUrl, String displayNameZh, String displayNameEn) {}
