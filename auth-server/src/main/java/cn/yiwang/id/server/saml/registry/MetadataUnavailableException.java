package cn.yiwang.id.server.saml.registry;

/** SP metadata that could not be fetched from its URL: the SP's server failed, not the request. */
public final class MetadataUnavailableException extends RuntimeException {

    public MetadataUnavailableException(String message) {
        super(message);
    }

    public MetadataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
