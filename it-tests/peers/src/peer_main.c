/*
 * Command line, client and server flows, and output of the SCTP test peers.
 * See peer.h for the split between this file and the two stack backends.
 *
 * Output contract (parsed by the Java interop tests, keep it stable):
 *   every line is  event=NAME t=SECONDS key=value ...
 *   t is seconds since the program started (monotonic clock); values never
 *   contain spaces: free text is percent-encoded (space -> %20, '%' -> %25,
 *   '=' -> %3D, bytes outside 0x21..0x7e -> %XX); address lists are
 *   comma-separated; IPv4-mapped IPv6 addresses are printed as IPv4.
 *
 * Exit status: 0 success, 1 usage or setup error, 2 connect failed,
 * 3 echo mismatch, 4 association lost (peer ABORT or path failure, when
 * this side did not abort itself), 5 timeout, 6 send error (data, SHUTDOWN
 * or ABORT could not be issued).
 */
#define _GNU_SOURCE
#include "peer.h"
#include "sha256.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { RC_OK = 0, RC_USAGE = 1, RC_CONNECT = 2, RC_ECHO = 3, RC_LOST = 4, RC_TIMEOUT = 5, RC_SEND = 6 };

static struct options O;
static struct timespec T0;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/* ------------------------------------------------------------------ output */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - T0.tv_sec) + (double)(t.tv_nsec - T0.tv_nsec) / 1e9;
}

/* One output line, written and flushed atomically: the Java side reads
 * lines from a pipe as they come, and several threads print. */
static void emit(const char *event, const char *fmt, ...)
{
    char body[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&out_lock);
    printf("event=%s t=%.3f%s%s\n", event, now_s(), body[0] ? " " : "", body);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

static const char *errname(int e)
{
    const char *n = strerrorname_np(e); /* glibc >= 2.32 */
    return n ? n : "EUNKNOWN";
}

/* Percent-encode so a value never breaks the key=value line format. */
static const char *pct(const void *data, size_t len, char *out, size_t outlen)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = data;
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < outlen; i++) {
        unsigned char c = p[i];
        if (c > 0x20 && c < 0x7f && c != '%' && c != '=') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%'; out[o++] = hex[c >> 4]; out[o++] = hex[c & 15];
        }
    }
    out[o] = 0;
    return out;
}

static const char *fmt_addr(const struct sockaddr_storage *ss, char *out, size_t outlen)
{
    if (ss->ss_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, out, (socklen_t)outlen);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        /* AF_INET6 sockets report IPv4 peers as ::ffff:a.b.c.d; print the IPv4 form so
         * tests can compare addresses without caring about the socket family. */
        if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
            inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out, (socklen_t)outlen);
        else
            inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)outlen);
    } else {
        snprintf(out, outlen, "family%d", ss->ss_family);
    }
    return out;
}

static const char *fmt_addr_list(const struct sockaddr_storage *a, int n, char *out, size_t outlen)
{
    size_t o = 0;
    out[0] = 0;
    for (int i = 0; i < n && o < outlen; i++) {
        char one[INET6_ADDRSTRLEN];
        o += (size_t)snprintf(out + o, outlen - o, "%s%s", i ? "," : "", fmt_addr(&a[i], one, sizeof one));
    }
    if (n <= 0) snprintf(out, outlen, "-");
    return out;
}

/* ---------------------------------------------------------------- digests */

/* FNV-1a 64 of one message; the sum over all messages ("msgset") is the same
 * whatever order they arrive in, which is what an unordered transfer can be
 * checked against, while sha256 checks the exact order. */
static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
    return h;
}

struct stream_digest { uint16_t sid; uint64_t bytes, msgs; sha256_ctx sha; };

struct digest_set {
    sha256_ctx all;                    /* every byte, in the order sent or received */
    uint64_t bytes, msgs, msgset;
    struct stream_digest *st;          /* one per stream used, in first-use order */
    int nst, cap;
    double t_first, t_last;
};

static void ds_init(struct digest_set *d)
{
    memset(d, 0, sizeof *d);
    sha256_init(&d->all);
}

static void ds_add(struct digest_set *d, uint16_t sid, const uint8_t *p, size_t n)
{
    struct stream_digest *s = NULL;
    for (int i = 0; i < d->nst; i++) if (d->st[i].sid == sid) { s = &d->st[i]; break; }
    if (!s) {
        if (d->nst == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 8;
            d->st = realloc(d->st, (size_t)d->cap * sizeof *d->st);
            if (!d->st) { perror("realloc"); _exit(RC_USAGE); }
        }
        s = &d->st[d->nst++];
        memset(s, 0, sizeof *s);
        s->sid = sid;
        sha256_init(&s->sha);
    }
    sha256_update(&d->all, p, n);
    sha256_update(&s->sha, p, n);
    s->bytes += n; s->msgs++;
    d->bytes += n; d->msgs++;
    d->msgset += fnv1a64(p, n);
    double t = now_s();
    if (d->msgs == 1) d->t_first = t;
    d->t_last = t;
}

static void ds_print(const char *what, uint32_t assoc_id, const struct digest_set *d)
{
    char hex[65];
    sha256_peek_hex(&d->all, hex);
    double secs = d->msgs ? d->t_last - d->t_first : 0;
    double mbit = secs > 0 ? (double)d->bytes * 8 / secs / 1e6 : 0;
    emit(what, "assoc_id=%u bytes=%llu msgs=%llu sha256=%s msgset=%016llx streams=%d seconds=%.3f mbit_s=%.1f",
         assoc_id, (unsigned long long)d->bytes, (unsigned long long)d->msgs, hex,
         (unsigned long long)d->msgset, d->nst, secs, mbit);
    char sname[64];
    snprintf(sname, sizeof sname, "%s-stream", what);
    for (int i = 0; i < d->nst; i++) {
        sha256_peek_hex(&d->st[i].sha, hex);
        emit(sname, "assoc_id=%u sid=%u bytes=%llu msgs=%llu sha256=%s", assoc_id, d->st[i].sid,
             (unsigned long long)d->st[i].bytes, (unsigned long long)d->st[i].msgs, hex);
    }
}

static const struct stream_digest *ds_stream(const struct digest_set *d, uint16_t sid)
{
    for (int i = 0; i < d->nst; i++) if (d->st[i].sid == sid) return &d->st[i];
    return NULL;
}

/* ------------------------------------------------------------ associations */

struct assoc {
    be_sock *sock;
    uint32_t id;
    int up, comm_up_seen, ended, lost, local_abort, sender_started, peer_abort;
    long msgs_in;
    struct digest_set rx, tx;
    struct assoc *next;
};

/* Client: what the connect line reports, printed by the receiving thread
 * right after COMM_UP so that no data line can come before it. */
static double connect_t0;
static char connect_addrs[1024];

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reg_cond = PTHREAD_COND_INITIALIZER;
static struct assoc *assocs;

/* A one-to-one socket carries exactly one association, so it is found by its
 * socket; on a one-to-many socket the association id tells them apart. */
static struct assoc *assoc_find_locked(be_sock *s, uint32_t id, int create)
{
    for (struct assoc *a = assocs; a; a = a->next)
        if (a->sock == s && !a->ended && (O.style == STYLE_STREAM || a->id == id)) return a;
    if (!create) return NULL;
    struct assoc *a = calloc(1, sizeof *a);
    if (!a) { perror("calloc"); _exit(RC_USAGE); }
    a->sock = s;
    a->id = id;
    ds_init(&a->rx);
    ds_init(&a->tx);
    a->next = assocs;
    assocs = a;
    return a;
}

/* Block until pred(a) holds or deadline (seconds on the now_s clock) passes. */
static int assoc_wait(struct assoc *a, int (*pred)(struct assoc *), double deadline)
{
    pthread_mutex_lock(&reg_lock);
    while (!pred(a)) {
        double left = deadline - now_s();
        if (left <= 0) break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        double end = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + (left > 0.2 ? 0.2 : left);
        ts.tv_sec = (time_t)end;
        ts.tv_nsec = (long)((end - (double)ts.tv_sec) * 1e9);
        pthread_cond_timedwait(&reg_cond, &reg_lock, &ts);
    }
    int ok = pred(a);
    pthread_mutex_unlock(&reg_lock);
    return ok;
}

static int pred_ended(struct assoc *a) { return a->ended; }
static int pred_comm_up(struct assoc *a) { return a->comm_up_seen || a->ended; }
static int pred_echo_done(struct assoc *a)
{
    return a->ended || (a->rx.bytes >= a->tx.bytes && a->rx.msgs >= a->tx.msgs);
}

/* ----------------------------------------------------------------- sending */

/* Bulk payload: message k is filled from an xorshift64 generator seeded with
 * k, so content differs per message (a reordering changes the digest) and is
 * reproducible by anyone who wants to regenerate it. */
static void fill_pattern(uint8_t *p, size_t n, uint64_t k)
{
    uint64_t x = (k + 1) * 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i += 8) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        size_t take = n - i < 8 ? n - i : 8;
        memcpy(p + i, &x, take);
    }
}

static uint16_t stream_for(long idx)
{
    return O.fixed_stream >= 0 ? (uint16_t)O.fixed_stream : (uint16_t)(idx % O.streams);
}

/* Send the configured texts, then the bulk data; record what was sent. */
static int run_sender(struct assoc *a)
{
    struct snd_meta m = {.ppid = O.ppid, .unordered = O.unordered, .assoc_id = a->id};
    long idx = 0;
    char enc[1024];
    for (int i = 0; i < O.ntexts; i++, idx++) {
        size_t len = strlen(O.texts[i]);
        m.stream = stream_for(idx);
        /* Record before sending: an echo may arrive before be_send returns. */
        pthread_mutex_lock(&reg_lock);
        ds_add(&a->tx, m.stream, (const uint8_t *)O.texts[i], len);
        pthread_mutex_unlock(&reg_lock);
        if (be_send(a->sock, O.texts[i], len, &m) < 0) {
            int e = errno;
            emit("error", "op=send assoc_id=%u errno=%s msg=%s", a->id, errname(e),
                 pct(strerror(e), strlen(strerror(e)), enc, sizeof enc));
            return -1;
        }
        if (!O.quiet)
            emit("sent", "assoc_id=%u sid=%u ppid=%u unordered=%d len=%zu text=%s", a->id, m.stream, O.ppid,
                 O.unordered, len, pct(O.texts[i], len, enc, sizeof enc));
    }
    if (O.send_bytes > 0) {
        uint8_t *buf = malloc((size_t)O.msg_size);
        if (!buf) { perror("malloc"); return -1; }
        long long left = O.send_bytes;
        for (uint64_t k = 0; left > 0; k++, idx++) {
            size_t len = left < O.msg_size ? (size_t)left : (size_t)O.msg_size;
            fill_pattern(buf, len, k);
            m.stream = stream_for(idx);
            pthread_mutex_lock(&reg_lock);
            ds_add(&a->tx, m.stream, buf, len);
            pthread_mutex_unlock(&reg_lock);
            if (be_send(a->sock, buf, len, &m) < 0) {
                int e = errno;
                emit("error", "op=send assoc_id=%u errno=%s msg=%s sent_bytes=%lld", a->id, errname(e),
                     pct(strerror(e), strlen(strerror(e)), enc, sizeof enc), O.send_bytes - left);
                free(buf);
                return -1;
            }
            left -= (long long)len;
        }
        free(buf);
    }
    pthread_mutex_lock(&reg_lock);
    struct digest_set snap = a->tx;     /* shallow copy: stream array is not resized any more */
    pthread_mutex_unlock(&reg_lock);
    ds_print("send-done", a->id, &snap);
    return 0;
}

static void *server_sender_thread(void *arg)
{
    run_sender(arg);
    return NULL;
}

static int has_data_to_send(void) { return O.ntexts > 0 || O.send_bytes > 0; }

/* --------------------------------------------------------------- receiving */

static void print_assoc_up(be_sock *s, const struct pevent *ev, const char *state)
{
    struct sockaddr_storage pa[MAX_ADDRS], la[MAX_ADDRS];
    int np = be_addrs(s, ev->assoc_id, 1, pa, MAX_ADDRS);
    int nl = be_addrs(s, ev->assoc_id, 0, la, MAX_ADDRS);
    struct assoc_status st;
    char pbuf[1024], lbuf[1024], prim[INET6_ADDRSTRLEN] = "-";
    memset(&st, 0, sizeof st);
    if (be_status(s, ev->assoc_id, &st) == 0 && st.have_primary) fmt_addr(&st.primary, prim, sizeof prim);
    emit("assoc-change", "state=%s assoc_id=%u outstreams=%u instreams=%u error=%u peer_addrs=%s local_addrs=%s primary=%s features=%s",
         state, ev->assoc_id, ev->outstreams, ev->instreams, ev->error, fmt_addr_list(pa, np, pbuf, sizeof pbuf),
         fmt_addr_list(la, nl, lbuf, sizeof lbuf), prim, st.features[0] ? st.features : "-");
}

void pevent_set_abort_causes(struct pevent *ev, const uint8_t *causes, size_t len)
{
    ev->abort_cause = -1;
    ev->abort_reason[0] = 0;
    ev->peer_abort = 1;
    if (len < 4) return;
    ev->abort_cause = causes[0] << 8 | causes[1];
    size_t clen = (size_t)(causes[2] << 8 | causes[3]);
    /* RFC 9260 §3.3.10.12: User-Initiated Abort carries upper-layer text. */
    if (ev->abort_cause == 12 && clen > 4 && clen <= len) {
        size_t n = clen - 4 < 40 ? clen - 4 : 40;
        pct(causes + 4, n, ev->abort_reason, sizeof ev->abort_reason);
    }
}

static const char *assoc_state_name(enum assoc_state s)
{
    switch (s) {
    case AS_COMM_UP: return "COMM_UP";
    case AS_COMM_LOST: return "COMM_LOST";
    case AS_RESTART: return "RESTART";
    case AS_SHUTDOWN_COMP: return "SHUTDOWN_COMP";
    case AS_CANT_STR_ASSOC: return "CANT_STR_ASSOC";
    default: return "UNKNOWN";
    }
}

/* Returns 1 when the association on this socket has ended. */
static int handle_notification(be_sock *s, const void *buf, size_t len)
{
    struct pevent ev;
    char abuf[INET6_ADDRSTRLEN];
    be_parse_notification(buf, len, &ev);
    switch (ev.kind) {
    case EV_ASSOC_CHANGE: {
        if (ev.state == AS_COMM_UP || ev.state == AS_RESTART) {
            pthread_mutex_lock(&reg_lock);
            struct assoc *a = assoc_find_locked(s, ev.assoc_id, 1);
            a->id = ev.assoc_id;
            a->up = 1;
            int start = O.is_server && has_data_to_send() && !a->sender_started;
            if (start) a->sender_started = 1;
            pthread_mutex_unlock(&reg_lock);
            print_assoc_up(s, &ev, assoc_state_name(ev.state));
            if (!O.is_server && ev.state == AS_COMM_UP)
                emit("connect", "result=ok assoc_id=%u addrs=%s port=%u ms=%.1f", ev.assoc_id, connect_addrs, O.port,
                     (now_s() - connect_t0) * 1000);
            /* Only now let the client send: its data lines must not race
             * the COMM_UP line (nor end the association before the
             * addresses are read for it). */
            pthread_mutex_lock(&reg_lock);
            a->comm_up_seen = 1;
            pthread_cond_broadcast(&reg_cond);
            pthread_mutex_unlock(&reg_lock);
            if (start) {
                pthread_t th;
                if (pthread_create(&th, NULL, server_sender_thread, a) == 0) pthread_detach(th);
            }
            return 0;
        }
        char cause[16] = "-";
        if (ev.abort_cause >= 0) snprintf(cause, sizeof cause, "%d", ev.abort_cause);
        emit("assoc-change", "state=%s assoc_id=%u error=%u abort_cause=%s abort_reason=%s raw_state=%d",
             ev.state == AS_UNKNOWN ? "UNKNOWN" : assoc_state_name(ev.state), ev.assoc_id, ev.error, cause,
             ev.abort_reason[0] ? ev.abort_reason : "-", ev.raw_state);
        if (ev.state == AS_UNKNOWN) return 0;
        pthread_mutex_lock(&reg_lock);
        struct assoc *a = assoc_find_locked(s, ev.assoc_id, 1);
        pthread_mutex_unlock(&reg_lock);
        /* The digest summary is what sink-digest promises when the peer is done;
         * every mode prints it so any transfer can be verified (not after a
         * handshake that failed: there never was an association). */
        if (ev.state != AS_CANT_STR_ASSOC) ds_print("recv-summary", ev.assoc_id, &a->rx);
        pthread_mutex_lock(&reg_lock);
        a->ended = 1;
        a->lost = ev.state == AS_COMM_LOST || ev.state == AS_CANT_STR_ASSOC;
        a->peer_abort = ev.peer_abort;
        pthread_cond_broadcast(&reg_cond);
        pthread_mutex_unlock(&reg_lock);
        return 1;
    }
    case EV_PADDR_CHANGE:
        emit("peer-addr-change", "assoc_id=%u addr=%s state=%s error=%u", ev.assoc_id,
             fmt_addr(&ev.addr, abuf, sizeof abuf), ev.addr_state, ev.error);
        return 0;
    case EV_REMOTE_ERROR:
        emit("remote-error", "assoc_id=%u cause=%u length=%u", ev.assoc_id, ev.error, ev.length);
        return 0;
    case EV_SEND_FAILED:
        emit("send-failed", "assoc_id=%u error=%u flags=%u length=%u", ev.assoc_id, ev.error, ev.flags, ev.length);
        return 0;
    case EV_SHUTDOWN:
        emit("shutdown-event", "assoc_id=%u", ev.assoc_id);
        return 0;
    case EV_ADAPTATION:
        emit("adaptation", "assoc_id=%u indication=%u", ev.assoc_id, ev.value);
        return 0;
    case EV_PARTIAL_DELIVERY:
        emit("partial-delivery", "assoc_id=%u indication=%u stream=%u", ev.assoc_id, ev.value, ev.flags);
        return 0;
    case EV_AUTH:
        emit("auth-event", "assoc_id=%u indication=%u keynumber=%u", ev.assoc_id, ev.value, ev.flags);
        return 0;
    case EV_SENDER_DRY:
        emit("sender-dry", "assoc_id=%u", ev.assoc_id);
        return 0;
    case EV_STREAM_RESET:
        emit("stream-reset", "assoc_id=%u flags=%u", ev.assoc_id, ev.flags);
        return 0;
    case EV_ASSOC_RESET:
        emit("assoc-reset", "assoc_id=%u flags=%u", ev.assoc_id, ev.flags);
        return 0;
    case EV_STREAM_CHANGE:
        emit("stream-change", "assoc_id=%u flags=%u instreams=%u outstreams=%u", ev.assoc_id, ev.flags, ev.instreams, ev.outstreams);
        return 0;
    default:
        emit("notification", "type=%d length=%zu", ev.raw_type, len);
        return 0;
    }
}

static void handle_data(be_sock *s, const struct rcv_meta *m, const uint8_t *buf, size_t len)
{
    pthread_mutex_lock(&reg_lock);
    struct assoc *a = assoc_find_locked(s, m->assoc_id, 1);
    ds_add(&a->rx, m->stream, buf, len);
    long n = ++a->msgs_in;
    uint32_t id = a->id ? a->id : m->assoc_id;
    pthread_cond_broadcast(&reg_cond);
    pthread_mutex_unlock(&reg_lock);

    if (!O.quiet && !(O.is_server && O.mode == MODE_SINK_DIGEST)) {
        char enc[256];
        if (len <= 64)
            emit("data", "assoc_id=%u sid=%u ppid=%u unordered=%d len=%zu text=%s", id, m->stream, m->ppid,
                 m->unordered, len, pct(buf, len, enc, sizeof enc));
        else
            emit("data", "assoc_id=%u sid=%u ppid=%u unordered=%d len=%zu", id, m->stream, m->ppid, m->unordered, len);
    }
    if (O.is_server && O.mode == MODE_ECHO) {
        /* Echo keeps stream, PPID and the U flag, so the sender can check all three. */
        struct snd_meta sm = {.stream = m->stream, .ppid = m->ppid, .unordered = m->unordered, .assoc_id = id};
        if (be_send(s, buf, len, &sm) < 0) {
            int e = errno;
            emit("error", "op=echo assoc_id=%u errno=%s", id, errname(e));
        }
    }
    if (O.is_server && O.shutdown_after_msgs > 0 && n == O.shutdown_after_msgs) {
        int r = be_shutdown(s, id);
        emit("shutdown-sent", "assoc_id=%u result=%s", id, r == 0 ? "ok" : errname(errno));
    }
    if (O.is_server && O.abort_after_msgs > 0 && n == O.abort_after_msgs) {
        pthread_mutex_lock(&reg_lock);
        a->local_abort = 1;
        pthread_mutex_unlock(&reg_lock);
        int r = be_abort(s, id, O.abort_reason);
        emit("abort-sent", "assoc_id=%u result=%s", id, r == 0 ? "ok" : errname(errno));
    }
}

/* A one-to-one socket can end without a final notification: Linux
 * delivers SHUTDOWN_EVENT to the side that receives SHUTDOWN and then
 * end-of-file, but no SHUTDOWN_COMP.  End-of-file (or an error such as
 * ECONNRESET) then closes the books on the association. */
static void end_on_eof(be_sock *s, int err)
{
    if (O.style != STYLE_STREAM) return;
    pthread_mutex_lock(&reg_lock);
    struct assoc *a = assoc_find_locked(s, 0, 0);
    pthread_mutex_unlock(&reg_lock);
    if (!a) return;
    ds_print("recv-summary", a->id, &a->rx);
    pthread_mutex_lock(&reg_lock);
    a->ended = 1;
    if (err) a->lost = 1;
    pthread_cond_broadcast(&reg_cond);
    pthread_mutex_unlock(&reg_lock);
}

/* Read messages and notifications until the association on a one-to-one
 * socket ends (or, on a one-to-many socket, until the first association ends
 * if --once).  Messages larger than one read are reassembled up to MSG_EOR:
 * the echo must send back exactly the message that came in. */
static void receive_loop(be_sock *s)
{
    size_t cap = 256 * 1024, len = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) { perror("malloc"); _exit(RC_USAGE); }
    for (;;) {
        struct rcv_meta m;
        if (len == cap) {
            if (cap >= ((size_t)64 << 20)) {
                emit("error", "op=recv errno=EMSGSIZE msg=message%%20larger%%20than%%2064%%20MiB");
                break;
            }
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) { perror("realloc"); _exit(RC_USAGE); }
        }
        ssize_t n = be_recv(s, buf + len, cap - len, &m);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            emit("recv-end", "errno=%s", errname(e));
            end_on_eof(s, e);
            break;
        }
        if (n == 0 && len == 0) {
            emit("recv-end", "errno=0");
            end_on_eof(s, 0);
            break;
        }
        len += (size_t)n;
        if (!m.eor) continue;
        int ended = 0;
        if (m.notification)
            ended = handle_notification(s, buf, len);
        else
            handle_data(s, &m, buf, len);
        len = 0;
        /* A client has exactly one association, whatever the socket style. */
        if (ended && (O.style == STYLE_STREAM || O.once || !O.is_server)) break;
    }
    free(buf);
}

/* ----------------------------------------------------- signals and timeout */

/* SIGTERM/SIGINT end every association gracefully (so a test that stops a
 * peer sees SHUTDOWN, not silence) and then exit; the watchdog ends runs
 * that would otherwise hang. */
static void *signal_thread(void *arg)
{
    sigset_t *set = arg;
    for (;;) {
        siginfo_t si;
        int sig;
        if (O.timeout_s > 0) {
            double left = O.timeout_s - now_s();
            if (left <= 0) {
                emit("timeout", "seconds=%.1f", O.timeout_s);
                _exit(RC_TIMEOUT);
            }
            struct timespec ts = {.tv_sec = (time_t)left, .tv_nsec = (long)((left - (double)(time_t)left) * 1e9)};
            sig = sigtimedwait(set, &si, &ts);
            if (sig < 0) continue;
        } else {
            sig = sigwaitinfo(set, &si);
            if (sig < 0) continue;
        }
        emit("signal", "name=%s", sigabbrev_np(sig));
        pthread_mutex_lock(&reg_lock);
        for (struct assoc *a = assocs; a; a = a->next)
            if (a->up && !a->ended) be_shutdown(a->sock, a->id);
        pthread_mutex_unlock(&reg_lock);
        double deadline = now_s() + 3;
        for (;;) {
            int live = 0;
            pthread_mutex_lock(&reg_lock);
            for (struct assoc *a = assocs; a; a = a->next) live += a->up && !a->ended;
            pthread_mutex_unlock(&reg_lock);
            if (!live || now_s() > deadline) break;
            usleep(20000);
        }
        emit("exit", "rc=0");
        _exit(RC_OK);
    }
    return NULL;
}

/* ------------------------------------------------------------------ flows */

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
    if (ss->ss_family == AF_INET) ((struct sockaddr_in *)ss)->sin_port = htons(port);
    else ((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

static be_sock *open_and_bind(uint16_t port)
{
    be_sock *s = be_socket(O.family, O.style);
    if (!s) { emit("error", "op=socket errno=%s", errname(errno)); exit(RC_USAGE); }
    if (be_configure(s, &O) < 0) {
        emit("error", "op=setsockopt option=%s errno=%s", be_option ? be_option : "-", errname(errno));
        exit(RC_USAGE);
    }
    struct sockaddr_storage b[MAX_ADDRS];
    int nb = O.nbind;
    memcpy(b, O.bind, sizeof b);
    if (nb == 0 && port) {
        /* No --bind: the wildcard address of the socket's family. */
        memset(&b[0], 0, sizeof b[0]);
        b[0].ss_family = (sa_family_t)O.family;
        nb = 1;
    }
    for (int i = 0; i < nb; i++) set_port(&b[i], port);
    if (nb && be_bindx(s, b, nb) < 0) {
        char lbuf[1024];
        emit("error", "op=bind addrs=%s port=%u errno=%s", fmt_addr_list(b, nb, lbuf, sizeof lbuf), port, errname(errno));
        exit(RC_USAGE);
    }
    return s;
}

static void *conn_thread(void *arg)
{
    be_sock *c = arg;
    receive_loop(c);
    be_close(c);
    if (O.once) {
        emit("exit", "rc=0");
        exit(RC_OK);
    }
    return NULL;
}

static int run_server(void)
{
    be_sock *s = open_and_bind(O.port);
    if (be_listen(s, 16) < 0) { emit("error", "op=listen errno=%s", errname(errno)); return RC_USAGE; }
    struct sockaddr_storage la[MAX_ADDRS];
    char lbuf[1024];
    int nl = be_addrs(s, 0, 0, la, MAX_ADDRS);
    emit("listening", "port=%u style=%s mode=%s addrs=%s", O.port, O.style == STYLE_STREAM ? "stream" : "seqpacket",
         O.mode == MODE_ECHO ? "echo" : O.mode == MODE_DISCARD ? "discard" : "sink-digest",
         fmt_addr_list(la, nl, lbuf, sizeof lbuf));
    if (O.ready_file) {
        FILE *f = fopen(O.ready_file, "w");
        if (f) { fprintf(f, "listening port=%u\n", O.port); fclose(f); }
    }
    if (O.style == STYLE_SEQPACKET) {
        receive_loop(s);
        emit("exit", "rc=0");
        return RC_OK;
    }
    for (;;) {
        be_sock *c = be_accept(s);
        if (!c) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            emit("error", "op=accept errno=%s", errname(errno));
            return RC_USAGE;
        }
        emit("accept", "");
        pthread_t th;
        if (pthread_create(&th, NULL, conn_thread, c) != 0) { emit("error", "op=thread errno=%s", errname(errno)); return RC_USAGE; }
        if (O.once) {
            pthread_join(th, NULL);
            return RC_OK;
        }
        pthread_detach(th);
    }
}

static int client_rx_done;

static void *client_recv_thread(void *arg)
{
    receive_loop(arg);
    pthread_mutex_lock(&reg_lock);
    client_rx_done = 1;
    pthread_cond_broadcast(&reg_cond);
    pthread_mutex_unlock(&reg_lock);
    return NULL;
}

static int pred_rx_done(struct assoc *a) { (void)a; return client_rx_done; }

/* Compare what came back with what was sent: per stream in order for
 * ordered data, as a multiset of messages for unordered data. */
static int echo_matches(struct assoc *a)
{
    if (a->rx.bytes != a->tx.bytes || a->rx.msgs != a->tx.msgs || a->rx.msgset != a->tx.msgset) return 0;
    if (O.unordered) return 1;
    for (int i = 0; i < a->tx.nst; i++) {
        const struct stream_digest *r = ds_stream(&a->rx, a->tx.st[i].sid);
        char h1[65], h2[65];
        if (!r || r->bytes != a->tx.st[i].bytes) return 0;
        sha256_peek_hex(&a->tx.st[i].sha, h1);
        sha256_peek_hex(&r->sha, h2);
        if (strcmp(h1, h2)) return 0;
    }
    return 1;
}

static int run_client(void)
{
    be_sock *s = open_and_bind(O.local_port);
    struct sockaddr_storage p[MAX_ADDRS];
    memcpy(p, O.peer, sizeof p);
    for (int i = 0; i < O.npeer; i++) set_port(&p[i], O.port);
    char pbuf[1024];
    uint32_t id = 0;
    double t = now_s();
    fmt_addr_list(p, O.npeer, connect_addrs, sizeof connect_addrs);
    connect_t0 = t;
    int r = be_connectx(s, p, O.npeer, &id);
    if (r < 0) {
        int e = errno;
        emit("connect", "result=error errno=%s addrs=%s port=%u ms=%.1f", errname(e),
             fmt_addr_list(p, O.npeer, pbuf, sizeof pbuf), O.port, (now_s() - t) * 1000);
        emit("exit", "rc=%d", RC_CONNECT);
        return RC_CONNECT;
    }
    pthread_mutex_lock(&reg_lock);
    struct assoc *a = assoc_find_locked(s, id, 1);
    a->id = id;
    a->up = 1;
    pthread_mutex_unlock(&reg_lock);
    pthread_t th;
    if (pthread_create(&th, NULL, client_recv_thread, s) != 0) { emit("error", "op=thread errno=%s", errname(errno)); return RC_USAGE; }
    pthread_detach(th);

    /* The association counts as connected when COMM_UP arrives (the
     * receiving thread then prints the connect line): usrsctp's connectx
     * returns before the handshake, the kernel's after queueing COMM_UP.
     * A handshake that fails ends in CANT_STR_ASSOC. */
    assoc_wait(a, pred_comm_up, O.timeout_s > 0 ? O.timeout_s : now_s() + 600);
    pthread_mutex_lock(&reg_lock);
    int up = a->comm_up_seen, peer_abort = a->peer_abort, ended = a->ended;
    pthread_mutex_unlock(&reg_lock);
    if (!up) {
        int e = ended ? be_connect_errno(s, peer_abort) : ETIMEDOUT;
        emit("connect", "result=error errno=%s addrs=%s port=%u ms=%.1f", errname(e),
             fmt_addr_list(p, O.npeer, pbuf, sizeof pbuf), O.port, (now_s() - t) * 1000);
        emit("exit", "rc=%d", RC_CONNECT);
        return RC_CONNECT;
    }
    int rc = RC_OK;
    if (run_sender(a) < 0) rc = RC_SEND;

    if (rc == RC_OK && O.expect_echo) {
        double deadline = O.timeout_s > 0 ? O.timeout_s : 1e9;
        assoc_wait(a, pred_echo_done, deadline);
        pthread_mutex_lock(&reg_lock);
        int ok = echo_matches(a);
        unsigned long long rb = a->rx.bytes, tb = a->tx.bytes;
        pthread_mutex_unlock(&reg_lock);
        emit("echo-check", "assoc_id=%u result=%s sent_bytes=%llu echoed_bytes=%llu", id, ok ? "ok" : "mismatch", tb, rb);
        if (!ok) rc = RC_ECHO;
    }
    if (O.linger_ms > 0) usleep((useconds_t)O.linger_ms * 1000);

    if (O.abort_at_end) {
        pthread_mutex_lock(&reg_lock);
        a->local_abort = 1;
        pthread_mutex_unlock(&reg_lock);
        int ar = be_abort(s, id, O.abort_reason);
        emit("abort-sent", "assoc_id=%u result=%s", id, ar == 0 ? "ok" : errname(errno));
        if (ar != 0 && rc == RC_OK) rc = RC_SEND;
        /* The stack may or may not report its own ABORT as COMM_LOST (and
         * the kernel's one-to-one sockets send it only at close, below); wait
         * briefly for the receiving thread to finish. */
        assoc_wait(a, pred_ended, now_s() + 1);
    } else if (O.wait_close) {
        assoc_wait(a, pred_ended, O.timeout_s > 0 ? O.timeout_s : 1e9);
    } else {
        pthread_mutex_lock(&reg_lock);
        int already = a->ended;
        pthread_mutex_unlock(&reg_lock);
        if (!already) {
            int sr = be_shutdown(s, id);
            emit("shutdown-sent", "assoc_id=%u result=%s", id, sr == 0 ? "ok" : errname(errno));
            if (sr != 0) {
                /* Nothing will end the association: do not wait for it. */
                if (rc == RC_OK) rc = RC_SEND;
            } else if (!assoc_wait(a, pred_ended, O.timeout_s > 0 ? O.timeout_s : now_s() + 60)) {
                emit("error", "op=shutdown assoc_id=%u msg=no%%20SHUTDOWN_COMP", id);
            }
        }
    }
    pthread_mutex_lock(&reg_lock);
    if (a->lost && !a->local_abort && rc == RC_OK) rc = RC_LOST;
    pthread_mutex_unlock(&reg_lock);
    /* Close only when the receiving thread is done with the socket:
     * usrsctp_close() blocks while another thread sits in usrsctp_recvv()
     * on the same socket.  If it is not done, leaving the socket to the
     * process exit is the safe choice. */
    if (assoc_wait(a, pred_rx_done, now_s() + 2)) be_close(s);
    emit("exit", "rc=%d", rc);
    return rc;
}

/* ------------------------------------------------------------ command line */

static void usage(FILE *f)
{
    fprintf(f,
        "usage: %1$s server --port P [--bind ADDR]... [--mode echo|discard|sink-digest] [options]\n"
        "       %1$s client --port P [--bind ADDR]... ADDR... [options]\n"
        "common:  --style stream|seqpacket   one-to-one (default) or one-to-many socket\n"
        "         --send TEXT (repeatable)  --send-bytes N[K|M|G] --msg-size M --streams S --stream N\n"
        "         --ppid N --unordered --quiet --timeout SEC --abort-reason TEXT\n"
        "         --ostreams N --instreams N --init-max-attempts N --init-max-timeo MS\n"
        "         --hb-interval MS --path-max-retrans N --assoc-max-retrans N\n"
        "         --rto-min MS --rto-max MS --rto-initial MS --nodelay --sndbuf N --rcvbuf N\n"
        "         --pr 0|1 --auth 0|1 --asconf 0|1 --reconfig 0|1 --ecn 0|1\n"
        "server:  --once --shutdown-after-msgs N --abort-after-msgs N --ready-file PATH\n"
        "client:  --local-port P --expect-echo --abort --wait-close --linger-ms MS\n"
        "usrsctp: --blackhole N --debug\n"
        "Every output line is 'event=NAME t=SECONDS key=value...'.\n", be_name()[0] == 'k' ? "kpeer" : "upeer");
}

static int parse_addr(const char *text, struct sockaddr_storage *out)
{
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST, .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM};
    struct addrinfo *res;
    /* getaddrinfo understands fe80::1%eth0 scope ids, inet_pton does not. */
    if (getaddrinfo(text, NULL, &hints, &res) != 0) return -1;
    memset(out, 0, sizeof *out);
    memcpy(out, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

static long long parse_num(const char *opt, const char *v, long long min, long long max)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 0);
    if (*end == 'K' || *end == 'k') { n *= 1024; end++; }
    else if (*end == 'M' || *end == 'm') { n *= 1024 * 1024; end++; }
    else if (*end == 'G' || *end == 'g') { n *= 1024LL * 1024 * 1024; end++; }
    if (errno || *end || n < min || n > max) {
        fprintf(stderr, "%s: bad value '%s' for %s (allowed %lld..%lld)\n", be_name(), v, opt, min, max);
        exit(RC_USAGE);
    }
    return n;
}

static void parse_args(int argc, char **argv)
{
    memset(&O, 0, sizeof O);
    O.msg_size = 1024;
    O.streams = 1;
    O.fixed_stream = -1;
    O.timeout_s = 0;
    O.abort_reason = "jsp-test-abort";
    O.ostreams = O.instreams = O.init_max_attempts = O.init_max_timeo_ms = -1;
    O.hb_interval_ms = O.path_max_retrans = O.assoc_max_retrans = -1;
    O.rto_min_ms = O.rto_max_ms = O.rto_initial_ms = -1;
    O.sndbuf = O.rcvbuf = -1;
    O.ext = (struct ext_switches){-1, -1, -1, -1, -1};
    O.blackhole = -1;
    int have_port = 0;

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) { usage(argc < 2 ? stderr : stdout); exit(argc < 2 ? RC_USAGE : RC_OK); }
    if (!strcmp(argv[1], "server")) O.is_server = 1;
    else if (strcmp(argv[1], "client")) { fprintf(stderr, "%s: first argument must be 'server' or 'client'\n", be_name()); exit(RC_USAGE); }

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
#define VAL() (i + 1 < argc ? argv[++i] : (fprintf(stderr, "%s: %s needs a value\n", be_name(), a), exit(RC_USAGE), ""))
        if (!strcmp(a, "--port")) { O.port = (uint16_t)parse_num(a, VAL(), 1, 65535); have_port = 1; }
        else if (!strcmp(a, "--local-port")) O.local_port = (uint16_t)parse_num(a, VAL(), 0, 65535);
        else if (!strcmp(a, "--bind")) {
            const char *v = VAL();
            if (O.nbind == MAX_ADDRS || parse_addr(v, &O.bind[O.nbind]) < 0) { fprintf(stderr, "%s: bad --bind address '%s'\n", be_name(), v); exit(RC_USAGE); }
            O.nbind++;
        } else if (!strcmp(a, "--mode")) {
            const char *v = VAL();
            if (!strcmp(v, "echo")) O.mode = MODE_ECHO;
            else if (!strcmp(v, "discard")) O.mode = MODE_DISCARD;
            else if (!strcmp(v, "sink-digest")) O.mode = MODE_SINK_DIGEST;
            else { fprintf(stderr, "%s: --mode must be echo, discard or sink-digest\n", be_name()); exit(RC_USAGE); }
        } else if (!strcmp(a, "--style")) {
            const char *v = VAL();
            if (!strcmp(v, "stream") || !strcmp(v, "one-to-one")) O.style = STYLE_STREAM;
            else if (!strcmp(v, "seqpacket") || !strcmp(v, "one-to-many")) O.style = STYLE_SEQPACKET;
            else { fprintf(stderr, "%s: --style must be stream or seqpacket\n", be_name()); exit(RC_USAGE); }
        }
        else if (!strcmp(a, "--send")) {
            if (O.ntexts == 256) { fprintf(stderr, "%s: at most 256 --send\n", be_name()); exit(RC_USAGE); }
            O.texts[O.ntexts++] = VAL();
        }
        else if (!strcmp(a, "--send-bytes")) O.send_bytes = parse_num(a, VAL(), 0, 1LL << 40);
        else if (!strcmp(a, "--msg-size")) O.msg_size = (int)parse_num(a, VAL(), 1, 16 << 20);
        else if (!strcmp(a, "--streams")) O.streams = (int)parse_num(a, VAL(), 1, 65535);
        else if (!strcmp(a, "--stream")) O.fixed_stream = (int)parse_num(a, VAL(), 0, 65535);
        else if (!strcmp(a, "--ppid")) O.ppid = (uint32_t)parse_num(a, VAL(), 0, 0xffffffffLL);
        else if (!strcmp(a, "--unordered")) O.unordered = 1;
        else if (!strcmp(a, "--expect-echo")) O.expect_echo = 1;
        else if (!strcmp(a, "--abort")) O.abort_at_end = 1;
        else if (!strcmp(a, "--abort-reason")) O.abort_reason = VAL();
        else if (!strcmp(a, "--wait-close")) O.wait_close = 1;
        else if (!strcmp(a, "--linger-ms")) O.linger_ms = (int)parse_num(a, VAL(), 0, 3600000);
        else if (!strcmp(a, "--shutdown-after-msgs")) O.shutdown_after_msgs = (long)parse_num(a, VAL(), 1, 1LL << 40);
        else if (!strcmp(a, "--abort-after-msgs")) O.abort_after_msgs = (long)parse_num(a, VAL(), 1, 1LL << 40);
        else if (!strcmp(a, "--once")) O.once = 1;
        else if (!strcmp(a, "--quiet")) O.quiet = 1;
        else if (!strcmp(a, "--timeout")) O.timeout_s = (double)parse_num(a, VAL(), 0, 86400);
        else if (!strcmp(a, "--ready-file")) O.ready_file = VAL();
        else if (!strcmp(a, "--ostreams")) O.ostreams = (int)parse_num(a, VAL(), 1, 65535);
        else if (!strcmp(a, "--instreams")) O.instreams = (int)parse_num(a, VAL(), 1, 65535);
        else if (!strcmp(a, "--init-max-attempts")) O.init_max_attempts = (int)parse_num(a, VAL(), 1, 255);
        else if (!strcmp(a, "--init-max-timeo")) O.init_max_timeo_ms = (int)parse_num(a, VAL(), 1, 600000);
        else if (!strcmp(a, "--hb-interval")) O.hb_interval_ms = (int)parse_num(a, VAL(), 1, 3600000);
        else if (!strcmp(a, "--path-max-retrans")) O.path_max_retrans = (int)parse_num(a, VAL(), 1, 255);
        else if (!strcmp(a, "--assoc-max-retrans")) O.assoc_max_retrans = (int)parse_num(a, VAL(), 1, 255);
        else if (!strcmp(a, "--rto-min")) O.rto_min_ms = (int)parse_num(a, VAL(), 1, 600000);
        else if (!strcmp(a, "--rto-max")) O.rto_max_ms = (int)parse_num(a, VAL(), 1, 600000);
        else if (!strcmp(a, "--rto-initial")) O.rto_initial_ms = (int)parse_num(a, VAL(), 1, 600000);
        else if (!strcmp(a, "--nodelay")) O.nodelay = 1;
        else if (!strcmp(a, "--sndbuf")) O.sndbuf = (int)parse_num(a, VAL(), 1024, 1 << 30);
        else if (!strcmp(a, "--rcvbuf")) O.rcvbuf = (int)parse_num(a, VAL(), 1024, 1 << 30);
        else if (!strcmp(a, "--pr")) O.ext.pr = (int)parse_num(a, VAL(), 0, 1);
        else if (!strcmp(a, "--auth")) O.ext.auth = (int)parse_num(a, VAL(), 0, 1);
        else if (!strcmp(a, "--asconf")) O.ext.asconf = (int)parse_num(a, VAL(), 0, 1);
        else if (!strcmp(a, "--reconfig")) O.ext.reconfig = (int)parse_num(a, VAL(), 0, 1);
        else if (!strcmp(a, "--ecn")) O.ext.ecn = (int)parse_num(a, VAL(), 0, 1);
        else if (!strcmp(a, "--blackhole")) O.blackhole = (int)parse_num(a, VAL(), 0, 2);
        else if (!strcmp(a, "--debug")) O.debug = 1;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); exit(RC_OK); }
        else if (a[0] == '-' && a[1] == '-') { fprintf(stderr, "%s: unknown option %s\n", be_name(), a); exit(RC_USAGE); }
        else if (!O.is_server) {
            if (O.npeer == MAX_ADDRS || parse_addr(a, &O.peer[O.npeer]) < 0) { fprintf(stderr, "%s: bad peer address '%s'\n", be_name(), a); exit(RC_USAGE); }
            O.npeer++;
        } else { fprintf(stderr, "%s: server takes no address arguments (use --bind)\n", be_name()); exit(RC_USAGE); }
#undef VAL
    }
    if (!have_port) { fprintf(stderr, "%s: --port is required\n", be_name()); exit(RC_USAGE); }
    if (!O.is_server && O.npeer == 0) { fprintf(stderr, "%s: client needs at least one peer address\n", be_name()); exit(RC_USAGE); }
    if (O.abort_at_end + O.wait_close > 1) { fprintf(stderr, "%s: --abort and --wait-close exclude each other\n", be_name()); exit(RC_USAGE); }
    /* Outbound streams must cover the streams the data is spread over. */
    int need = O.fixed_stream >= 0 ? O.fixed_stream + 1 : O.streams;
    if (O.ostreams < 0 && need > 10) O.ostreams = need;

    /* An IPv6 socket can carry IPv4 addresses too (mapped), so any IPv6
     * address anywhere makes the socket AF_INET6; a server without --bind
     * listens on the IPv6 wildcard to accept both families. */
    O.family = AF_INET;
    for (int i = 0; i < O.nbind; i++) if (O.bind[i].ss_family == AF_INET6) O.family = AF_INET6;
    for (int i = 0; i < O.npeer; i++) if (O.peer[i].ss_family == AF_INET6) O.family = AF_INET6;
    if (O.is_server && O.nbind == 0) O.family = AF_INET6;
    if (O.family == AF_INET6) {
        /* Promote IPv4 addresses to v4-mapped form for the IPv6 socket. */
        struct sockaddr_storage *lists[2] = {O.bind, O.peer};
        int counts[2] = {O.nbind, O.npeer};
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < counts[l]; i++) {
                if (lists[l][i].ss_family != AF_INET) continue;
                struct sockaddr_in v4 = *(struct sockaddr_in *)&lists[l][i];
                struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&lists[l][i];
                memset(v6, 0, sizeof *v6);
                v6->sin6_family = AF_INET6;
                v6->sin6_addr.s6_addr[10] = 0xff;
                v6->sin6_addr.s6_addr[11] = 0xff;
                memcpy(&v6->sin6_addr.s6_addr[12], &v4.sin_addr, 4);
            }
    }
}

int main(int argc, char **argv)
{
    clock_gettime(CLOCK_MONOTONIC, &T0);
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    /* Block the stop signals in every thread (usrsctp starts its own threads in
     * be_init) so only signal_thread receives them. */
    static sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t st;
    if (pthread_create(&st, NULL, signal_thread, &set) == 0) pthread_detach(st);

    emit("start", "peer=%s version=%s role=%s pid=%d", be_name(), be_version(), O.is_server ? "server" : "client", (int)getpid());
    if (be_init(&O) < 0) {
        emit("error", "op=init errno=%s", errname(errno));
        return RC_USAGE;
    }
    return O.is_server ? run_server() : run_client();
}
