/*
 * Backend of the test peer for usrsctp (the userland SCTP stack), in raw-IP
 * mode: usrsctp_init(0, ...) opens raw IPv4/IPv6 sockets for protocol 132
 * and no UDP encapsulation socket.
 *
 * Run it in its own network namespace (../usrsctp.sh): usrsctp's raw socket
 * sees every SCTP packet of the namespace and answers the ones that belong
 * to no association of its own with ABORT, so a second SCTP stack in the
 * same namespace (another usrsctp, or jsctp) would have its associations
 * torn down.
 */
#define _GNU_SOURCE
#include "peer.h"

#include <usrsctp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef USRSCTP_VERSION
#define USRSCTP_VERSION "unknown"
#endif

struct be_sock {
    struct socket *so;
    enum style style;
};

const char *be_name(void) { return "usrsctp"; }
const char *be_version(void) { return USRSCTP_VERSION; }

static void debug_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

int be_init(const struct options *o)
{
    /* usrsctp swallows a failure to open its raw sockets (it only logs it
     * with debugging on) and then never sees a packet; check the privilege
     * here so the failure is reported instead of a silent timeout. */
    int probe = socket(AF_INET, SOCK_RAW, IPPROTO_SCTP);
    if (probe < 0) return -1;
    close(probe);
    /* Port 0: no UDP encapsulation (RFC 6951), plain SCTP over IP only. */
    usrsctp_init(0, NULL, o->debug ? debug_printf : NULL);
#ifdef SCTP_DEBUG_ALL
    if (o->debug) usrsctp_sysctl_set_sctp_debug_on(SCTP_DEBUG_ALL);
#endif
    if (o->blackhole >= 0) usrsctp_sysctl_set_sctp_blackhole((uint32_t)o->blackhole);
    return 0;
}

be_sock *be_socket(int family, enum style style)
{
    /* No callbacks: the classic blocking API, so the shared code can use one
     * receiving thread per socket as it does with the kernel. */
    struct socket *so = usrsctp_socket(family, style == STYLE_STREAM ? SOCK_STREAM : SOCK_SEQPACKET, IPPROTO_SCTP,
                                       NULL, NULL, 0, NULL);
    if (!so) return NULL;
    be_sock *s = calloc(1, sizeof *s);
    if (!s) { usrsctp_close(so); errno = ENOMEM; return NULL; }
    s->so = so;
    s->style = style;
    return s;
}

const char *be_option;

/* Set one option and remember its name, so a refusal can say which one. */
#define SET(level, opt, val, len) (be_option = #opt, usrsctp_setsockopt(so, level, opt, val, len))
#define SET_VALUE(opt, value) (be_option = #opt, set_assoc_value(so, opt, value))

static int set_assoc_value(struct socket *so, int opt, int value)
{
    struct sctp_assoc_value av = {.assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = (uint32_t)value};
    return usrsctp_setsockopt(so, IPPROTO_SCTP, opt, &av, sizeof av);
}

int be_configure(be_sock *s, const struct options *o)
{
    struct socket *so = s->so;
    static const uint16_t types[] = {
        SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT,
        SCTP_ADAPTATION_INDICATION, SCTP_PARTIAL_DELIVERY_EVENT, SCTP_AUTHENTICATION_EVENT,
        SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT, SCTP_STREAM_CHANGE_EVENT, SCTP_SEND_FAILED_EVENT,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct sctp_event ev = {.se_assoc_id = SCTP_FUTURE_ASSOC, .se_type = types[i], .se_on = 1};
        if (SET(IPPROTO_SCTP, SCTP_EVENT, &ev, sizeof ev) < 0) return -1;
    }
    /* Ask for stream, PPID and flags with every message (RFC 6458 §8.1.29). */
    int one = 1;
    if (SET(IPPROTO_SCTP, SCTP_RECVRCVINFO, &one, sizeof one) < 0) return -1;

    if (o->ostreams > 0 || o->instreams > 0 || o->init_max_attempts > 0 || o->init_max_timeo_ms > 0) {
        struct sctp_initmsg im;
        socklen_t len = sizeof im;
        /* Start from the current values: unlike Linux, a zero here is not "keep". */
        be_option = "SCTP_INITMSG";
        if (usrsctp_getsockopt(so, IPPROTO_SCTP, SCTP_INITMSG, &im, &len) < 0) return -1;
        if (o->ostreams > 0) im.sinit_num_ostreams = (uint16_t)o->ostreams;
        if (o->instreams > 0) im.sinit_max_instreams = (uint16_t)o->instreams;
        if (o->init_max_attempts > 0) im.sinit_max_attempts = (uint16_t)o->init_max_attempts;
        if (o->init_max_timeo_ms > 0) im.sinit_max_init_timeo = (uint16_t)o->init_max_timeo_ms;
        if (SET(IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof im) < 0) return -1;
    }
    if (o->rto_initial_ms > 0 || o->rto_max_ms > 0 || o->rto_min_ms > 0) {
        struct sctp_rtoinfo r;
        memset(&r, 0, sizeof r);        /* 0 = unchanged, assoc 0 = future associations */
        r.srto_assoc_id = SCTP_FUTURE_ASSOC;
        if (o->rto_initial_ms > 0) r.srto_initial = (uint32_t)o->rto_initial_ms;
        if (o->rto_max_ms > 0) r.srto_max = (uint32_t)o->rto_max_ms;
        if (o->rto_min_ms > 0) r.srto_min = (uint32_t)o->rto_min_ms;
        if (SET(IPPROTO_SCTP, SCTP_RTOINFO, &r, sizeof r) < 0) return -1;
    }
    if (o->assoc_max_retrans > 0) {
        struct sctp_assocparams ap;
        memset(&ap, 0, sizeof ap);
        ap.sasoc_assoc_id = SCTP_FUTURE_ASSOC;
        ap.sasoc_asocmaxrxt = (uint16_t)o->assoc_max_retrans;
        if (SET(IPPROTO_SCTP, SCTP_ASSOCINFO, &ap, sizeof ap) < 0) return -1;
    }
    if (o->hb_interval_ms > 0 || o->path_max_retrans > 0) {
        struct sctp_paddrparams pp;
        memset(&pp, 0, sizeof pp);
        pp.spp_assoc_id = SCTP_FUTURE_ASSOC;
        if (o->hb_interval_ms > 0) {
            pp.spp_hbinterval = (uint32_t)o->hb_interval_ms;
            pp.spp_flags |= SPP_HB_ENABLE;
        }
        if (o->path_max_retrans > 0) pp.spp_pathmaxrxt = (uint16_t)o->path_max_retrans;
        if (SET(IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, sizeof pp) < 0) return -1;
    }
    if (o->nodelay && SET(IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof one) < 0) return -1;
    if (o->sndbuf > 0 && SET(SOL_SOCKET, SO_SNDBUF, &o->sndbuf, sizeof o->sndbuf) < 0) return -1;
    if (o->rcvbuf > 0 && SET(SOL_SOCKET, SO_RCVBUF, &o->rcvbuf, sizeof o->rcvbuf) < 0) return -1;
    if (o->ext.pr >= 0 && SET_VALUE(SCTP_PR_SUPPORTED, o->ext.pr) < 0) return -1;
    if (o->ext.auth >= 0 && SET_VALUE(SCTP_AUTH_SUPPORTED, o->ext.auth) < 0) return -1;
    if (o->ext.asconf >= 0 && SET_VALUE(SCTP_ASCONF_SUPPORTED, o->ext.asconf) < 0) return -1;
    if (o->ext.reconfig >= 0 && SET_VALUE(SCTP_RECONFIG_SUPPORTED, o->ext.reconfig) < 0) return -1;
    if (o->ext.ecn >= 0 && SET_VALUE(SCTP_ECN_SUPPORTED, o->ext.ecn) < 0) return -1;
    return 0;
}

/* Packed sockaddr_in/sockaddr_in6 array, as usrsctp_bindx/connectx expect. */
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
    /* The first address binds the socket (and fixes the port), the rest are
     * added to it; one bindx call on an unbound socket is not accepted for
     * every address mix. */
    socklen_t len0 = addrs[0].ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    if (usrsctp_bind(s->so, (struct sockaddr *)&addrs[0], len0) < 0) return -1;
    if (n == 1) return 0;
    unsigned char buf[MAX_ADDRS * sizeof(struct sockaddr_in6)];
    pack_addrs(addrs + 1, n - 1, buf);
    return usrsctp_bindx(s->so, (struct sockaddr *)buf, n - 1, SCTP_BINDX_ADD_ADDR);
}

int be_listen(be_sock *s, int backlog) { return usrsctp_listen(s->so, backlog); }

be_sock *be_accept(be_sock *s)
{
    struct socket *so = usrsctp_accept(s->so, NULL, NULL);
    if (!so) return NULL;
    be_sock *c = calloc(1, sizeof *c);
    if (!c) { usrsctp_close(so); errno = ENOMEM; return NULL; }
    c->so = so;
    c->style = s->style;
    return c;
}

int be_connectx(be_sock *s, const struct sockaddr_storage *addrs, int n, uint32_t *assoc_id)
{
    unsigned char buf[MAX_ADDRS * sizeof(struct sockaddr_in6)];
    pack_addrs(addrs, n, buf);
    sctp_assoc_t id = 0;
    int r = usrsctp_connectx(s->so, (struct sockaddr *)buf, n, &id);
    *assoc_id = id;
    return r < 0 ? -1 : 0;
}

int be_connect_errno(be_sock *s, int peer_abort)
{
    /* usrsctp_connectx only starts the handshake.  When it fails, a
     * one-to-one socket keeps the reason in so_error, as BSD does:
     * ECONNREFUSED for an ABORT in COOKIE-WAIT, ETIMEDOUT when INIT or
     * COOKIE ECHO went unanswered.  One-to-many sockets do not, and the
     * notification itself then decides. */
    int e = 0;
    socklen_t len = sizeof e;
    if (usrsctp_getsockopt(s->so, SOL_SOCKET, SO_ERROR, &e, &len) == 0 && e != 0) return e;
    return peer_abort ? ECONNREFUSED : ETIMEDOUT;
}

ssize_t be_send(be_sock *s, const void *buf, size_t len, const struct snd_meta *m)
{
    struct sctp_sndinfo si;
    memset(&si, 0, sizeof si);
    si.snd_sid = m->stream;
    si.snd_ppid = htonl(m->ppid);       /* opaque to the stack, goes to the wire as is */
    si.snd_flags = m->unordered ? SCTP_UNORDERED : 0;
    si.snd_assoc_id = m->assoc_id;
    ssize_t r;
    do r = usrsctp_sendv(s->so, buf, len, NULL, 0, &si, sizeof si, SCTP_SENDV_SNDINFO, 0);
    while (r < 0 && errno == EINTR);
    return r;
}

ssize_t be_recv(be_sock *s, void *buf, size_t len, struct rcv_meta *m)
{
    struct sctp_rcvinfo ri;
    struct sockaddr_storage from;
    socklen_t fromlen = sizeof from, infolen = sizeof ri;
    unsigned int infotype = 0;
    int flags = 0;
    memset(&ri, 0, sizeof ri);
    ssize_t r = usrsctp_recvv(s->so, buf, len, (struct sockaddr *)&from, &fromlen, &ri, &infolen, &infotype, &flags);
    if (r < 0) return r;
    m->notification = (flags & MSG_NOTIFICATION) != 0;
    m->eor = (flags & MSG_EOR) != 0;
    if (infotype == SCTP_RECVV_RCVINFO) {
        m->stream = ri.rcv_sid;
        m->ppid = ntohl(ri.rcv_ppid);
        m->unordered = (ri.rcv_flags & SCTP_UNORDERED) != 0;
        m->assoc_id = ri.rcv_assoc_id;
    } else {
        m->stream = 0; m->ppid = 0; m->unordered = 0; m->assoc_id = 0;
    }
    return r;
}

static const char *paddr_state_name(uint32_t st)
{
    switch (st) {
    case SCTP_ADDR_AVAILABLE: return "ADDR_AVAILABLE";
    case SCTP_ADDR_UNREACHABLE: return "ADDR_UNREACHABLE";
    case SCTP_ADDR_REMOVED: return "ADDR_REMOVED";
    case SCTP_ADDR_ADDED: return "ADDR_ADDED";
    case SCTP_ADDR_MADE_PRIM: return "ADDR_MADE_PRIM";
    case SCTP_ADDR_CONFIRMED: return "ADDR_CONFIRMED";
    case 0x0007: return "ADDR_POTENTIALLY_FAILED";  /* BSD's SCTP_ADDR_PF, not in usrsctp.h */
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
        ev->assoc_id = c->sac_assoc_id;
        ev->raw_state = c->sac_state;
        ev->error = c->sac_error;
        ev->outstreams = c->sac_outbound_streams;
        ev->instreams = c->sac_inbound_streams;
        /* usrsctp appends the whole ABORT chunk (type 6) on COMM_LOST and
         * CANT_STR_ASSOC, as RFC 6458 §6.1.1 describes; on COMM_UP sac_info
         * lists supported features instead, hence the state check. */
        size_t info = c->sac_length > sizeof *c && c->sac_length <= len ? c->sac_length - sizeof *c : 0;
        if ((c->sac_state == SCTP_COMM_LOST || c->sac_state == SCTP_CANT_STR_ASSOC) && info >= 4 && c->sac_info[0] == 6)
            pevent_set_abort_causes(ev, c->sac_info + 4, info - 4);
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
        ev->assoc_id = p->spc_assoc_id;
        memcpy(&ev->addr, &p->spc_aaddr, sizeof ev->addr);
        ev->addr_state = paddr_state_name(p->spc_state);
        ev->error = p->spc_error;
        break;
    }
    case SCTP_REMOTE_ERROR:
        ev->kind = EV_REMOTE_ERROR;
        ev->assoc_id = sn->sn_remote_error.sre_assoc_id;
        ev->error = sn->sn_remote_error.sre_error;       /* host order in usrsctp */
        ev->length = sn->sn_remote_error.sre_length;
        break;
    case SCTP_SEND_FAILED_EVENT:
        ev->kind = EV_SEND_FAILED;
        ev->assoc_id = sn->sn_send_failed_event.ssfe_assoc_id;
        ev->error = sn->sn_send_failed_event.ssfe_error;
        ev->flags = sn->sn_send_failed_event.ssfe_flags;
        ev->length = sn->sn_send_failed_event.ssfe_length;
        break;
    case SCTP_SHUTDOWN_EVENT:
        ev->kind = EV_SHUTDOWN;
        ev->assoc_id = sn->sn_shutdown_event.sse_assoc_id;
        break;
    case SCTP_ADAPTATION_INDICATION:
        ev->kind = EV_ADAPTATION;
        ev->assoc_id = sn->sn_adaptation_event.sai_assoc_id;
        ev->value = sn->sn_adaptation_event.sai_adaptation_ind;
        break;
    case SCTP_PARTIAL_DELIVERY_EVENT:
        ev->kind = EV_PARTIAL_DELIVERY;
        ev->assoc_id = sn->sn_pdapi_event.pdapi_assoc_id;
        ev->value = sn->sn_pdapi_event.pdapi_indication;
        ev->flags = sn->sn_pdapi_event.pdapi_stream;
        break;
    case SCTP_AUTHENTICATION_EVENT:
        ev->kind = EV_AUTH;
        ev->assoc_id = sn->sn_auth_event.auth_assoc_id;
        ev->value = sn->sn_auth_event.auth_indication;
        ev->flags = sn->sn_auth_event.auth_keynumber;
        break;
    case SCTP_SENDER_DRY_EVENT:
        ev->kind = EV_SENDER_DRY;
        ev->assoc_id = sn->sn_sender_dry_event.sender_dry_assoc_id;
        break;
    case SCTP_STREAM_RESET_EVENT:
        ev->kind = EV_STREAM_RESET;
        ev->assoc_id = sn->sn_strreset_event.strreset_assoc_id;
        ev->flags = sn->sn_strreset_event.strreset_flags;
        break;
    case SCTP_ASSOC_RESET_EVENT:
        ev->kind = EV_ASSOC_RESET;
        ev->assoc_id = sn->sn_assocreset_event.assocreset_assoc_id;
        ev->flags = sn->sn_assocreset_event.assocreset_flags;
        break;
    case SCTP_STREAM_CHANGE_EVENT:
        ev->kind = EV_STREAM_CHANGE;
        ev->assoc_id = sn->sn_strchange_event.strchange_assoc_id;
        ev->flags = sn->sn_strchange_event.strchange_flags;
        ev->instreams = sn->sn_strchange_event.strchange_instrms;
        ev->outstreams = sn->sn_strchange_event.strchange_outstrms;
        break;
    default:
        break;
    }
}

int be_addrs(be_sock *s, uint32_t assoc_id, int peer, struct sockaddr_storage *out, int max)
{
    struct sockaddr *list = NULL;
    int n = peer ? usrsctp_getpaddrs(s->so, assoc_id, &list) : usrsctp_getladdrs(s->so, assoc_id, &list);
    if (n <= 0) return n;
    /* Packed like the kernel's: each entry as long as its family needs. */
    const unsigned char *p = (const unsigned char *)list;
    int k = 0;
    for (int i = 0; i < n && k < max; i++) {
        const struct sockaddr *sa = (const struct sockaddr *)p;
        size_t len = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        memset(&out[k], 0, sizeof out[k]);
        memcpy(&out[k++], p, len);
        p += len;
    }
    if (peer) usrsctp_freepaddrs(list); else usrsctp_freeladdrs(list);
    return k;
}

static int get_assoc_value(struct socket *so, uint32_t assoc_id, int opt)
{
    struct sctp_assoc_value av = {.assoc_id = assoc_id};
    socklen_t len = sizeof av;
    if (usrsctp_getsockopt(so, IPPROTO_SCTP, opt, &av, &len) < 0) return -1;
    return (int)av.assoc_value;
}

int be_status(be_sock *s, uint32_t assoc_id, struct assoc_status *st)
{
    struct sctp_status ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    ss.sstat_assoc_id = assoc_id;
    if (usrsctp_getsockopt(s->so, IPPROTO_SCTP, SCTP_STATUS, &ss, &len) < 0) return -1;
    memcpy(&st->primary, &ss.sstat_primary.spinfo_address, sizeof st->primary);
    st->have_primary = st->primary.ss_family == AF_INET || st->primary.ss_family == AF_INET6;
    st->instreams = ss.sstat_instrms;
    st->outstreams = ss.sstat_outstrms;
    static const struct { int opt; const char *name; } ext[] = {
        {SCTP_PR_SUPPORTED, "pr"}, {SCTP_AUTH_SUPPORTED, "auth"}, {SCTP_ASCONF_SUPPORTED, "asconf"},
        {SCTP_RECONFIG_SUPPORTED, "reconfig"}, {SCTP_ECN_SUPPORTED, "ecn"},
    };
    size_t o = 0;
    st->features[0] = 0;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (get_assoc_value(s->so, assoc_id, ext[i].opt) > 0)
            o += (size_t)snprintf(st->features + o, sizeof st->features - o, "%s%s", o ? "," : "", ext[i].name);
    return 0;
}

int be_shutdown(be_sock *s, uint32_t assoc_id)
{
    if (s->style == STYLE_STREAM) return usrsctp_shutdown(s->so, SHUT_WR);
    struct sctp_sndinfo si;
    memset(&si, 0, sizeof si);
    si.snd_flags = SCTP_EOF;
    si.snd_assoc_id = assoc_id;
    /* usrsctp fails a NULL buffer with EFAULT even when the length is 0. */
    static const char none[1];
    return usrsctp_sendv(s->so, none, 0, NULL, 0, &si, sizeof si, SCTP_SENDV_SNDINFO, 0) < 0 ? -1 : 0;
}

int be_abort(be_sock *s, uint32_t assoc_id, const char *reason)
{
    /* The data goes into a User-Initiated Abort cause (RFC 9260 §3.3.10.12). */
    struct sctp_sndinfo si;
    memset(&si, 0, sizeof si);
    si.snd_flags = SCTP_ABORT;
    si.snd_assoc_id = assoc_id;
    if (!reason) reason = "";
    return usrsctp_sendv(s->so, reason, strlen(reason), NULL, 0, &si, sizeof si, SCTP_SENDV_SNDINFO, 0) < 0 ? -1 : 0;
}

void be_close(be_sock *s)
{
    usrsctp_close(s->so);
    free(s);
}
