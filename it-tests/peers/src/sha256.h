/*
 * SHA-256 (FIPS 180-4), small and dependency-free.
 *
 * The test peers print a digest of every byte they send and receive so a
 * test can prove end-to-end integrity of a transfer without storing it.
 * Linking OpenSSL only for this would add a build dependency to both
 * peers and to the UML guest; 120 lines of C avoid that.
 */
#ifndef JSP_SHA256_H
#define JSP_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];        /* chaining state H0..H7 */
    uint64_t total;       /* bytes hashed so far (message length) */
    uint8_t block[64];    /* partial input block */
    size_t fill;          /* bytes used in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Writes the 32-byte digest; the context must be re-initialised before reuse. */
void sha256_final(sha256_ctx *c, uint8_t out[32]);
/* Digest of a copy of the context as 64 lowercase hex chars + NUL, so a
 * running digest can be reported without ending it. */
void sha256_peek_hex(const sha256_ctx *c, char out[65]);

#endif
