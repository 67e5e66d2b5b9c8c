#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <string.h>

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

static void service_signal_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
}

int CLinux_block_service_signals(void) {
    sigset_t set;
    service_signal_set(&set);
    return pthread_sigmask(SIG_BLOCK, &set, NULL) == 0 ? 0 : -1;
}

int CLinux_wait_service_signal(int timeout_ms) {
    sigset_t set;
    service_signal_set(&set);
    struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };
    int sig = sigtimedwait(&set, NULL, &ts);
    return sig;
}

void CLinux_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

void CLinux_set_thread_name(const char *name) {
    char buf[16];
    strncpy(buf, name, 15);
    buf[15] = 0;
    pthread_setname_np(pthread_self(), buf);
}
