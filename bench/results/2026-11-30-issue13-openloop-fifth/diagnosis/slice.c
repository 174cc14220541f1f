#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
struct attr { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t runtime, deadline, period; };
int main(int c, char **v) {
  struct attr a; memset(&a, 0, sizeof a); a.size = sizeof a;
  a.policy = atoi(v[2]); a.runtime = strtoull(v[3], 0, 10);
  if (syscall(SYS_sched_setattr, atoi(v[1]), &a, 0)) { perror("sched_setattr"); return 1; }
  struct attr g; memset(&g, 0, sizeof g);
  if (syscall(SYS_sched_getattr, atoi(v[1]), &g, sizeof g, 0)) { perror("getattr"); return 1; }
  printf("tid %s policy %u runtime %llu\n", v[1], g.policy, (unsigned long long)g.runtime);
  return 0;
}
