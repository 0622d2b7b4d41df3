/*
 * Backend of the test peer for the Linux kernel's SCTP, through the
 * standard sockets API (RFC 6458) as lksctp-tools' libsctp exposes it.
 *
 * The host kernel has no SCTP, so this binary is built on the host and run
 * inside User-Mode Linux (see ../linux-uml.sh); the guest shares the
 * host's filesystem, so the same binary and libsctp are found there.
 */
#define _GNU_SOURCE
#include "peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

struct be_sock {
    int fd;
    enum style style;
};

const char *be_name(void) { return "kernel"; }

const char *be_version(void)
{
    static char v[sizeof(((struct utsname *)0)->release)];
    struct utsname u;
    if (!v[0]) snprintf(v, sizeof v, "%s", uname(&u) == 0 ? u.release : "unknown");
    return v;
}

int be_init(const struct options *o)
{
    (void)o;
    return 0;
}

be_sock *be_socket(int family, enum style style)
{
    int fd = socket(family, style == STYLE_STREAM ? SOCK_STREAM : SOCK_SEQPACKET, IPPROTO_SCTP);
    if (fd < 0) return NULL;
    be_sock *s = calloc(1, sizeof *s);
    if (!s) { close(fd); errno = ENOMEM; return NULL; }
    s->fd = fd;
    s->style = style;
    return s;
}

const char *be_option;

/* Set one option and remember its name, so a refusal can say which one. */
#define SET(level, opt, val, len) (be_option = #opt, setsockopt(fd, level, opt, val, len))
#define SET_VALUE(opt, value) (be_option = #opt, set_assoc_value(fd, opt, value))

static int set_assoc_value(int fd, int opt, int value)
{
    struct sctp_assoc_value av = {.assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = (uint32_t)value};
    return setsockopt(fd, IPPROTO_SCTP, opt, &av, sizeof av);
}

int be_configure(be_sock *s, const struct options *o)
{
    int fd = s->fd;
    /* Subscribe to everything a test may want to see.  data_io makes
     * sctp_recvmsg fill in stream, PPID and flags of each message. */
    struct sctp_event_subscribe ev;
    memset(&ev, 0, sizeof ev);
    ev.sctp_data_io_event = 1;
    ev.sctp_association_event = 1;
    ev.sctp_address_event = 1;
    ev.sctp_peer_error_event = 1;
    ev.sctp_shutdown_event = 1;
    ev.sctp_partial_delivery_event = 1;
    ev.sctp_adaptation_layer_event = 1;
    ev.sctp_authentication_event = 1;
    ev.sctp_stream_reset_event = 1;
    ev.sctp_assoc_reset_event = 1;
    ev.sctp_stream_change_event = 1;
    ev.sctp_send_failure_event_event = 1;  /* RFC 6458 SCTP_SEND_FAILED_EVENT */
    if (SET(IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof ev) < 0) return -1;

    if (o->ostreams > 0 || o->instreams > 0 || o->init_max_attempts > 0 || o->init_max_timeo_ms > 0) {
        /* Zero fields keep the kernel's defaults. */
        struct sctp_initmsg im;
        memset(&im, 0, sizeof im);
        if (o->ostreams > 0) im.sinit_num_ostreams = (uint16_t)o->ostreams;
        if (o->instreams > 0) im.sinit_max_instreams = (uint16_t)o->instreams;
        if (o->init_max_attempts > 0) im.sinit_max_attempts = (uint16_t)o->init_max_attempts;
        if (o->init_max_timeo_ms > 0) im.sinit_max_init_timeo = (uint16_t)o->init_max_timeo_ms;
        if (SET(IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof im) < 0) return -1;
    }
    if (o->rto_initial_ms > 0 || o->rto_max_ms > 0 || o->rto_min_ms > 0) {
        struct sctp_rtoinfo r;
        memset(&r, 0, sizeof r);        /* assoc 0 = socket default, 0 = unchanged */
        if (o->rto_initial_ms > 0) r.srto_initial = (uint32_t)o->rto_initial_ms;
        if (o->rto_max_ms > 0) r.srto_max = (uint32_t)o->rto_max_ms;
        if (o->rto_min_ms > 0) r.srto_min = (uint32_t)o->rto_min_ms;
        if (SET(IPPROTO_SCTP, SCTP_RTOINFO, &r, sizeof r) < 0) return -1;
    }
    if (o->assoc_max_retrans > 0) {
        struct sctp_assocparams ap;
        memset(&ap, 0, sizeof ap);
        ap.sasoc_asocmaxrxt = (uint16_t)o->assoc_max_retrans;
        if (SET(IPPROTO_SCTP, SCTP_ASSOCINFO, &ap, sizeof ap) < 0) return -1;
    }
    if (o->hb_interval_ms > 0 || o->path_max_retrans > 0) {
        /* No address and assoc 0: the defaults every new path starts with. */
        struct sctp_paddrparams pp;
        memset(&pp, 0, sizeof pp);
        if (o->hb_interval_ms > 0) {
            pp.spp_hbinterval = (uint32_t)o->hb_interval_ms;
            pp.spp_flags |= SPP_HB_ENABLE;
        }
        if (o->path_max_retrans > 0) pp.spp_pathmaxrxt = (uint16_t)o->path_max_retrans;
        if (SET(IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, sizeof pp) < 0) return -1;
    }
    if (o->nodelay) {
        int one = 1;
        if (SET(IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof one) < 0) return -1;
    }
    if (o->sndbuf > 0 && SET(SOL_SOCKET, SO_SNDBUF, &o->sndbuf, sizeof o->sndbuf) < 0) return -1;
    if (o->rcvbuf > 0 && SET(SOL_SOCKET, SO_RCVBUF, &o->rcvbuf, sizeof o->rcvbuf) < 0) return -1;
    /* Extensions; the kernel's defaults come from net.sctp.* sysctls. */
    if (o->ext.pr >= 0 && SET_VALUE(SCTP_PR_SUPPORTED, o->ext.pr) < 0) return -1;
    if (o->ext.auth >= 0 && SET_VALUE(SCTP_AUTH_SUPPORTED, o->ext.auth) < 0) return -1;
    if (o->ext.asconf >= 0 && SET_VALUE(SCTP_ASCONF_SUPPORTED, o->ext.asconf) < 0) return -1;
    if (o->ext.reconfig >= 0 && SET_VALUE(SCTP_RECONFIG_SUPPORTED, o->ext.reconfig) < 0) return -1;
    if (o->ext.ecn >= 0 && SET_VALUE(SCTP_ECN_SUPPORTED, o->ext.ecn) < 0) return -1;
    return 0;
}

/* sctp_bindx/sctp_connectx take a packed array of sockaddr_in/sockaddr_in6,
 * each only as long as its family needs (RFC 6458 §9.1). */
static size_t pack_addrs(const struct sockaddr_storage *a, int n, unsigned char *out)
{
    size_t off = 0;
    for (int i = 0; i < n; i++) {
        size_t len = a[i].ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        memcpy(out + off, &a[i], len);
        off += len;
    }
    return off;
}

int be_bindx(be_sock *s, const struct sockaddr_storage *addrs, int n)
{
    unsigned char buf[MAX_ADDRS * sizeof(struct sockaddr_in6)];
    pack_addrs(addrs, n, buf);
    return sctp_bindx(s->fd, (struct sockaddr *)buf, n, SCTP_BINDX_ADD_ADDR);
}

int be_listen(be_sock *s, int backlog) { return listen(s->fd, backlog); }

be_sock *be_accept(be_sock *s)
{
    int fd = accept(s->fd, NULL, NULL);
    if (fd < 0) return NULL;
    be_sock *c = calloc(1, sizeof *c);
    if (!c) { close(fd); errno = ENOMEM; return NULL; }
    c->fd = fd;
    c->style = s->style;
    return c;
}

int be_connectx(be_sock *s, const struct sockaddr_storage *addrs, int n, uint32_t *assoc_id)
{
    unsigned char buf[MAX_ADDRS * sizeof(struct sockaddr_in6)];
    pack_addrs(addrs, n, buf);
    sctp_assoc_t id = 0;
    int r = sctp_connectx(s->fd, (struct sockaddr *)buf, n, &id);
    *assoc_id = (uint32_t)id;
    return r < 0 ? -1 : 0;
}

int be_connect_errno(be_sock *s, int peer_abort)
{
    /* Only reached if the kernel's blocking connectx succeeded and the
     * association failed right after: say what the notification said. */
    (void)s;
    return peer_abort ? ECONNREFUSED : ETIMEDOUT;
}

ssize_t be_send(be_sock *s, const void *buf, size_t len, const struct snd_meta *m)
{
    struct sctp_sndrcvinfo si;
    memset(&si, 0, sizeof si);
    si.sinfo_stream = m->stream;
    si.sinfo_ppid = htonl(m->ppid);     /* the kernel copies it to the wire as is */
    si.sinfo_flags = m->unordered ? SCTP_UNORDERED : 0;
    si.sinfo_assoc_id = (sctp_assoc_t)m->assoc_id;
    ssize_t r;
    do r = sctp_send(s->fd, buf, len, &si, 0); while (r < 0 && errno == EINTR);
    return r;
}

ssize_t be_recv(be_sock *s, void *buf, size_t len, struct rcv_meta *m)
{
    struct sctp_sndrcvinfo si;
    int flags = 0;
    memset(&si, 0, sizeof si);
    ssize_t r = sctp_recvmsg(s->fd, buf, len, NULL, NULL, &si, &flags);
    if (r < 0) return r;
    m->notification = (flags & MSG_NOTIFICATION) != 0;
    m->eor = (flags & MSG_EOR) != 0;
    m->stream = si.sinfo_stream;
    m->ppid = ntohl(si.sinfo_ppid);
    m->unordered = (si.sinfo_flags & SCTP_UNORDERED) != 0;
    m->assoc_id = (uint32_t)si.sinfo_assoc_id;
    return r;
}

static const char *paddr_state_name(int st)
{
    switch (st) {
    case SCTP_ADDR_AVAILABLE: return "ADDR_AVAILABLE";
    case SCTP_ADDR_UNREACHABLE: return "ADDR_UNREACHABLE";
    case SCTP_ADDR_REMOVED: return "ADDR_REMOVED";
    case SCTP_ADDR_ADDED: return "ADDR_ADDED";
    case SCTP_ADDR_MADE_PRIM: return "ADDR_MADE_PRIM";
    case SCTP_ADDR_CONFIRMED: return "ADDR_CONFIRMED";
    case SCTP_ADDR_POTENTIALLY_FAILED: return "ADDR_POTENTIALLY_FAILED";
    default: return "ADDR_UNKNOWN";
    }
}

void be_parse_notification(const void *buf, size_t len, struct pevent *ev)
{
    const union sctp_notification *sn = buf;
    memset(ev, 0, sizeof *ev);
    ev->kind = EV_OTHER;
    ev->abort_cause = -1;
    if (len < sizeof sn->sn_header) return;
    ev->raw_type = sn->sn_header.sn_type;
    switch (sn->sn_header.sn_type) {
    case SCTP_ASSOC_CHANGE: {
        const struct sctp_assoc_change *c = &sn->sn_assoc_change;
        ev->kind = EV_ASSOC_CHANGE;
        ev->assoc_id = (uint32_t)c->sac_assoc_id;
        ev->raw_state = c->sac_state;
        ev->error = c->sac_error;
        ev->outstreams = c->sac_outbound_streams;
        ev->instreams = c->sac_inbound_streams;
        /* With COMM_LOST from a received ABORT, Linux appends the ABORT's
         * error causes -- without the chunk header RFC 6458 asks for -- and
         * puts the first cause code in sac_error in network byte order
         * (while errors such as an INIT timeout come as host-order errno
         * values), so the cause is read from sac_info instead. */
        if (c->sac_length > sizeof *c && c->sac_length <= len)
            pevent_set_abort_causes(ev, c->sac_info, c->sac_length - sizeof *c);
        switch (c->sac_state) {
        case SCTP_COMM_UP: ev->state = AS_COMM_UP; break;
        case SCTP_COMM_LOST: ev->state = AS_COMM_LOST; break;
        case SCTP_RESTART: ev->state = AS_RESTART; break;
        case SCTP_SHUTDOWN_COMP: ev->state = AS_SHUTDOWN_COMP; break;
        case SCTP_CANT_STR_ASSOC: ev->state = AS_CANT_STR_ASSOC; break;
        default: ev->state = AS_UNKNOWN;
        }
        break;
    }
    case SCTP_PEER_ADDR_CHANGE: {
        const struct sctp_paddr_change *p = &sn->sn_paddr_change;
        ev->kind = EV_PADDR_CHANGE;
        ev->assoc_id = (uint32_t)p->spc_assoc_id;
        memcpy(&ev->addr, &p->spc_aaddr, sizeof ev->addr);
        ev->addr_state = paddr_state_name(p->spc_state);
        ev->error = (unsigned)p->spc_error;
        break;
    }
    case SCTP_REMOTE_ERROR:
        ev->kind = EV_REMOTE_ERROR;
        ev->assoc_id = (uint32_t)sn->sn_remote_error.sre_assoc_id;
        ev->error = ntohs(sn->sn_remote_error.sre_error);  /* network order in Linux */
        ev->length = sn->sn_remote_error.sre_length;
        break;
    case SCTP_SEND_FAILED_EVENT:
        /* Linux names these fields ssf_*, RFC 6458 ssfe_*. */
        ev->kind = EV_SEND_FAILED;
        ev->assoc_id = (uint32_t)sn->sn_send_failed_event.ssf_assoc_id;
        ev->error = sn->sn_send_failed_event.ssf_error;
        ev->flags = sn->sn_send_failed_event.ssf_flags;
        ev->length = sn->sn_send_failed_event.ssf_length;
        break;
    case SCTP_SHUTDOWN_EVENT:
        ev->kind = EV_SHUTDOWN;
        ev->assoc_id = (uint32_t)sn->sn_shutdown_event.sse_assoc_id;
        break;
    case SCTP_ADAPTATION_INDICATION:
        ev->kind = EV_ADAPTATION;
        ev->assoc_id = (uint32_t)sn->sn_adaptation_event.sai_assoc_id;
        ev->value = sn->sn_adaptation_event.sai_adaptation_ind;
        break;
    case SCTP_PARTIAL_DELIVERY_EVENT:
        ev->kind = EV_PARTIAL_DELIVERY;
        ev->assoc_id = (uint32_t)sn->sn_pdapi_event.pdapi_assoc_id;
        ev->value = sn->sn_pdapi_event.pdapi_indication;
        ev->flags = sn->sn_pdapi_event.pdapi_stream;
        break;
    case SCTP_AUTHENTICATION_EVENT:
        ev->kind = EV_AUTH;
        ev->assoc_id = (uint32_t)sn->sn_authkey_event.auth_assoc_id;
        ev->value = sn->sn_authkey_event.auth_indication;
        ev->flags = sn->sn_authkey_event.auth_keynumber;
        break;
    case SCTP_SENDER_DRY_EVENT:
        ev->kind = EV_SENDER_DRY;
        ev->assoc_id = (uint32_t)sn->sn_sender_dry_event.sender_dry_assoc_id;
        break;
    case SCTP_STREAM_RESET_EVENT:
        ev->kind = EV_STREAM_RESET;
        ev->assoc_id = (uint32_t)sn->sn_strreset_event.strreset_assoc_id;
        ev->flags = sn->sn_strreset_event.strreset_flags;
        break;
    case SCTP_ASSOC_RESET_EVENT:
        ev->kind = EV_ASSOC_RESET;
        ev->assoc_id = (uint32_t)sn->sn_assocreset_event.assocreset_assoc_id;
        ev->flags = sn->sn_assocreset_event.assocreset_flags;
        break;
    case SCTP_STREAM_CHANGE_EVENT:
        ev->kind = EV_STREAM_CHANGE;
        ev->assoc_id = (uint32_t)sn->sn_strchange_event.strchange_assoc_id;
        ev->flags = sn->sn_strchange_event.strchange_flags;
        ev->instreams = sn->sn_strchange_event.strchange_instrms;
        ev->outstreams = sn->sn_strchange_event.strchange_outstrms;
        break;
    default:
        break;
    }
}

/* libsctp returns the same packed layout as pack_addrs builds. */
static int unpack_addrs(const struct sockaddr *packed, int n, struct sockaddr_storage *out, int max)
{
    const unsigned char *p = (const unsigned char *)packed;
    int k = 0;
    for (int i = 0; i < n && k < max; i++) {
        const struct sockaddr *sa = (const struct sockaddr *)p;
        size_t len = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        memset(&out[k], 0, sizeof out[k]);
        memcpy(&out[k++], p, len);
        p += len;
    }
    return k;
}

int be_addrs(be_sock *s, uint32_t assoc_id, int peer, struct sockaddr_storage *out, int max)
{
    struct sockaddr *list = NULL;
    int n = peer ? sctp_getpaddrs(s->fd, (sctp_assoc_t)assoc_id, &list) : sctp_getladdrs(s->fd, (sctp_assoc_t)assoc_id, &list);
    if (n <= 0) return n;
    int k = unpack_addrs(list, n, out, max);
    if (peer) sctp_freepaddrs(list); else sctp_freeladdrs(list);
    return k;
}

static int get_assoc_value(int fd, uint32_t assoc_id, int opt)
{
    /* Plain getsockopt: libsctp's sctp_opt_info() passes only a fixed list of
     * options through and returns a positive ENOTSUP for the others. */
    struct sctp_assoc_value av = {.assoc_id = (sctp_assoc_t)assoc_id};
    socklen_t len = sizeof av;
    if (getsockopt(fd, IPPROTO_SCTP, opt, &av, &len) < 0) return -1;
    return (int)av.assoc_value;
}

int be_status(be_sock *s, uint32_t assoc_id, struct assoc_status *st)
{
    struct sctp_status ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    ss.sstat_assoc_id = (sctp_assoc_t)assoc_id;
    if (sctp_opt_info(s->fd, (sctp_assoc_t)assoc_id, SCTP_STATUS, &ss, &len) < 0) return -1;
    memcpy(&st->primary, &ss.sstat_primary.spinfo_address, sizeof st->primary);
    st->have_primary = st->primary.ss_family == AF_INET || st->primary.ss_family == AF_INET6;
    st->instreams = ss.sstat_instrms;
    st->outstreams = ss.sstat_outstrms;
    /* For an association these report what both ends agreed on. */
    static const struct { int opt; const char *name; } ext[] = {
        {SCTP_PR_SUPPORTED, "pr"}, {SCTP_AUTH_SUPPORTED, "auth"}, {SCTP_ASCONF_SUPPORTED, "asconf"},
        {SCTP_RECONFIG_SUPPORTED, "reconfig"}, {SCTP_ECN_SUPPORTED, "ecn"},
    };
    size_t o = 0;
    st->features[0] = 0;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (get_assoc_value(s->fd, assoc_id, ext[i].opt) > 0)
            o += (size_t)snprintf(st->features + o, sizeof st->features - o, "%s%s", o ? "," : "", ext[i].name);
    return 0;
}

int be_shutdown(be_sock *s, uint32_t assoc_id)
{
    if (s->style == STYLE_STREAM) return shutdown(s->fd, SHUT_WR);
    /* One-to-many: SCTP_EOF on an empty send shuts one association down (RFC 6458 §5.3.4). */
    struct sctp_sndrcvinfo si;
    memset(&si, 0, sizeof si);
    si.sinfo_flags = SCTP_EOF;
    si.sinfo_assoc_id = (sctp_assoc_t)assoc_id;
    return sctp_send(s->fd, NULL, 0, &si, 0) < 0 ? -1 : 0;
}

int be_abort(be_sock *s, uint32_t assoc_id, const char *reason)
{
    if (s->style == STYLE_STREAM) {
        /* Linux refuses SCTP_ABORT (and SCTP_EOF) on one-to-one sockets with
         * EINVAL.  The way left is close() with a zero linger time, which
         * sends ABORT with an empty User-Initiated Abort cause.  close()
         * only takes effect once no thread is blocked in recv() on the
         * socket, so shut the receive side first: that wakes the receiving
         * thread with end-of-file, it stops, and the owner's be_close()
         * then sends the ABORT.  The reason text cannot be carried here. */
        struct linger lg = {.l_onoff = 1, .l_linger = 0};
        if (setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0) return -1;
        return shutdown(s->fd, SHUT_RD);
    }
    /* One-to-many: SCTP_ABORT with data; the kernel puts the data in a
     * User-Initiated Abort cause (RFC 9260 §3.3.10.12). */
    struct sctp_sndrcvinfo si;
    memset(&si, 0, sizeof si);
    si.sinfo_flags = SCTP_ABORT;
    si.sinfo_assoc_id = (sctp_assoc_t)assoc_id;
    return sctp_send(s->fd, reason, reason ? strlen(reason) : 0, &si, 0) < 0 ? -1 : 0;
}

void be_close(be_sock *s)
{
    close(s->fd);
    free(s);
}
