#ifndef TRUSTFORUM_CLINUX_H
#define TRUSTFORUM_CLINUX_H
// Linux calls and macros Swift's Glibc module does not expose, wrapped as
// plain functions (after SwiftNIO's CNIOLinux). Nothing here holds state.
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <signal.h>

/// epoll_event is packed on x86_64; these accessors keep Swift away from its layout.
typedef struct epoll_event CLinux_epoll_event;

int CLinux_epoll_create(void);
int CLinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
int CLinux_epoll_wait(int epfd, CLinux_epoll_event *events, int maxevents, int timeout_ms);
uint32_t CLinux_epoll_event_events(const CLinux_epoll_event *events, int index);
uint64_t CLinux_epoll_event_data(const CLinux_epoll_event *events, int index);
size_t CLinux_epoll_event_size(void);

extern const uint32_t CLinux_EPOLLIN;
extern const uint32_t CLinux_EPOLLOUT;
extern const uint32_t CLinux_EPOLLERR;
extern const uint32_t CLinux_EPOLLHUP;
extern const uint32_t CLinux_EPOLLRDHUP;
extern const uint32_t CLinux_EPOLLET;
extern const int CLinux_EPOLL_CTL_ADD;
extern const int CLinux_EPOLL_CTL_MOD;
extern const int CLinux_EPOLL_CTL_DEL;

int CLinux_eventfd(void);

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int CLinux_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len);
/// socket() with SOCK_NONBLOCK | SOCK_CLOEXEC.
int CLinux_socket_nonblocking(int domain, int type);

/// Installs handlers for SIGTERM, SIGINT and SIGHUP that write the signal's
/// number as one byte to a pipe (the self-pipe trick: async-signal-safe, and
/// whichever thread the kernel picks, the byte reaches the one reader).
/// Returns the pipe's read end, or -1 with errno.
int CLinux_install_service_signal_pipe(void);
/// Ignore SIGPIPE for the whole process (writes to a closed socket return EPIPE).
void CLinux_ignore_sigpipe(void);

/// Names the calling thread (15 bytes at most are kept), for ps and gdb.
void CLinux_set_thread_name(const char *name);

#endif
