/*
 * Common part of the two SCTP test peers.
 *
 * kpeer (Linux kernel SCTP, run inside User-Mode Linux) and upeer (usrsctp
 * in raw-IP mode) must behave and print exactly alike, so the Java interop
 * tests can drive either one through the same command line and parse the
 * same output.  All logic -- option parsing, the client and server flows,
 * echo, digests, output lines -- lives in peer_main.c and talks to the SCTP
 * stack only through the small backend interface declared here.  kpeer.c and
 * upeer.c implement it, one for each stack.  The two stacks' headers define
 * the same struct names differently, which is another reason why each
 * backend is its own translation unit and this header uses only neutral
 * types.
 */
#ifndef JSP_PEER_H
#define JSP_PEER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#define MAX_ADDRS 16

/* One-to-one (SOCK_STREAM) or one-to-many (SOCK_SEQPACKET) socket style,
 * RFC 6458 §3 and §4. */
enum style { STYLE_STREAM, STYLE_SEQPACKET };

enum server_mode { MODE_ECHO, MODE_DISCARD, MODE_SINK_DIGEST };

/* Extension switches for SCTP_*_SUPPORTED socket options; -1 = stack default. */
struct ext_switches {
    int pr, auth, asconf, reconfig, ecn;
};

struct options {
    int is_server;
    uint16_t port;                     /* server: listen port; client: peer port */
    uint16_t local_port;               /* client: local port, 0 = ephemeral */
    struct sockaddr_storage bind[MAX_ADDRS];
    int nbind;
    struct sockaddr_storage peer[MAX_ADDRS]; /* client: addresses for connectx */
    int npeer;
    int family;                        /* AF_INET or AF_INET6, chosen from the addresses */
    enum style style;
    enum server_mode mode;

    /* What to send: --send texts first, then --send-bytes of patterned data. */
    const char *texts[256];
    int ntexts;
    long long send_bytes;
    int msg_size;
    int streams;                       /* data goes round-robin over streams 0..streams-1 */
    int fixed_stream;                  /* --stream N pins every message, -1 = round robin */
    uint32_t ppid;
    int unordered;

    int expect_echo;
    int abort_at_end;
    int wait_close;                    /* client: let the peer end the association */
    int linger_ms;                     /* client: pause before ending the association */
    long shutdown_after_msgs;          /* server: graceful close after N messages in */
    long abort_after_msgs;             /* server: abort after N messages in */
    int once;                          /* server: exit when the first association ends */
    int quiet;                         /* no per-message lines */
    double timeout_s;                  /* whole-run watchdog, 0 = none */
    const char *ready_file;
    const char *abort_reason;

    /* Protocol parameters (-1 = leave the stack's default). */
    int ostreams, instreams, init_max_attempts, init_max_timeo_ms;
    int hb_interval_ms, path_max_retrans, assoc_max_retrans;
    int rto_min_ms, rto_max_ms, rto_initial_ms;
    int nodelay, sndbuf, rcvbuf;
    struct ext_switches ext;
    int blackhole;                     /* usrsctp only: sysctl sctp_blackhole, -1 = default */
    int debug;                         /* usrsctp only: turn on its debug output */
};

/* What a backend reports with every receive call. */
struct rcv_meta {
    int notification;                  /* buffer holds a notification, not data */
    int eor;                           /* end of message (MSG_EOR) */
    uint16_t stream;
    uint32_t ppid;                     /* host byte order */
    int unordered;
    uint32_t assoc_id;
};

/* What a backend asks to send. */
struct snd_meta {
    uint16_t stream;
    uint32_t ppid;                     /* host byte order; backends convert */
    int unordered;
    uint32_t assoc_id;
};

/* A notification translated to neutral terms (RFC 6458 §6.1). */
enum ev_kind {
    EV_ASSOC_CHANGE, EV_PADDR_CHANGE, EV_REMOTE_ERROR, EV_SEND_FAILED, EV_SHUTDOWN,
    EV_ADAPTATION, EV_PARTIAL_DELIVERY, EV_AUTH, EV_SENDER_DRY, EV_STREAM_RESET,
    EV_ASSOC_RESET, EV_STREAM_CHANGE, EV_OTHER
};
enum assoc_state { AS_COMM_UP, AS_COMM_LOST, AS_RESTART, AS_SHUTDOWN_COMP, AS_CANT_STR_ASSOC, AS_UNKNOWN };

struct pevent {
    enum ev_kind kind;
    uint32_t assoc_id;
    int raw_type;                      /* stack's own notification type number */
    /* EV_ASSOC_CHANGE */
    enum assoc_state state;
    int raw_state;
    unsigned error;                    /* as the stack reports it (see abort_cause) */
    unsigned outstreams, instreams;
    /* COMM_LOST caused by a received ABORT: its first error cause code
     * (RFC 9260 §3.3.10) and, for a User-Initiated Abort (12), the
     * reason text; -1 / "" when there was no ABORT chunk. */
    int abort_cause;
    char abort_reason[128];
    int peer_abort;                    /* an ABORT chunk came with the notification */
    /* EV_PADDR_CHANGE */
    struct sockaddr_storage addr;
    const char *addr_state;            /* e.g. "ADDR_UNREACHABLE" */
    /* EV_SEND_FAILED / EV_PARTIAL_DELIVERY / EV_AUTH / EV_STREAM_* */
    unsigned flags, value, length;
};

/* Association status for the COMM_UP line. */
struct assoc_status {
    struct sockaddr_storage primary;
    int have_primary;
    unsigned instreams, outstreams;
    /* Extensions in use on the association, e.g. "pr,reconfig,ecn": read back
     * with the SCTP_*_SUPPORTED options for the association id. */
    char features[96];
};

typedef struct be_sock be_sock;

/* Name for the output ("kernel" or "usrsctp"). */
const char *be_name(void);
/* Version of the stack as the peer can learn it, for the start line. */
const char *be_version(void);
/* Start the stack (usrsctp_init); the kernel needs nothing.  0 or -1/errno. */
int be_init(const struct options *o);
be_sock *be_socket(int family, enum style style);
/* Apply every protocol parameter in o, subscribe to all notifications.
 * On failure be_option names the socket option that was refused. */
int be_configure(be_sock *s, const struct options *o);
extern const char *be_option;
/* Bind to addrs (ports already set inside) with sctp_bindx semantics. */
int be_bindx(be_sock *s, const struct sockaddr_storage *addrs, int n);
int be_listen(be_sock *s, int backlog);
be_sock *be_accept(be_sock *s);
/* Starts the association.  The kernel returns when it is up (or failed);
 * usrsctp returns at once and reports the outcome as COMM_UP or
 * CANT_STR_ASSOC, so callers wait for one of those either way. */
int be_connectx(be_sock *s, const struct sockaddr_storage *addrs, int n, uint32_t *assoc_id);
/* The errno for a handshake that ended in CANT_STR_ASSOC (peer_abort:
 * the notification carried an ABORT). */
int be_connect_errno(be_sock *s, int peer_abort);
ssize_t be_send(be_sock *s, const void *buf, size_t len, const struct snd_meta *m);
/* Returns bytes read (0 = end of association on a one-to-one socket). */
ssize_t be_recv(be_sock *s, void *buf, size_t len, struct rcv_meta *m);
/* Fill ev->abort_cause/abort_reason from the error causes of an ABORT
 * chunk (the bytes after its chunk header). */
void pevent_set_abort_causes(struct pevent *ev, const uint8_t *causes, size_t len);
/* Translate a complete notification read by be_recv. */
void be_parse_notification(const void *buf, size_t len, struct pevent *ev);
/* peer != 0: peer addresses, else local ones.  Fills up to max, returns count or -1. */
int be_addrs(be_sock *s, uint32_t assoc_id, int peer, struct sockaddr_storage *out, int max);
int be_status(be_sock *s, uint32_t assoc_id, struct assoc_status *st);
/* Graceful SHUTDOWN (RFC 9260 §9.2) of one association. */
int be_shutdown(be_sock *s, uint32_t assoc_id);
/* ABORT with a User-Initiated Abort cause carrying reason (RFC 9260 §9.1). */
int be_abort(be_sock *s, uint32_t assoc_id, const char *reason);
void be_close(be_sock *s);

#endif
