/* Plugins compiled into the core (currently the `null` sink). */
#ifndef AF_BUILTIN_H
#define AF_BUILTIN_H

#include "loader.h"

int af__builtin_register(af__registry *reg);

#endif /* AF_BUILTIN_H */
