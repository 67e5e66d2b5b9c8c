#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <string.h>
#include <fcntl.h>

int CLinux_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int CLinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int CLinux_epoll_wait(int epfd, CLinux_epoll_event *events, int maxevents, int timeout_ms) {
    return epoll_wait(epfd, events, maxevents, timeout_ms);
}

uint32_t CLinux_epoll_event_events(const CLinux_epoll_event *events, int index) { return events[index].events; }
uint64_t CLinux_epoll_event_data(const CLinux_epoll_event *events, int index) { return events[index].data.u64; }
size_t CLinux_epoll_event_size(void) { return sizeof(struct epoll_event); }

const uint32_t CLinux_EPOLLIN = EPOLLIN;
const uint32_t CLinux_EPOLLOUT = EPOLLOUT;
const uint32_t CLinux_EPOLLERR = EPOLLERR;
const uint32_t CLinux_EPOLLHUP = EPOLLHUP;
const uint32_t CLinux_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t CLinux_EPOLLET = EPOLLET;
const int CLinux_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
const int CLinux_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
const int CLinux_EPOLL_CTL_DEL = EPOLL_CTL_DEL;

int CLinux_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int CLinux_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int CLinux_socket_nonblocking(int domain, int type) {
    return socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

static int signal_pipe_write = -1;

static void on_service_signal(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    if (signal_pipe_write >= 0) {
        ssize_t ignored = write(signal_pipe_write, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int CLinux_install_service_signal_pipe(void) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    int flags = fcntl(fds[1], F_GETFL);
    fcntl(fds[1], F_SETFL, flags | O_NONBLOCK);
    signal_pipe_write = fds[1];
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_service_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGTERM, &action, NULL) != 0) return -1;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    if (sigaction(SIGHUP, &action, NULL) != 0) return -1;
    return fds[0];
}

void CLinux_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

void CLinux_set_thread_name(const char *name) {
    char buf[16];
    strncpy(buf, name, 15);
    buf[15] = 0;
    pthread_setname_np(pthread_self(), buf);
}
