package io.jsctp.engine;

import io.jsctp.wire.Bytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks State Cookies (RFC 9260 §5.1.3, §5.1.5): the cookie's fields followed by an
 * HMAC-SHA-256 over them under a secret key that only this endpoint knows.
 *
 * <p>The key changes every rotation interval; the previous key is kept so that a cookie made just
 * before a change still verifies. Each cookie names the key generation ("epoch") that signed it.
 * A cookie that does not verify is forged, altered or signed by a key long gone, and is discarded
 * without an answer; one that verifies but whose lifespan has passed is stale, and the peer is told
 * by how much (§5.1.5 step 3).
 */
final class CookieFactory {
    static final int MAC_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    /** What checking a cookie found. */
    sealed interface Verdict permits Valid, Stale, Invalid {}

    record Valid(StateCookie cookie) implements Verdict {}

    record Stale(StateCookie cookie, long stalenessMicros) implements Verdict {}

    record Invalid(String reason) implements Verdict {}

    private final RandomSource random;
    private final long rotationNanos;
    private int epoch;
    private long epochStarted;
    private Mac current;
    private Mac previous;

    CookieFactory(RandomSource random, long rotationNanos, long now) {
        this.random = random;
        this.rotationNanos = rotationNanos;
        this.epochStarted = now;
        this.current = newKey();
    }

    private Mac newKey() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", e);
        }
    }

    private void rotateIfDue(long now) {
        while (now - epochStarted >= rotationNanos) {
            previous = current;
            current = newKey();
            epoch++;
            epochStarted += rotationNanos;
            if (now - epochStarted >= 2 * rotationNanos) {
                // Idle for a long time: both keys are out of date, start afresh.
                previous = null;
                epochStarted = now;
            }
        }
    }

    /** Signs the cookie with the current key. */
    Bytes make(StateCookie cookie, long now) {
        rotateIfDue(now);
        int body = 1 + 4 + cookie.encodedLength();
        ByteBuffer b = ByteBuffer.allocate(body + MAC_LENGTH);
        b.put(StateCookie.VERSION).putInt(epoch);
        cookie.writeTo(b);
        current.update(b.array(), 0, body);
        byte[] mac = current.doFinal();
        b.put(mac);
        return Bytes.wrap(b.array());
    }

    /** Checks a cookie from a COOKIE ECHO. */
    Verdict verify(Bytes cookie, long now) {
        rotateIfDue(now);
        if (cookie.length() < 1 + 4 + MAC_LENGTH) {
            return new Invalid("cookie of " + cookie.length() + " bytes is too short");
        }
        byte[] raw = cookie.toArray();
        if (raw[0] != StateCookie.VERSION) {
            return new Invalid("cookie version " + raw[0] + " is not ours");
        }
        int cookieEpoch = ByteBuffer.wrap(raw, 1, 4).getInt();
        Mac key = cookieEpoch == epoch ? current : cookieEpoch == epoch - 1 ? previous : null;
        if (key == null) {
            return new Invalid("cookie signed by a key no longer kept");
        }
        int body = raw.length - MAC_LENGTH;
        key.update(raw, 0, body);
        byte[] expected = key.doFinal();
        byte[] given = new byte[MAC_LENGTH];
        System.arraycopy(raw, body, given, 0, MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, given)) { // constant time, so timing says nothing
            return new Invalid("cookie MAC does not verify");
        }
        StateCookie c = StateCookie.readFrom(ByteBuffer.wrap(raw, 5, body - 5).slice());
        if (c == null) {
            return new Invalid("cookie fields are malformed");
        }
        long expiry = c.createdNanos() + c.lifespanNanos();
        if (now > expiry) {
            return new Stale(c, Math.min(0xffffffffL, (now - expiry) / 1000));
        }
        return new Valid(c);
    }
}
