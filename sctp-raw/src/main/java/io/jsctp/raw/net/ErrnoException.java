package io.jsctp.raw.net;

import java.io.IOException;
import java.util.Objects;

/**
 * A failure described by a Linux error number, the way a C program sees it from {@code errno}.
 *
 * <p>Every failure of jsctp's public API is an {@code ErrnoException} (or a subclass), so a caller
 * ported from C can switch on {@link #errno()} exactly as it would on {@code errno} after
 * {@code sctp_connectx(3)}. The message reads like {@code perror(3)} output plus the symbolic name:
 * {@code "connectx: ECONNREFUSED (Connection refused)"}, optionally followed by a detail that says
 * what to do about it.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final int number;
    private final String operation;
    private final String detail;

    /** A failure of {@code operation} (a call name such as "sendmmsg") with a known error. */
    public ErrnoException(String operation, Errno errno) {
        this(operation, errno, null, null);
    }

    /** As {@link #ErrnoException(String, Errno)} with a sentence that explains the cause or the remedy. */
    public ErrnoException(String operation, Errno errno, String detail) {
        this(operation, errno, detail, null);
    }

    /** As above, keeping the lower-level exception that led here. */
    public ErrnoException(String operation, Errno errno, String detail, Throwable cause) {
        this(operation, Objects.requireNonNull(errno, "errno").number(), errno, detail, cause);
    }

    /**
     * A failure with a raw number as read from {@code errno}; a number missing from {@link Errno} is kept
     * as is and reported through {@link #number()}.
     */
    public ErrnoException(String operation, int number) {
        this(operation, number, Errno.fromNumber(number), null, null);
    }

    /** As {@link #ErrnoException(String, int)} with an explanatory sentence. */
    public ErrnoException(String operation, int number, String detail) {
        this(operation, number, Errno.fromNumber(number), detail, null);
    }

    private ErrnoException(String operation, int number, Errno errno, String detail, Throwable cause) {
        super(format(operation, number, errno, detail), cause);
        this.operation = operation == null ? "" : operation;
        this.errno = errno;
        this.number = number;
        this.detail = detail;
    }

    private static String format(String operation, int number, Errno errno, String detail) {
        StringBuilder sb = new StringBuilder();
        if (operation != null && !operation.isEmpty()) {
            sb.append(operation).append(": ");
        }
        if (errno == Errno.UNKNOWN) {
            sb.append("errno ").append(number).append(" (").append(Errno.messageOf(number)).append(')');
        } else {
            sb.append(errno.name()).append(" (").append(errno.message()).append(')');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** The error as a constant; {@link Errno#UNKNOWN} when the number is outside the table. */
    public Errno errno() {
        return errno;
    }

    /** The raw error number (the same as {@code errno().number()} except for unknown numbers). */
    public int number() {
        return number;
    }

    /** The name of the call that failed, e.g. "socket" or "connectx"; empty if none was given. */
    public String operation() {
        return operation;
    }

    /** The explanatory sentence, or null. */
    public String detail() {
        return detail;
    }
}
