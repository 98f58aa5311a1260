/*
 * distccd-sandbox: runs one compiler for distccd in fresh, unprivileged user, mount, network, PID,
 * IPC, UTS and cgroup namespaces, where the only files are the toolchain (read-only), the job
 * directory (read-write) and /dev/null and /dev/urandom; with no network but an
 * unconfigured loopback, and with CPU time, address space and file size bounded by rlimits.
 *
 * distccd uses this helper when it is installed, and bubblewrap (bwrap) where it is not or cannot
 * run: the same view, built the way bubblewrap builds it (a tmpfs root filled with bind mounts,
 * then pivot_root), with none of its generality. It needs no privilege: only unprivileged user
 * namespaces, which Debian enables by default. Built by scripts/install.sh; see docs/security.md.
 *
 * Usage: distccd-sandbox [--ro PATH]... [--symlink TARGET PATH]... --rw DIR [--rw DIR]... --chdir DIR
 *            [--cpu SECONDS] [--as BYTES] [--fsize BYTES] -- PROGRAM [ARG]...
 * PROGRAM is run by its absolute path. Exit status: the program's, 128 + N if signal N killed it,
 * 125 if the sandbox could not be set up (the reason on stderr), 127 if PROGRAM could not be run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETUP_FAILED 125
#define EXEC_FAILED 127
#define MAX_ENTRIES 64

/* bubblewrap's choice: a directory every system has, hidden by our own tmpfs in our namespace only. */
#define BASE "/tmp"
#define NEW_ROOT "/newroot"
#define OLD_ROOT "/oldroot"

static const char *const DEVICES[] = {"null", "urandom"};

struct view {
    const char *ro[MAX_ENTRIES];
    int ro_count;
    const char *link_target[MAX_ENTRIES], *link_path[MAX_ENTRIES];
    int link_count;
    const char *rw[MAX_ENTRIES];
    int rw_count;
    const char *chdir;
    rlim_t cpu, as, fsize;
    char **program;
};

static void fail(const char *what, const char *path) {
    fprintf(stderr, "distccd-sandbox: %s%s%s: %s\n", what, path ? " " : "", path ? path : "", strerror(errno));
    exit(SETUP_FAILED);
}

static void usage(const char *why) {
    fprintf(stderr, "distccd-sandbox: %s\n", why);
    exit(SETUP_FAILED);
}

static rlim_t number(const char *text) {
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *text == '\0' || *end != '\0') {
        usage("not a number");
    }
    return (rlim_t) value;
}

static void parse(int argc, char **argv, struct view *v) {
    int i = 1;
    v->cpu = v->as = v->fsize = RLIM_INFINITY;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *option = argv[i];
        if (i + 1 >= argc) {
            usage("option without a value");
        }
        if (strcmp(option, "--ro") == 0 && v->ro_count < MAX_ENTRIES) {
            v->ro[v->ro_count++] = argv[++i];
        } else if (strcmp(option, "--symlink") == 0 && i + 2 < argc && v->link_count < MAX_ENTRIES) {
            v->link_target[v->link_count] = argv[++i];
            v->link_path[v->link_count++] = argv[++i];
        } else if (strcmp(option, "--rw") == 0 && v->rw_count < MAX_ENTRIES) {
            v->rw[v->rw_count++] = argv[++i];
        } else if (strcmp(option, "--chdir") == 0) {
            v->chdir = argv[++i];
        } else if (strcmp(option, "--cpu") == 0) {
            v->cpu = number(argv[++i]);
        } else if (strcmp(option, "--as") == 0) {
            v->as = number(argv[++i]);
        } else if (strcmp(option, "--fsize") == 0) {
            v->fsize = number(argv[++i]);
        } else {
            usage("unknown option or too many entries");
        }
    }
    if (i + 1 >= argc || v->rw_count == 0 || v->chdir == NULL || argv[i + 1][0] != '/') {
        usage("usage: distccd-sandbox [--ro PATH]... [--symlink TARGET PATH]... --rw DIR... --chdir DIR"
              " [--cpu S] [--as BYTES] [--fsize BYTES] -- /PROGRAM [ARG]...");
    }
    v->program = argv + i + 1;
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text) || close(fd) != 0) {
        fail("cannot write", path);
    }
}

/* Creates every missing directory of PATH (under the new root, which is ours to fill). */
static void make_directories(const char *path) {
    char buffer[4096];
    if (snprintf(buffer, sizeof buffer, "%s", path) >= (int) sizeof buffer) {
        usage("path too long");
    }
    for (char *p = buffer + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buffer, 0755) != 0 && errno != EEXIST) {
                fail("cannot create", buffer);
            }
            *p = '/';
        }
    }
    if (mkdir(buffer, 0755) != 0 && errno != EEXIST) {
        fail("cannot create", buffer);
    }
}

static void under(char *out, size_t size, const char *prefix, const char *path) {
    if (path[0] != '/' || snprintf(out, size, "%s%s", prefix, path) >= (int) size) {
        usage("paths must be absolute and shorter than 4 KiB");
    }
}

/*
 * Binds the old root's PATH at the same place in the new root; read-only unless WRITABLE. Not
 * recursive: mounts below PATH stay out of sight. A missing PATH is skipped, as bwrap's
 * --ro-bind-try does. A read-only remount inside a user namespace must keep the flags the
 * outer namespace locked (nosuid, nodev, noexec, atime), so they are read back first.
 */
static void bind(const char *path, int writable) {
    char source[4200], target[4200];
    struct stat st;
    under(source, sizeof source, OLD_ROOT, path);
    under(target, sizeof target, NEW_ROOT, path);
    if (stat(source, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        make_directories(target);
    } else {
        char *slash = strrchr(target, '/');
        *slash = '\0';
        make_directories(target);
        *slash = '/';
        int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 || close(fd) != 0) {
            fail("cannot create", target);
        }
    }
    if (mount(source, target, NULL, MS_BIND, NULL) != 0) {
        fail("cannot bind", path);
    }
    if (writable) {
        return;
    }
    struct statvfs fs;
    if (statvfs(target, &fs) != 0) {
        fail("cannot stat", path);
    }
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
    flags |= (fs.f_flag & ST_NOSUID) ? MS_NOSUID : 0;
    flags |= (fs.f_flag & ST_NODEV) ? MS_NODEV : 0;
    flags |= (fs.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
    flags |= (fs.f_flag & ST_NOATIME) ? MS_NOATIME : 0;
    flags |= (fs.f_flag & ST_NODIRATIME) ? MS_NODIRATIME : 0;
    flags |= (fs.f_flag & ST_RELATIME) ? MS_RELATIME : 0;
    if (mount(NULL, target, NULL, flags, NULL) != 0) {
        fail("cannot make read-only", path);
    }
}

/* Same steps as bubblewrap's setup_newroot: a tmpfs, pivot into it, fill NEW_ROOT, pivot again. */
static void build_root(const struct view *v) {
    char path[4200];
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        fail("cannot make mounts private", NULL);
    }
    if (mount("tmpfs", BASE, "tmpfs", MS_NODEV | MS_NOSUID, "mode=0755") != 0 || chdir(BASE) != 0) {
        fail("cannot mount a tmpfs on", BASE);
    }
    if (mkdir("newroot", 0755) != 0 || mount("newroot", "newroot", NULL, MS_BIND | MS_REC, NULL) != 0
        || mkdir("oldroot", 0755) != 0 || syscall(SYS_pivot_root, BASE, "oldroot") != 0 || chdir("/") != 0) {
        fail("cannot pivot into", BASE);
    }
    for (int i = 0; i < v->ro_count; i++) {
        bind(v->ro[i], 0);
    }
    for (int i = 0; i < v->link_count; i++) {
        under(path, sizeof path, NEW_ROOT, v->link_path[i]);
        if (symlink(v->link_target[i], path) != 0) {
            fail("cannot link", v->link_path[i]);
        }
    }
    for (size_t i = 0; i < sizeof DEVICES / sizeof DEVICES[0]; i++) {
        snprintf(path, sizeof path, "/dev/%s", DEVICES[i]);
        bind(path, 1);
    }
    for (int i = 0; i < v->rw_count; i++) {
        bind(v->rw[i], 1);
    }
    if (mount(NEW_ROOT, NEW_ROOT, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NODEV | MS_NOSUID, NULL) != 0) {
        fail("cannot make the root read-only", NULL);
    }
    if (mount(OLD_ROOT, OLD_ROOT, NULL, MS_REC | MS_PRIVATE, NULL) != 0 || umount2(OLD_ROOT, MNT_DETACH) != 0) {
        fail("cannot detach the old root", NULL);
    }
    if (chdir(NEW_ROOT) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 || umount2(".", MNT_DETACH) != 0
        || chdir("/") != 0) {
        fail("cannot pivot into the new root", NULL);
    }
    if (chdir(v->chdir) != 0) {
        fail("cannot change to", v->chdir);
    }
}

static void limit(int resource, rlim_t soft, rlim_t hard, const char *name) {
    struct rlimit r = {soft, hard};
    if (setrlimit(resource, &r) != 0) {
        fail("cannot limit", name);
    }
}

/* The compiler: PID 2 of the namespace, its limits set, no way to gain privileges, then exec. */
static void run_program(const struct view *v) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* SIGXCPU at the limit, SIGKILL a second later if it is caught. */
    limit(RLIMIT_CPU, v->cpu, v->cpu == RLIM_INFINITY ? RLIM_INFINITY : v->cpu + 1, "cpu");
    limit(RLIMIT_AS, v->as, v->as, "address space");
    limit(RLIMIT_FSIZE, v->fsize, v->fsize, "file size");
    limit(RLIMIT_CORE, 0, 0, "core size");
    execv(v->program[0], v->program);
    fprintf(stderr, "distccd-sandbox: cannot run %s: %s\n", v->program[0], strerror(errno));
    _exit(EXEC_FAILED);
}

/* Waits for PID, reaping whatever else ends meanwhile; returns its status as an exit code. */
static int wait_for(pid_t pid) {
    int status;
    for (;;) {
        pid_t done = wait(&status);
        if (done == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (done < 0 && errno != EINTR) {
            return SETUP_FAILED;
        }
    }
}

int main(int argc, char **argv) {
    struct view v = {0};
    char map[64];
    parse(argc, argv, &v);
    uid_t uid = getuid();
    gid_t gid = getgid();
    /* Mapped to itself, root would keep its capabilities over the namespaces; distccd never is root. */
    if (uid == 0 || geteuid() == 0) {
        usage("refusing to run as root");
    }
    /* Dies with distccd's thread that started it (bwrap's --die-with-parent). */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fail("prctl", NULL);
    }
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
                | CLONE_NEWCGROUP) != 0) {
        fail("cannot create namespaces (are unprivileged user namespaces enabled?)", NULL);
    }
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "%lu %lu 1", (unsigned long) uid, (unsigned long) uid);
    write_file("/proc/self/uid_map", map);
    snprintf(map, sizeof map, "%lu %lu 1", (unsigned long) gid, (unsigned long) gid);
    write_file("/proc/self/gid_map", map);
    build_root(&v);

    /* PID 1 of the new PID namespace reaps; when it dies, the kernel kills everything in it. */
    pid_t init = fork();
    if (init < 0) {
        fail("fork", NULL);
    }
    if (init == 0) {
        /* The parent is outside this PID namespace (getppid() is 0 here): no re-check after prctl. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        pid_t program = fork();
        if (program < 0) {
            fail("fork", NULL);
        }
        if (program == 0) {
            run_program(&v);
        }
        _exit(wait_for(program));
    }
    return wait_for(init);
}
