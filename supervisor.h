/*
 * supervisor.h: the process that answers the calls the filter hands over
 * (SECCOMP_RET_USER_NOTIF), for ID consistency and --trace.
 */
#ifndef ZR_SUPERVISOR_H
#define ZR_SUPERVISOR_H

/* Start the supervisor, before the filter exists: returns our end of the
 * socket on which hand_over_listener() gives it the listener, with the number
 * of seccomp filters the command starts with. */
int start_supervisor(unsigned supervision, int trace_fd);
void hand_over_listener(int sock, int listener, unsigned filters);

#endif
