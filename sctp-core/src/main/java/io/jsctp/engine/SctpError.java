package io.jsctp.engine;

/**
 * Why the engine refused a user call. The socket layer maps each to the errno the equivalent C call
 * would set (named here), so that the engine itself stays free of platform details.
 */
public enum SctpError {
    /** A bad argument: EINVAL. */
    INVALID_ARGUMENT("EINVAL"),
    /** The stream does not exist on this association: EINVAL. */
    INVALID_STREAM("EINVAL"),
    /** The message is larger than the association accepts: EMSGSIZE. */
    MESSAGE_TOO_LONG("EMSGSIZE"),
    /** The association is shutting down or closed for sending: EPIPE. */
    SHUT_DOWN("EPIPE"),
    /** The association does not exist or is not yet usable: ENOTCONN. */
    NOT_CONNECTED("ENOTCONN"),
    /** An address of the wrong family: EAFNOSUPPORT. */
    ADDRESS_FAMILY("EAFNOSUPPORT"),
    /** The operation is not supported (for example an extension jsctp does not implement): EOPNOTSUPP. */
    NOT_SUPPORTED("EOPNOTSUPP"),
    /** An association with that peer already exists: EISCONN. */
    ALREADY_CONNECTED("EISCONN"),
    /** No more associations can be created: ENOBUFS. */
    NO_RESOURCES("ENOBUFS");

    private final String errnoName;

    SctpError(String errnoName) {
        this.errnoName = errnoName;
    }

    /** The errno name a C program would see, e.g. "EMSGSIZE". */
    public String errnoName() {
        return errnoName;
    }
}
