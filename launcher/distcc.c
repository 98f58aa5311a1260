/*
 * jdistcc's client launcher: PREFIX/bin/distcc and every masquerade link run this.
 *
 * It hands the compile to the user's resident client agent (org.jdistcc.client.agent.AgentMain)
 * over a Unix socket, so a compile pays this program's start-up instead of a JVM's. The agent
 * answers either with the output and exit status of a compile it sent to a volunteer, or with
 * "run this command yourself": then this process execs the real compiler, with its own untouched
 * environment, directory, umask, stdio and signals.
 *
 * Whenever the agent is missing, stale, slow or confused, this program execs the cold path (the
 * JVM launcher, JDISTCC_COLD) instead: the agent can make a compile faster, never fail it.
 * A missing agent is started in the background, and a compile that finds it starting waits for
 * it (AGENT_START_WAIT_MS) rather than start a JVM of its own. JDISTCC_AGENT=0 turns the agent
 * off. Built by scripts/install.sh, which defines JDISTCC_COLD, JDISTCC_AGENT_START and
 * JDISTCC_AGENT_ID (a hash of the installation, so an agent of another install is never asked).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef JDISTCC_COLD
#error "define JDISTCC_COLD, the JVM launcher's path"
#endif
#ifndef JDISTCC_AGENT_START
#error "define JDISTCC_AGENT_START, the agent's start script"
#endif
#ifndef JDISTCC_AGENT_ID
#error "define JDISTCC_AGENT_ID, the installation's hash"
#endif

/* The agent sends a keep-alive frame every 10 s while a job runs: 60 s of silence is a hung agent. */
#define REPLY_TIMEOUT_SECONDS 60
#define MAX_FRAME (256u << 20)
/*
 * How long a compile waits for an agent that is starting, as long as its start lock is held. The
 * agent listens 0.2-0.3 s after it starts on an idle 2-CPU machine; the cold path costs about
 * 1.6 s per compile there, so waiting wins even for a make -j16's first burst.
 */
#define AGENT_START_WAIT_MS 3000
#define AGENT_POLL_MS 10

extern char **environ;

static char **saved_argv;

/* The cold path: the JVM launcher, told our argv[0] for masquerade (it unsets the variable). */
static void exec_cold(void) {
    setenv("JDISTCC_ARGV0", saved_argv[0], 1);
    saved_argv[0] = (char *) JDISTCC_COLD;
    execv(JDISTCC_COLD, saved_argv);
    fprintf(stderr, "distcc[%ld] ERROR: failed to exec %s: %s\n", (long) getpid(), JDISTCC_COLD, strerror(errno));
    _exit(110);
}

struct buffer {
    char *data;
    size_t len, cap;
};

static int reserve(struct buffer *b, size_t more) {
    if (b->len + more <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more) cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

static int put_u32(struct buffer *b, uint32_t v) {
    if (reserve(b, 4)) return -1;
    b->data[b->len++] = (char) (v >> 24);
    b->data[b->len++] = (char) (v >> 16);
    b->data[b->len++] = (char) (v >> 8);
    b->data[b->len++] = (char) v;
    return 0;
}

static int put_bytes(struct buffer *b, const void *p, size_t n) {
    if (reserve(b, n)) return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

static int put_string(struct buffer *b, const char *s) {
    size_t n = strlen(s);
    return put_u32(b, (uint32_t) n) || put_bytes(b, s, n);
}

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static int read_fully(int fd, void *p, size_t n) {
    char *c = p;
    while (n > 0) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1; /* EOF, error, or SO_RCVTIMEO */
        c += r;
        n -= (size_t) r;
    }
    return 0;
}

static void write_fully(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return; /* a closed stdout/stderr: nothing left to tell */
        p += w;
        n -= (size_t) w;
    }
}

static int send_fully(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

/* Held frames, in order: O to stdout, E to stderr, U to the fd its payload names (UNCACHED_ERR_FD). */
static void flush_output(const struct buffer *output) {
    for (size_t at = 0; at < output->len;) {
        const unsigned char *head = (const unsigned char *) output->data + at;
        uint32_t n = get_u32(head + 1);
        const char *payload = output->data + at + 5;
        if (head[0] == 'U') {
            write_fully((int) get_u32((const unsigned char *) payload), payload + 4, n - 4);
        } else {
            write_fully(head[0] == 'O' ? 1 : 2, payload, n);
        }
        at += 5u + n;
    }
}

/* The agent's directory, DISTCC_DIR/agent (distcc's default DISTCC_DIR is ~/.distcc). */
static int agent_dir(char *out, size_t size) {
    const char *dir = getenv("DISTCC_DIR");
    int n;
    if (dir && *dir) {
        n = snprintf(out, size, "%s/agent", dir);
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home) return -1;
        n = snprintf(out, size, "%s/.distcc/agent", home);
    }
    return n > 0 && (size_t) n < size ? 0 : -1;
}

/*
 * Starts the agent in the background, unless another client is starting it or it runs (it holds
 * the lock for its whole life, so a burst of 16 clients starts one agent).
 */
static void start_agent(const char *dir, const char *socket_path) {
    char parent[4096], lock_path[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        mkdir(parent, 0755);
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return;
    if ((size_t) snprintf(lock_path, sizeof lock_path, "%s/%s.lock", dir, JDISTCC_AGENT_ID) >= sizeof lock_path) return;
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) return;
    if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
        close(lock);
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        setsid();
        if (fork() != 0) _exit(0);
        /* The agent: no terminal, no inherited pipes (a make's or a tee's would never see EOF). */
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0) _exit(1);
        /* The agent keeps the lock as fd 3. dup2 clears close-on-exec, except when the lock is
         * fd 3 already (it usually is): then only F_SETFD does. */
        if (dup2(lock, 3) < 0 || fcntl(3, F_SETFD, 0) < 0) _exit(1);
        for (int fd = 4; fd < 1024; fd++) close(fd);
        if (chdir("/") != 0) _exit(1);
        char *args[] = {(char *) JDISTCC_AGENT_START, (char *) socket_path, NULL};
        execv(JDISTCC_AGENT_START, args);
        _exit(127);
    }
    if (child > 0) {
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    close(lock);
}

/* A connected socket to the agent, or -1 with errno saying why not. */
static int try_connect(const struct sockaddr_un *addr) {
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    if (connect(sock, (const struct sockaddr *) addr, sizeof *addr) != 0) {
        int why = errno;
        close(sock);
        errno = why;
        return -1;
    }
    return sock;
}

/* Whether a failed connect means "not listening yet": no socket file, or one left by a dead agent. */
static int not_yet_listening(int why) {
    return why == ENOENT || why == ECONNREFUSED || why == EAGAIN;
}

/*
 * Whether a process holds the agent's start lock: an agent running or starting (it holds the lock
 * for its whole life). One that failed to start, or died, has let it go.
 */
static int agent_lock_held(const char *dir) {
    char lock_path[4096];
    if ((size_t) snprintf(lock_path, sizeof lock_path, "%s/%s.lock", dir, JDISTCC_AGENT_ID) >= sizeof lock_path) return 0;
    int fd = open(lock_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd); /* also lets go of the shared lock, when it was free */
    return held;
}

/* Waits, within AGENT_START_WAIT_MS, for a starting agent to listen: its socket, or -1. */
static int await_agent(const char *dir, const struct sockaddr_un *addr) {
    struct timespec poll = {.tv_nsec = AGENT_POLL_MS * 1000000L};
    for (int waited = 0; waited < AGENT_START_WAIT_MS; waited += AGENT_POLL_MS) {
        nanosleep(&poll, NULL);
        int sock = try_connect(addr);
        if (sock >= 0) return sock;
        if (!not_yet_listening(errno) || !agent_lock_held(dir)) return -1;
    }
    return -1;
}

/* Connects to the agent's socket, starting the agent and waiting for it if need be; or -1. */
static int connect_agent(void) {
    char dir[4096];
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (agent_dir(dir, sizeof dir) != 0) return -1;
    if ((size_t) snprintf(addr.sun_path, sizeof addr.sun_path, "%s/%s.sock", dir, JDISTCC_AGENT_ID)
        >= sizeof addr.sun_path) {
        return -1; /* too long for a socket address */
    }
    int sock = try_connect(&addr);
    if (sock < 0) {
        if (!not_yet_listening(errno)) return -1; /* a socket this user may not use, say */
        start_agent(dir, addr.sun_path);
        sock = await_agent(dir, &addr);
        if (sock < 0) return -1;
    }
    /* Without these bounds a hung agent would hang the build: no agent rather than no bound. */
    struct timeval timeout = {.tv_sec = REPLY_TIMEOUT_SECONDS};
    if (setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0
        || setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) != 0) {
        close(sock);
        return -1;
    }
    return sock;
}

/* Sends everything about this process the agent needs (AgentRequest.java): 0 on success. */
static int send_request(int sock, int argc, char **argv) {
    char cwd[8192];
    if (!getcwd(cwd, sizeof cwd)) return -1;
    mode_t mask = umask(0);
    umask(mask);

    struct buffer request = {0};
    /* Flag 1: stderr is a terminal. gcc colours and wraps its diagnostics for one; the agent's
       own stderr never is, so only the launcher can tell. */
    int failed = put_u32(&request, 0x4a444132) /* "JDA2" */
        || put_u32(&request, (uint32_t) getpid())
        || put_u32(&request, (uint32_t) mask)
        || put_u32(&request, isatty(2) ? 1u : 0u)
        || put_string(&request, argv[0])
        || put_string(&request, cwd)
        || put_u32(&request, (uint32_t) (argc - 1));
    for (int i = 1; i < argc && !failed; i++) failed = put_string(&request, argv[i]);
    size_t nenv = 0;
    while (environ[nenv]) nenv++;
    failed = failed || put_u32(&request, (uint32_t) nenv);
    for (size_t i = 0; i < nenv && !failed; i++) failed = put_string(&request, environ[i]);
    failed = failed || send_fully(sock, request.data, request.len) != 0;
    free(request.data);
    return failed ? -1 : 0;
}

/* L's payload: a count, then that many strings: the compiler's argv. NULL if malformed. */
static char **exec_args(const char *payload, uint32_t len) {
    if (len < 4) return NULL;
    uint32_t count = get_u32((const unsigned char *) payload);
    if (count == 0 || count > len / 4) return NULL;
    char **args = calloc(count + 1, sizeof *args);
    if (!args) return NULL;
    size_t at = 4;
    for (uint32_t i = 0; i < count; i++) {
        if (at + 4 > len) return NULL;
        uint32_t n = get_u32((const unsigned char *) payload + at);
        at += 4;
        if (n > len - at) return NULL;
        args[i] = strndup(payload + at, n);
        if (!args[i]) return NULL;
        at += n;
    }
    return args;
}

/*
 * Reads the agent's frames until its last one: returns the exit status (X) or execs the compiler
 * (L). Whenever the agent goes silent, closes, or says something malformed, runs the cold path.
 */
static int read_reply(int sock) {
    /* Output is held until the end: if the agent dies half-way, the cold path prints it once. */
    struct buffer output = {0};
    for (;;) {
        unsigned char head[5];
        if (read_fully(sock, head, sizeof head) != 0) exec_cold();
        uint32_t len = get_u32(head + 1);
        if (len > MAX_FRAME) exec_cold();
        if (reserve(&output, len + 5u)) exec_cold();
        char *payload = output.data + output.len + 5;
        if (read_fully(sock, payload, len) != 0) exec_cold();
        switch (head[0]) {
        case 'U':
            if (len < 4) exec_cold();
            /* fall through */
        case 'O':
        case 'E':
            memcpy(output.data + output.len, head, 5);
            output.len += 5u + len;
            break;
        case 'K': /* keep-alive */
            break;
        case 'X':
            if (len != 4) exec_cold();
            flush_output(&output);
            return (int) (get_u32((unsigned char *) payload) & 0xff);
        case 'L': {
            char **args = exec_args(payload, len);
            if (!args) exec_cold();
            /*
             * The socket stays open across exec: the agent holds the compile's slot until it
             * closes, that is until the compiler exits.
             */
            flush_output(&output);
            fcntl(sock, F_SETFD, 0);
            setenv("_DISTCC_SAFEGUARD", "1", 1);
            execv(args[0], args);
            fprintf(stderr, "distcc[%ld] ERROR: failed to exec %s: %s\n", (long) getpid(), args[0], strerror(errno));
            return 110;
        }
        default:
            exec_cold();
        }
    }
}

int main(int argc, char **argv) {
    saved_argv = argv;
    const char *off = getenv("JDISTCC_AGENT");
    if (off && strcmp(off, "0") == 0) exec_cold();
    int sock = connect_agent();
    if (sock < 0 || send_request(sock, argc, argv) != 0) exec_cold();
    return read_reply(sock);
}
