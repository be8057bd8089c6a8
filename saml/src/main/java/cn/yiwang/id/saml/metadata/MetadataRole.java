package cn.yiwang.id.saml.metadata;

/** Which role descriptor of an entity to read. */
public enum MetadataRole {

    /** SPSSODescriptor. */
    SP,

    /** IDPSSODescriptor. */
    IDP
}
