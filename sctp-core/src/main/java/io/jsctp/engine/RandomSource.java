package io.jsctp.engine;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * The engine's only source of randomness: verification tags, initial TSNs, cookie secrets,
 * heartbeat nonces and jitter. A seeded source makes a simulated run reproducible; a real endpoint
 * uses {@link #secure()}, because tags and cookie secrets protect associations from blind attacks
 * (RFC 9260 §5.3.1, §5.1.3).
 */
public interface RandomSource {
    int nextInt();

    /** Uniform in [0, bound). */
    int nextInt(int bound);

    long nextLong();

    void nextBytes(byte[] bytes);

    /** Uniform in [0, 1). */
    double nextDouble();

    /** A reproducible source for the simulator and tests. */
    static RandomSource seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new RandomSource() {
            @Override
            public int nextInt() {
                return r.nextInt();
            }

            @Override
            public int nextInt(int bound) {
                return r.nextInt(bound);
            }

            @Override
            public long nextLong() {
                return r.nextLong();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                r.nextBytes(bytes);
            }

            @Override
            public double nextDouble() {
                return r.nextDouble();
            }
        };
    }

    /** A cryptographically strong source for real endpoints. */
    static RandomSource secure() {
        SecureRandom r = new SecureRandom();
        return new RandomSource() {
            @Override
            public int nextInt() {
                return r.nextInt();
            }

            @Override
            public int nextInt(int bound) {
                return r.nextInt(bound);
            }

            @Override
            public long nextLong() {
                return r.nextLong();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                r.nextBytes(bytes);
            }

            @Override
            public double nextDouble() {
                return r.nextDouble();
            }
        };
    }
}
