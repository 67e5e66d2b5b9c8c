#ifndef TRUSTFORUM_CSODIUM_H
#define TRUSTFORUM_CSODIUM_H
#include <sodium.h>
#endif
